"""Alembic environment: the package's models, a connection from ``hoso.store.db.migrate``.

Run by ``migrate()`` with its own connection, or by the ``alembic`` command
(``alembic.ini`` at the project root) with ``DATABASE_URL``/``HOSO_DATA_DIR``.
"""

from __future__ import annotations

from logging.config import fileConfig
from typing import Any, Literal

from alembic import context
from sqlalchemy.types import TypeDecorator

from hoso import config as hoso_config
from hoso.store.db import in_schema, make_engine
from hoso.store.models import Base

target_metadata = Base.metadata


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """Write our column types as their plain SQLAlchemy types in new migrations."""
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl_instance!r}"
    return False


def run_migrations(connection: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,      # ALTER on SQLite goes through table copies
        render_item=render_item,
        compare_type=True,
        include_object=in_schema,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    engine = make_engine(hoso_config.load().database_url)
    try:
        with engine.begin() as connection:
            run_migrations(connection)
    finally:
        engine.dispose()


if context.config.config_file_name:           # the alembic command, not migrate()
    fileConfig(context.config.config_file_name, disable_existing_loggers=False)
if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported: run them against a database")
run_online()
