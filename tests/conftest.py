"""Shared fixtures: the result schema, the corpus, and running the real CLI."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import img2pdf
import jsonschema
import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "real"


@pytest.fixture(scope="session")
def result_schema() -> dict:
    return json.loads((SHARED / "result.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def validate(result_schema):
    validator = jsonschema.Draft202012Validator(result_schema)

    def check(result: dict) -> dict:
        errors = sorted(validator.iter_errors(result), key=lambda e: list(e.path))
        assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)
        return result
    return check


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    out: Path

    def result(self, name: str) -> dict:
        return json.loads((self.out / f"{name}.json").read_text(encoding="utf-8"))


def run_process(*inputs, out: Path, jobs: int = 2, timeout: float = 600,
                env: dict | None = None) -> Run:
    """Run the real ``hoso process`` command in a subprocess."""
    cmd = [sys.executable, "-m", "hoso", "process", *map(str, inputs), "--out", str(out),
           "--jobs", str(jobs)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT,
                          env={**os.environ, **(env or {})})
    return Run(proc.returncode, proc.stdout, proc.stderr, out)


@pytest.fixture
def hoso_process(tmp_path):
    """``run_process`` writing to the test's own ``out`` folder by default."""

    def run(*inputs, out: Path | None = None, **options) -> Run:
        return run_process(*inputs, out=out or tmp_path / "out", **options)
    return run


def pdftotext(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True, timeout=60).stdout


def pdf_page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def pdf_of_images(images, dpi: int) -> bytes:
    """A multi-page PDF with each image losslessly as one page at ``dpi``."""
    pngs = []
    for image in images:
        buf = io.BytesIO()
        image.save(buf, format="PNG", dpi=(dpi, dpi))
        pngs.append(buf.getvalue())
    return img2pdf.convert(pngs)


# --- the store: a private PostgreSQL server and a database URL per backend ---

@pytest.fixture(scope="session")
def pg_server():
    """A throw-away PostgreSQL server (tests/pgserver.py); required unless HOSO_TEST_NO_POSTGRES=1."""
    if os.environ.get("HOSO_TEST_NO_POSTGRES") == "1":
        pytest.skip("HOSO_TEST_NO_POSTGRES=1: PostgreSQL tests skipped")
    from tests.pgserver import PostgresMissing, postgres_server
    try:
        with postgres_server() as server:
            yield server
    except PostgresMissing as e:
        pytest.fail(str(e), pytrace=False)


@pytest.fixture(scope="session")
def pg_url(pg_server) -> str:
    """``postgresql+psycopg://`` URL of the session's test database."""
    return pg_server.url()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """A database URL with an empty schema: a fresh SQLite file, or the PostgreSQL test database reset."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'hoso.db'}"
    from tests.pgserver import reset_schema
    server = request.getfixturevalue("pg_server")
    reset_schema(server)
    return server.url()


# --- the queue: a private redis-server (tests/redisserver.py) ---

@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """One ``redis-server`` for the session on a free loopback port, persistent in a temp dir."""
    from hoso.errors import ToolError
    from tests.redisserver import RedisServer
    try:
        server = RedisServer(tmp_path_factory.mktemp("redis"))
    except ToolError as e:
        pytest.fail(f"{e} ({e.detail}): install redis-server (scripts/setup.sh)", pytrace=False)
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server) -> str:
    """The session's Redis, running and emptied (FLUSHALL) for this test."""
    import redis
    redis_server.start()
    client = redis.Redis.from_url(redis_server.url)
    try:
        client.flushall()
    finally:
        client.close()
    return redis_server.url


# --- the API (hoso.api): an app on a real database and Redis, with one user per role ---

OFFICE_A = "Phường Bồng Lai"
OFFICE_B = "Xã Kép"
ARCHIVE_OFFICE = "Trung tâm Lưu trữ lịch sử"


@dataclass
class ApiEnv:
    """A test client of ``create_app`` and a token per user: ``admin``, ``clerk_a`` (office A),
    ``clerk_b`` (office B), ``archivist``."""

    app: object
    settings: object
    redis: object
    tokens: dict

    @property
    def client(self):
        return self.app.test_client()

    def auth(self, who: str) -> dict:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def call(self, method: str, who: str | None, url: str, **kw):
        headers = {**(self.auth(who) if who else {}), **kw.pop("headers", {})}
        return self.client.open(url, method=method, headers=headers, **kw)

    def get(self, who, url, **kw):
        return self.call("GET", who, url, **kw)

    def post(self, who, url, **kw):
        return self.call("POST", who, url, **kw)

    def patch(self, who, url, **kw):
        return self.call("PATCH", who, url, **kw)

    def upload(self, who: str, code: str, *files: tuple[bytes, str]):
        """``POST /dossiers/<code>/documents`` with ``files`` as ``(bytes, name)``."""
        data = {"file": [(io.BytesIO(content), name) for content, name in files]}
        return self.post(who, f"/api/v1/dossiers/{code}/documents", data=data, content_type="multipart/form-data")

    def dossier(self, who: str, code: str, office: str | None = None, **fields) -> dict:
        body = {"code": code, "procedure_name": fields.pop("procedure_name", "Đăng ký khai sinh"), **fields}
        if office is not None:
            body["office"] = office
        response = self.post(who, "/api/v1/dossiers", json=body)
        assert response.status_code == 201, response.json
        return response.json

    def session(self):
        from hoso.store.db import session_scope
        return session_scope(self.app.extensions["hoso"].sessions)

    def count(self, model, *where) -> int:
        from sqlalchemy import func, select
        with self.session() as s:
            return s.scalar(select(func.count()).select_from(model).where(*where))

    def stored_files(self) -> list[Path]:
        """What the file store holds (its temporary folder left out)."""
        root = Path(self.settings.files_dir)
        return sorted(p for p in root.rglob("*") if p.is_file() and ".tmp" not in p.relative_to(root).parts)

    def queued_jobs(self, queue: str = "counter") -> list[str]:
        from hoso.queue.connection import get_queue
        return get_queue(self.redis, queue).job_ids

    def work(self) -> None:
        """Run every queued job here: an RQ SimpleWorker in burst mode (counter, then batch)."""
        import signal
        from hoso.queue.worker import make_worker
        saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            make_worker(self.redis, simple=True).work(burst=True)
        finally:
            for sig, handler in saved.items():
                signal.signal(sig, handler)


@pytest.fixture
def make_api(tmp_path, redis_url):
    """``make_api(database_url=None, *, redis_url=..., **settings)``: an :class:`ApiEnv` on SQLite
    in the test's folder (or ``database_url``), the session's Redis emptied, one worker
    setting (``jobs=1``) for the jobs the test runs."""
    import dataclasses

    import redis as redis_lib

    from hoso.api import create_app
    from hoso.config import Settings
    from hoso.queue.context import use_settings
    from hoso.store import users

    made = []

    def make(database_url: str | None = None, *, redis: str | None = None, **overrides) -> ApiEnv:
        data_dir = tmp_path / f"data{len(made)}"
        settings = Settings(data_dir=data_dir, database_url=database_url or f"sqlite:///{data_dir / 'hoso.db'}",
                            redis_url=redis or redis_url, jobs=1, job_retries=0)
        settings = dataclasses.replace(settings, **overrides)
        use_settings(settings)
        app = create_app(settings)
        made.append(app)
        tokens = {}
        with ApiEnv(app, settings, None, {}).session() as s:
            for name, role, office in (("admin", "admin", ""), ("clerk_a", "clerk", OFFICE_A),
                                       ("clerk_b", "clerk", OFFICE_B), ("archivist", "archivist", ARCHIVE_OFFICE)):
                tokens[name] = users.create_token(s, users.add_user(s, name, role, office), "test")
        return ApiEnv(app, settings, redis_lib.Redis.from_url(settings.redis_url), tokens)

    yield make
    use_settings(None)
    for app in made:
        app.extensions["hoso"].close()


@pytest.fixture
def engine(db_url):
    """A migrated engine on ``db_url`` (each backend), disposed after the test."""
    from hoso.store.db import make_engine, migrate
    engine = make_engine(db_url)
    migrate(engine)
    yield engine
    engine.dispose()
