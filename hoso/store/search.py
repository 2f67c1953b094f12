"""Search over processed documents: Vietnamese-aware full-text search with filters and snippets.

One interface, :class:`SearchIndex` (``index_for(session)`` picks it by the
engine's dialect): SQLite FTS5 or PostgreSQL full-text search (config
``simple``). Both index the same pre-tokenised text, so both find the same
documents:

- ``search_documents`` (created by migration 0002, on both engines): one row
  per indexed document with four space-separated token strings:
  ``exact`` (NFC, lowercased), ``folded`` (``fold()``: no marks, đ → d),
  and the same two for the fields, each token prefixed with its field key
  (``document_number`` ``123/QĐ-UBND`` → ``documentnumber123 documentnumberqđ
  documentnumberubnd``) so that ``document_number:...`` queries match only that field.
- PostgreSQL: GIN indexes on ``to_tsvector('simple', column)`` (migration 0002), ranked by ``ts_rank``.
- SQLite: an FTS5 table ``search_fts`` with external content ``search_documents``
  (tokenizer ``unicode61 remove_diacritics 0``), kept in step by triggers,
  ranked by ``bm25``. The FTS5 table is created on first use, not by the
  migration, because its shadow tables cannot be described by the models
  (the models-vs-migrations comparison would report them).

Query language (:func:`parse_query`): words (all must match); a word typed
with diacritics matches those letters only, one typed without matches every
toned form; ``"a phrase"``; ``prefix*``; ``key:value`` field queries
(``id_number:027190000001``, ``document_number:123/QĐ-UBND``, ``key:"a b"``);
``type:quyet_dinh`` filters by type. Documents matching every term in its
exact form rank above those matched only by folding.
"""

from __future__ import annotations

import dataclasses
import html
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session, selectinload

from hoso.ocr.text import fold, fold_with_index
from hoso.store.models import SEARCH_COLUMNS, Document, JobState, search_documents

__all__ = ["SearchHit", "SearchIndex", "SearchPage", "SearchQuery", "Term", "highlight", "index_for",
           "parse_query", "search_documents"]

COLUMNS = SEARCH_COLUMNS
FTS_TABLE = "search_fts"
_WORD = re.compile(r"[^\W_]+")
_QUERY = re.compile(r'(?P<key>[a-z][a-z0-9_]*):(?:"(?P<fphrase>[^"]*)"?|(?P<fvalue>\S+))'
                    r'|"(?P<phrase>[^"]*)"?(?P<pstar>\*)?|(?P<word>\S+)')
SNIPPET_CHARS = 160
MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"


# --- tokens -----------------------------------------------------------------

def exact_tokens(value: str) -> list[str]:
    """Words of ``value``: NFC, lowercased, split on anything not a letter or digit."""
    return _WORD.findall(unicodedata.normalize("NFC", value).lower())


def field_key(key: str) -> str:
    return key.replace("_", "").lower()


def facet(name: str, value: str) -> str:
    """The one FTS token that stands for ``name`` = ``value`` (``type``, ``office``, ``dossier``):
    the name, then the value's UTF-8 bytes in lower-case hex, so that any value is one token and
    no two values share one (migration 0003 writes the same with SQL)."""
    return name + unicodedata.normalize("NFC", value).encode().hex()


@dataclass(frozen=True, slots=True)
class IndexedText:
    exact: str
    folded: str
    fields_exact: str
    fields_folded: str
    facets: str


def document_text(document: Document) -> IndexedText:
    """What is indexed for ``document``: page texts, type, field values, dossier code, applicant, office;
    and its facets (type, office, dossier code) for filtering."""
    dossier = document.dossier
    office = (dossier.office if dossier else None) or (document.batch.office if document.batch else None)
    parts = [p.text or "" for p in document.pages]
    parts.append(document.type or "")
    parts.extend(str(v) for v in (document.fields or {}).values())
    if dossier is not None:
        parts += [dossier.code, dossier.applicant_name or ""]
    parts.append(office or "")
    words = [t for part in parts for t in exact_tokens(part)]
    field_words = [field_key(k) + t for k, v in sorted((document.fields or {}).items()) for t in exact_tokens(str(v))]
    facets = [facet(name, value) for name, value in
              (("type", document.type), ("office", office), ("dossier", dossier.code if dossier else None)) if value]
    return IndexedText(" ".join(words), " ".join(fold(w) for w in words),
                       " ".join(field_words), " ".join(fold(w) for w in field_words), " ".join(facets))


# --- queries ----------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Term:
    """One thing that must match: a word or a phrase (``tokens``), in the text or in field ``key``."""

    tokens: tuple[str, ...]           # NFC, lowercased
    prefix: bool = False              # the last token is a prefix
    key: str | None = None            # a field query

    @property
    def folded(self) -> tuple[str, ...]:
        return tuple(fold(t) for t in self.tokens)

    @property
    def marked(self) -> tuple[bool, ...]:
        """Per token: typed with diacritics (or đ), so only those letters match."""
        return tuple(fold(t) != t for t in self.tokens)

    def column_tokens(self, tokens: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(field_key(self.key) + t for t in tokens) if self.key else tokens


@dataclass(slots=True)
class ParsedQuery:
    terms: list[Term] = field(default_factory=list)
    types: list[str] = field(default_factory=list)


def parse_query(raw: str) -> ParsedQuery:
    """Words, ``"phrases"``, ``prefix*``, ``key:value`` and ``type:...`` of a query."""
    parsed = ParsedQuery()
    for m in _QUERY.finditer(unicodedata.normalize("NFC", raw or "")):
        if m.group("key"):
            key, value = m.group("key"), m.group("fphrase") if m.group("fphrase") is not None else m.group("fvalue")
            if key == "type":
                parsed.types.append(value.strip())
                continue
            _add(parsed, value, key)
        elif m.group("phrase") is not None:
            _add(parsed, m.group("phrase") + (m.group("pstar") or ""), None)
        else:
            _add(parsed, m.group("word"), None)
    return parsed


def _add(parsed: ParsedQuery, value: str, key: str | None) -> None:
    value = value.strip()
    prefix = value.endswith("*")
    tokens = tuple(exact_tokens(value.rstrip("*")))
    if tokens:
        parsed.terms.append(Term(tokens, prefix, key))


@dataclass(frozen=True, slots=True)
class Clause:
    column: str                       # one of COLUMNS
    tokens: tuple[str, ...]
    prefix: bool


def match_clauses(term: Term) -> list[Clause]:
    """What ``term`` requires: its folded form, and the exact form of the words typed with marks;
    a term typed with marks on every word (or đ) is matched exactly as typed."""
    exact_col, folded_col = ("fields_exact", "fields_folded") if term.key else ("exact", "folded")
    marked, last = term.marked, len(term.tokens) - 1
    if all(marked):
        return [exact_clause(term)]
    clauses = [Clause(folded_col, term.column_tokens(term.folded), term.prefix)]
    for i, (token, is_marked) in enumerate(zip(term.tokens, marked)):
        if is_marked:
            clauses.append(Clause(exact_col, term.column_tokens((token,)), term.prefix and i == last))
    return clauses


def exact_clause(term: Term) -> Clause:
    """``term`` matched exactly as typed (the better rank)."""
    return Clause("fields_exact" if term.key else "exact", term.column_tokens(term.tokens), term.prefix)


# --- the search request and its answer ----------------------------------------

@dataclass(slots=True)
class SearchQuery:
    q: str = ""
    type: str | None = None
    dossier: str | None = None                # dossier code
    office: str | None = None
    issue_date_from: str | None = None        # ISO dates, inclusive
    issue_date_to: str | None = None
    uploaded_from: datetime | None = None
    uploaded_to: datetime | None = None
    state: str | None = None
    sort: str = "relevance"                   # or "date"
    page: int = 1
    per_page: int = 20
    restrict_office: str | None = None        # office scoping (a clerk's office)


@dataclass(slots=True)
class SearchHit:
    document_id: int
    dossier_code: str | None
    type: str
    file_name: str
    page: int | None                          # 1-based page of the snippet; None: matched in fields/metadata
    snippet: str                              # HTML-escaped, matches in <mark>…</mark>
    exact: bool                               # every term matched as typed

    def to_json(self) -> dict[str, Any]:
        return {"document_id": self.document_id, "dossier_code": self.dossier_code, "type": self.type,
                "file_name": self.file_name, "page": self.page, "snippet": self.snippet, "exact": self.exact}


@dataclass(slots=True)
class SearchPage:
    hits: list[SearchHit]
    total: int
    page: int
    per_page: int


# --- the index ----------------------------------------------------------------

class SearchIndex:
    """The engine-independent part; subclasses build the engine's match conditions."""

    dialect = ""

    def index_document(self, session: Session, document: Document) -> None:
        """(Re)index ``document``; a document that is not ``done`` is removed from the index."""
        self.index_documents(session, [document])

    def index_documents(self, session: Session, documents: list[Document]) -> None:
        """(Re)index ``documents`` in two statements; those that are not ``done`` are removed."""
        if not documents:
            return
        session.execute(search_documents.delete().where(search_documents.c.document_id.in_([d.id for d in documents])))
        rows = [{"document_id": d.id, **dataclasses.asdict(document_text(d))}
                for d in documents if d.state == JobState.DONE.value]
        if rows:
            session.execute(search_documents.insert(), rows)

    def index_document_id(self, session: Session, document_id: int) -> None:
        session.flush()
        document = session.get(Document, document_id, populate_existing=True)
        if document is None:
            self.remove(session, document_id)
            return
        session.refresh(document, ["pages", "dossier", "batch"])
        self.index_document(session, document)

    def remove(self, session: Session, document_id: int) -> None:
        session.execute(search_documents.delete().where(search_documents.c.document_id == document_id))

    def reindex(self, session: Session) -> int:
        """Rebuild the whole index from the ``done`` documents; returns how many were indexed."""
        session.execute(search_documents.delete())
        count = 0
        ids = session.scalars(select(Document.id).where(Document.state == JobState.DONE.value)
                              .order_by(Document.id)).all()
        for start in range(0, len(ids), 500):
            documents = session.scalars(select(Document).where(Document.id.in_(ids[start:start + 500]))
                                        .options(selectinload(Document.pages), selectinload(Document.dossier),
                                                 selectinload(Document.batch))).all()
            self.index_documents(session, list(documents))
            count += len(documents)
        return count

    # engine-specific: a SQL condition on ``s.document_id`` for clauses, a rank expression
    def _condition(self, clauses: list[Clause], params: dict[str, Any], name: str) -> str:
        raise NotImplementedError

    def _matched(self, clauses: list[Clause], terms: list[Term], params: dict[str, Any]) -> tuple[str, str, str]:
        """A join, a condition and a rank expression (lower is better) for rows matching ``clauses``."""
        raise NotImplementedError

    def _json_text(self, column: str, key: str) -> str:
        raise NotImplementedError

    def _date_filters(self, session: Session, query: SearchQuery, where: list[str], params: dict[str, Any]) -> None:
        """The ``issue_date`` and upload-date conditions on ``d`` (``documents``)."""
        issue_date = self._json_text("d.fields", "issue_date")
        if query.issue_date_from:
            where.append(f"{issue_date} >= :issue_from")
            params["issue_from"] = query.issue_date_from
        if query.issue_date_to:
            where.append(f"{issue_date} <= :issue_to")
            params["issue_to"] = query.issue_date_to
        # created_at is compared as the column type stores it (naive UTC on SQLite).
        uploaded = [(query.uploaded_from, ">="), (query.uploaded_to, "<=")]
        for i, (moment, op) in enumerate(uploaded):
            if moment is not None:
                where.append(f"d.created_at {op} :up{i}")
                params[f"up{i}"] = Document.__table__.c.created_at.type.process_bind_param(
                    moment, session.get_bind().dialect)

    def search(self, session: Session, query: SearchQuery) -> SearchPage:
        parsed = parse_query(query.q)
        params: dict[str, Any] = {}
        where: list[str] = []
        rank, tier, join = "0", "0", ""
        if parsed.terms:
            clauses = [c for term in parsed.terms for c in match_clauses(term)]
            join, condition, rank = self._matched(clauses, parsed.terms, params)
            if condition:
                where.append(condition)
            tier = f"(CASE WHEN {self._condition([exact_clause(t) for t in parsed.terms], params, 'x')} " \
                   f"THEN 0 ELSE 1 END)"
        office = "COALESCE(ds.office, b.office)"
        types = ([query.type] if query.type else []) + parsed.types
        for i, doc_type in enumerate(types):
            where.append(f"d.type = :type{i}")
            params[f"type{i}"] = doc_type
        simple = {"ds.code": query.dossier, office: query.office, "d.state": query.state}
        for i, (column, value) in enumerate(simple.items()):
            if value:
                where.append(f"{column} = :f{i}")
                params[f"f{i}"] = value
        if query.restrict_office is not None:
            where.append(f"{office} = :restrict_office")
            params["restrict_office"] = query.restrict_office
        self._date_filters(session, query, where, params)
        base = ("FROM search_documents s " + join + "JOIN documents d ON d.id = s.document_id "
                "LEFT JOIN dossiers ds ON ds.id = d.dossier_id LEFT JOIN batches b ON b.id = d.batch_id"
                + (" WHERE " + " AND ".join(where) if where else ""))
        total = session.execute(text(f"SELECT count(*) {base}"), params).scalar_one()
        if query.sort == "date":
            order = f"COALESCE({self._json_text('d.fields', 'issue_date')}, '') DESC, d.created_at DESC, d.id DESC"
        else:
            order = "tier, rank, d.id DESC"
        params.update(limit=query.per_page, offset=(query.page - 1) * query.per_page)
        rows = session.execute(text(f"SELECT d.id, {tier} AS tier, {rank} AS rank {base} ORDER BY {order} "
                                    f"LIMIT :limit OFFSET :offset"), params).all()
        return self._page(session, query, parsed, [(r[0], r[1] == 0 and bool(parsed.terms)) for r in rows], total)

    @staticmethod
    def _page(session: Session, query: SearchQuery, parsed: ParsedQuery, rows: list[tuple[int, bool]],
              total: int) -> SearchPage:
        """The page of hits for ``rows`` (document id, matched exactly), in that order."""
        documents = {d.id: d for d in session.scalars(
            select(Document).where(Document.id.in_([r[0] for r in rows])).options(
                selectinload(Document.pages), selectinload(Document.dossier)))}
        hits = [make_hit(documents[i], parsed.terms, exact) for i, exact in rows]
        return SearchPage(hits, total, query.page, query.per_page)


class SqliteSearchIndex(SearchIndex):
    """FTS5. A relevance search is answered inside FTS5: the filters on type, office and dossier
    are facet tokens in the same MATCH, and the two tiers (every term matched as typed, then the
    rest) are two FTS5 queries, each counted and ranked by ``bm25`` on its own. A tier with more
    than ``RANK_WINDOW`` matches ranks its newest ``RANK_WINDOW`` by ``bm25`` and lists the older
    ones after them, newest first: ``bm25`` costs about a microsecond a row, and a query matching
    most of the archive would otherwise spend its whole budget ranking it."""

    dialect = "sqlite"
    RANK_WINDOW = 2000
    WEIGHTS = "2.0, 1.0, 2.0, 1.0, 0.0"       # exact columns above folded; facets do not rank

    @staticmethod
    def _fts(clauses: list[Clause]) -> str:
        return " AND ".join(f'{c.column} : "{" ".join(c.tokens)}"' + ("*" if c.prefix else "") for c in clauses)

    def _condition(self, clauses: list[Clause], params: dict[str, Any], name: str) -> str:
        params[name] = self._fts(clauses)
        return f"s.document_id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH :{name})"

    def _matched(self, clauses: list[Clause], terms: list[Term], params: dict[str, Any]) -> tuple[str, str, str]:
        # One FTS5 query gives both the matching rows and their bm25 (lower is better; exact columns
        # weigh more), joined once instead of ranked row by row.
        params["m"] = self._fts(clauses)
        join = (f"JOIN (SELECT rowid AS document_id, bm25(search_fts, {self.WEIGHTS}) AS score "
                "FROM search_fts WHERE search_fts MATCH :m) fts ON fts.document_id = s.document_id ")
        return join, "", "fts.score"

    def _json_text(self, column: str, key: str) -> str:
        return f"json_extract({column}, '$.{key}')"

    def search(self, session: Session, query: SearchQuery) -> SearchPage:
        parsed = parse_query(query.q)
        if not parsed.terms or query.sort != "relevance":
            return super().search(session, query)
        if query.state and query.state != JobState.DONE.value:
            return SearchPage([], 0, query.page, query.per_page)     # only done documents are indexed
        values = [("type", t) for t in ([query.type] if query.type else []) + parsed.types]
        values += [("office", query.office), ("office", query.restrict_office), ("dossier", query.dossier)]
        facets = [Clause("facets", (facet(name, value),), False) for name, value in values if value is not None]
        exact = self._fts([exact_clause(t) for t in parsed.terms] + facets)
        where: list[str] = []
        params: dict[str, Any] = {}
        self._date_filters(session, query, where, params)
        base = ("FROM search_fts f " + ("JOIN documents d ON d.id = f.rowid " if where else "")
                + "WHERE f.search_fts MATCH :e" + "".join(f" AND {w}" for w in where))
        tiers = [(exact, self._count(session, base, params, exact))]
        if any(match_clauses(t) != [exact_clause(t)] for t in parsed.terms):
            # Every exact match is also a match, so the folded-only tier's count is a difference.
            match = self._fts([c for t in parsed.terms for c in match_clauses(t)] + facets)
            tiers.append((f"({match}) NOT ({exact})", self._count(session, base, params, match) - tiers[0][1]))
        offset, limit = (query.page - 1) * query.per_page, query.per_page
        rows: list[tuple[int, bool]] = []
        total = 0
        for number, (expression, count) in enumerate(tiers):
            ids = self._rows(session, base, {**params, "e": expression}, count, max(0, offset - total),
                             limit - len(rows))
            rows += [(i, number == 0) for i in ids]
            total += count
        return self._page(session, query, parsed, rows, total)

    @staticmethod
    def _count(session: Session, base: str, params: dict[str, Any], expression: str) -> int:
        return session.execute(text(f"SELECT count(*) {base}"), {**params, "e": expression}).scalar_one()

    def _rows(self, session: Session, base: str, params: dict[str, Any], count: int, offset: int,
              limit: int) -> list[int]:
        """The ids of ``limit`` of the ``count`` documents matching ``base`` from ``offset``:
        the newest ``RANK_WINDOW`` by bm25, then the older ones newest first."""
        if limit <= 0 or offset >= count:
            return []
        floor = 0
        if count > self.RANK_WINDOW:
            floor = session.execute(text(f"SELECT f.rowid {base} ORDER BY f.rowid DESC LIMIT 1 OFFSET :w"),
                                    {**params, "w": self.RANK_WINDOW - 1}).scalar_one()
        ids: list[int] = []
        ranked = min(count, self.RANK_WINDOW)
        if offset < ranked:
            ids += session.scalars(text(
                f"SELECT f.rowid {base} AND f.rowid >= :floor ORDER BY bm25(search_fts, {self.WEIGHTS}), "
                f"f.rowid DESC LIMIT :limit OFFSET :offset"),
                {**params, "floor": floor, "limit": limit, "offset": offset}).all()
        if len(ids) < limit and count > ranked:
            ids += session.scalars(text(
                f"SELECT f.rowid {base} AND f.rowid < :floor ORDER BY f.rowid DESC LIMIT :limit OFFSET :offset"),
                {**params, "floor": floor, "limit": limit - len(ids), "offset": max(0, offset - ranked)}).all()
        return ids


class PostgresSearchIndex(SearchIndex):
    dialect = "postgresql"

    @staticmethod
    def _tsquery(clauses: list[Clause]) -> str:
        return " & ".join("(" + " <-> ".join(f"'{t}'" for t in c.tokens) + (":*" if c.prefix else "") + ")"
                          for c in clauses)

    def _condition(self, clauses: list[Clause], params: dict[str, Any], name: str) -> str:
        parts = []
        for column in COLUMNS:
            mine = [c for c in clauses if c.column == column]
            if mine:
                params[f"{name}_{column}"] = self._tsquery(mine)
                parts.append(f"to_tsvector('simple'::regconfig, s.{column}) @@ "
                             f"to_tsquery('simple'::regconfig, :{name}_{column})")
        return "(" + " AND ".join(parts) + ")"

    def _matched(self, clauses: list[Clause], terms: list[Term], params: dict[str, Any]) -> tuple[str, str, str]:
        return "", self._condition(clauses, params, "m"), self._rank(terms, params)

    def _rank(self, terms: list[Term], params: dict[str, Any]) -> str:
        params["r"] = " | ".join("(" + " <-> ".join(f"'{tok}'" for tok in t.column_tokens(t.folded))
                                 + (":*" if t.prefix else "") + ")" for t in terms)
        return ("-ts_rank(to_tsvector('simple'::regconfig, s.folded || ' ' || s.fields_folded), "
                "to_tsquery('simple'::regconfig, :r))")

    def _json_text(self, column: str, key: str) -> str:
        return f"({column} ->> '{key}')"


def sqlite_fts_statements(columns: tuple[str, ...]) -> list[str]:
    """The FTS5 table over ``columns`` of ``search_documents`` and the triggers that keep it in step
    (run by migrations 0002 and 0003 on SQLite; FTS5's own shadow tables have no model)."""
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    return [
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({cols}, content='search_documents', "
        f"content_rowid='document_id', tokenize='unicode61 remove_diacritics 0')",
        f"CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN "
        f"INSERT INTO {FTS_TABLE}(rowid, {cols}) VALUES (new.document_id, {new}); END",
        f"CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN "
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {cols}) VALUES ('delete', old.document_id, {old}); END",
        f"CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN "
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {cols}) VALUES ('delete', old.document_id, {old}); "
        f"INSERT INTO {FTS_TABLE}(rowid, {cols}) VALUES (new.document_id, {new}); END",
    ]


def drop_sqlite_fts_statements() -> list[str]:
    """Undo :func:`sqlite_fts_statements`."""
    return [f"DROP TRIGGER IF EXISTS search_documents_{kind}" for kind in ("ai", "ad", "au")] \
        + [f"DROP TABLE IF EXISTS {FTS_TABLE}"]


def index_for(session_or_dialect: Session | str) -> SearchIndex:
    """The index of the session's engine: FTS5 on SQLite, ``tsvector`` on PostgreSQL."""
    name = session_or_dialect if isinstance(session_or_dialect, str) else session_or_dialect.get_bind().dialect.name
    return PostgresSearchIndex() if name == "postgresql" else SqliteSearchIndex()


def reindex_document(session: Session, document: Document | int) -> None:
    """(Re)index one document (an object, or a row id to read) inside the caller's transaction."""
    index = index_for(session)
    if isinstance(document, Document):
        session.flush()
        index.index_document(session, document)
    else:
        index.index_document_id(session, document)


# --- snippets -------------------------------------------------------------------

def highlight_spans(value: str, terms: list[Term]) -> list[tuple[int, int]]:
    """Where ``terms``' words occur in ``value`` (start, end in ``value``), found on the folded text;
    a word typed with marks must match those letters."""
    folded, index = fold_with_index(value)
    spans: list[tuple[int, int]] = []
    for term in terms:
        last = len(term.tokens) - 1
        for i, (token, folded_token, marked) in enumerate(zip(term.tokens, term.folded, term.marked)):
            tail = r"[^\W_]*" if term.prefix and i == last else ""
            pattern = re.compile(r"(?<![^\W_])" + re.escape(folded_token) + tail + r"(?![^\W_])")
            for m in pattern.finditer(folded):
                start, end = index[m.start()], index[m.end() - 1] + 1
                while end < len(value) and unicodedata.combining(value[end]):
                    end += 1
                original = unicodedata.normalize("NFC", value[start:end]).lower()
                if marked and not (original.startswith(token) if tail else original == token):
                    continue
                spans.append((start, end))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(value: str, terms: list[Term], width: int = SNIPPET_CHARS) -> tuple[str, int]:
    """An HTML snippet of ``value`` around its first match, matches in ``<mark>``; and the match count."""
    spans = highlight_spans(value, terms)
    if spans:
        start = max(0, spans[0][0] - width // 4)
        start = value.rfind(" ", 0, start) + 1 if start else 0
    else:
        start = 0
    end = min(len(value), start + width)
    if end < len(value):
        cut = value.rfind(" ", start, end)
        if cut > (spans[0][1] if spans else start):
            end = cut
    out, at = [], start
    for s, e in spans:
        if s < start or e > end:
            continue
        out += [html.escape(value[at:s]), MARK_OPEN, html.escape(value[s:e]), MARK_CLOSE]
        at = e
    out.append(html.escape(value[at:end]))
    text_ = " ".join("".join(out).split())
    return ("…" if start > 0 else "") + text_ + ("…" if end < len(value) else ""), len(spans)


def make_hit(document: Document, terms: list[Term], exact: bool) -> SearchHit:
    """The hit for ``document``: the snippet of the page with most matches, else of its fields."""
    best: tuple[int, int | None, str] = (0, None, "")
    for page in document.pages:
        snippet, count = highlight(page.text or "", terms)
        if count > best[0] or (not best[2] and snippet):
            best = (count, page.index, snippet)
    if best[0] == 0:
        meta = "; ".join(f"{k}: {v}" for k, v in (document.fields or {}).items())
        if document.dossier is not None:
            meta = "; ".join(filter(None, (document.dossier.code, document.dossier.applicant_name, meta)))
        snippet, count = highlight(meta, terms)
        if count or not best[2]:
            best = (count, None, snippet)
    return SearchHit(document.id, document.dossier.code if document.dossier else None, document.type,
                     document.file_name, best[1], best[2], exact)
