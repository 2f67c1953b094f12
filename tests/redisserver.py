"""A private Redis server for the test session, on a free loopback port.

Started through :mod:`hoso.queue.redis_server` (the wrapper ``hoso up``
uses), with its append-only file in a temporary directory, so a test can
restart it on the same port and directory and find the queued jobs again.
"""

from __future__ import annotations

from pathlib import Path

from hoso.queue.redis_server import LocalRedis, start_local_redis


class RedisServer:
    """The session's ``redis-server``; :meth:`restart` keeps its port and data."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._server: LocalRedis = start_local_redis(data_dir)
        self.port = self._server.port

    @property
    def url(self) -> str:
        return self._server.url

    def running(self) -> bool:
        return self._server.running()

    def start(self) -> None:
        if not self.running():
            self._server = start_local_redis(self.data_dir, self.port)

    def stop(self) -> None:
        self._server.stop()

    def restart(self) -> None:
        """Stop (SIGTERM: the append-only file is flushed) and start again on the same port and directory."""
        self.stop()
        self.start()
