"""``hoso up``: the whole service on one machine, with embedded defaults.

SQLite and the file store under the data directory, a private
``redis-server`` on loopback when ``REDIS_URL`` is not set, the workers
(``hoso worker``) and the API (``hoso serve``) as child processes. The first
start creates an ``admin`` user and prints its token once (also kept, readable
by this user only, in ``DATA_DIR/admin-token``). Ctrl-C (or SIGTERM) stops
everything: the API and workers first, then Redis.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from hoso.config import Settings

log = logging.getLogger("hoso.up")

STOP_GRACE_S = 30.0
POLL_S = 0.5
ADMIN = "admin"


def _first_admin(settings: Settings) -> str | None:
    """A new ``admin`` user's token when the database has no user yet, else None."""
    from hoso.store.db import configured_session
    from hoso.store.models import User
    from hoso.store.users import add_user, create_token

    with configured_session(settings.database_url) as session:
        if session.query(User).first() is not None:
            return None
        user = add_user(session, ADMIN, "admin", "")
        return create_token(session, user, "hoso up")


def _keep_token(settings: Settings, token: str) -> Path:
    path = Path(settings.data_dir) / "admin-token"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(token + "\n")
    return path


def _child(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    # Own process group: Ctrl-C reaches us alone, and we stop the children in order.
    return subprocess.Popen([sys.executable, "-m", "hoso", *args], env=env, start_new_session=True)


def _stop(process: subprocess.Popen[bytes], name: str) -> None:
    if process.poll() is not None:
        return
    log.info("stopping %s", name)
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_GRACE_S)
    except subprocess.TimeoutExpired:
        log.warning("%s did not stop in %.0f s: killed", name, STOP_GRACE_S)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def run(settings: Settings, *, workers: int | None = None, host: str | None = None,
        port: int | None = None) -> int:
    """Run the service until interrupted; the exit status of the first part that failed, else 0."""
    from hoso.queue.redis_server import start_local_redis

    Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
    token = _first_admin(settings)
    if token:
        path = _keep_token(settings, token)
        print(f"Tài khoản quản trị 'admin' đã được tạo. Mã truy cập (chỉ hiện một lần, "
              f"cũng lưu ở {path}):\n  {token}\n", flush=True)

    stopping = False

    def request_stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    previous = {s: signal.signal(s, request_stop) for s in (signal.SIGINT, signal.SIGTERM)}
    redis = None
    children: list[tuple[str, subprocess.Popen[bytes]]] = []
    status = 0
    try:
        env = dict(os.environ, HOSO_DATA_DIR=str(settings.data_dir),
                   DATABASE_URL=settings.database_url)
        if not os.environ.get("REDIS_URL"):
            redis = start_local_redis(Path(settings.data_dir) / "redis")
            env["REDIS_URL"] = redis.url
            log.info("redis-server on %s", redis.url)
        worker_args = ["worker"] + (["-n", str(workers)] if workers else [])
        serve_args = ["serve"] + (["--host", host] if host else []) + \
            (["--port", str(port)] if port else [])
        children = [("workers", _child(worker_args, env)), ("API", _child(serve_args, env))]
        address = f"http://{host or settings.api_host}:{port or settings.api_port}"
        print(f"hoso đang chạy: {address}  (API: {address}/api/v1, "
              f"tình trạng: {address}/health). Nhấn Ctrl-C để dừng.", flush=True)
        while not stopping:
            for name, process in children:
                if process.poll() is not None:
                    log.error("%s exited with status %s: stopping the service", name,
                              process.returncode)
                    status = process.returncode or 1
                    stopping = True
            time.sleep(POLL_S)
    finally:
        for name, process in reversed(children):  # the API first, then the workers
            _stop(process, name)
        if redis is not None:
            redis.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print("hoso đã dừng.", flush=True)
    return status
