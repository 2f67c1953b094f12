"""Benchmark: search latency, index size and indexing rate on SQLite and PostgreSQL.

    .venv/bin/python bench/search.py [--docs 100000] [--queries 1000] [--engines sqlite,postgresql]

Fills a fresh store with ``--docs`` documents of generated Vietnamese text
and fields (no OCR: rows written directly, then indexed through
``hoso.store.search``), runs ``--queries`` mixed queries (names with and
without diacritics, ID numbers, document numbers, phrases, prefixes,
filtered ones) and prints p50/p95/p99 latency, index size and indexing
rate per engine, overall and per kind of query. A checked subset must be
right: queries built from one document's own ID number or document number
return that document first, and filtered ones only documents of that type
and office. Bar:
p95 ≤ 50 ms on SQLite, every checked query right. Exits 1 below it.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from hoso.ocr.text import fold  # noqa: E402
from hoso.store.db import make_engine, migrate, session_scope  # noqa: E402
from hoso.store.models import Document, Dossier, Page  # noqa: E402
from hoso.store.search import SearchQuery, index_for  # noqa: E402
from tests.synth import content as C  # noqa: E402

BAR_P95_MS = 50.0
TYPES = ("quyet_dinh", "cong_van", "thong_bao", "to_trinh", "can_cuoc", "giay_khai_sinh", "don_de_nghi")
OFFICES = ("Xã Kép", "Phường Bồng Lai", "Xã Tiên Du", "Phường Từ Sơn", "Sở Nội vụ")
BATCH = 1000


def _document(rng: random.Random, n: int) -> dict:
    kind = rng.choice(TYPES)
    name = C.person(rng)
    birth = rng.randrange(1940, 2008)
    id_number = f"0{rng.choice(['24', '27'])}{rng.choice('0123') if birth < 2000 else rng.choice('23')}" \
                f"{birth % 100:02d}{n:06d}"
    number = f"{rng.randrange(1, 3000)}/{rng.choice(['QĐ', 'TB', 'TTr', 'KH'])}-{rng.choice(['UBND', 'SNV', 'STP'])}"
    text_ = " ".join(rng.choice(C.SENTENCES).format_map(_Slots(rng)) for _ in range(rng.randrange(4, 9)))
    fields = {"full_name": name, "id_number": id_number} if kind in ("can_cuoc", "don_de_nghi", "giay_khai_sinh") \
        else {"document_number": number, "signer": name,
              "issue_date": f"{rng.randrange(2015, 2027)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"}
    return {"type": kind, "fields": fields, "text": f"{name}\n{text_}", "name": name}


class _Slots(dict):
    """Any ``{slot}`` of a content sentence filled with something plausible."""

    def __init__(self, rng: random.Random):
        super().__init__()
        self.rng = rng

    def __missing__(self, key: str) -> str:
        return str(self.rng.randrange(2, 999)) if key in ("n", "pct", "count") else self.rng.choice(
            ["xã Kép", "phường Bồng Lai", "Ủy ban nhân dân tỉnh", "thôn Đông Xuyên", "Sở Tài chính"])


def _fill(engine, docs: int, seed: int) -> tuple[float, list[dict]]:
    """Write ``docs`` done documents and index them; returns (seconds spent indexing, samples)."""
    rng = random.Random(seed)
    samples: list[dict] = []
    indexing = 0.0
    with session_scope(engine) as session:
        dossiers = [Dossier(code=f"HS-{i:05d}", procedure_name="Thủ tục", office=OFFICES[i % len(OFFICES)],
                            applicant_name=C.person(rng)) for i in range(max(1, docs // 20))]
        session.add_all(dossiers)
    for start in range(0, docs, BATCH):
        with session_scope(engine) as session:
            index = index_for(session)
            batch = []
            for n in range(start, min(docs, start + BATCH)):
                d = _document(rng, n)
                doc = Document(dossier_id=dossiers[n % len(dossiers)].id, sha256=f"{n:064x}",
                               file_name=f"{n}.pdf", state="done", type=d["type"], fields=d["fields"],
                               pages=[Page(index=1, source_index=1, text=d["text"], confidence=90.0,
                                           warnings=[])])
                session.add(doc)
                batch.append(doc)
                if rng.random() < 0.002:
                    samples.append(d | {"n": n})
            session.flush()
            began = time.perf_counter()
            index.index_documents(session, batch)
            indexing += time.perf_counter() - began
    return indexing, samples


def _first_carries(value: str):
    """A check: the first hit's fields carry ``value`` (an ID or document number)."""
    def check(session, page) -> bool:
        doc = session.get(Document, page.hits[0].document_id) if page.hits else None
        return doc is not None and value in (doc.fields or {}).values()
    return check


def _all_filtered(doc_type: str, office: str):
    """A check: every hit has the type and office the query filtered on."""
    def check(session, page) -> bool:
        docs = [session.get(Document, h.document_id) for h in page.hits]
        return all(d.type == doc_type and d.dossier.office == office for d in docs)
    return check


def _queries(samples: list[dict], count: int, seed: int) -> list[tuple[str, SearchQuery, object]]:
    """(kind, query, a check of its page or None)."""
    rng = random.Random(seed)
    out: list[tuple[str, SearchQuery, object]] = []
    while len(out) < count:
        s = rng.choice(samples)
        f = s["fields"]
        kind = rng.randrange(8)
        if kind == 0 and "id_number" in f:
            out.append(("id field", SearchQuery(q=f"id_number:{f['id_number']}"), _first_carries(f["id_number"])))
        elif kind == 1 and "document_number" in f:
            out.append(("number field", SearchQuery(q=f"document_number:{f['document_number']}"),
                        _first_carries(f["document_number"])))
        elif kind == 2:
            out.append(("name marked", SearchQuery(q=s["name"]), None))
        elif kind == 3:
            out.append(("name folded", SearchQuery(q=fold(s["name"])), None))
        elif kind == 4:
            words = s["text"].split("\n", 1)[1].split()[:3]
            out.append(("phrase", SearchQuery(q=f'"{" ".join(words)}"'), None))
        elif kind == 5:
            out.append(("prefix", SearchQuery(q=s["name"].split()[0][:4] + "*"), None))
        elif kind == 6:
            office = rng.choice(OFFICES)
            out.append(("filtered", SearchQuery(q=fold(s["name"].split()[-1]), type=s["type"], office=office),
                        _all_filtered(s["type"], office)))
        elif kind == 7 and "id_number" in f:
            out.append(("bare ID", SearchQuery(q=f["id_number"]), _first_carries(f["id_number"])))
    return out


def _size(engine) -> float:
    """The index's size in MiB."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            pages = conn.execute(text("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search%'")).scalar()
            return (pages or 0) / 2**20
        return conn.execute(text("SELECT pg_total_relation_size('search_documents')")).scalar() / 2**20


def _run(engine, name: str, docs: int, queries: int, seed: int) -> tuple[float, bool]:
    migrate(engine)
    began = time.perf_counter()
    indexing, samples = _fill(engine, docs, seed)
    filled = time.perf_counter() - began
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    latencies: dict[str, list[float]] = {}
    wrong = checked = 0
    for kind, query, check in _queries(samples, queries, seed + 1):
        with session_scope(engine) as session:
            index = index_for(session)
            t = time.perf_counter()
            page = index.search(session, query)
            latencies.setdefault(kind, []).append((time.perf_counter() - t) * 1000)
            if check is not None:
                checked += 1
                wrong += not check(session, page)
    q = statistics.quantiles([ms for values in latencies.values() for ms in values], n=100)
    print(f"{name:12} {docs:>8} {filled:>8.1f} {docs / indexing:>10.0f} {_size(engine):>9.1f} "
          f"{q[49]:>7.1f} {q[94]:>7.1f} {q[98]:>7.1f} {checked - wrong:>5}/{checked}")
    for kind, values in sorted(latencies.items()):
        k = statistics.quantiles(values, n=100)
        print(f"  {kind:30} {len(values):>6} queries {'':>10} {k[49]:>7.1f} {k[94]:>7.1f} {k[98]:>7.1f}")
    return q[94], wrong == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    print(f"{'engine':12} {'docs':>8} {'fill s':>8} {'index/s':>10} {'index MiB':>9} "
          f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'right':>11}")
    ok = True
    with tempfile.TemporaryDirectory(prefix="hoso-search-") as work:
        for name in args.engines.split(","):
            with contextlib.ExitStack() as stack:
                if name == "sqlite":
                    engine = make_engine(f"sqlite:///{Path(work) / 'search.db'}")
                else:
                    from tests.pgserver import postgres_server
                    engine = make_engine(stack.enter_context(postgres_server()).url())
                p95, right = _run(engine, name, args.docs, args.queries, args.seed)
                engine.dispose()
                ok &= right and (name != "sqlite" or p95 <= BAR_P95_MS)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
