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


@pytest.fixture
def hoso_process(tmp_path):
    """Run the real ``hoso process`` command in a subprocess."""

    def run(*inputs, out: Path | None = None, jobs: int = 2, timeout: float = 600,
            env: dict | None = None) -> Run:
        out = out or tmp_path / "out"
        cmd = [sys.executable, "-m", "hoso", "process", *map(str, inputs), "--out", str(out),
               "--jobs", str(jobs)]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT,
                              env={**os.environ, **(env or {})})
        return Run(proc.returncode, proc.stdout, proc.stderr, out)
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
