"""Page quality warnings on generated pages whose defects are known."""

from __future__ import annotations


import pytest
from PIL import Image

from hoso.digitize.quality import assess
from tests.conftest import pdf_of_images
from tests.synth import degrade, render_admin_page, render_blank, render_prose_page


@pytest.fixture(scope="module")
def page():
    return render_prose_page(5, dpi=300)


def _darken(image: Image.Image, factor: float) -> Image.Image:
    return image.point(lambda v: round(v * factor))


def _fade(image: Image.Image, floor: int) -> Image.Image:
    return image.point(lambda v: round(floor + v * (255 - floor) / 255))


@pytest.mark.parametrize("name, make, expected", [
    ("clean", lambda p: degrade(p, seed=1, noise=4).image, set()),
    ("clean-jpeg-skewed", lambda p: degrade(p, seed=2, skew=6, jpeg_quality=70).image, set()),
    ("blank-noisy", lambda p: degrade(render_blank(dpi=300), seed=3, noise=10).image, {"blank"}),
    ("blank-grey-paper", lambda p: degrade(render_blank(dpi=300), seed=3, noise=6, background=225).image,
     {"blank"}),
    ("too-dark", lambda p: _darken(degrade(p, seed=4, noise=4).image, 0.35), {"too_dark"}),
    ("too-light", lambda p: _fade(degrade(p, seed=5).image, 200), {"too_light"}),
    ("blurred", lambda p: degrade(p, seed=6, blur=5, noise=3).image, {"blurred"}),
    ("mildly-soft", lambda p: degrade(p, seed=7, blur=1.5, noise=3).image, set()),
])
def test_assess_names_the_defect(page, name, make, expected):
    warnings = set(assess(make(page), 300).warnings)
    assert warnings == expected, name


def test_assess_blur_threshold_does_not_depend_on_dpi(page):
    for dpi in (150, 200, 300):
        sharp = degrade(page, seed=8, dpi=dpi, noise=3).image
        soft = degrade(page, seed=8, dpi=dpi, blur=5 * dpi / 300, noise=3).image
        assert "blurred" not in assess(sharp, dpi).warnings, dpi
        assert "blurred" in assess(soft, dpi).warnings, dpi


def test_assess_low_resolution_below_200_dpi(page):
    assert "low_resolution" in assess(degrade(page, dpi=150).image, 150).warnings
    assert "low_resolution" not in assess(degrade(page, dpi=200).image, 200).warnings


def test_process_blank_page_and_ocr_timeout(hoso_process, validate, tmp_path):
    """A blank page is flagged and skips OCR; an OCR time limit leaves a warning, not a crash."""
    # A dense page of prose at 400 dpi: Tesseract needs several seconds on it, well past the
    # 1 s limit below (a short page can finish inside 1 s on a warm machine)
    text_page = render_prose_page(42, dpi=400).image
    (tmp_path / "mixed.pdf").write_bytes(pdf_of_images([render_blank(dpi=400).image, text_page], 400))
    run = hoso_process(tmp_path / "mixed.pdf")
    assert run.returncode == 0, run.stderr
    blank, text = validate(run.result("mixed"))["pages"]
    assert {"blank", "no_text"} <= set(blank["warnings"]) and blank["text"] == ""
    assert blank["confidence"] == 0
    assert text["text"] and "blank" not in text["warnings"]

    timed = hoso_process(tmp_path / "mixed.pdf", out=tmp_path / "timed", env={"HOSO_OCR_TIMEOUT": "1"})
    assert timed.returncode == 0, timed.stderr
    result = validate(timed.result("mixed"))
    page = result["pages"][1]
    assert "ocr_timeout" in page["warnings"] and page["text"] == ""
    assert (timed.out / "mixed.pdf").is_file()
