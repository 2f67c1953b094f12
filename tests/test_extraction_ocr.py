"""Types and key fields through the real OCR, against the generator's truth.

One scan per DOMAIN.md type (a layout of each, skewed, noisy, some turned a
quarter), processed in one ``hoso process`` run: types right, the values
returned are the truth's (a wrong pre-filled value is worse than none), and
most of the truth is found.
"""

from __future__ import annotations

import random

import pytest

from tests.conftest import run_process
from tests.synth import DOCUMENT_KINDS, FIELD_KEYS, LAYOUTS, degrade, render_document, save_scan

SEED = 4242
MIN_PRECISION = 0.93    # on 16 scans; bench/classify.py measures the 0.97 bar on 100+
MIN_RECALL = 0.85


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


@pytest.fixture(scope="module")
def extraction_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("extraction")
    (folder / "scans").mkdir()
    truth = {}
    rng = random.Random(SEED)
    for number, kind in enumerate(DOCUMENT_KINDS):
        layout = rng.randrange(LAYOUTS[kind])
        doc = render_document(kind, SEED + number, dpi=300, layout=layout)
        scan = degrade(doc, seed=SEED + number, skew=rng.uniform(-8, 8),
                       rotation=rng.choice([0, 0, 0, 90, 270]), dpi=rng.choice([200, 300]),
                       noise=rng.uniform(0, 6))
        save_scan(scan, folder / "scans" / f"{kind}.png", "png")
        truth[kind] = (layout, dict(doc.fields))
    run = run_process(folder / "scans", out=folder / "out", timeout=900)
    assert run.returncode == 0, run.stderr
    return run, truth


def _tally(run, truth) -> tuple[int, int, int, int]:
    """(documents typed right, fields right, fields returned, fields in the truth)."""
    typed = right = returned = wanted = 0
    for kind, (_, fields) in truth.items():
        [document] = run.result(kind)["documents"]
        typed += document["type"] == kind
        got = document["fields"]
        returned += len(got)
        wanted += len(fields)
        right += sum(1 for k, v in got.items() if _same(v, fields.get(k, "")))
    return typed, right, returned, wanted


@pytest.mark.slow
def test_results_follow_the_contract(extraction_run, validate):
    run, truth = extraction_run
    for kind, (_, fields) in truth.items():
        [document] = validate(run.result(kind))["documents"]
        assert set(document["fields"]) <= set(FIELD_KEYS[kind]), kind


@pytest.mark.slow
def test_types_and_fields_match_the_truth(extraction_run):
    run, truth = extraction_run
    typed, right, returned, wanted = _tally(run, truth)
    assert wanted > 60
    assert typed >= len(truth) - 1, typed
    assert right / returned >= MIN_PRECISION, (right, returned)
    assert right / wanted >= MIN_RECALL, (right, wanted)
