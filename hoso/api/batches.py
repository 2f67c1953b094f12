"""``/api/v1/batches``: a batch scan that separator sheets split into documents.

``POST /batches`` takes one file (``file``), optionally ``dossier`` (the code
that receives the pages before the first separator sheet, or after a sheet
without a code) and, for archivists and admins, ``office`` (where separator
sheets create missing dossiers; a clerk's batch is always their office's).
The same bytes uploaded again by the same office into the same dossier give
back the batch already made from them (``duplicate: true``), unless it failed.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hoso.api import params
from hoso.api.auth import check_batch, current_user, is_restricted
from hoso.api.dossiers import dossier_code, find_dossier
from hoso.api.errors import error_response
from hoso.api.serialize import batch_json
from hoso.api.services import services
from hoso.api.uploads import Upload, store_all, uploaded_files
from hoso.errors import InvalidValue, QueueUnavailable
from hoso.queue import records
from hoso.queue.enqueue import enqueue_batch
from hoso.store import audit
from hoso.store.db import session_scope
from hoso.store.models import AuditEntity, Batch, Document, JobState, User

bp = Blueprint("batches", __name__)


@bp.post("/batches")
def upload_batch() -> Any:
    svc, user = services(), current_user()
    office = _office(user)
    code = dossier_code(request.form["dossier"]) if request.form.get("dossier", "").strip() else None
    if code is not None:
        with session_scope(svc.sessions) as session:
            find_dossier(session, code)
    uploads = uploaded_files(request.files.getlist("file"))
    if len(uploads) != 1:
        raise InvalidValue("Mỗi lô chỉ nhận một tệp (trường 'file'); tải nhiều tệp thành nhiều lô.")
    upload = store_all(svc.files, uploads, svc.settings.limits.max_bytes)[0]
    with session_scope(svc.sessions) as session:
        batch = _existing(session, upload, office, code)
        duplicate = batch is not None
        if batch is None:
            batch = records.new_batch(session, sha256=upload.sha256, file_name=upload.file_name, office=office,
                                      uploaded_by=user.id, dossier_code=code)
            audit.record(session, user.id, "batch.upload", AuditEntity.BATCH, batch.id,
                         {"file_name": (None, batch.file_name), "sha256": (None, batch.sha256),
                          "office": (None, office), "dossier_code": (None, code)})
        answer = {"batch_id": batch.id, "state": batch.state, "duplicate": duplicate,
                  "links": {"self": url_for("api.batches.get_batch", batch_id=batch.id)}}
    if not duplicate:
        try:
            enqueue_batch(svc.redis, answer["batch_id"], settings=svc.settings)
        except QueueUnavailable as e:
            return error_response(e.code, e.message, e.http_status, **answer)
    return jsonify(answer), 202


def _office(user: User) -> str:
    """Where the batch's new dossiers go: a clerk's own office; for others ``office`` or theirs."""
    given = "" if is_restricted(user) else params.text(request.form.get("office"), "office", max_length=255)
    office = given or user.office
    if not office:
        raise InvalidValue("Tài khoản chưa gắn với đơn vị nào: gửi kèm trường 'office' của lô tài liệu.")
    return office


def _existing(session: Session, upload: Upload, office: str, code: str | None) -> Batch | None:
    """A batch of the same bytes, office and dossier that has not failed."""
    candidates = session.scalars(select(Batch).where(Batch.sha256 == upload.sha256, Batch.office == office,
                                                     Batch.state != JobState.FAILED.value).order_by(Batch.id))
    return next((b for b in candidates if records.default_dossier_code(b) == code), None)


@bp.get("/batches/<int:batch_id>")
def get_batch(batch_id: int) -> Any:
    with session_scope(services().readers) as session:
        batch = session.scalar(select(Batch).where(Batch.id == batch_id).options(
            selectinload(Batch.documents).selectinload(Document.dossier)))
        return jsonify(batch_json(check_batch(current_user(), batch)))
