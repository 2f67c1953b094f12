"""``process_batch``: a batch file whose separator sheets route its documents to dossiers.

Each document is written (state ``done``, ``source_pages`` its pages in the
batch file) as soon as the separator sheet after it has been processed, so
the batch status lists documents while the rest is still being read.

Routing. A document after a ``HOSO:SEPARATOR:<code>`` sheet goes to the
dossier ``<code>``, which is created in the uploader's office when missing;
one without a code goes to the dossier the batch was uploaded into, or to
no dossier yet. A counter clerk (or an uploader no longer known) may not
write into another office's dossier: those pages are refused with a note on
the batch, and nothing is written there. Archivists and admins route anywhere.

A run after a crash skips the documents an earlier run wrote (keyed on the
batch and the pages), so a retried batch never duplicates one.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hoso.digitize.loader import sniff
from hoso.errors import NotFound, ProcessingInterrupted, RouteRefused
from hoso.pipeline import FoundDocument, stream_documents
from hoso.queue import records
from hoso.queue.context import JobStore
from hoso.queue.results import (DocumentData, Progress, claim, file_result, outcome, page_rows, remember_ocr_result,
                                store_pdf)
from hoso.store import audit
from hoso.store.db import session_scope
from hoso.store.dossier_status import sync_dossier_status
from hoso.store.models import AuditEntity, Batch, Document, Dossier, JobState, Role, User
from hoso.store.types import utcnow

log = logging.getLogger(__name__)


class _Superseded(Exception):
    """The batch is no longer ``processing``: another run finished it."""


@dataclass(slots=True)
class _Context:
    batch_id: int
    sha256: str
    file_name: str
    office: str
    uploaded_by: int | None
    restricted: bool                  # may write only into its own office's dossiers
    default_code: str | None
    media_type: str = ""
    size_bytes: int = 0
    written: dict[tuple[int, ...], str | None] = field(default_factory=dict)  # pages → pdf sha256


@dataclass(frozen=True, slots=True)
class _Refusal:
    code: str
    reason: str


def run_batch(store: JobStore, batch_id: int) -> dict[str, Any]:
    attempt = claim(store.sessions, Batch, batch_id)
    if attempt is None:
        return outcome(Batch, batch_id, JobState.DONE, skipped=True)
    if attempt > store.settings.max_attempts:        # it keeps stopping its worker: give up
        raise ProcessingInterrupted(detail=f"{attempt - 1} attempts")
    ctx = _context(store, batch_id)
    original = store.files.path(ctx.sha256)
    if not original.is_file():
        raise NotFound(detail=f"file store has no {ctx.sha256}")
    with original.open("rb") as fh:
        ctx.media_type = sniff(fh.read(1024)) or ""
    ctx.size_bytes = original.stat().st_size
    stem = Path(ctx.file_name).stem or "batch"
    found: list[FoundDocument] = []
    pdfs: dict[int, str] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="hoso-batch-") as work_dir:
            work = Path(work_dir)
            (work / "pages").mkdir()
            stream = stream_documents(original, work / "pages", store.settings,
                                      progress=Progress(store.sessions, Batch, batch_id))
            for document in stream:
                found.append(document)
                if pdf := _write_document(store, ctx, document, work, stem):
                    pdfs[document.number] = pdf
    except _Superseded:
        return outcome(Batch, batch_id, JobState.DONE, skipped=True)
    if stream.errors and not stream.pages:
        raise stream.errors[0]
    total = max(stream.page_count, len(stream.pages))
    error = stream.errors[0] if stream.errors else None
    with session_scope(store.sessions) as session:
        won = session.execute(update(Batch).where(Batch.id == batch_id, Batch.state == JobState.PROCESSING.value)
                              .values(state=JobState.DONE.value, pages_done=total, pages_total=total,
                                      error_code=error.code if error else None,
                                      error_message=error.message if error else None))
        if won.rowcount == 1:
            remember_ocr_result(session, file_result(ctx.file_name, ctx.sha256, stream, found, stem, pdfs))
    log.info("batch %s done: %d pages, %d documents", batch_id, total, len(found))
    return outcome(Batch, batch_id, JobState.DONE, documents=len(found), pages=total)


def _context(store: JobStore, batch_id: int) -> _Context:
    with session_scope(store.sessions) as session:
        batch = session.get(Batch, batch_id)
        user = session.get(User, batch.uploaded_by) if batch.uploaded_by is not None else None
        restricted = user is None or user.role == Role.CLERK.value
        ctx = _Context(batch_id, batch.sha256, batch.file_name, batch.office, batch.uploaded_by, restricted,
                       records.default_dossier_code(batch))
        ctx.written = _written(session, batch_id)
    return ctx


def _written(session: Session, batch_id: int) -> dict[tuple[int, ...], str | None]:
    """The batch's documents already written: their pages → the SHA-256 of their PDF."""
    rows = session.execute(select(Document.source_pages, Document.pdf_sha256).where(Document.batch_id == batch_id))
    return {tuple(pages or ()): pdf for pages, pdf in rows}


def _write_document(store: JobStore, ctx: _Context, document: FoundDocument, work: Path,
                    stem: str) -> str | None:
    """Route and write one document; returns the SHA-256 of its PDF (``None``: refused or no PDF)."""
    key = document.page_indexes
    if key in ctx.written:
        return ctx.written[key]
    code = document.dossier_code or ctx.default_code
    with session_scope(store.sessions) as session:      # look before writing the PDF
        route = _route(session, ctx, code, create=False)
    pdf_sha256 = None
    title = f"{stem}-{document.number}"
    if not isinstance(route, _Refusal):
        pdf_path = work / f"{title}.pdf"
        pdf_sha256 = store_pdf(store.files, pdf_path) if document.write_pdf(pdf_path, title=title) else None
    with session_scope(store.sessions) as session:
        _hold(session, ctx.batch_id)
        if key in _written(session, ctx.batch_id):      # by a run beside this one
            return pdf_sha256
        route = _route(session, ctx, code, create=True)
        if isinstance(route, _Refusal):
            _note_refusal(session, ctx.batch_id, route, key)
            return None
        data = DocumentData.found(document, f"{title}.pdf", pdf_sha256, pages_total=len(key))
        session.add(Document(dossier_id=route.id if route else None, batch_id=ctx.batch_id, sha256=ctx.sha256,
                             file_name=ctx.file_name, media_type=ctx.media_type, size_bytes=ctx.size_bytes,
                             source_pages=list(key), uploaded_by=ctx.uploaded_by, attempts=1,
                             pages=page_rows(data.pages), **data.columns()))
        sync_dossier_status(session, dossier_id=route.id if route else None)
    ctx.written[key] = pdf_sha256
    return pdf_sha256


def _hold(session: Session, batch_id: int) -> None:
    """Lock the batch row for this transaction (write lock on SQLite); :class:`_Superseded` if
    it is no longer ``processing``."""
    held = session.execute(update(Batch).where(Batch.id == batch_id, Batch.state == JobState.PROCESSING.value)
                           .values(updated_at=utcnow()))
    if held.rowcount != 1:
        raise _Superseded()


def _route(session: Session, ctx: _Context, code: str | None, *, create: bool) -> Dossier | _Refusal | None:
    """The dossier ``code`` names (created when missing and ``create``), or why it is refused."""
    if not code:
        return None
    dossier = session.scalar(select(Dossier).where(Dossier.code == code))
    if dossier is None:
        if not create:
            return None
        dossier = _create_dossier(session, ctx, code)
    if ctx.restricted and dossier.office != ctx.office:
        return _Refusal(code, f"Hồ sơ {code} thuộc đơn vị {dossier.office}; cán bộ một cửa của "
                              f"{ctx.office or 'đơn vị khác'} không được ghi vào hồ sơ của đơn vị khác. "
                              f"{RouteRefused.default_message}")
    return dossier


def _create_dossier(session: Session, ctx: _Context, code: str) -> Dossier:
    dossier = Dossier(code=code, office=ctx.office)
    try:
        with session.begin_nested():
            session.add(dossier)
    except IntegrityError:              # created by someone else meanwhile
        return session.scalars(select(Dossier).where(Dossier.code == code)).one()
    audit.record(session, ctx.uploaded_by, "dossier.create", AuditEntity.DOSSIER, dossier.id,
                 {"code": (None, dossier.code), "office": (None, dossier.office), "batch_id": (None, ctx.batch_id)})
    log.info("batch %s: created dossier %s in %s", ctx.batch_id, code, ctx.office)
    return dossier


def _note_refusal(session: Session, batch_id: int, refusal: _Refusal, pages: tuple[int, ...]) -> None:
    batch = session.get(Batch, batch_id)
    note = {"kind": records.REFUSED, "code": refusal.code, "pages": list(pages), "reason": refusal.reason}
    if note not in (batch.notes or []):
        batch.notes = [*(batch.notes or []), note]   # a new list: in-place edits are not tracked
    log.warning("batch %s: pages %s refused for dossier %s", batch_id, list(pages), refusal.code)
