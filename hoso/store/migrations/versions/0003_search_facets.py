"""Search facets and PostgreSQL's stored tsvector.

A ``facets`` column on ``search_documents`` with one token per filterable value (type, office,
dossier code), so that both engines filter inside their full-text query instead of joining every
match. SQLite: the FTS5 table is rebuilt with the new column. PostgreSQL: the four expression
indexes of 0002 give way to one stored ``tsv`` column (``hoso.store.search.postgres_tsv_statements``)
and its GIN index, so that neither matching phrases nor ranking parses texts again.

Existing rows get their facets from their documents here, in SQL, with the same encoding as
``hoso.store.search.facet`` (the value's UTF-8 bytes in lower-case hex behind the facet's name).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from hoso.store.search import drop_sqlite_fts_statements, postgres_tsv_statements, sqlite_fts_statements

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_COLUMNS = ("exact", "folded", "fields_exact", "fields_folded")
COLUMNS = (*OLD_COLUMNS, "facets")


def _facets_sql(dialect: str) -> str:
    def hexed(value: str) -> str:
        return f"lower(hex({value}))" if dialect == "sqlite" else f"encode(convert_to({value}, 'UTF8'), 'hex')"
    parts = [("type", "d.type"), ("office", "COALESCE(ds.office, b.office)"), ("dossier", "ds.code")]
    joined = " || ' ' || ".join(f"COALESCE('{name}' || {hexed(value)}, '')" for name, value in parts)
    return (f"UPDATE search_documents SET facets = (SELECT trim({joined}) FROM documents d "
            "LEFT JOIN dossiers ds ON ds.id = d.dossier_id LEFT JOIN batches b ON b.id = d.batch_id "
            "WHERE d.id = search_documents.document_id)")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.add_column("search_documents", sa.Column("facets", sa.Text(), nullable=False, server_default=""))
    op.execute(_facets_sql(dialect))
    if dialect == "sqlite":
        for statement in drop_sqlite_fts_statements() + sqlite_fts_statements(COLUMNS):
            op.execute(statement)
        op.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
    else:
        for name in OLD_COLUMNS:
            op.execute(f"DROP INDEX IF EXISTS ix_search_documents_{name}_tsv")
        for statement in postgres_tsv_statements():
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in drop_sqlite_fts_statements():
            op.execute(statement)
    else:
        op.drop_column("search_documents", "tsv")
        for name in OLD_COLUMNS:
            op.execute(f"CREATE INDEX ix_search_documents_{name}_tsv ON search_documents "
                       f"USING gin (to_tsvector('simple'::regconfig, {name}))")
    op.drop_column("search_documents", "facets")
    if op.get_bind().dialect.name == "sqlite":
        for statement in sqlite_fts_statements(OLD_COLUMNS):
            op.execute(statement)
        op.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
