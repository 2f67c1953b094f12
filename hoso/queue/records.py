"""The rows a job is made for, as the API creates them, and what batches note.

The API stores the upload in the file store, adds a row here in the same
transaction as anything else it writes, commits, then calls
:mod:`hoso.queue.enqueue`. If the enqueue fails (Redis down), the row stays
``queued`` and the workers' recovery sweep enqueues it later.

``Batch.notes`` is a list of dicts with a ``kind``:

- ``{"kind": "default_dossier", "code": "..."}``: the dossier a batch was
  uploaded into; its documents without a separator code go there (written
  by :func:`new_batch`; the table has no dossier column);
- ``{"kind": "refused", "code": "...", "pages": [4, 5], "reason": "..."}``:
  pages a separator sheet sent to a dossier the uploader may not write to;
  nothing was written there.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hoso.store.dossier_status import sync_dossier_status
from hoso.store.models import Batch, Document, JobState
from hoso.store.types import nfc

DEFAULT_DOSSIER = "default_dossier"
REFUSED = "refused"


def new_document(session: Session, *, dossier_id: int, sha256: str, file_name: str, media_type: str = "",
                 size_bytes: int = 0, uploaded_by: int | None = None) -> Document:
    """A ``queued`` document for one uploaded file (its bytes already in the file store)."""
    document = Document(dossier_id=dossier_id, sha256=sha256, file_name=file_name, media_type=media_type,
                        size_bytes=size_bytes, uploaded_by=uploaded_by, state=JobState.QUEUED.value)
    session.add(document)
    session.flush()
    sync_dossier_status(session, dossier_id=dossier_id)
    return document


def existing_document(session: Session, dossier_id: int, sha256: str) -> Document | None:
    """The document already made from the same bytes uploaded into the same dossier
    (a single upload, not a batch's), if any: an idempotent upload returns it."""
    return session.scalar(select(Document)
                          .where(Document.dossier_id == dossier_id, Document.sha256 == sha256,
                                 Document.batch_id.is_(None))
                          .order_by(Document.id).limit(1))


def new_batch(session: Session, *, sha256: str, file_name: str, office: str, uploaded_by: int | None = None,
              dossier_code: str | None = None) -> Batch:
    """A ``queued`` batch; ``office`` is the uploader's (new dossiers are created there);
    ``dossier_code`` receives the documents that no separator sheet routes elsewhere."""
    notes: list[dict[str, Any]] = []
    if dossier_code:
        notes.append({"kind": DEFAULT_DOSSIER, "code": nfc(dossier_code.strip())})
    batch = Batch(sha256=sha256, file_name=file_name, office=office, uploaded_by=uploaded_by, notes=notes,
                  state=JobState.QUEUED.value)
    session.add(batch)
    session.flush()
    return batch


def default_dossier_code(batch: Batch) -> str | None:
    """The dossier a batch was uploaded into, or ``None``."""
    return next((n.get("code") for n in _notes(batch) if n.get("kind") == DEFAULT_DOSSIER), None)


def refusals(batch: Batch) -> list[dict[str, Any]]:
    """The routes refused so far: ``[{"code", "pages", "reason"}, ...]`` (for the batch status)."""
    return [{k: n[k] for k in ("code", "pages", "reason") if k in n}
            for n in _notes(batch) if n.get("kind") == REFUSED]


def _notes(batch: Batch) -> list[dict[str, Any]]:
    return [n for n in (batch.notes or []) if isinstance(n, dict)]
