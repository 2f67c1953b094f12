"""Orientation: skew measurement, quarter-turn detection and straightening,
on synthetic scans whose true angles are known (tests.synth)."""

from __future__ import annotations

import functools
import itertools

import numpy as np
import pytest
from PIL import Image

from hoso.digitize.model import Encoding, SourcePage
from hoso.digitize.orient import detect_rotation, measure_skew, straighten
from tests.synth import angle_error, degrade, render_admin_page, render_blank, render_prose_page
from tests.synth.pages import qr_image

SKEWS = (-15, -7.3, -2, -0.4, 0, 0.3, 3.1, 9, 14.8)
ROTATIONS = (0, 90, 180, 270)
STYLES = {
    "bilevel": dict(bilevel=True, noise=4),
    "jpeg": dict(jpeg_quality=60, color=True, stamp=True, blur=0.6),   # a seal over text
    "noisy": dict(noise=12, blur=0.8, background=235),                 # grey, tinted paper
}
# every skew at every quarter turn; dpi, style and page kind cycle through the
# cases so that each (dpi, style) pair occurs six times
SKEW_CASES = [(skew, rot, (150, 300)[i % 2], list(STYLES)[i % 3],
               "prose" if i % 4 == 3 else "admin")
              for i, (skew, rot) in enumerate(itertools.product(SKEWS, ROTATIONS))]


@functools.cache
def _page(kind: str, dpi: int):
    """A clean page drawn directly at ``dpi`` (no resampling needed)."""
    if kind == "admin":   # two-column header (issuer | motto), then the body
        return render_admin_page(11, dpi=dpi, kind="quyet_dinh")
    if kind == "landscape":
        return render_admin_page(13, dpi=dpi, page_size=(297, 210))
    return render_prose_page(12, dpi=dpi)


def _scan(skew: float, rotation: int, dpi: int, style: str, kind: str = "admin", seed: int = 0):
    return degrade(_page(kind, dpi), seed=seed, skew=skew, rotation=rotation, **STYLES[style])


def _source(image: Image.Image, dpi: float) -> SourcePage:
    return SourcePage(index=1, image=image, dpi=dpi, dpi_assumed=False,
                      encoding=Encoding.LOSSLESS)


@functools.cache
def _measured(case: tuple) -> float:
    return measure_skew(_scan(*case).image)


# -- measure_skew ---------------------------------------------------------------

@pytest.mark.parametrize("case", SKEW_CASES, ids=lambda c: "-".join(map(str, c)))
def test_measure_skew_per_page(case):
    skew = case[0]
    measured = _measured(case)
    assert -45 < measured <= 45
    assert abs(measured - skew) <= 0.3, f"measured {measured:.3f} for {skew}"


def test_measure_skew_mean_error():
    errors = [abs(_measured(case) - case[0]) for case in SKEW_CASES]
    assert np.mean(errors) <= 0.2, f"MAE {np.mean(errors):.3f}"


@pytest.mark.parametrize("skew", [-40, 40, 45])
def test_measure_skew_large_angles_stay_in_range(skew):
    measured = measure_skew(_scan(skew, 0, 150, "noisy").image)
    assert -45 < measured <= 45
    assert angle_error(skew, measured, period=90) <= 0.3


def test_measure_skew_modes_agree():
    scan = _scan(3.1, 0, 150, "noisy")
    grey = scan.image
    for image in (grey, grey.convert("RGB"), grey.point(lambda v: 255 if v > 150 else 0, "1")):
        assert abs(measure_skew(image) - 3.1) <= 0.1, image.mode


# -- detect_rotation --------------------------------------------------------------

@pytest.mark.parametrize("rotation", ROTATIONS)
def test_detect_rotation_of_deskewed_page(rotation):
    scan = _scan(0, rotation, 150, "noisy")
    assert detect_rotation(scan.image, dpi=150) == rotation


@pytest.mark.parametrize("rotation", [0, 90])
def test_landscape_page_with_horizontal_text_is_rotation_0(rotation):
    scan = _scan(0, rotation, 150, "noisy", kind="landscape")
    assert detect_rotation(scan.image, dpi=150) == rotation


# -- straighten -------------------------------------------------------------------

STRAIGHTEN_CASES = ([(3.1, rot, 150, "bilevel") for rot in ROTATIONS]
                    + [(-7.3, rot, 200, "jpeg") for rot in ROTATIONS])


@pytest.mark.parametrize("case", STRAIGHTEN_CASES, ids=lambda c: "-".join(map(str, c)))
def test_straighten(case):
    skew, rotation, dpi, style = case
    scan = _scan(*case)
    up = straighten(_source(scan.image, dpi))
    assert up.rotation == rotation
    assert abs(up.skew_degrees - skew) <= 0.3
    assert up.deskewed
    assert up.image.mode == scan.image.mode
    assert abs(measure_skew(up.image)) < 0.2     # level now ...
    w, h = up.image.size                          # ... and portrait, like the page
    assert h > w


def test_straightened_page_is_upright():
    scan = _scan(9, 90, 150, "jpeg")
    up = straighten(_source(scan.image, 150))
    assert (up.rotation, round(up.skew_degrees)) == (90, 9)
    assert detect_rotation(up.image, dpi=150) == 0


def test_straighten_keeps_bilevel_pages_bilevel():
    scan = _scan(-2, 270, 150, "bilevel")
    up = straighten(_source(scan.image, 150))
    assert up.image.mode == "1"
    assert set(np.unique(np.asarray(up.image.convert("L")))) <= {0, 255}
    # the canvas grew: nothing cut off
    assert up.image.width * up.image.height > scan.image.width * scan.image.height


def test_straighten_fills_with_the_paper_colour():
    scan = _scan(9, 0, 150, "noisy")                      # paper grey 235
    up = straighten(_source(scan.image, 150))
    a = np.asarray(up.image)
    corners = [a[:5, :5], a[:5, -5:], a[-5:, :5], a[-5:, -5:]]
    assert all(abs(float(np.median(c)) - 235) <= 8 for c in corners)


def test_small_skew_is_reported_not_corrected():
    scan = _scan(0.05, 0, 150, "noisy")
    up = straighten(_source(scan.image, 150))
    assert not up.deskewed
    assert up.image is scan.image
    assert up.rotation == 0
    assert abs(up.skew_degrees - 0.05) <= 0.05


# -- pages without text -------------------------------------------------------------

def _qr_only() -> Image.Image:
    page = Image.new("L", (1240, 1754), 255)
    page.paste(qr_image("HOSO:SEPARATOR:HS-001", 12), (300, 500))
    return page.rotate(3, expand=True, fillcolor=255)


def _photo() -> Image.Image:
    rng = np.random.default_rng(0)
    field = sum(np.asarray(Image.fromarray((rng.random((n, n)) * 255).astype(np.uint8))
                           .resize((1240, 1754), Image.Resampling.BICUBIC), dtype=np.float32)
                for n in (6, 40))
    return Image.fromarray(np.clip(field / 2, 0, 255).astype(np.uint8)).convert("RGB")


@pytest.mark.parametrize("make", [
    lambda: degrade(render_blank(dpi=150), seed=1, noise=8, jpeg_quality=70).image,
    lambda: render_blank(dpi=150).image.convert("1"),
    _qr_only,
    _photo,
], ids=["blank-jpeg", "blank-bilevel", "qr-only", "photo"])
def test_pages_without_text(make):
    image = make()
    assert detect_rotation(image, dpi=150) == 0
    up = straighten(_source(image, 150))
    assert up.rotation == 0
    assert up.image.mode == image.mode
    if up.skew_degrees == 0:
        assert up.image is image and not up.deskewed
