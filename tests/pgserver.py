"""A private PostgreSQL server for the test session, on a free loopback port.

Uses the Debian binaries under ``/usr/lib/postgresql/*/bin``. PostgreSQL
refuses to run as root, so as root the cluster belongs to the ``postgres``
user and its commands run through ``runuser``. Durability is off (fsync,
synchronous commit): the cluster is thrown away at the end.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg

DATABASE = "hoso_test"


class PostgresMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class PgServer:
    host: str
    port: int
    socket_dir: Path

    def url(self, database: str = DATABASE) -> str:
        return f"postgresql+psycopg://postgres@{self.host}:{self.port}/{database}"

    def connect(self, database: str = DATABASE) -> psycopg.Connection:
        return psycopg.connect(host=self.host, port=self.port, user="postgres", dbname=database,
                               autocommit=True)


def find_bin_dir() -> Path:
    """The newest installed PostgreSQL's ``bin`` directory."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise PostgresMissing("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): "
                          "run scripts/setup.sh, or set HOSO_TEST_NO_POSTGRES=1 to skip its tests")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_owner(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def _run(cmd: list[str]) -> None:
    proc = subprocess.run(_as_owner(cmd), capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")


@contextmanager
def postgres_server() -> Iterator[PgServer]:
    """Start a throw-away cluster with database ``hoso_test``; stop and delete it afterwards."""
    bin_dir = find_bin_dir()
    root = Path(tempfile.mkdtemp(prefix="hoso-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, user="postgres", group="postgres")
    data, sockets = root / "data", root
    server = PgServer("127.0.0.1", _free_port(), sockets)
    try:
        _run([str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
              "--locale=C.UTF-8", "--no-sync"])
        options = (f"-h {server.host} -p {server.port} -k {sockets} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50")
        try:
            _run([str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(root / "server.log"), "-o", options,
                  "-w", "-t", "60", "start"])
        except RuntimeError as e:
            log = root / "server.log"
            raise RuntimeError(f"{e}\n{log.read_text(errors='replace') if log.exists() else ''}") from None
        try:
            with server.connect("postgres") as conn:
                conn.execute(f"CREATE DATABASE {DATABASE}")
            yield server
        finally:
            _run([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"])
    finally:
        shutil.rmtree(root, ignore_errors=True)


def reset_schema(server: PgServer, database: str = DATABASE) -> None:
    """Drop every table of ``database``: the next test starts from an empty schema."""
    with server.connect(database) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
