"""Documents: upload into a dossier, read, download (searchable PDF, original), correct.

Uploads are idempotent: the same bytes uploaded into the same dossier give
back the document already made from them (``duplicate: true``, nothing
enqueued, whatever its state); into another dossier they make a new
document, whose job reuses the stored OCR result of those bytes.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from flask import Blueprint, jsonify, request, send_file, url_for
from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from hoso.api import params
from hoso.api.auth import check_document, current_user
from hoso.api.corrections import apply_correction
from hoso.api.dossiers import find_dossier
from hoso.api.errors import DocumentBusy, NotReady, ResourceNotFound, error_response
from hoso.api.serialize import document_detail
from hoso.api.services import services
from hoso.api.uploads import store_all, uploaded_files
from hoso.errors import NotFound, QueueUnavailable
from hoso.queue import records
from hoso.queue.connection import QueueName
from hoso.queue.enqueue import enqueue_document
from hoso.store import audit
from hoso.store.db import session_scope
from hoso.store.models import AuditEntity, Document, Dossier, JobState
from hoso.store.types import utcnow

bp = Blueprint("documents", __name__)
FINISHED = (JobState.DONE.value, JobState.FAILED.value)


@bp.post("/dossiers/<code>/documents")
def upload_documents(code: str) -> Any:
    svc, user = services(), current_user()
    with session_scope(svc.sessions) as session:
        dossier_id = find_dossier(session, code).id
    stored = store_all(svc.files, uploaded_files(request.files.getlist("file")), svc.settings.limits.max_bytes)
    answer, queued = [], []
    with session_scope(svc.sessions) as session:
        # First statement: the dossier's row lock (SQLite: the write lock), so two uploads of
        # the same bytes at once make one document.
        session.execute(update(Dossier).where(Dossier.id == dossier_id).values(updated_at=utcnow()))
        for upload in stored:
            document = records.existing_document(session, dossier_id, upload.sha256)
            duplicate = document is not None
            if document is None:
                document = records.new_document(session, dossier_id=dossier_id, sha256=upload.sha256,
                                                file_name=upload.file_name, media_type=upload.media_type,
                                                size_bytes=upload.size_bytes, uploaded_by=user.id)
                audit.record(session, user.id, "document.upload", AuditEntity.DOCUMENT, document.id,
                             {"dossier_id": (None, dossier_id), "file_name": (None, document.file_name),
                              "sha256": (None, document.sha256)})
                queued.append(document.id)
            answer.append(_upload_answer(document, duplicate))
    try:
        for document_id in queued:
            enqueue_document(svc.redis, document_id, queue=QueueName.COUNTER, settings=svc.settings)
    except QueueUnavailable as e:
        return error_response(e.code, e.message, e.http_status, documents=answer)
    return jsonify({"documents": answer}), 202


def _upload_answer(document: Document, duplicate: bool) -> dict[str, Any]:
    return {"id": document.id, "state": document.state, "duplicate": duplicate, "file_name": document.file_name,
            "links": {"self": url_for("api.documents.get_document", document_id=document.id)}}


def load_document(session: Session, document_id: int) -> Document:
    """The document as the current user may see it, with its pages; 404 otherwise."""
    document = session.scalar(select(Document).where(Document.id == document_id)
                              .options(selectinload(Document.pages), selectinload(Document.dossier),
                                       selectinload(Document.batch)))
    return check_document(current_user(), document)


@bp.get("/documents/<int:document_id>")
def get_document(document_id: int) -> Any:
    with session_scope(services().readers) as session:
        return jsonify(document_detail(load_document(session, document_id)))


@bp.get("/documents/<int:document_id>/pdf")
def get_pdf(document_id: int) -> Any:
    with session_scope(services().readers) as session:
        document = load_document(session, document_id)
    if document.state != JobState.DONE.value:
        raise NotReady("Tài liệu chưa xử lý xong nên chưa có tệp PDF tìm kiếm được. Vui lòng thử lại sau.")
    if not document.pdf_sha256:
        raise ResourceNotFound("Tài liệu này không có tệp PDF (không đọc được trang nào).")
    stem = PurePath(document.file_name).stem or "tai-lieu"
    if document.source_pages:
        stem += f"-trang-{document.source_pages[0]}-{document.source_pages[-1]}"
    return _send(document.pdf_sha256, "application/pdf", f"{stem}.pdf", attachment=False)


@bp.get("/documents/<int:document_id>/original")
def get_original(document_id: int) -> Any:
    with session_scope(services().readers) as session:
        document = load_document(session, document_id)
    return _send(document.sha256, document.media_type or "application/octet-stream", document.file_name,
                 attachment=True)


def _send(sha256: str, mimetype: str, name: str, *, attachment: bool) -> Any:
    path = services().files.path(sha256)
    if not path.is_file():
        raise NotFound(detail=f"file store has no {sha256}")
    return send_file(path, mimetype=mimetype, as_attachment=attachment, download_name=name, etag=sha256,
                     conditional=True, max_age=0)


@bp.patch("/documents/<int:document_id>")
def patch_document(document_id: int) -> Any:
    body = params.json_body(("type", "fields"))
    user = current_user()
    with session_scope(services().sessions) as session:
        # First statement: lock the finished row, so corrections never interleave.
        locked = session.execute(update(Document).where(Document.id == document_id, Document.state.in_(FINISHED))
                                 .values(updated_at=utcnow())).rowcount == 1
        document = load_document(session, document_id)
        if not locked:
            raise DocumentBusy()
        changes = apply_correction(document, body)
        if changes:
            audit.record(session, user.id, "document.correct", AuditEntity.DOCUMENT, document.id, changes)
        session.flush()
        return jsonify(document_detail(document))
