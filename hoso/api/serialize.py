"""Records as the API's JSON: times in Vietnam's time with their offset, ids, links."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import url_for

from hoso.queue import records
from hoso.store.models import Batch, Document, Dossier, JobState, Page, User

LOCAL_TIME = ZoneInfo("Asia/Ho_Chi_Minh")


def timestamp(value: datetime | None) -> str | None:
    """ISO 8601 in Asia/Ho_Chi_Minh with its offset (``2025-07-15T09:30:00+07:00``)."""
    return None if value is None else value.astimezone(LOCAL_TIME).isoformat(timespec="seconds")


def error_of(row: Document | Batch) -> dict[str, str] | None:
    return {"code": row.error_code, "message": row.error_message or ""} if row.error_code else None


def progress_of(row: Document | Batch) -> dict[str, int | None]:
    """Pages done and the file's page count (``None`` until a worker has counted them)."""
    known = row.pages_total > 0 or row.state == JobState.DONE.value
    return {"pages_done": row.pages_done, "pages_total": row.pages_total if known else None}


def dossier_summary(dossier: Dossier) -> dict[str, Any]:
    return {"code": dossier.code, "procedure_name": dossier.procedure_name,
            "applicant_name": dossier.applicant_name, "applicant_id_number": dossier.applicant_id_number,
            "office": dossier.office, "status": dossier.status,
            "created_at": timestamp(dossier.created_at), "updated_at": timestamp(dossier.updated_at),
            "links": {"self": url_for("api.dossiers.get_dossier", code=dossier.code)}}


def dossier_detail(dossier: Dossier) -> dict[str, Any]:
    return {**dossier_summary(dossier), "documents": [document_summary(d) for d in dossier.documents]}


def document_summary(document: Document) -> dict[str, Any]:
    return {"id": document.id, "file_name": document.file_name, "state": document.state,
            "type": document.type, "type_confidence": document.type_confidence,
            "progress": progress_of(document), "error": error_of(document),
            "batch_id": document.batch_id, "source_pages": document.source_pages,
            "created_at": timestamp(document.created_at),
            "links": {"self": url_for("api.documents.get_document", document_id=document.id)}}


def document_detail(document: Document) -> dict[str, Any]:
    links = {"self": url_for("api.documents.get_document", document_id=document.id),
             "original": url_for("api.documents.get_original", document_id=document.id),
             "pdf": url_for("api.documents.get_pdf", document_id=document.id) if document.pdf_sha256 else None}
    return {"id": document.id, "dossier_code": document.dossier.code if document.dossier else None,
            "batch_id": document.batch_id, "file_name": document.file_name, "media_type": document.media_type,
            "size_bytes": document.size_bytes, "sha256": document.sha256, "source_pages": document.source_pages,
            "state": document.state, "progress": progress_of(document), "type": document.type,
            "type_confidence": document.type_confidence, "fields": dict(document.fields or {}),
            "field_warnings": list(document.field_warnings or []),
            "field_sources": dict(document.field_sources or {}), "error": error_of(document),
            "pages": [page_json(p) for p in document.pages], "links": links,
            "created_at": timestamp(document.created_at), "updated_at": timestamp(document.updated_at),
            "processed_at": timestamp(document.processed_at)}


def page_json(page: Page) -> dict[str, Any]:
    return {"index": page.index, "source_index": page.source_index, "text": page.text,
            "confidence": page.confidence, "rotation": page.rotation, "skew_degrees": page.skew_degrees,
            "dpi": page.dpi, "width_px": page.width_px, "height_px": page.height_px,
            "warnings": list(page.warnings or [])}


def batch_json(batch: Batch) -> dict[str, Any]:
    documents = [{"id": d.id, "dossier_code": d.dossier.code if d.dossier else None,
                  "pages": d.source_pages, "state": d.state, "type": d.type,
                  "links": {"self": url_for("api.documents.get_document", document_id=d.id)}}
                 for d in batch.documents]
    return {"id": batch.id, "file_name": batch.file_name, "sha256": batch.sha256, "office": batch.office,
            "dossier_code": records.default_dossier_code(batch), "state": batch.state,
            "progress": progress_of(batch), "error": error_of(batch), "documents": documents,
            "notes": records.refusals(batch),
            "created_at": timestamp(batch.created_at), "updated_at": timestamp(batch.updated_at),
            "links": {"self": url_for("api.batches.get_batch", batch_id=batch.id)}}


def user_json(user: User) -> dict[str, Any]:
    return {"name": user.name, "role": user.role, "office": user.office, "active": user.active,
            "created_at": timestamp(user.created_at)}
