"""A dossier's status follows its documents: ``processing`` while any is queued or being
processed, then ``failed`` if any failed, ``done`` when all are done, ``received`` while it has
none. Written in the transaction that changes a document's state (:func:`sync_dossier_status`)."""

from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from hoso.store.models import Document, Dossier
from hoso.store.states import DossierStatus, JobState


def _documents(condition: str) -> str:
    return f"EXISTS (SELECT 1 FROM documents d WHERE d.dossier_id = dossiers.id{condition})"


_ACTIVE = _documents(f" AND d.state IN ('{JobState.QUEUED}', '{JobState.PROCESSING}')")
_FAILED = _documents(f" AND d.state = '{JobState.FAILED}'")
# The status of the ``dossiers`` row being updated, from its documents (also used by migration 0004).
STATUS_SQL = (f"CASE WHEN {_ACTIVE} THEN '{DossierStatus.PROCESSING}' WHEN {_FAILED} THEN '{DossierStatus.FAILED}' "
              f"WHEN {_documents('')} THEN '{DossierStatus.DONE}' ELSE '{DossierStatus.RECEIVED}' END")


def sync_dossier_status(session: Session, *, dossier_id: int | None = None, document_id: int | None = None) -> None:
    """Bring the status of a dossier (given, or ``document_id``'s) in line with its documents.

    The dossier row is locked first (PostgreSQL), so that two workers finishing the last two
    documents of a dossier at once cannot each read the other's as still processing."""
    if dossier_id is None and document_id is not None:
        session.flush()
        dossier_id = session.scalar(select(Document.dossier_id).where(Document.id == document_id))
    if dossier_id is None:
        return
    if session.scalar(select(Dossier.id).where(Dossier.id == dossier_id).with_for_update()) is None:
        return
    session.execute(text(f"UPDATE dossiers SET status = {STATUS_SQL} WHERE id = :id"), {"id": dossier_id})
