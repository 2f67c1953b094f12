"""The synthetic-page generator: exact ground truth, angle convention, files."""

from __future__ import annotations

import math
import shutil
import unicodedata

import numpy as np
import pikepdf
import pytest
import zxingcpp
from PIL import Image

from tests.synth import (ADMIN_KINDS, Rendered, angle_error, cer, degrade, random_scan,
                         render_admin_page, render_blank, render_prose_page, render_separator,
                         save_scan, save_scans, word_bag_error)
from tests.synth.__main__ import expected_documents


def _ink(img: Image.Image) -> np.ndarray:
    return np.asarray(img.convert("L")) < 128


def _measured_skew(img: Image.Image) -> float:
    """Counter-clockwise text angle in degrees, measured without PIL: the
    shear y + x·tan(a) that makes the rows of ink sharpest. A line rising to
    the right (y falling as x grows, image y pointing down) has y + x·tan(a)
    constant for a > 0."""
    ys, xs = np.nonzero(_ink(img))
    best, best_score = 0.0, -1.0
    for a in np.arange(-20.0, 20.01, 0.1):
        rows = np.round(ys + xs * math.tan(math.radians(a))).astype(np.int64)
        hist = np.bincount(rows - rows.min())
        score = float((hist.astype(np.float64) ** 2).sum())
        if score > best_score:
            best, best_score = float(a), score
    return best


# ----------------------------------------------------------------- rendering

def test_same_seed_same_bytes():
    a, b = render_admin_page(5, dpi=150), render_admin_page(5, dpi=150)
    assert a.image.tobytes() == b.image.tobytes()
    assert (a.text, a.fields, a.kind, a.font) == (b.text, b.fields, b.kind, b.font)
    assert render_admin_page(6, dpi=150).image.tobytes() != a.image.tobytes()
    kw = dict(seed=3, skew=2.5, rotation=90, dpi=100, noise=5, blur=0.5, stamp=True,
              jpeg_quality=80, background=240)
    assert degrade(a, **kw).jpeg_bytes == degrade(b, **kw).jpeg_bytes
    assert random_scan(4, page_dpi=60).image.tobytes() == random_scan(4, page_dpi=60).image.tobytes()


@pytest.mark.parametrize("kind", sorted(ADMIN_KINDS))
def test_admin_page_truth_is_consistent(kind):
    r = render_admin_page(11, dpi=100, kind=kind)
    assert r.kind == kind and r.image.mode == "L" and r.dpi == 100
    assert r.image.size == (827, 1169)  # A4 at 100 dpi
    assert r.text == unicodedata.normalize("NFC", r.text)
    assert not r.text.endswith("\n") and "\n\n\n" not in r.text
    assert r.text.replace("\n\n", "\n").split("\n") == r.lines
    assert len(r.line_boxes) == len(r.lines)
    w, h = r.image.size
    ink = _ink(r.image)
    for (left, top, right, bottom), line in zip(r.line_boxes, r.lines):
        assert 0 <= left < right <= w and 0 <= top < bottom <= h, line
        assert ink[top:bottom, left:right].any(), line
    blocks = r.text.split("\n\n")
    f = r.fields
    # the two header columns: left first, each its own block
    assert f"Số: {f['document_number']}" in blocks[0].split("\n")
    assert blocks[1].startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc")
    assert blocks[1].split("\n")[-1].startswith(f"{f['issue_place']}, ngày ")
    assert " ".join(f["subject"].split()) in " ".join(r.text.split())
    assert r.lines[-1] == f["signer"]
    assert (kind == "cong_van") == f["subject"].startswith("V/v ")
    assert set(f) == {"issuing_authority", "document_number", "issue_place", "issue_date",
                      "subject", "signer"}


def test_ground_truth_has_no_seal_and_pages_vary():
    r = render_admin_page(2, dpi=100)
    s = degrade(r, seed=1, stamp=True, color=True)
    assert s.image.mode == "RGB" and s.truth is r
    rgb = np.asarray(s.image).astype(int)
    assert ((rgb[..., 0] - rgb[..., 2]) > 60).sum() > 200 or \
        ((rgb[..., 2] - rgb[..., 0]) > 60).sum() > 200  # a red or blue seal
    pages = [render_admin_page(i, dpi=30) for i in range(10)]
    assert len({p.font for p in pages}) >= 4 and len({p.kind for p in pages}) >= 5
    assert len({p.fields["issuing_authority"] for p in pages}) >= 4


def test_prose_separator_blank():
    p = render_prose_page(1, dpi=100)
    assert p.kind == "prose" and len(p.lines) > 20 and "\n\n" not in p.text
    b = render_blank(dpi=100)
    assert b.text == "" and b.lines == [] and not _ink(b.image).any()
    for code in (None, "HS-2025-000123"):
        s = render_separator(code, dpi=150)
        payload = "HOSO:SEPARATOR" + (f":{code}" if code else "")
        assert [c.text for c in zxingcpp.read_barcodes(s.image)] == [payload]
        assert s.kind == "separator" and s.fields["payload"] == payload
        scan = degrade(s, seed=2, skew=5, rotation=270, dpi=100, noise=6, jpeg_quality=60)
        assert [c.text for c in zxingcpp.read_barcodes(scan.image)] == [payload]


# ------------------------------------------------------------ angle convention

def test_pil_rotate_90_is_counter_clockwise():
    a = np.array([[1, 2], [3, 4]], dtype=np.uint8)  # 1 is top-left, 2 top-right
    turned = np.asarray(Image.fromarray(a).transpose(Image.Transpose.ROTATE_90))
    assert turned.tolist() == [[2, 4], [1, 3]]  # top-right went to top-left: CCW
    assert turned.tolist() == np.rot90(a).tolist()


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_quarter_turns(rotation):
    r = render_admin_page(4, dpi=60)
    s = degrade(r, rotation=rotation)
    assert (s.rotation, s.skew_degrees) == (rotation, 0.0)
    up = np.asarray(r.image)
    assert np.array_equal(np.asarray(s.image), np.rot90(up, rotation // 90))
    w, h = s.image.size
    assert (w > h) == (rotation in (90, 270))  # portrait A4 turned a quarter is landscape
    if rotation == 90:  # text lines run bottom to top: the first line's start is at the bottom
        left, top, right, bottom = r.line_boxes[0]
        W = up.shape[1]
        strip = _ink(s.image)[W - right:W - left, top:bottom]
        assert strip.any() and strip.shape[0] > strip.shape[1]
        assert s.upright_size_px == r.image.size


@pytest.mark.parametrize("skew,rotation", [(5.0, 0), (-7.0, 0), (4.0, 90), (3.0, 270)])
def test_skew_is_counter_clockwise(skew, rotation):
    r = render_prose_page(2, dpi=50)
    s = degrade(r, skew=skew, rotation=rotation)
    upright_again = Image.fromarray(np.rot90(np.asarray(s.image), -(rotation // 90)))
    assert abs(_measured_skew(upright_again) - skew) <= 0.3
    assert abs(_measured_skew(r.image)) <= 0.1


def test_positive_skew_makes_a_bar_rise_to_the_right():
    img = Image.new("L", (600, 300), 255)
    img.paste(0, (100, 140, 500, 146))
    bar = Rendered(image=img, dpi=100, text="", lines=[], kind="blank")
    ys, xs = np.nonzero(_ink(degrade(bar, skew=6.0).image))
    slope = np.polyfit(xs, ys, 1)[0]       # image y grows downwards
    assert math.degrees(math.atan(-slope)) == pytest.approx(6.0, abs=0.2)


# ----------------------------------------------------------------- degrading

def test_degrade_modes_and_sizes():
    r = render_admin_page(9, dpi=200)
    s = degrade(r, dpi=100)
    half = tuple(round(v / 2) for v in r.image.size)
    assert s.image.size == half and s.image.mode == "L" and s.dpi == 100
    assert degrade(r, dpi=100, bilevel=True).image.mode == "1"
    j = degrade(r, dpi=100, jpeg_quality=70, color=True)
    assert j.image.mode == "RGB" and j.jpeg_bytes[:2] == b"\xff\xd8"
    t = np.asarray(degrade(r, dpi=100, background=230).image)
    assert t.max() == 230
    sk = degrade(r, dpi=100, skew=10)
    assert sk.image.width > half[0] and sk.skew_degrees == 10.0
    with pytest.raises(ValueError):
        degrade(r, rotation=45)
    with pytest.raises(ValueError):
        degrade(r, bilevel=True, jpeg_quality=80)


def test_random_scan_presets():
    seen = set()
    for seed in range(6):
        s = random_scan(seed, page_dpi=60)
        assert s.dpi in (150, 200, 240, 300) and s.rotation in (0, 90, 180, 270)
        assert -15 <= s.skew_degrees <= 15 and s.truth.text
        seen.add(s.image.mode)
    assert len(seen) >= 2


# ------------------------------------------------------------------- metrics

def test_cer():
    assert cer("abc", "abd") == pytest.approx(1 / 3)
    nfc = unicodedata.normalize("NFC", "Nguyễn Thị Hương")
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfc != nfd and cer(nfc, nfd) == 0.0
    assert cer("a  b\n\nc ", " a b c") == 0.0
    assert cer("abcd", "") == 1.0 and cer("", "") == 0.0 and cer("", "x") == 1.0
    assert cer("đ", "d") == 1.0  # đ has no decomposition: never equal to d
    assert cer("ab", "abab") == 1.0
    assert word_bag_error("a b\n\nc d", "c d a b") == 0.0 and cer("a b\n\nc d", "c d a b") > 0
    assert word_bag_error("a b c d", "a b c") == 0.25
    assert angle_error(350, 10) == 20 and angle_error(-2.5, 2.5) == 5
    assert angle_error(90, 270) == 180 and angle_error(44, -44, period=90) == 2


# ----------------------------------------------------------------------- files

@pytest.mark.parametrize("fmt,mode", [("png", "L"), ("jpeg", "L"), ("tiff", "L"),
                                      ("tiff-g4", "1"), ("pdf", None)])
@pytest.mark.parametrize("with_dpi", [True, False])
def test_save_scan_writes_dpi(tmp_path, fmt, mode, with_dpi):
    r = render_admin_page(3, dpi=100, page_size="A5")
    scan = degrade(r, dpi=120, jpeg_quality=80 if fmt == "jpeg" else None,
                   bilevel=fmt == "tiff-g4")
    path = save_scan(scan, tmp_path / f"page.{fmt}", fmt, with_dpi=with_dpi)
    if fmt == "pdf":
        with pikepdf.open(path) as pdf:
            box = [float(v) for v in pdf.pages[0].mediabox]
        w, h = scan.image.size
        page_dpi = 120 if with_dpi else 96  # img2pdf's default without a dpi
        assert box[2] - box[0] == pytest.approx(w * 72 / page_dpi, abs=0.1)
        assert box[3] - box[1] == pytest.approx(h * 72 / page_dpi, abs=0.1)
        return
    with Image.open(path) as im:
        assert im.mode == mode and im.size == scan.image.size
        dpi = im.info.get("dpi")
        if with_dpi:
            assert dpi is not None and tuple(round(float(v)) for v in dpi) == (120, 120)
        else:
            assert dpi is None or tuple(round(float(v)) for v in dpi) in ((0, 0), (1, 1))
        if fmt == "tiff-g4":
            assert im.info["compression"] == "group4"
    if fmt == "jpeg" and with_dpi:
        assert path.read_bytes() == scan.jpeg_bytes


def test_multipage_files_and_expected_documents(tmp_path):
    a, b = render_admin_page(1, dpi=40), render_prose_page(2, dpi=40)
    sep = render_separator("HS-1", dpi=40)
    scans = [degrade(p, dpi=40) for p in (sep, a, sep, sep, b, render_blank(dpi=40))]
    with pikepdf.open(save_scans(scans, tmp_path / "box.pdf", "pdf")) as pdf:
        assert len(pdf.pages) == 6
    with Image.open(save_scans(scans, tmp_path / "box.tif", "tiff-g4")) as im:
        assert im.n_frames == 6
    docs = expected_documents(scans)
    assert docs == [
        {"pages": [2], "type": a.kind, "fields": a.fields, "dossier_code": "HS-1"},
        {"pages": [5, 6], "type": "khac", "fields": {}, "dossier_code": "HS-1"},
    ]


# ----------------------------------------------------------------------- OCR

@pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs Tesseract")
def test_rendered_vietnamese_is_readable_by_tesseract():
    from hoso.ocr.tesseract import ocr_page

    r = render_prose_page(7, dpi=300, page_size="A5")
    assert any(c in r.text for c in "ơưđ")
    text = ocr_page(r.image, dpi=300, with_pdf=False).text
    assert cer(r.text, text) < 0.05, text[:300]
