"""What a job runs with: the settings of its worker and the store they name."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from hoso import config
from hoso.config import Settings
from hoso.store.db import make_engine, session_factory
from hoso.store.files import FileStore

_worker_settings: Settings | None = None


def use_settings(settings: Settings | None) -> None:
    """Settings for the jobs of this process (a worker sets its share of ``jobs``);
    ``None``: read the environment for each job."""
    global _worker_settings
    _worker_settings = settings


def current_settings() -> Settings:
    return _worker_settings if _worker_settings is not None else config.load()


@dataclass(frozen=True, slots=True)
class JobStore:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    files: FileStore


@contextmanager
def open_store(settings: Settings | None = None) -> Iterator[JobStore]:
    """The database and file store of ``settings`` for one job.

    No connection pool: a work horse lives for one job, and a supervisor
    that forks workers must hold no open connection when it forks.
    """
    settings = settings or current_settings()
    engine = make_engine(settings.database_url, poolclass=NullPool)
    try:
        yield JobStore(settings, engine, session_factory(engine), FileStore(settings.files_dir))
    finally:
        engine.dispose()
