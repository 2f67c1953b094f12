"""A job's writes: claim a row, report progress, store a result once, fail it.

Every write that ends a run is a compare-and-set on the row's state, made
as the first statement of its transaction (so SQLite takes its write lock
and PostgreSQL its row lock before anything else is read): of two runs of
one job, the first to commit writes the result and the other finds the row
no longer ``processing`` and writes nothing.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from hoso.errors import HosoError
from hoso.pipeline import DocumentStream, FoundDocument, document_pdf_name
from hoso.queue.context import JobStore
from hoso.store import search
from hoso.store.db import session_scope
from hoso.store.dossier_status import sync_dossier_status
from hoso.store.files import FileStore
from hoso.store.models import Batch, Document, JobState, OcrResult, Page
from hoso.store.types import utcnow

log = logging.getLogger(__name__)
_SHA256 = re.compile(r"[0-9a-f]{64}")

Row = type[Document] | type[Batch]
ACTIVE = (JobState.QUEUED.value, JobState.PROCESSING.value)


@dataclass(frozen=True, slots=True)
class DocumentData:
    """What a finished document row holds, from a fresh run or from the OCR cache."""

    entry: dict[str, Any]                    # DOMAIN.md ``documents[]`` entry
    pages: list[dict[str, Any]]              # DOMAIN.md ``pages[]`` of its pages, in order
    pdf_sha256: str | None = None
    error: HosoError | None = None           # a file error beside a partial result
    pages_total: int = 0                     # pages of the file (progress)

    @classmethod
    def found(cls, document: FoundDocument, pdf_name: str, pdf_sha256: str | None, **kw: Any) -> DocumentData:
        return cls(document.result(pdf_name).to_json(), [p.to_json() for p in document.pages], pdf_sha256, **kw)

    def columns(self) -> dict[str, Any]:
        """The document columns set when it is done."""
        e = self.entry
        return {"type": e["type"], "type_confidence": e["type_confidence"], "fields": dict(e["fields"]),
                "field_warnings": list(e.get("field_warnings", [])), "field_sources": dict(e.get("field_sources", {})),
                "pdf_sha256": self.pdf_sha256, "state": JobState.DONE.value, "processed_at": utcnow(),
                "error_code": self.error.code if self.error else None,
                "error_message": self.error.message if self.error else None,
                "pages_done": self.pages_total, "pages_total": self.pages_total}


def label(model: Row) -> str:
    """``document`` or ``batch``, for logs and job results."""
    return "batch" if model is Batch else "document"


def outcome(model: Row, row_id: int, state: JobState, **extra: Any) -> dict[str, Any]:
    """A job's return value (kept in Redis for a while; the database has the result)."""
    return {"kind": label(model), "id": row_id, "state": state.value, **extra}


def page_rows(pages: Sequence[dict[str, Any]]) -> list[Page]:
    """``Page`` rows (numbered from 1 in the document) from DOMAIN.md page entries."""
    return [Page(index=number, source_index=p["index"], text=p["text"], confidence=p["confidence"],
                 rotation=p["rotation"], skew_degrees=p["skew_degrees"], dpi=p["dpi"], width_px=p["width_px"],
                 height_px=p["height_px"], warnings=list(p["warnings"]))
            for number, p in enumerate(pages, start=1)]


def store_pdf(files: FileStore, path: Path) -> str:
    """Put a searchable PDF into the file store; returns its SHA-256."""
    with open(path, "rb") as fh:
        return files.put_stream(fh)[0]


def file_result(source: str, sha256: str, stream: DocumentStream, found: Sequence[FoundDocument], stem: str,
                pdf_sha256: dict[int, str]) -> dict[str, Any]:
    """The file's DOMAIN.md result (as ``hoso process`` writes it), each document with the
    ``pdf_sha256`` of its PDF in the file store where one was stored: the OCR cache row."""
    documents = []
    for document in found:
        entry = document.result(document_pdf_name(stem, document.number, len(found))).to_json()
        if document.number in pdf_sha256:
            entry["pdf_sha256"] = pdf_sha256[document.number]
        documents.append(entry)
    return {"source": source, "sha256": sha256, "pages": [p.to_json() for p in stream.public_pages()],
            "documents": documents, "errors": [e.to_dict() for e in stream.errors]}


def cached_document(session: Session, files: FileStore, sha256: str) -> DocumentData | None:
    """The stored result of the same bytes, when it is one document whose PDF is in the file store."""
    row = session.get(OcrResult, sha256)
    documents = row.result.get("documents", []) if row else []
    pdf_sha256 = documents[0].get("pdf_sha256") if len(documents) == 1 else None
    if not isinstance(pdf_sha256, str) or not _SHA256.fullmatch(pdf_sha256) or not files.exists(pdf_sha256):
        return None
    result, entry = row.result, dict(documents[0])
    by_index = {p["index"]: p for p in result["pages"]}
    errors = result.get("errors") or []
    return DocumentData(entry, [by_index[i] for i in entry["pages"]], entry.pop("pdf_sha256"),
                        stored_error(errors[0]) if errors else None, len(result["pages"]))


def stored_error(error: dict[str, str]) -> HosoError:
    """A ``{"code", "message"}`` error back as an error object."""
    found = HosoError(error.get("message"))
    found.code = error.get("code", found.code)
    return found


def claim(sessions: sessionmaker[Session], model: Row, row_id: int) -> int | None:
    """Mark a ``queued``/``processing`` row ``processing`` (its ``attempts`` + 1).

    Returns the attempt number, or ``None`` when the row is gone, done or failed:
    nothing to do.
    """
    with session_scope(sessions) as session:
        claimed = session.execute(update(model).where(model.id == row_id, model.state.in_(ACTIVE)).values(
            state=JobState.PROCESSING.value, pages_done=0, attempts=model.attempts + 1))
        if claimed.rowcount != 1:
            return None
        return session.scalar(select(model.attempts).where(model.id == row_id))


def finish_document(store: JobStore, document_id: int, data: DocumentData, ocr_result: dict[str, Any] | None) -> bool:
    """Write the result of a run in one transaction; ``False`` when another run already did."""
    with session_scope(store.sessions) as session:
        won = session.execute(update(Document).where(Document.id == document_id,
                                                     Document.state == JobState.PROCESSING.value)
                              .values(**data.columns()))
        if won.rowcount != 1:
            return False
        session.execute(delete(Page).where(Page.document_id == document_id))
        for page in page_rows(data.pages):
            page.document_id = document_id
            session.add(page)
        if ocr_result is not None:
            remember_ocr_result(session, ocr_result)
        search.reindex_document(session, document_id)   # searchable exactly when done
        sync_dossier_status(session, document_id=document_id)
    return True


def remember_ocr_result(session: Session, result: dict[str, Any]) -> None:
    """Store a file's DOMAIN.md result under its SHA-256 unless one is there already."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(OcrResult).values(sha256=result["sha256"], result=result, created_at=utcnow())
                    .on_conflict_do_nothing(index_elements=["sha256"]))


def mark_failed(sessions: sessionmaker[Session], model: Row, row_id: int, error: HosoError) -> bool:
    """``failed`` with the error's code and Vietnamese message, if the row is still
    ``queued``/``processing`` (a done row keeps its result, a failed one its first error)."""
    with session_scope(sessions) as session:
        result = session.execute(update(model).where(model.id == row_id, model.state.in_(ACTIVE))
                                 .values(state=JobState.FAILED.value, error_code=error.code,
                                         error_message=error.message))
        if model is Document and result.rowcount == 1:
            sync_dossier_status(session, document_id=row_id)
    log.warning("%s %s failed: %s [%s] %s", label(model), row_id, error.message, error.code, error.detail)
    return result.rowcount == 1


def mark_retrying(sessions: sessionmaker[Session], model: Row, row_id: int, error: HosoError) -> None:
    """Back to ``queued`` with the error of this attempt, while RQ waits to retry; best effort
    (the database may be what failed)."""
    try:
        with session_scope(sessions) as session:
            session.execute(update(model).where(model.id == row_id, model.state == JobState.PROCESSING.value)
                            .values(state=JobState.QUEUED.value, error_code=error.code,
                                    error_message=error.message))
    except SQLAlchemyError as e:
        log.warning("could not note the retry of %s %s: %s", label(model), row_id, e)


@dataclass(slots=True)
class Progress:
    """``pages_done``/``pages_total`` of a row, written at most once a second (and at the end)."""

    sessions: sessionmaker[Session]
    model: Row
    row_id: int
    interval_s: float = 1.0
    _last: float = field(default=0.0)

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done not in (0, total) and now - self._last < self.interval_s:
            return
        self._last = now
        try:  # progress is a courtesy: a failed write must not fail the pages
            with session_scope(self.sessions) as session:
                session.execute(update(self.model)
                                .where(self.model.id == self.row_id, self.model.state == JobState.PROCESSING.value)
                                .values(pages_done=done, pages_total=total))
        except SQLAlchemyError as e:
            log.warning("progress of %s %s not written: %s", label(self.model), self.row_id, e)
