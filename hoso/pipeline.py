"""The one function that runs a file through the stages (DOMAIN.md result).

load → per page: QR/separator, orient + deskew, quality, OCR, page PDF →
split at separator sheets → classify → one searchable PDF per document.
Imports neither Flask nor RQ; progress leaves through a callback. The CLI
calls :func:`process_file`; the queue workers call :func:`stream_documents`,
the same code path, which hands each document over as soon as it is
complete (a batch's status lists its documents while the rest is read).
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
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
    with tempfile.TemporaryDirectory(prefix="hoso-pages-") as work:
        stream = stream_documents(path, Path(work), settings, executor=executor, progress=progress)
        found = list(stream)
        documents = []
        for document in found:
            pdf_name = document_pdf_name(name, document.number, len(found))
            document.write_pdf(out_dir / pdf_name, title=pdf_name.removesuffix(".pdf"))
            documents.append(document.result(pdf_name))
    return FileResult(source, digest, stream.public_pages(), tuple(documents), tuple(stream.errors))


def document_pdf_name(name: str, number: int, count: int) -> str:
    """``NAME.pdf`` for a file holding one document, ``NAME-<number>.pdf`` otherwise."""
    return f"{name}.pdf" if count == 1 else f"{name}-{number}.pdf"


@dataclass(frozen=True, slots=True)
class FoundDocument:
    """One document of a file, classified, as soon as its last page was processed.

    Its pages keep their OCR words and one-page PDFs, which live in the
    stream's work directory: write the PDF before that directory goes.
    """

    number: int                       # 1-based, in file order
    pages: tuple[PageResult, ...]
    dossier_code: str | None          # from the separator sheet before it
    classification: Classification

    @property
    def page_indexes(self) -> tuple[int, ...]:
        """1-based page numbers of this document in the file."""
        return tuple(p.index for p in self.pages)

    def write_pdf(self, out: Path, *, title: str | None = None) -> bool:
        """Merge the pages' searchable PDFs into ``out``; ``False`` when no page has one."""
        page_files = [p.pdf_page for p in self.pages if p.pdf_page is not None]
        if not page_files:
            return False
        pdf.merge_pages(page_files, Path(out), title=title)
        return True

    def result(self, pdf_name: str) -> DocumentResult:
        """The DOMAIN.md ``documents[]`` entry, with its PDF called ``pdf_name``."""
        c = self.classification
        return DocumentResult(
            pages=self.page_indexes, pdf=pdf_name, type=c.type, type_confidence=c.confidence,
            fields=c.fields, dossier_code=self.dossier_code, field_warnings=c.field_warnings,
            field_sources=c.field_sources)


def join_documents(documents: Sequence[FoundDocument]) -> FoundDocument:
    """All pages of ``documents`` as one document, classified as a whole
    (an upload that is one document whatever separator sheets it holds)."""
    pages = tuple(p for d in documents for p in d.pages)
    code = next((d.dossier_code for d in documents if d.dossier_code), None)
    return FoundDocument(1, pages, code, _classify(list(pages)) if pages else Classification())


def stream_documents(path: Path, work_dir: Path, settings: Settings, *, executor: Executor | None = None,
                     progress: ProgressFn | None = None) -> DocumentStream:
    """The documents of ``path``, each yielded as soon as the separator sheet
    that closes it (or the end of the file) has been processed.

    Page files go to ``work_dir`` (the caller's, kept until the PDFs are
    written). After the iteration, the stream's ``pages`` hold every page
    (separators included) and ``errors`` the file-level errors.
    """
    return DocumentStream(Path(path), Path(work_dir), settings, executor, progress)


class DocumentStream:
    """One pass over a file: iterate it once for its :class:`FoundDocument` s."""

    def __init__(self, path: Path, work_dir: Path, settings: Settings, executor: Executor | None,
                 progress: ProgressFn | None) -> None:
        self.path, self.work_dir, self.settings = path, work_dir, settings
        self._executor, self._progress = executor, progress
        self._started = False
        self.page_count = 0                     # pages the file declares (0 until it is opened)
        self.pages: list[PageResult] = []       # processed so far, in order
        self.errors: list[HosoError] = []       # file-level errors (DOMAIN.md ``errors``)

    def public_pages(self) -> tuple[PageResult, ...]:
        """The pages without their temporary PDF paths and words."""
        return tuple(_public(p) for p in self.pages)

    def __iter__(self) -> Iterator[FoundDocument]:
        if self._started:
            raise RuntimeError("a DocumentStream can be iterated only once")
        self._started = True
        own_pool = self._executor is None
        pool = self._executor or ThreadPoolExecutor(max_workers=max(1, self.settings.jobs),
                                                    thread_name_prefix="page")
        finished = False
        try:
            yield from self._documents(pool)
            finished = True
        finally:
            if own_pool:  # stopped early (consumer gone, job timeout): do not wait for the pages
                pool.shutdown(wait=finished, cancel_futures=not finished)

    def _documents(self, pool: Executor) -> Iterator[FoundDocument]:
        """Load and process pages in order, at most ``2 × jobs`` in flight."""
        try:
            loaded = open_input(self.path, self.settings)
        except HosoError as e:
            self.errors.append(_file_error(e))
            return
        self.page_count = loaded.page_count
        if self._progress:
            self._progress(0, self.page_count)
        window = max(2, 2 * self.settings.jobs)
        in_flight: deque[Future[PageResult]] = deque()
        runs = _Splitter()
        try:
            try:
                for source_page in loaded.pages:
                    in_flight.append(pool.submit(process_page, source_page, self.settings, self.work_dir))
                    while len(in_flight) > window:
                        yield from self._take(in_flight.popleft(), runs)
            except HosoError as e:
                self.errors.append(_file_error(e))
            except Exception as e:  # a loader bug must not lose the pages already read
                self.errors.append(CorruptFile(detail=f"{type(e).__name__}: {e}"))
            while in_flight:
                yield from self._take(in_flight.popleft(), runs)
        finally:
            for future in in_flight:
                future.cancel()
        if last := runs.close():
            yield self._found(*last)

    def _take(self, future: Future[PageResult], runs: _Splitter) -> Iterator[FoundDocument]:
        page = future.result()
        self.pages.append(page)
        if self._progress:
            self._progress(len(self.pages), self.page_count)
        if closed := runs.add(page):
            yield self._found(*closed)

    def _found(self, number: int, pages: list[PageResult], code: str | None) -> FoundDocument:
        return FoundDocument(number, tuple(pages), code, _classify(pages))


class _Splitter:
    """Runs of pages between separator sheets, closed one page at a time."""

    def __init__(self) -> None:
        self._current: list[PageResult] = []
        self._code: str | None = None
        self._count = 0

    def add(self, page: PageResult) -> tuple[int, list[PageResult], str | None] | None:
        """Take the next page; returns the run a separator sheet closes, if any."""
        if not page.is_separator:
            self._current.append(page)
            return None
        closed = self.close()
        self._code = page.separator_code or None
        return closed

    def close(self) -> tuple[int, list[PageResult], str | None] | None:
        """The open run (``number, pages, dossier code``), or ``None`` when it is empty."""
        if not self._current:
            return None
        self._count += 1
        closed = (self._count, self._current, self._code)
        self._current = []
        return closed


def _file_error(error: HosoError) -> HosoError:
    """Map a file-level failure onto a DOMAIN.md error code."""
    if isinstance(error, InputError):
        return error
    if isinstance(error, ToolTimeout):
        return ProcessingTimeout(detail=error.detail)
    return CorruptFile(detail=error.detail or str(error))


def split_documents(pages: Iterable[PageResult]) -> list[tuple[list[PageResult], str | None]]:
    """Runs of pages between separator sheets, each with the dossier code before it."""
    runs = _Splitter()
    closed = [runs.add(page) for page in pages] + [runs.close()]
    return [(run, code) for _, run, code in filter(None, closed)]


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
