"""The first schema: dossiers, batches, documents, pages, OCR cache, users, tokens, audit log.

Revision ID: 0001
Revises:
Create Date: 2025-07-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
STATES = "('queued', 'processing', 'done', 'failed')"


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def _time(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _user_fk(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], ["users.id"], name=op.f(f"fk_{table}_{column}_users"),
                                   ondelete="SET NULL")


def upgrade() -> None:
    op.create_table(
        "users",
        _id(),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("office", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        _time("created_at"),
        sa.CheckConstraint("role IN ('clerk', 'archivist', 'admin')", name=op.f("ck_users_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "api_tokens",
        _id(),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=255), nullable=False),
        _time("created_at"),
        _time("last_used_at", nullable=True),
        _time("revoked_at", nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_api_tokens_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_api_tokens_user_id"), "api_tokens", ["user_id"])

    op.create_table(
        "dossiers",
        _id(),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("procedure_name", sa.String(length=500), nullable=False),
        sa.Column("applicant_name", sa.String(length=255), nullable=False),
        sa.Column("applicant_id_number", sa.String(length=32), nullable=False),
        sa.Column("office", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        _time("created_at"),
        _time("updated_at"),
        sa.CheckConstraint("status IN ('received', 'processing', 'done', 'failed')",
                           name=op.f("ck_dossiers_status")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossiers")),
        sa.UniqueConstraint("code", name=op.f("uq_dossiers_code")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "batches",
        _id(),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=512), nullable=False),
        sa.Column("office", sa.String(length=255), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("error_code", sa.String(length=64), nullable=True),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.Column("pages_total", sa.Integer(), nullable=False),
        sa.Column("pages_done", sa.Integer(), nullable=False),
        sa.Column("notes", JSON, nullable=False),
        _time("created_at"),
        _time("updated_at"),
        sa.CheckConstraint(f"state IN {STATES}", name=op.f("ck_batches_state")),
        _user_fk("batches", "uploaded_by"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batches")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_batches_sha256"), "batches", ["sha256"])
    op.create_index("ix_batches_state", "batches", ["state"])

    op.create_table(
        "documents",
        _id(),
        sa.Column("dossier_id", sa.Integer(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=512), nullable=False),
        sa.Column("media_type", sa.String(length=128), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("source_pages", JSON, nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("error_code", sa.String(length=64), nullable=True),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.Column("type", sa.String(length=64), nullable=False),
        sa.Column("type_confidence", sa.Float(), nullable=False),
        sa.Column("fields", JSON, nullable=False),
        sa.Column("field_warnings", JSON, nullable=False),
        sa.Column("field_sources", JSON, nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=True),
        sa.Column("pages_done", sa.Integer(), nullable=False),
        sa.Column("pages_total", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), nullable=True),
        _time("processed_at", nullable=True),
        _time("created_at"),
        _time("updated_at"),
        sa.CheckConstraint(f"state IN {STATES}", name=op.f("ck_documents_state")),
        sa.ForeignKeyConstraint(["batch_id"], ["batches.id"], name=op.f("fk_documents_batch_id_batches"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossiers.id"], name=op.f("fk_documents_dossier_id_dossiers"),
                                ondelete="CASCADE"),
        _user_fk("documents", "uploaded_by"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_documents_batch_id"), "documents", ["batch_id"])
    op.create_index("ix_documents_dossier_id_sha256", "documents", ["dossier_id", "sha256"])
    op.create_index("ix_documents_state", "documents", ["state"])

    op.create_table(
        "pages",
        _id(),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("index", sa.Integer(), nullable=False),
        sa.Column("source_index", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("rotation", sa.Integer(), nullable=False),
        sa.Column("skew_degrees", sa.Float(), nullable=False),
        sa.Column("dpi", sa.Float(), nullable=False),
        sa.Column("width_px", sa.Integer(), nullable=False),
        sa.Column("height_px", sa.Integer(), nullable=False),
        sa.Column("warnings", JSON, nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], name=op.f("fk_pages_document_id_documents"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pages")),
        sa.UniqueConstraint("document_id", "index", name=op.f("uq_pages_document_id_index")),
    )
    op.create_table(
        "ocr_results",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("result", JSON, nullable=False),
        _time("created_at"),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_ocr_results")),
    )
    op.create_table(
        "audit_log",
        _id(),
        _time("at"),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("entity", sa.String(length=16), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("changes", JSON, nullable=False),
        sa.CheckConstraint("entity IN ('dossier', 'document', 'batch', 'user', 'token')",
                           name=op.f("ck_audit_log_entity")),
        _user_fk("audit_log", "user_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_at"), "audit_log", ["at"])
    op.create_index("ix_audit_log_entity_entity_id", "audit_log", ["entity", "entity_id"])


def downgrade() -> None:
    for table in ("audit_log", "ocr_results", "pages", "documents", "batches", "dossiers", "api_tokens", "users"):
        op.drop_table(table)
