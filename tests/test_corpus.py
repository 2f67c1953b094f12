"""Real third-party files (../shared/corpus/real) through ``hoso process``.

Every OCRmyPDF test resource ends in a result or a clean ``errors`` entry,
never a crash or a hang; the real Vietnamese pages read as their ground truth.
"""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata

import pytest

from tests.conftest import CORPUS, ROOT, pdftotext
from tests.synth import cer

OCRMYPDF = CORPUS / "ocrmypdf-test-resources"
VIETOCR = CORPUS / "vietocr3-samples"
DOCUMENT_SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".hocr", ".txt", ".toml", ".rst"}

# Files that must end in an error, and which one (see the closing note of issue 2).
EXPECTED_ERRORS = {
    "invalid.pdf": "corrupt_file",
}


@pytest.fixture(scope="module")
def ocrmypdf_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("ocrmypdf-out")
    proc = subprocess.run([sys.executable, "-m", "hoso", "process", str(OCRMYPDF), "--out", str(out),
                           "--jobs", "2"], capture_output=True, text=True, timeout=1500, cwd=ROOT)
    return proc, out


def _names(files):
    """DOMAIN.md naming: stem, then stem~2, stem~3 for repeats, in input order."""
    seen: dict[str, int] = {}
    for path in files:
        seen[path.stem] = seen.get(path.stem, 0) + 1
        yield path, path.stem if seen[path.stem] == 1 else f"{path.stem}~{seen[path.stem]}"


def test_ocrmypdf_resources_all_get_a_result(ocrmypdf_run, validate):
    proc, out = ocrmypdf_run
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    files = sorted(p for p in OCRMYPDF.iterdir() if p.is_file() and not p.name.startswith("."))
    failed = {}
    for path, name in _names(files):
        result = validate(json.loads((out / f"{name}.json").read_text("utf-8")))
        assert result["source"] == path.name
        if result["errors"]:
            failed[path.name] = result["errors"][0]["code"]
        else:
            assert result["pages"], path.name
            for doc in result["documents"]:
                assert (out / doc["pdf"]).is_file(), path.name
    for name, code in EXPECTED_ERRORS.items():
        assert failed.get(name) == code, name
    assert proc.returncode == (1 if failed else 0)
    # Text files and hOCR are not scans: they must be refused as unsupported.
    for path in files:
        if path.suffix in {".hocr", ".txt", ".toml", ".rst"}:
            assert failed.get(path.name) == "unsupported_type", path.name


def test_ocrmypdf_linn_reads_as_its_text(ocrmypdf_run):
    _, out = ocrmypdf_run
    truth = (OCRMYPDF / "linn.txt").read_text(encoding="utf-8")
    for name in ("linn", "linn~2"):  # linn.pdf, linn.png
        result = json.loads((out / f"{name}.json").read_text("utf-8"))
        assert result["source"].startswith("linn.")
        assert cer(truth, result["pages"][0]["text"]) < 0.15, name


def test_ocrmypdf_cardinal_quarter_turns(ocrmypdf_run):
    _, out = ocrmypdf_run
    result = json.loads((out / "cardinal.json").read_text("utf-8"))
    truth = (OCRMYPDF / "linn.txt").read_text(encoding="utf-8")
    assert len(result["pages"]) == 4
    for page in result["pages"]:
        assert cer(truth, page["text"]) < 0.2, page["index"]


def test_ocrmypdf_existing_text_kept(ocrmypdf_run):
    _, out = ocrmypdf_run
    result = json.loads((out / "graph_ocred.json").read_text("utf-8"))
    assert all("existing_text_used" in p["warnings"] for p in result["pages"])
    own = pdftotext(OCRMYPDF / "graph_ocred.pdf")
    assert cer(own, "\n".join(p["text"] for p in result["pages"])) < 0.05


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def test_vietocr_samples(hoso_process, validate):
    run = hoso_process(VIETOCR / "vietsample.tif", VIETOCR / "vietsample1.tif", VIETOCR / "vietsample2.png",
                       VIETOCR / "vietsample2.tif", VIETOCR / "vietsample1.pdf", timeout=900)
    assert run.returncode == 0, run.stderr
    texts = {}
    for name in ("vietsample", "vietsample1", "vietsample2", "vietsample2~2", "vietsample1~2"):
        result = validate(run.result(name))
        assert result["errors"] == [], name
        texts[name] = [p["text"] for p in result["pages"]]
    assert len(texts["vietsample"]) == 2  # a two-page TIFF
    assert "đôi mắt người sơn tây" in _fold("\n".join(texts["vietsample1"]))
    # page 1 of vietsample.tif and vietsample2.png: the same text, scanned and rendered differently
    assert cer(texts["vietsample"][0], texts["vietsample2"][0]) < 0.05
    # the born-digital PDF keeps its own text layer
    pdf_result = run.result("vietsample1~2")
    assert all("existing_text_used" in p["warnings"] for p in pdf_result["pages"])
    assert cer(pdftotext(VIETOCR / "vietsample1.pdf"), "\n".join(texts["vietsample1~2"])) < 0.02


def test_vietocr_pdf_rasterised_ocr_matches_its_text_layer(hoso_process, tmp_path):
    """OCR the born-digital PDF's pages as images; its text layer is the truth."""
    subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", str(VIETOCR / "vietsample1.pdf"),
                    str(tmp_path / "p")], check=True, timeout=120)
    images = sorted(tmp_path.glob("p*.png"))
    run = hoso_process(*images, out=tmp_path / "out", timeout=600)
    assert run.returncode == 0, run.stderr
    ocr = "\n".join(json.loads((tmp_path / "out" / f"{p.stem}.json").read_text("utf-8"))["pages"][0]["text"]
                    for p in images)
    assert cer(pdftotext(VIETOCR / "vietsample1.pdf"), ocr) < 0.08
