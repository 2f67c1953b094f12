"""The synthetic-page generator: exact ground truth, angle convention, files."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
import shutil
import unicodedata

import numpy as np
import pikepdf
import pytest
import zxingcpp
from PIL import Image

from tests.synth import (ADMIN_KINDS, LAYOUTS, Rendered, angle_error, cer, degrade, random_scan,
                         render_admin_page, render_blank, render_document, render_prose_page,
                         render_separator, save_scan, save_scans, word_bag_error)
from tests.synth.__main__ import expected_documents
from tests.synth.admin import LAYOUTS as ADMIN_LAYOUTS
from tests.synth.content import date_words


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
    r = render_admin_page(11, dpi=100, kind=kind, layout=0)  # the Decree 30 layout
    assert r.kind == kind and r.image.mode == "L" and r.dpi == 100 and r.layout == 0
    assert r.image.size == (827, 1169)  # A4 at 100 dpi
    _check_truth(r)
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


# ------------------------------------------------------ administrative layouts

ADMIN_FIELDS = {"issuing_authority", "document_number", "issue_place", "issue_date", "subject",
                "signer"}
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
ADMIN_CASES = [(k, layout) for k in sorted(ADMIN_KINDS) for layout in range(ADMIN_LAYOUTS)]


def _runs_of_lines(lines: list[str], value: str) -> bool:
    """``value`` is some consecutive lines joined with one space."""
    for i in range(len(lines)):
        joined = ""
        for line in lines[i:]:
            joined = f"{joined} {line}" if joined else line
            if joined == value:
                return True
            if not value.startswith(joined):
                break
    return False


def _line(r: Rendered, pred) -> tuple[int, str, tuple[int, int, int, int]]:
    hits = [(i, t, b) for i, (t, b) in enumerate(zip(r.lines, r.line_boxes)) if pred(t)]
    assert len(hits) == 1, [t for _, t, _ in hits]
    return hits[0]


def _number_line(r: Rendered):
    return _line(r, lambda t: t.startswith("Số:"))


def _date_line(r: Rendered):
    return _line(r, lambda t: t.startswith(f"{r.fields['issue_place']}, ngày "))


def _check_truth(r: Rendered) -> None:
    """The reading-order truth is NFC, matches its lines, and every line box is inked."""
    assert r.text == unicodedata.normalize("NFC", r.text)
    assert not r.text.endswith("\n") and "\n\n\n" not in r.text
    assert r.text.replace("\n\n", "\n").split("\n") == r.lines
    assert len(r.line_boxes) == len(r.lines)
    w, h = r.image.size
    ink = _ink(r.image)
    for (left, top, right, bottom), line in zip(r.line_boxes, r.lines):
        assert 0 <= left < right <= w and 0 <= top < bottom <= h, line
        assert ink[top:bottom, left:right].any(), line


def _check_admin_page(r: Rendered) -> None:
    """Truth consistent with the image, and every field where DOMAIN.md says."""
    _check_truth(r)
    for i, a in enumerate(r.line_boxes):  # nothing drawn over anything else
        for b in r.line_boxes[i + 1:]:
            ix = min(a[2], b[2]) - max(a[0], b[0])
            iy = min(a[3], b[3]) - max(a[1], b[1])
            assert ix <= 1 or iy <= 0.4 * min(a[3] - a[1], b[3] - b[1]), (a, b)
    f = r.fields
    assert set(f) == ADMIN_FIELDS
    for value in f.values():
        assert value == unicodedata.normalize("NFC", value) and value == " ".join(value.split())
    assert f["issuing_authority"] == f["issuing_authority"].upper()
    assert _runs_of_lines(r.lines, f["issuing_authority"]), f["issuing_authority"]
    _, number, _ = _number_line(r)
    assert number.removeprefix("Số:").replace(" ", "") == f["document_number"]
    assert re.fullmatch(r"\d+/(\d{4}/)?[A-ZĐ][A-ZĐa-z]*-[A-ZĐ]+", f["document_number"])
    _, dateline, _ = _date_line(r)
    d = dt.date.fromisoformat(f["issue_date"])
    assert dateline in {f"{f['issue_place']}, {date_words(d, s)}"
                        for s in ("decree", "padded", "plain")}, dateline
    assert _runs_of_lines(r.lines, f["subject"]), f["subject"]
    assert f["signer"] in r.lines


@pytest.mark.parametrize("kind,layout", ADMIN_CASES)
def test_every_admin_layout_renders_with_its_fields(kind, layout):
    for seed in (1, 2, 11):
        r = render_document(kind, seed, dpi=100, layout=layout)
        assert (r.kind, r.layout, r.dpi, r.image.size) == (kind, layout, 100, (827, 1169))
        _check_admin_page(r)
        f = r.fields
        if kind == "cong_van":  # no type name: the subject sits under the number
            assert f["subject"].startswith(("V/v ", "Về việc "))
            blocks = r.text.split("\n\n")
            number_block = next(b for b in blocks if "\nSố: " in b or b.startswith("Số: "))
            assert " ".join(number_block.split("\n")).endswith(f["subject"])
        else:
            title = {"quyet_dinh": "QUYẾT ĐỊNH", "nghi_quyet": "NGHỊ QUYẾT",
                     "thong_bao": "THÔNG BÁO", "ke_hoach": "KẾ HOẠCH", "bao_cao": "BÁO CÁO",
                     "to_trinh": "TỜ TRÌNH", "bien_ban": "BIÊN BẢN", "giay_moi": "GIẤY MỜI"}[kind]
            i, _, _ = _line(r, lambda t: t == title)
            assert _runs_of_lines(r.lines[i + 1:], f["subject"])  # the subject under it
        assert MOTTO[0] in r.lines and MOTTO[1] in r.lines


@pytest.mark.parametrize("page_size", ["A5", (297, 210)])
def test_admin_layouts_fit_other_page_sizes(page_size):
    for kind in ("cong_van", "quyet_dinh", "bien_ban", "to_trinh"):
        for layout in range(ADMIN_LAYOUTS):
            _check_admin_page(render_admin_page(3, dpi=60, kind=kind, layout=layout,
                                                page_size=page_size))


def test_admin_layout_registry_and_choice():
    assert ADMIN_LAYOUTS >= 3 and all(LAYOUTS[k] == ADMIN_LAYOUTS for k in ADMIN_KINDS)
    for bad in (-1, ADMIN_LAYOUTS, 1.0, True):
        with pytest.raises(ValueError):
            render_admin_page(1, kind="quyet_dinh", layout=bad, dpi=30)
    with pytest.raises(ValueError):
        render_document("cong_van", 1, layout=LAYOUTS["cong_van"], dpi=30)
    seen = set()
    for seed in range(12):  # layout=None: drawn by the seed, the same every time
        a, a2 = render_admin_page(seed, dpi=40), render_admin_page(seed, dpi=40)
        assert a.image.tobytes() == a2.image.tobytes()
        assert (a.text, a.layout) == (a2.text, a2.layout)
        b = render_document(a.kind, seed, dpi=40)  # a given kind: the same layout
        c = render_admin_page(seed, dpi=40, kind=a.kind, layout=a.layout)
        assert b.layout == a.layout and b.image.tobytes() == c.image.tobytes()
        assert (b.text, b.fields) == (c.text, c.fields)
        seen.add(a.layout)
    assert seen == set(range(ADMIN_LAYOUTS))


@pytest.mark.parametrize("kind", sorted(ADMIN_KINDS))
def test_admin_layouts_differ_in_geometry_and_wording(kind):
    mm = 100 / 25.4
    for seed in (4, 9):
        pages = [render_admin_page(seed, dpi=100, kind=kind, layout=n)
                 for n in range(ADMIN_LAYOUTS)]
        # one seed, one document: the same fields (the subject's lead aside) ...
        same = {k: v for k, v in pages[0].fields.items() if k != "subject"}
        assert all({k: v for k, v in p.fields.items() if k != "subject"} == same for p in pages)
        # ... laid out and worded differently
        assert len({p.text for p in pages}) == ADMIN_LAYOUTS
        assert len({tuple(p.lines[:3]) for p in pages}) == ADMIN_LAYOUTS
        spots = []
        for p in pages:
            (_, _, num), (_, _, date) = _number_line(p), _date_line(p)
            _, _, motto = _line(p, lambda t: t == MOTTO[0])
            spots.append((num, date, motto))
        for a in range(ADMIN_LAYOUTS):
            for b in range(a + 1, ADMIN_LAYOUTS):
                moved = max(abs(u - v) for box_a, box_b in zip(spots[a], spots[b])
                            for u, v in zip(box_a, box_b))
                assert moved > 5 * mm, (a, b)
        # what sits where
        r0, r1, r2 = pages
        (n0, d0, m0), (n1, d1, m1), (n2, d2, m2) = spots
        first_header = r0.line_boxes[0]
        assert abs(m0[1] - first_header[1]) < 5 * mm and m0[0] > r0.image.width * 0.4
        assert abs(n0[3] - d0[3]) < 4 * mm  # "Số:" and the date on one row
        assert r1.lines[:2] == list(MOTTO)  # the motto first, centred across the page
        assert abs((m1[0] + m1[2]) / 2 - r1.image.width / 2) < 12 * mm
        assert r1.line_boxes[2][1] > m1[3]  # the body's column under the motto
        assert n1[1] > m1[3] and abs(n1[3] - d1[3]) < 3 * mm and d1[0] > n1[2]
        assert d2[1] > n2[3] - 1 and d2[0] > n2[2]  # the date a row below, to the right
        assert m2[1] < n2[1] and abs(n2[0] - r2.line_boxes[0][0]) < 2 * mm  # flush left


def test_admin_layout_wordings():
    """Layout 1 prints the number in bold and zero-pads the date; layout 2
    letter-spaces the type name and sometimes spaces the number; the leads
    of the subjects differ."""
    subjects = {n: set() for n in range(ADMIN_LAYOUTS)}
    spaced = 0
    for seed in range(10):
        for n in range(ADMIN_LAYOUTS):
            r = render_admin_page(seed, dpi=30, kind="cong_van", layout=n)
            subjects[n].add(r.fields["subject"].split()[0])
        q = render_admin_page(seed, dpi=30, kind="quyet_dinh", layout=1)
        d = dt.date.fromisoformat(q.fields["issue_date"])
        assert _date_line(q)[1].endswith(f"ngày {d.day:02d} tháng {d.month:02d} năm {d.year}")
        q2 = render_admin_page(seed, dpi=30, kind="quyet_dinh", layout=2)
        assert _date_line(q2)[1].endswith(f"ngày {d.day} tháng {d.month} năm {d.year}")
        spaced += " /" in _number_line(q2)[1]
        assert q.fields["subject"][0].isupper() and not q.fields["subject"].startswith("Về việc")
    assert subjects == {0: {"V/v"}, 1: {"Về"}, 2: {"V/v"}}
    assert 0 < spaced < 10


def test_admin_letterhead_seal_and_signers():
    mm = 300 / 25.4
    rows = set()
    for seed in range(14):
        r = render_admin_page(seed, kind="to_trinh" if seed % 2 else "thong_bao", layout=2,
                              dpi=300)
        _, _, name = _line(r, lambda t: t == r.fields["signer"])
        x, y = r.seal_xy
        assert y + 25 * mm <= name[1]  # the seal (radius ≤ 20 mm, ±5 mm) clears the name
        assert name[0] - 40 * mm < x < name[2]
        rows |= {t.split(".")[0] for t in r.lines if t.split(".")[0] in ("TM", "KT", "Q", "TL")}
    assert {"TM", "KT"} <= rows and len(rows) >= 3
    b = render_admin_page(5, kind="bien_ban", layout=1, dpi=60)
    assert b.lines[-1] == b.fields["signer"] and "THƯ KÝ" in b.lines and "CHỦ TRÌ" in b.lines


# reference values taken before admin layouts 1 and 2 existed: layout 0 is that page
LAYOUT0_BEFORE = [
    ("quyet_dinh", 4, "b2f3e35f92e0f12a", "Liberation Sans", "2303/2025/QĐ-SNV", "Lương Diệu Ánh"),
    ("cong_van", 7, "bda06ae52be339b9", "DejaVu Serif", "7/UBND-TNMT", "Trần Thu Thảo"),
    ("bien_ban", 2, "1ffc587b4e5ea8bf", "Noto Sans", "619/BB-UBND", "Giáp Tuấn Toản"),
    ("giay_moi", 9, "f1b6d41b7febd5b6", "DejaVu Sans", "52/GM-UBND", "Trần Văn Trường"),
    ("nghi_quyet", 5, "79869dcfe896dbfb", "FreeSerif", "14/NQ-HĐND", "Đặng Thanh Phượng"),
    ("bao_cao", 10, "1b09c2a5a92ca130", "FreeSerif", "16/BC-UBND", "Bùi Hữu Tiến"),
]


@pytest.mark.parametrize("kind,seed,digest,font,number,signer", LAYOUT0_BEFORE)
def test_admin_layout0_is_unchanged(kind, seed, digest, font, number, signer):
    r = render_admin_page(seed, dpi=100, kind=kind, layout=0)
    assert (r.font, r.fields["document_number"], r.fields["signer"]) == (font, number, signer)
    assert hashlib.sha256(r.text.encode()).hexdigest()[:16] == digest


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
