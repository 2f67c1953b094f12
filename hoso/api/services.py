"""What the API's requests share: settings, the database, the file store, Redis.

Built once per app by :func:`hoso.api.create_app` and kept in
``app.extensions["hoso"]``. Redis is connected lazily: the API starts (and
``/health`` answers) while Redis is down.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from flask import current_app
from redis import Redis
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from hoso.config import Settings
from hoso.store.files import FileStore

EXTENSION = "hoso"


@dataclass
class Services:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    files: FileStore
    # Sessions for requests that only read (GET): on SQLite they do not take the write
    # lock that ``sessions`` take as they begin, so they never wait behind the workers' writes.
    read_engine: Engine
    readers: sessionmaker[Session]
    _redis: Redis | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def redis(self) -> Redis:
        """The Redis client of ``settings.redis_url`` (created on first use; it connects per command)."""
        if self._redis is None:
            with self._lock:
                if self._redis is None:
                    from hoso.queue.connection import connect
                    self._redis = connect(self.settings)
        return self._redis

    def close(self) -> None:
        """Release the database pool (tests; a served app lives as long as its process)."""
        self.engine.dispose()
        self.read_engine.dispose()


def services() -> Services:
    """The services of the app handling the current request."""
    return current_app.extensions[EXTENSION]
