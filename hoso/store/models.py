"""The database schema: dossiers, batches, documents, pages, users, tokens, audit.

States and roles are plain string columns with a CHECK constraint; their
values are the ``StrEnum`` members of :mod:`hoso.store.states` (re-exported here).
Times are UTC-aware (:class:`~hoso.store.types.UTCDateTime`); names,
offices and codes are NFC (:class:`~hoso.store.types.NFCString`), also on
the Python object as soon as they are assigned.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (BigInteger, Boolean, CheckConstraint, Column, Float, ForeignKey, ForeignKeyConstraint,
                        Index, Integer, MetaData, PrimaryKeyConstraint, String, Table, Text, UniqueConstraint,
                        event)
from sqlalchemy.orm import DeclarativeBase, Mapped, Mapper, mapped_column, relationship

from hoso.store.states import AuditEntity, DossierStatus, JobState, Role
from hoso.store.types import JSONType, NFCString, UTCDateTime, nfc, utcnow

# Stable constraint names on every database, so later migrations can name them.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

__all__ = ["ApiToken", "AuditEntity", "AuditLog", "Base", "Batch", "Document", "Dossier", "DossierStatus", "JobState",
           "OcrResult", "Page", "Role", "User"]


def one_of(column: str, values: type[StrEnum]) -> CheckConstraint:
    """``CHECK (column IN (...))`` named after the column."""
    listed = ", ".join(f"'{v.value}'" for v in values)
    return CheckConstraint(f"{column} IN ({listed})", name=column)


def _table_args(*items: Any) -> tuple[Any, ...]:
    # AUTOINCREMENT on SQLite: ids of deleted rows are never reused (the audit
    # log names rows by id); PostgreSQL sequences never reuse them anyway.
    return (*items, {"sqlite_autoincrement": True})


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Job(Timestamped):
    """Progress of something the queue processes (a batch, a document)."""

    state: Mapped[str] = mapped_column(String(16), default=JobState.QUEUED.value)
    error_code: Mapped[str | None] = mapped_column(String(64))     # hoso.errors code when failed
    error_message: Mapped[str | None] = mapped_column(Text)
    pages_done: Mapped[int] = mapped_column(Integer, default=0)
    pages_total: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)     # runs begun; capped by HOSO_MAX_ATTEMPTS


class Dossier(Timestamped, Base):
    """An electronic dossier (hồ sơ) received at one office."""

    __tablename__ = "dossiers"
    __table_args__ = _table_args(one_of("status", DossierStatus))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(NFCString(64), unique=True)
    procedure_name: Mapped[str] = mapped_column(NFCString(500), default="")
    applicant_name: Mapped[str] = mapped_column(NFCString(255), default="")
    applicant_id_number: Mapped[str] = mapped_column(String(32), default="")
    office: Mapped[str] = mapped_column(NFCString(255))   # receiving commune/ward or department
    status: Mapped[str] = mapped_column(String(16), default=DossierStatus.RECEIVED.value)

    documents: Mapped[list[Document]] = relationship(back_populates="dossier", cascade="all, delete-orphan",
                                                     passive_deletes=True, order_by="Document.id")


class Batch(Job, Base):
    """A bulk upload of scans not tied to one dossier (separator sheets route its documents)."""

    __tablename__ = "batches"
    __table_args__ = _table_args(one_of("state", JobState), Index("ix_batches_state", "state"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    file_name: Mapped[str] = mapped_column(NFCString(512))
    office: Mapped[str] = mapped_column(NFCString(255))
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    notes: Mapped[list[Any]] = mapped_column(JSONType, default=list)   # messages, e.g. refused routes

    documents: Mapped[list[Document]] = relationship(back_populates="batch", order_by="Document.id")


class Document(Job, Base):
    """One document: a whole uploaded file, or the pages of it between separator sheets."""

    __tablename__ = "documents"
    __table_args__ = _table_args(
        one_of("state", JobState),
        Index("ix_documents_dossier_id_sha256", "dossier_id", "sha256"),
        Index("ix_documents_state", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Null while a batch's document waits to be routed to a dossier.
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id", ondelete="SET NULL"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))          # of the original uploaded file
    file_name: Mapped[str] = mapped_column(NFCString(512))
    media_type: Mapped[str] = mapped_column(String(128), default="")
    size_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    source_pages: Mapped[list[int] | None] = mapped_column(JSONType)  # 1-based; None: whole file
    type: Mapped[str] = mapped_column(String(64), default="khac")
    type_confidence: Mapped[float] = mapped_column(Float, default=0.0)
    fields: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    field_warnings: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    field_sources: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))    # searchable PDF in the file store
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    dossier: Mapped[Dossier | None] = relationship(back_populates="documents")
    batch: Mapped[Batch | None] = relationship(back_populates="documents")
    pages: Mapped[list[Page]] = relationship(back_populates="document", cascade="all, delete-orphan",
                                             passive_deletes=True, order_by="Page.index")


class Page(Base):
    """One page of a document, as DOMAIN.md's result describes it."""

    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("document_id", "index"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    index: Mapped[int] = mapped_column(Integer)              # 1-based within the document
    source_index: Mapped[int] = mapped_column(Integer)       # 1-based within the original file
    text: Mapped[str] = mapped_column(Text, default="")
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    rotation: Mapped[int] = mapped_column(Integer, default=0)
    skew_degrees: Mapped[float] = mapped_column(Float, default=0.0)
    dpi: Mapped[float] = mapped_column(Float, default=0.0)
    width_px: Mapped[int] = mapped_column(Integer, default=0)
    height_px: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[list[str]] = mapped_column(JSONType, default=list)

    document: Mapped[Document] = relationship(back_populates="pages")


class OcrResult(Base):
    """The DOMAIN.md result of a file, by its bytes: the same upload is never processed twice."""

    __tablename__ = "ocr_results"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    result: Mapped[dict[str, Any]] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class User(Base):
    __tablename__ = "users"
    __table_args__ = _table_args(one_of("role", Role))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(NFCString(255), unique=True)
    office: Mapped[str] = mapped_column(NFCString(255), default="")
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user", cascade="all, delete-orphan",
                                                  passive_deletes=True, order_by="ApiToken.id")


class ApiToken(Base):
    """An API token; only the SHA-256 of its text is kept."""

    __tablename__ = "api_tokens"
    __table_args__ = _table_args()

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(NFCString(255), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="tokens")


class AuditLog(Base):
    """Who changed what: ``changes`` is ``{"field": [before, after], ...}``."""

    __tablename__ = "audit_log"
    __table_args__ = (one_of("entity", AuditEntity), Index("ix_audit_log_entity_entity_id", "entity", "entity_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(16))
    entity_id: Mapped[int] = mapped_column(Integer)
    changes: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)


# The search index's rows (``hoso.store.search``): a document's words, exact (NFC, lower case)
# and folded (``fold``), of its text and of its fields. On SQLite an FTS5 table over it
# (``search_fts``, made by migrations 0002 and 0003) is kept in step by triggers; on PostgreSQL a
# stored ``tsvector`` column ``tsv`` with a GIN index (migration 0003) serves it. Neither is
# described here (``hoso.store.db.in_schema``). ``facets`` holds one token per filterable value
# (type, office, dossier; ``hoso.store.search.facet``) so that SQLite filters inside FTS5.
SEARCH_COLUMNS = ("exact", "folded", "fields_exact", "fields_folded")
search_documents = Table(
    "search_documents", Base.metadata,
    Column("document_id", Integer(), nullable=False),
    *(Column(name, Text(), nullable=False) for name in SEARCH_COLUMNS),
    Column("facets", Text(), nullable=False, server_default=""),
    PrimaryKeyConstraint("document_id", name="pk_search_documents"),
    ForeignKeyConstraint(["document_id"], ["documents.id"], name="fk_search_documents_document_id_documents",
                         ondelete="CASCADE"),
)


def _nfc_on_set(target: Any, value: Any, oldvalue: Any, initiator: Any) -> Any:
    return nfc(value) if isinstance(value, str) else value


@event.listens_for(Base, "mapper_configured", propagate=True)
def _normalise_nfc_columns(mapper: Mapper[Any], cls: type) -> None:
    """Every ``NFCString`` attribute is made NFC as soon as it is assigned."""
    for prop in mapper.column_attrs:
        if any(isinstance(col.type, NFCString) for col in prop.columns):
            event.listen(prop.class_attribute, "set", _nfc_on_set, retval=True)
