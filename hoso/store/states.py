"""States, roles and audit entities: ``str`` enums whose values go straight into JSON.

Kept apart from the models so that callers (CLI parsers, API schemas) can
use them without importing SQLAlchemy.
"""

from __future__ import annotations

from enum import StrEnum


class DossierStatus(StrEnum):
    RECEIVED = "received"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"


class JobState(StrEnum):
    """State of a document or a batch in the processing queue."""

    QUEUED = "queued"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"


class Role(StrEnum):
    CLERK = "clerk"            # counter staff: their office's dossiers
    ARCHIVIST = "archivist"    # digitization team: batches, all offices
    ADMIN = "admin"            # users and tokens


class AuditEntity(StrEnum):
    DOSSIER = "dossier"
    DOCUMENT = "document"
    BATCH = "batch"
    USER = "user"
    TOKEN = "token"
