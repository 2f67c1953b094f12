"""Search: the ``search_documents`` table (exact and folded token strings) and, on PostgreSQL,
GIN indexes on their ``tsvector`` (config ``simple``).

On SQLite, the FTS5 table over ``search_documents`` and the triggers that keep it
in step (``hoso.store.search.sqlite_fts_statements``); its shadow tables have no
model and are left out of the schema comparison (``hoso.store.db.in_schema``).
``hoso reindex`` fills the index from documents processed before this migration.

Revision ID: 0002
Revises: 0001
Create Date: 2025-07-15
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from hoso.store.search import drop_sqlite_fts_statements, sqlite_fts_statements

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("exact", "folded", "fields_exact", "fields_folded")


def upgrade() -> None:
    op.create_table(
        "search_documents",
        sa.Column("document_id", sa.Integer(), nullable=False),
        *(sa.Column(name, sa.Text(), nullable=False) for name in COLUMNS),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"],
                                name=op.f("fk_search_documents_document_id_documents"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_search_documents")),
    )
    if op.get_bind().dialect.name == "sqlite":
        for statement in sqlite_fts_statements(COLUMNS):
            op.execute(statement)
    if op.get_bind().dialect.name == "postgresql":
        for name in COLUMNS:
            op.execute(f"CREATE INDEX ix_search_documents_{name}_tsv ON search_documents "
                       f"USING gin (to_tsvector('simple'::regconfig, {name}))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in drop_sqlite_fts_statements():
            op.execute(statement)
    op.drop_table("search_documents")
