"""The one function that runs a file through the stages (DOMAIN.md result).

load → per page: QR/separator, orient + deskew, quality, OCR, page PDF →
split at separator sheets → classify → one searchable PDF per document.
Imports neither Flask nor RQ; progress leaves through a callback. The CLI
and the queue workers call :func:`process_file` alike.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from hoso.classifiers import Classification, classify_document
from hoso.config import Settings
from hoso.digitize import pdf
from hoso.digitize.loader import open_input
from hoso.digitize.model import DocumentResult, PageResult
from hoso.digitize.pages import process_page
from hoso.errors import CorruptFile, HosoError, InputError, ProcessingTimeout, ToolTimeout

ProgressFn = Callable[[int, int], None]  # (pages done, pages total)
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class FileResult:
    """Everything DOMAIN.md's ``NAME.json`` holds for one input."""

    source: str
    sha256: str
    pages: tuple[PageResult, ...] = ()
    documents: tuple[DocumentResult, ...] = ()
    errors: tuple[HosoError, ...] = ()

    @property
    def failed(self) -> bool:
        return bool(self.errors)

    def to_json(self) -> dict:
        return {
            "source": self.source,
            "sha256": self.sha256,
            "pages": [p.to_json() for p in self.pages],
            "documents": [d.to_json() for d in self.documents],
            "errors": [e.to_dict() for e in self.errors],
        }


@dataclass(slots=True)
class _Collected:
    pages: list[PageResult] = field(default_factory=list)
    errors: list[HosoError] = field(default_factory=list)


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of the bytes that could be read (of nothing if none)."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        pass
    return digest.hexdigest()


def process_file(path: Path, out_dir: Path, name: str, settings: Settings, *,
                 executor: Executor | None = None, progress: ProgressFn | None = None) -> FileResult:
    """Process one input; write ``out_dir/NAME[-k].pdf`` per document found.

    Never raises for a bad input: its error goes into the result.
    """
    path = Path(path)
    source, digest = path.name, sha256_file(path)
    own_pool = executor is None
    pool = executor or ThreadPoolExecutor(max_workers=max(1, settings.jobs))
    try:
        with tempfile.TemporaryDirectory(prefix="hoso-pages-") as work:
            collected = _collect_pages(path, Path(work), settings, pool, progress)
            documents = _write_documents(collected.pages, out_dir, name)
    finally:
        if own_pool:
            pool.shutdown(wait=True)
    pages = tuple(_public(p) for p in collected.pages)
    return FileResult(source, digest, pages, documents, tuple(collected.errors))


def _collect_pages(path: Path, work: Path, settings: Settings, pool: Executor,
                   progress: ProgressFn | None) -> _Collected:
    """Load and process pages in order, at most ``2 × jobs`` in flight."""
    collected = _Collected()
    try:
        loaded = open_input(path, settings)
    except HosoError as e:
        collected.errors.append(_file_error(e))
        return collected
    total = loaded.page_count
    window = max(2, 2 * settings.jobs)
    in_flight: deque[Future[PageResult]] = deque()

    def drain(limit: int) -> None:
        while len(in_flight) > limit:
            collected.pages.append(in_flight.popleft().result())
            if progress:
                progress(len(collected.pages), total)

    try:
        for source_page in loaded.pages:
            in_flight.append(pool.submit(process_page, source_page, settings, work))
            drain(window)
    except HosoError as e:
        collected.errors.append(_file_error(e))
    except Exception as e:  # a loader bug must not lose the pages already read
        collected.errors.append(CorruptFile(detail=f"{type(e).__name__}: {e}"))
    finally:
        drain(0)
    return collected


def _file_error(error: HosoError) -> HosoError:
    """Map a file-level failure onto a DOMAIN.md error code."""
    if isinstance(error, InputError):
        return error
    if isinstance(error, ToolTimeout):
        return ProcessingTimeout(detail=error.detail)
    return CorruptFile(detail=error.detail or str(error))


def split_documents(pages: Iterable[PageResult]) -> list[tuple[list[PageResult], str | None]]:
    """Runs of pages between separator sheets, each with the dossier code before it."""
    documents: list[tuple[list[PageResult], str | None]] = []
    current: list[PageResult] = []
    code: str | None = None
    for page in pages:
        if page.is_separator:
            if current:
                documents.append((current, code))
            current, code = [], page.separator_code or None
        else:
            current.append(page)
    if current:
        documents.append((current, code))
    return documents


def _write_documents(pages: list[PageResult], out_dir: Path, name: str) -> tuple[DocumentResult, ...]:
    runs = split_documents(pages)
    results = []
    for number, (doc_pages, code) in enumerate(runs, start=1):
        pdf_name = f"{name}.pdf" if len(runs) == 1 else f"{name}-{number}.pdf"
        page_files = [p.pdf_page for p in doc_pages if p.pdf_page is not None]
        if page_files:
            pdf.merge_pages(page_files, out_dir / pdf_name, title=pdf_name.removesuffix(".pdf"))
        classified = _classify(doc_pages)
        results.append(DocumentResult(
            pages=tuple(p.index for p in doc_pages), pdf=pdf_name, type=classified.type,
            type_confidence=classified.confidence, fields=classified.fields, dossier_code=code,
            field_warnings=classified.field_warnings, field_sources=classified.field_sources))
    return tuple(results)


def _classify(pages: list[PageResult]) -> Classification:
    """Type and fields; a classifier failure leaves the document unclassified,
    it never costs the pages' OCR."""
    try:
        return classify_document(pages)
    except Exception:  # noqa: BLE001 - any classifier bug, logged with its traceback
        log.exception("classification failed; the document stays unclassified")
        return Classification()


def _public(page: PageResult) -> PageResult:
    """The page without its temporary PDF path (gone once the run ends) and words."""
    return replace(page, pdf_page=None, words=())
