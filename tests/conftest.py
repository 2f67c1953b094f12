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
