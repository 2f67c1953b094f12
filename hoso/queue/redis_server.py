"""The one wrapper around the ``redis-server`` binary: a private Redis on loopback.

Used by ``hoso up`` (a single machine without a Redis of its own) and by
the tests. Jobs survive a restart: the server keeps an append-only file in
its data directory, so stopping and starting it on the same directory
keeps the queued jobs (the database stays the source of truth either way).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType

from hoso.errors import ToolError

TOOL = "redis-server"
HOST = "127.0.0.1"
START_TIMEOUT_S = 15.0
STOP_TIMEOUT_S = 15.0


def free_port() -> int:
    """A loopback TCP port nobody listens on now (the kernel picks it, never 6379 by intent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class LocalRedis:
    """A running ``redis-server`` child process; ``stop()`` or use it as a context manager."""

    def __init__(self, process: subprocess.Popen[bytes], port: int, data_dir: Path) -> None:
        self.process = process
        self.port = port
        self.data_dir = data_dir

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    @property
    def log_file(self) -> Path:
        return self.data_dir / "redis.log"

    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        """Shut down cleanly (SIGTERM: the append-only file is flushed), killing it if it hangs."""
        if not self.running():
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=STOP_TIMEOUT_S)

    def __enter__(self) -> LocalRedis:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def start_local_redis(data_dir: str | os.PathLike[str], port: int | None = None) -> LocalRedis:
    """Start ``redis-server`` on ``127.0.0.1:port`` (a free port when ``None``) with its
    append-only file in ``data_dir``; returns once it answers.

    Raises :class:`ToolError` naming the tool and the data directory when
    the binary is missing or the server does not come up.
    """
    data = Path(data_dir).resolve()
    data.mkdir(parents=True, exist_ok=True)
    binary = shutil.which(TOOL)
    if binary is None:
        raise ToolError(TOOL, str(data), "not installed (apt-get install redis-server)")
    port = port or free_port()
    cmd = [binary, "--bind", HOST, "--port", str(port), "--dir", str(data), "--logfile", "redis.log",
           "--daemonize", "no", "--protected-mode", "yes", "--save", "",
           "--appendonly", "yes", "--appendfsync", "everysec"]
    try:
        with open(data / "redis.stderr", "ab") as stderr:  # errors before the log file opens
            # Its own session: a Ctrl-C meant for `hoso up` must not stop Redis before the
            # workers have finished their jobs; the owner stops it last.
            process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                       stderr=stderr, cwd=data, start_new_session=True)
    except OSError as e:
        raise ToolError(TOOL, str(data), str(e)) from e
    server = LocalRedis(process, port, data)
    try:
        _wait_for_ping(server)
    except BaseException:
        server.stop()
        raise
    return server


def _wait_for_ping(server: LocalRedis) -> None:
    import redis

    client = redis.Redis(host=HOST, port=server.port, socket_connect_timeout=1, socket_timeout=1)
    deadline = time.monotonic() + START_TIMEOUT_S
    try:
        while True:
            if not server.running():
                raise ToolError(TOOL, str(server.data_dir), f"exited with {server.process.returncode}: "
                                f"{_stderr(server)}{_log_tail(server)}")
            try:   # the answer must come from our process, not from another server on the port
                if client.info("server").get("process_id") == server.process.pid:
                    return
            except (redis.ConnectionError, redis.TimeoutError, redis.BusyLoadingError):
                pass
            if time.monotonic() > deadline:
                raise ToolError(TOOL, str(server.data_dir),
                                f"no answer on port {server.port} after {START_TIMEOUT_S:.0f} s{_log_tail(server)}")
            time.sleep(0.05)
    finally:
        client.close()


def _stderr(server: LocalRedis) -> str:
    try:
        return (server.data_dir / "redis.stderr").read_text(encoding="utf-8", errors="replace").strip()[-500:]
    except OSError:
        return ""


def _log_tail(server: LocalRedis, lines: int = 5) -> str:
    try:
        tail = server.log_file.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
    except OSError:
        return ""
    return "; log: " + " | ".join(tail) if tail else ""
