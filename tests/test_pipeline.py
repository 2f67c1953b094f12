"""``hoso process`` end to end on generated scans with known ground truth.

One CLI run per scenario (module-scoped), then per-page assertions against
the generator's truth: schema, quarter turn, skew, dpi, warnings, CER of
the JSON text and of the searchable PDF's text layer.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass

import pytest

from tests.conftest import ROOT, pdf_of_images, pdf_page_count, pdftotext
from tests.synth import (cer, degrade, render_admin_page, render_prose_page, render_separator, save_scan,
                         word_bag_error)

MAX_CER = 0.06          # per degraded page; the benchmark reports the mean
MAX_SKEW_ERROR = 0.35   # degrees, per page; the benchmark reports the MAE
MAX_WORD_ERROR = 0.15   # order-free word error of the PDF text layer


@dataclass(frozen=True)
class Case:
    name: str
    fmt: str
    kind: str = "admin"
    seed: int = 0
    dpi: int = 300
    skew: float = 0.0
    rotation: int = 0
    noise: float = 0.0
    blur: float = 0.0
    jpeg_quality: int | None = None
    bilevel: bool = False
    color: bool = False
    stamp: bool = False
    with_dpi: bool = True


CASES = [
    Case("clean", "png", seed=1),
    Case("jpeg-skew", "jpeg", seed=2, skew=4.2, jpeg_quality=70),
    Case("g4-rot90", "tiff-g4", seed=3, skew=-7.5, rotation=90, bilevel=True),
    Case("prose-rot180", "png", kind="prose", seed=4, dpi=200, skew=12.0, rotation=180, noise=8),
    Case("jpeg-rot270", "jpeg", seed=5, dpi=240, skew=-13.5, rotation=270, blur=0.8, jpeg_quality=80),
    Case("lowres", "png", seed=6, dpi=150, skew=2.0),
    Case("no-dpi", "png", seed=7, skew=-1.1, with_dpi=False),
    Case("stamp-rot90", "jpeg", seed=8, skew=0.6, rotation=90, stamp=True, jpeg_quality=85, color=True),
    Case("colour", "jpeg", seed=9, skew=-3.3, color=True, jpeg_quality=75),
]

SUFFIX = {"png": "png", "jpeg": "jpg", "tiff-g4": "tif", "tiff": "tif", "pdf": "pdf"}


def _scan(case: Case):
    # Layout 0 of the administrative pages: this checks the pipeline's stages against a
    # reading-order truth; bench/pipeline.py measures CER across every layout.
    page = render_prose_page(case.seed, dpi=300) if case.kind == "prose" else \
        render_admin_page(case.seed, dpi=300, layout=0)
    return degrade(page, seed=case.seed, skew=case.skew, rotation=case.rotation, dpi=case.dpi,
                   noise=case.noise, blur=case.blur, jpeg_quality=case.jpeg_quality,
                   bilevel=case.bilevel, color=case.color, stamp=case.stamp)


@pytest.fixture(scope="module")
def degraded_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scans")
    out = tmp_path_factory.mktemp("out")
    truths = {}
    for case in CASES:
        scan = _scan(case)
        save_scan(scan, folder / f"{case.name}.{SUFFIX[case.fmt]}", case.fmt, with_dpi=case.with_dpi)
        truths[case.name] = scan
    proc = subprocess.run([sys.executable, "-m", "hoso", "process", str(folder), "--out", str(out),
                           "--jobs", "2"], capture_output=True, text=True, timeout=900, cwd=ROOT)
    return proc, out, truths


def test_process_degraded_exit_status_zero(degraded_run):
    proc, _, _ = degraded_run
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_process_degraded_page_matches_truth(degraded_run, validate, case):
    _, out, truths = degraded_run
    scan = truths[case.name]
    result = validate(json.loads((out / f"{case.name}.json").read_text(encoding="utf-8")))
    assert result["source"] == f"{case.name}.{SUFFIX[case.fmt]}"
    assert result["errors"] == []
    [page] = result["pages"]
    assert page["rotation"] == scan.rotation
    assert abs(page["skew_degrees"] - scan.skew_degrees) <= MAX_SKEW_ERROR
    truth_w, truth_h = scan.upright_size_px
    assert (page["width_px"] > page["height_px"]) == (truth_w > truth_h)
    if case.with_dpi:
        assert page["dpi"] == pytest.approx(case.dpi, rel=0.01)
        assert "dpi_assumed" not in page["warnings"]
    else:
        assert "dpi_assumed" in page["warnings"]
    assert ("low_resolution" in page["warnings"]) == (case.dpi < 200)
    assert not {"blank", "no_text", "unreadable_page", "ocr_timeout"} & set(page["warnings"])
    assert 50 < page["confidence"] <= 100
    error = cer(scan.truth.text, page["text"])
    assert error <= MAX_CER, f"CER {error:.3f}\n{page['text'][:500]}"
    [document] = result["documents"]
    assert document["pages"] == [1] and document["pdf"] == f"{case.name}.pdf"
    assert document["type"] == (scan.truth.kind if case.kind == "admin" else "khac")
    assert 0 < document["type_confidence"] <= 1
    fields, truth = document["fields"], scan.truth.fields
    assert set(fields) <= set(truth)
    # a pre-filled value must be right: at most one OCR slip per page (the benchmark measures precision)
    wrong = {key: (value, truth[key]) for key, value in fields.items()
             if cer(truth[key].casefold(), value.casefold()) > 0.05}
    assert len(wrong) <= 1, wrong
    if case.kind == "admin":
        assert len(fields) >= 4, fields
    pdf = out / document["pdf"]
    assert pdf_page_count(pdf) == 1
    # pdftotext orders the layer by its own layout analysis: compare words, not order
    layer = pdftotext(pdf)
    assert word_bag_error(page["text"], layer) <= 0.02
    assert word_bag_error(scan.truth.text, layer) <= MAX_WORD_ERROR


def test_process_separator_sheets_split_documents(hoso_process, validate, tmp_path):
    doc_a = [render_admin_page(11, dpi=200), render_prose_page(12, dpi=200)]
    doc_b = render_admin_page(13, dpi=200)
    sep_code = render_separator("HS-2025-000123", dpi=200)
    sep = render_separator(None, dpi=200)
    pages = [sep_code, *doc_a, sep, sep, doc_b, sep]
    scan = tmp_path / "hop-01.pdf"
    scan.write_bytes(pdf_of_images([p.image for p in pages], 200))

    run = hoso_process(scan)
    assert run.returncode == 0, run.stderr
    result = validate(run.result("hop-01"))
    assert len(result["pages"]) == 7
    separators = [p["index"] for p in result["pages"] if "separator" in p["warnings"]]
    assert separators == [1, 4, 5, 7]
    docs = result["documents"]
    assert [d["pages"] for d in docs] == [[2, 3], [6]]
    assert docs[0]["dossier_code"] == "HS-2025-000123"
    assert "dossier_code" not in docs[1]
    assert [d["pdf"] for d in docs] == ["hop-01-1.pdf", "hop-01-2.pdf"]
    assert pdf_page_count(run.out / "hop-01-1.pdf") == 2
    assert pdf_page_count(run.out / "hop-01-2.pdf") == 1
    assert word_bag_error(doc_b.text, pdftotext(run.out / "hop-01-2.pdf")) <= MAX_WORD_ERROR
    assert not (run.out / "hop-01.pdf").exists()
