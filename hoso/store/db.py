"""Engines, sessions and migrations for SQLite (default) and PostgreSQL."""

from __future__ import annotations

import fcntl
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000
# Any constant: the PostgreSQL advisory lock that serialises migrations.
_PG_MIGRATION_LOCK = 0x686F736F  # "hoso"


def normalise_url(url: str | URL) -> URL:
    """``postgresql://`` and ``postgres://`` become ``postgresql+psycopg://`` (psycopg 3)."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _json_dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def make_engine(url: str | URL, *, immediate: bool = False, **kwargs: Any) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys and a busy timeout.

    The directory of a SQLite file is created when missing. ``immediate``
    (SQLite only): every transaction takes the write lock as it begins, so
    that concurrent short writers (the API's requests, which read and then
    write) queue on the busy timeout instead of failing with "database is
    locked" when a read turns into a write.
    """
    parsed = normalise_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, json_serializer=_json_dumps, pool_pre_ping=True, **kwargs)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(parsed, json_serializer=_json_dumps, **kwargs)
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_begin("BEGIN IMMEDIATE" if immediate else "BEGIN"))
    return engine


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin
    # (so that DDL is transactional too), then set the per-connection pragmas.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _sqlite_begin(statement: str) -> Callable[[Connection], None]:
    def begin(connection: Connection) -> None:
        connection.exec_driver_sql(statement)
    return begin


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose objects stay readable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def session_scope(bind: Engine | sessionmaker[Session]) -> Iterator[Session]:
    """A session in one transaction: committed on success, rolled back on any exception."""
    factory = bind if isinstance(bind, sessionmaker) else session_factory(bind)
    with factory.begin() as session:
        yield session


UNMODELLED_PREFIX = "search_fts"  # SQLite's FTS5 table and its shadow tables
UNMODELLED_NAMES = {"tsv", "ix_search_documents_tsv"}  # PostgreSQL's stored tsvector and its index


def in_schema(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic's ``include_object``: what the models describe, not the engines' own search
    structures (SQLite's FTS5 tables, PostgreSQL's ``search_documents.tsv`` and its index)."""
    if type_ == "table":
        return not (name or "").startswith(UNMODELLED_PREFIX)
    return not (type_ in ("column", "index") and name in UNMODELLED_NAMES)


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration with the package's migrations; no ``alembic.ini`` needed."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def migrate(engine: Engine) -> None:
    """Upgrade the schema to the newest migration.

    Idempotent, and safe when several processes start at once: SQLite
    upgrades under a file lock beside the database, PostgreSQL under an
    advisory lock held by the migration's transaction.
    """
    with _migration_lock(engine), engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
        command.upgrade(alembic_config(connection), "head")


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    with open(f"{database}.migrate-lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextmanager
def configured_session(url: str) -> Iterator[Session]:
    """A session on the database at ``url``, migrated first; the engine is disposed after."""
    engine = make_engine(url)
    try:
        migrate(engine)
        with session_scope(engine) as session:
            yield session
    finally:
        engine.dispose()
