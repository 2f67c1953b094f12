"""Batches count their runs (``attempts``, capped by HOSO_MAX_ATTEMPTS like documents', so a
batch that keeps killing its worker ends ``failed``), and dossier statuses are brought in line
with their documents (``hoso.store.dossier_status``), which the workers keep from now on.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from hoso.store.dossier_status import STATUS_SQL

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("batches", sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
    op.execute(f"UPDATE dossiers SET status = {STATUS_SQL}")


def downgrade() -> None:
    op.drop_column("batches", "attempts")
