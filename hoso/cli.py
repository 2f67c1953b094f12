"""Command line: ``hoso process | check | worker | serve | search | reindex | users | tokens``."""

from __future__ import annotations

import argparse
import dataclasses
import html
import json
import logging
import os
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from hoso import config
from hoso.api import serve as api_serve
from hoso.errors import CorruptFile, HosoError
from hoso.pipeline import FileResult, process_file, sha256_file
from hoso.store import commands as store_commands
from hoso.tools import probe

log = logging.getLogger("hoso")


def expand_inputs(inputs: Sequence[str]) -> list[Path]:
    """Files named, and the files under directories named (sorted, hidden skipped)."""
    paths: list[Path] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            found = [p for p in path.rglob("*")
                     if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)]
            paths.extend(sorted(found, key=lambda p: p.relative_to(path).as_posix()))
        else:
            paths.append(path)
    return paths


def output_names(paths: Sequence[Path]) -> list[str]:
    """``NAME`` per input (last suffix dropped); repeats become ``NAME~2``, ``NAME~3``…"""
    taken: set[str] = set()
    names = []
    for path in paths:
        stem = path.stem or path.name
        name, k = stem, 1
        while name in taken:
            k += 1
            name = f"{stem}~{k}"
        taken.add(name)
        names.append(name)
    return names


def write_json(result: dict, target: Path) -> None:
    """Write ``target`` atomically: a reader sees the old file or the whole new one."""
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    tmp.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, target)


class _Progress:
    """A page progress bar on a terminal; silent when stderr is piped."""

    def __init__(self, files: int) -> None:
        self._bar = None
        self._lock = threading.Lock()
        self._seen: dict[str, tuple[int, int]] = {}
        if sys.stderr.isatty():
            from tqdm import tqdm
            self._bar = tqdm(total=0, unit="trang", desc=f"{files} tệp", dynamic_ncols=True)

    def callback(self, key: str):
        def update(done: int, total: int) -> None:
            if self._bar is None:
                return
            with self._lock:
                old_done, old_total = self._seen.get(key, (0, 0))
                self._seen[key] = (done, total)
                self._bar.total += total - old_total
                self._bar.update(done - old_done)
        return update

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def cmd_process(args: argparse.Namespace) -> int:
    flags = {"jobs": args.jobs, "lang": args.lang}
    settings = dataclasses.replace(config.load(), **{k: v for k, v in flags.items() if v})
    missing = probe(settings).missing
    if missing:
        print("Thiếu công cụ: " + "; ".join(missing), file=sys.stderr)
        return 2
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = expand_inputs(args.inputs)
    names = output_names(paths)
    progress = _Progress(len(paths))
    failed = False
    with ThreadPoolExecutor(max_workers=settings.jobs, thread_name_prefix="page") as pages, \
            ThreadPoolExecutor(max_workers=settings.jobs, thread_name_prefix="file") as files:
        futures = [files.submit(_process_one, path, out_dir, name, settings, pages,
                                progress.callback(name))
                   for path, name in zip(paths, names)]
        for path, name, future in zip(paths, names, futures):
            result = future.result()
            write_json(result.to_json(), out_dir / f"{name}.json")
            for error in result.errors:
                log.warning("%s: %s [%s]", path, error.message, error.code)
            failed |= result.failed
    progress.close()
    return 1 if failed else 0


def _process_one(path: Path, out_dir: Path, name: str, settings: config.Settings,
                 pages: ThreadPoolExecutor, progress) -> FileResult:
    try:
        return process_file(path, out_dir, name, settings, executor=pages, progress=progress)
    except Exception as e:  # a bug must not lose the other inputs' results
        log.exception("unexpected failure on %s", path)
        error = e if isinstance(e, HosoError) else CorruptFile(detail=f"{type(e).__name__}: {e}")
        return FileResult(path.name, sha256_file(path), errors=(error,))


def cmd_check(args: argparse.Namespace) -> int:
    report = probe(config.load())
    for line in report.lines:
        print(line)
    return 1 if report.missing else 0


def _run_service(args: argparse.Namespace, run: Callable[[config.Settings], int]) -> int:
    """A long-running part of the service: tools checked first, start-up failures one line."""
    settings = config.load()
    missing = probe(settings).missing
    if missing:
        print("Thiếu công cụ: " + "; ".join(missing), file=sys.stderr)
        return 2
    logging.getLogger("hoso").setLevel(logging.DEBUG if args.verbose else logging.INFO)
    try:
        return run(settings)
    except HosoError as e:
        print(f"error: {e.message} ({e.detail})", file=sys.stderr)
        return 1
    except Exception as e:  # the database or Redis unreachable at start: one readable line
        print(f"error: {type(e).__name__}: {e}", file=sys.stderr)
        return 1


def cmd_worker(args: argparse.Namespace) -> int:
    from hoso.queue import worker
    if args.workers is not None and args.workers < 1:
        print("error: -n phải ≥ 1", file=sys.stderr)
        return 2
    level = "DEBUG" if args.verbose else "INFO"
    return _run_service(args, lambda s: worker.run(s, args.workers, burst=args.burst, log_level=level))


def cmd_up(args: argparse.Namespace) -> int:
    """The whole service on this machine: Redis (unless REDIS_URL), workers and the API."""
    from hoso import up
    if args.data_dir:
        os.environ["HOSO_DATA_DIR"] = args.data_dir
    return _run_service(args, lambda s: up.run(s, workers=args.workers, host=args.host,
                                               port=args.port))


def cmd_search(args: argparse.Namespace) -> int:
    """Print the hits of a query: document, dossier, page, type and the snippet (marks as [ ])."""
    from hoso.store import search
    query = search.SearchQuery(q=args.query, type=args.type or None, dossier=args.dossier or None,
                               office=args.office or None, sort=args.sort, page=args.page, per_page=args.limit)
    with store_commands.configured() as session:
        found = search.index_for(session).search(session, query)
    print(f"{found.total} kết quả")
    for hit in found.hits:
        where = f"trang {hit.page}" if hit.page else "trường"
        snippet = html.unescape(hit.snippet.replace(search.MARK_OPEN, "[").replace(search.MARK_CLOSE, "]"))
        print(f"#{hit.document_id}\t{hit.dossier_code or '-'}\t{hit.type}\t{where}\t{snippet}")
    return 0


def cmd_reindex(args: argparse.Namespace) -> int:
    """Rebuild the search index from every processed (done) document."""
    from hoso.store import search
    with store_commands.configured() as session:
        count = search.index_for(session).reindex(session)
    print(f"đã lập chỉ mục {count} tài liệu")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hoso", description="Số hoá hồ sơ: OCR tiếng Việt, PDF tìm kiếm được.")
    parser.add_argument("-v", "--verbose", action="store_true", help="ghi nhật ký chi tiết")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("process", help="xử lý tệp quét ngay trong tiến trình này (không cần máy chủ)")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="tệp hoặc thư mục (PDF, TIFF, PNG, JPEG)")
    p.add_argument("--out", required=True, metavar="DIR", help="thư mục kết quả (NAME.json, NAME.pdf)")
    p.add_argument("--jobs", type=int, default=0, metavar="N", help="số trang xử lý song song (mặc định: số lõi CPU)")
    p.add_argument("--lang", default="", help="ngôn ngữ Tesseract (mặc định: vie)")
    p.set_defaults(func=cmd_process)
    c = sub.add_parser("check", help="kiểm tra các công cụ cần thiết (tesseract, poppler, ...)")
    c.set_defaults(func=cmd_check)
    w = sub.add_parser("worker", help="chạy các tiến trình xử lý hàng đợi (REDIS_URL, DATABASE_URL)")
    w.add_argument("-n", "--workers", type=int, default=None, metavar="N",
                   help="số tiến trình xử lý (mặc định: HOSO_WORKERS hoặc nửa số lõi CPU, ít nhất 2)")
    w.add_argument("--burst", action="store_true", help="xử lý hết hàng đợi rồi dừng")
    w.set_defaults(func=cmd_worker)
    u = sub.add_parser("up", help="chạy toàn bộ dịch vụ trên máy này (Redis, tiến trình xử lý, API)")
    u.add_argument("--data-dir", default="", metavar="DIR",
                   help="thư mục dữ liệu (mặc định: HOSO_DATA_DIR hoặc ./data)")
    u.add_argument("-n", "--workers", type=int, default=None, metavar="N", help="số tiến trình xử lý")
    u.add_argument("--host", default=None, help="địa chỉ lắng nghe của API (mặc định: 127.0.0.1)")
    u.add_argument("--port", type=int, default=None, help="cổng của API (mặc định: 8000)")
    u.set_defaults(func=cmd_up)
    f = sub.add_parser("search", help='tìm tài liệu đã xử lý, ví dụ: hoso search "nguyen van an"')
    f.add_argument("query", metavar="QUERY", help='từ, "cụm từ", tiền tố*, khoá:giá trị (id_number:…, type:…)')
    f.add_argument("--type", default="", help="loại tài liệu, ví dụ quyet_dinh")
    f.add_argument("--dossier", default="", help="mã hồ sơ")
    f.add_argument("--office", default="", help="đơn vị của hồ sơ")
    f.add_argument("--sort", default="relevance", choices=["relevance", "date"], help="thứ tự (mặc định: relevance)")
    f.add_argument("--page", type=int, default=1, help="trang kết quả (từ 1)")
    f.add_argument("--limit", type=int, default=20, help="số kết quả mỗi trang (mặc định 20)")
    f.set_defaults(func=cmd_search)
    r = sub.add_parser("reindex", help="lập lại chỉ mục tìm kiếm từ mọi tài liệu đã xử lý")
    r.set_defaults(func=cmd_reindex)
    api_serve.register(sub)
    store_commands.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
