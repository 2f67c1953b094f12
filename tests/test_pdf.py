"""The searchable-PDF builder, checked with the real Tesseract and poppler."""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from PIL import Image, ImageDraw, ImageFont

from hoso.digitize.model import Encoding, OcrPage, SourcePage, UprightPage
from hoso.digitize.pdf import copy_pdf_page, merge_pages, write_page_pdf
from hoso.errors import ToolError
from hoso.ocr.tesseract import ocr_page

FONT = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"
DPI = 200
LINES = (
    "Quyết định về việc thành lập Hội đồng",
    "Ủy ban nhân dân tỉnh Bắc Ninh",
    "Số: 123/QĐ-UBND ngày 15 tháng 7 năm 2025",
)
ORIGIN = (150, 150)     # top left of the first line, pixels
LINE_STEP = 100         # pixels between lines
KNOWN = (1, "Bắc")      # (line index, word) whose box is checked


def _draw(size: tuple[int, int] = (1654, 1160)) -> tuple[Image.Image, tuple[float, ...]]:
    """A grey half A4 page at DPI with LINES; returns it and KNOWN's box in pixels."""
    image = Image.new("L", size, 250)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 40)
    for i, line in enumerate(LINES):
        draw.text((ORIGIN[0], ORIGIN[1] + i * LINE_STEP), line, font=font, fill=20)
    index, word = KNOWN
    line = LINES[index]
    at = (ORIGIN[0], ORIGIN[1] + index * LINE_STEP)
    left = draw.textlength(line[: line.index(word)], font=font)
    return image, draw.textbbox((at[0] + left, at[1]), word, font=font)


@pytest.fixture(scope="module")
def scan() -> tuple[Image.Image, tuple[float, ...], OcrPage]:
    image, box = _draw()
    return image, box, ocr_page(image, dpi=DPI)


def _page(image: Image.Image, encoding: Encoding, *, dpi: float = DPI, deskewed: bool = False,
          **source_fields) -> UprightPage:
    source = SourcePage(index=1, image=image, dpi=dpi, dpi_assumed=False,
                        encoding=encoding, **source_fields)
    return UprightPage(source=source, image=image, rotation=0, skew_degrees=0.0,
                       deskewed=deskewed)


def _text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def _words(path: Path) -> dict[str, tuple[float, float, float, float]]:
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                       r'yMax="([\d.]+)">([^<]*)</word>', html)
    return {w: tuple(map(float, xy)) for *xy, w in found}


def _images(path: Path) -> list[dict[str, str]]:
    lines = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True,
                           text=True, check=True).stdout.splitlines()
    head = lines[0].split()
    return [dict(zip(head, line.split())) for line in lines[2:]]


def _page_size(path: Path) -> tuple[float, float]:
    with pikepdf.open(path) as pdf:
        x0, y0, x1, y1 = (float(v) for v in pdf.pages[0].mediabox)
    return x1 - x0, y1 - y0


def _jpeg(image: Image.Image, quality: int = 80) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=quality)
    return buf.getvalue()


def _squash(text: str) -> str:
    return " ".join(text.split())


# 187.5: Tesseract sizes its layer at 188 dpi; 300: a layer of another size
# (as from OCR at another resolution) is stretched onto the page
@pytest.mark.parametrize(("dpi", "ocr_dpi"), [(DPI, DPI), (187.5, 187.5), (DPI, 300)])
def test_write_page_pdf_text_and_word_boxes(tmp_path, scan, dpi, ocr_dpi):
    image, box, _ = scan
    ocr = ocr_page(image, dpi=ocr_dpi) if ocr_dpi != DPI else scan[2]
    out = write_page_pdf(_page(image, Encoding.LOSSLESS, dpi=dpi), ocr, tmp_path / "p.pdf")

    text = _text(out)
    assert unicodedata.is_normalized("NFC", text)
    assert _squash(text) == _squash(ocr.text)
    for line in LINES:
        assert line in text
    assert _page_size(out) == pytest.approx((image.width / dpi * 72, image.height / dpi * 72),
                                             abs=0.01)
    # Tesseract stretches "word + space" over the word's box, so the text
    # box starts where the word does and ends a little before it
    x0, y0, x1, y1 = _words(out)[KNOWN[1]]
    d0, d1, d2, d3 = (v / dpi * 72 for v in box)
    assert x0 == pytest.approx(d0, abs=3)
    assert d0 + (d2 - d0) / 2 < x1 <= d2 + 3
    # its height is the line's (diacritics of other words included)
    assert (y0 + y1) / 2 == pytest.approx((d1 + d3) / 2, abs=3)
    assert d1 - 6 <= y0 < y1 <= d3 + 6


def test_write_page_pdf_text_is_invisible(tmp_path, scan):
    image, _, ocr = scan
    with_text = write_page_pdf(_page(image, Encoding.LOSSLESS), ocr, tmp_path / "t.pdf")
    without = write_page_pdf(_page(image, Encoding.LOSSLESS), None, tmp_path / "i.pdf")
    rendered = [_render(p, "gray") for p in (with_text, without)]
    assert np.array_equal(rendered[0], rendered[1])
    assert np.abs(rendered[0].astype(int) - np.asarray(image, dtype=int)).mean() < 1
    assert _text(without).strip() == ""


def _render(path: Path, mode: str) -> np.ndarray:
    png = subprocess.run(["pdftoppm", "-r", str(DPI), f"-{mode}", "-singlefile", str(path)],
                         capture_output=True, check=True).stdout
    return np.asarray(Image.open(io.BytesIO(png)))


@pytest.mark.parametrize(("mode", "encoding", "enc", "color", "bpc"), [
    ("1", Encoding.BILEVEL, "ccitt", "gray", "1"),
    ("L", Encoding.BILEVEL, "ccitt", "gray", "1"),
    ("L", Encoding.LOSSLESS, "image", "gray", "8"),
    ("RGB", Encoding.LOSSLESS, "image", "rgb", "8"),
    ("L", Encoding.JPEG, "jpeg", "gray", "8"),
    ("RGB", Encoding.JPEG, "jpeg", "rgb", "8"),
])
def test_write_page_pdf_keeps_encoding_and_colour(tmp_path, scan, mode, encoding, enc, color, bpc):
    image, _, ocr = scan
    image = image.convert(mode)
    out = write_page_pdf(_page(image, encoding, jpeg_quality=75), ocr, tmp_path / "p.pdf")
    [info] = _images(out)
    assert (info["enc"], info["color"], info["bpc"]) == (enc, color, bpc)
    assert (int(info["width"]), int(info["height"])) == image.size
    assert LINES[1] in _text(out)


def test_write_page_pdf_g4_is_not_inverted(tmp_path, scan):
    image = scan[0].point(lambda v: 255 if v >= 128 else 0, mode="1")
    out = write_page_pdf(_page(image, Encoding.BILEVEL), None, tmp_path / "p.pdf")
    rendered = _render(out, "gray").astype(int)
    assert np.abs(rendered - np.asarray(image.convert("L"), dtype=int)).mean() < 1


def test_write_page_pdf_black_and_white_lossless_page_becomes_g4(tmp_path, scan):
    image = scan[0].point(lambda v: 255 if v >= 128 else 0)  # mode "L", two values
    out = write_page_pdf(_page(image, Encoding.LOSSLESS), None, tmp_path / "p.pdf")
    assert _images(out)[0]["enc"] == "ccitt"


def test_write_page_pdf_jpeg_passthrough_keeps_bytes(tmp_path, scan):
    jpeg = _jpeg(scan[0].convert("RGB"))
    image = Image.open(io.BytesIO(jpeg))
    image.load()
    page = _page(image, Encoding.JPEG, jpeg_bytes=jpeg, jpeg_quality=80)
    out = write_page_pdf(page, scan[2], tmp_path / "p.pdf")
    with pikepdf.open(out) as pdf:
        [(_, xobject)] = [(k, v) for k, v in pdf.pages[0].Resources.XObject.items()
                          if v.Subtype == "/Image"]
        assert xobject.Filter == "/DCTDecode"
        assert xobject.read_raw_bytes() == jpeg
    assert out.stat().st_size <= 1.2 * len(jpeg)


def test_write_page_pdf_jpeg_passthrough_only_for_the_same_pixels(tmp_path, scan):
    jpeg = _jpeg(scan[0])
    image = Image.open(io.BytesIO(jpeg))
    image.load()
    source = _page(image, Encoding.JPEG, jpeg_bytes=jpeg).source
    changed = image.copy()
    changed.putpixel((5, 5), 0)
    for upright, kept in ((image.copy(), True), (changed, False)):
        page = UprightPage(source=source, image=upright, rotation=0, skew_degrees=0.0,
                           deskewed=False)
        out = write_page_pdf(page, None, tmp_path / "p.pdf")
        with pikepdf.open(out) as pdf:
            [xobject] = pdf.pages[0].Resources.XObject.values()
            assert (xobject.read_raw_bytes() == jpeg) is kept


def test_write_page_pdf_reencodes_a_deskewed_jpeg(tmp_path, scan):
    jpeg = _jpeg(scan[0], quality=80)
    image = Image.open(io.BytesIO(jpeg))
    image.load()
    page = _page(image, Encoding.JPEG, deskewed=True, jpeg_bytes=jpeg, jpeg_quality=80)
    out = write_page_pdf(page, None, tmp_path / "p.pdf")
    with pikepdf.open(out) as pdf:
        [xobject] = pdf.pages[0].Resources.XObject.values()
        assert xobject.Filter == "/DCTDecode" and xobject.ColorSpace == "/DeviceGray"
        assert xobject.read_raw_bytes() != jpeg
    assert out.stat().st_size <= 1.2 * len(jpeg)


@pytest.mark.parametrize("mode", ["1", "L", "RGB"])
def test_write_page_pdf_is_not_larger_than_a_lossless_input(tmp_path, scan, mode):
    image = scan[0].crop((0, 0, 1000, 500)).convert(mode)
    if mode != "1":  # a scan's paper grain, so that the image does not compress to nothing
        pixels = np.asarray(image).astype(int)
        grain = np.random.default_rng(1).integers(0, 6, size=pixels.shape)
        image = Image.fromarray((pixels - grain).clip(0, 255).astype(np.uint8))
    buf = io.BytesIO()
    if mode == "1":
        image.save(buf, format="TIFF", compression="group4")
    else:
        image.save(buf, format="PNG", optimize=True)
    encoding = Encoding.BILEVEL if mode == "1" else Encoding.LOSSLESS
    out = write_page_pdf(_page(image, encoding), None, tmp_path / "p.pdf")
    assert out.stat().st_size <= 1.2 * len(buf.getvalue())


def test_write_page_pdf_corrupt_text_layer_is_a_tool_error(tmp_path, scan):
    image, _, ocr = scan
    for bad in (b"not a pdf", ocr.text_pdf[:400]):
        broken = OcrPage(words=ocr.words, text=ocr.text, confidence=ocr.confidence, text_pdf=bad)
        with pytest.raises(ToolError) as caught:
            write_page_pdf(_page(image, Encoding.LOSSLESS), broken, tmp_path / "p.pdf")
        assert caught.value.tool == "pikepdf"
    assert list(tmp_path.iterdir()) == []


def test_write_page_pdf_timed_out_ocr_gives_image_only_page(tmp_path, scan):
    timed_out = OcrPage(words=(), text="", confidence=0.0, text_pdf=None, timed_out=True)
    out = write_page_pdf(_page(scan[0], Encoding.LOSSLESS), timed_out, tmp_path / "p.pdf")
    assert len(_images(out)) == 1
    assert _text(out).strip() == ""


@pytest.fixture
def three_pages(tmp_path, scan) -> list[Path]:
    image, _, ocr = scan
    return [write_page_pdf(_page(image.convert(mode), encoding), ocr, tmp_path / f"{i}.pdf")
            for i, (mode, encoding) in enumerate([("L", Encoding.LOSSLESS),
                                                  ("1", Encoding.BILEVEL),
                                                  ("RGB", Encoding.JPEG)])]


def test_merge_pages_makes_one_document_with_metadata(tmp_path, three_pages):
    out = merge_pages(three_pages, tmp_path / "doc.pdf", title="Quyết định 123/QĐ-UBND",
                      metadata={"document_number": "123/QĐ-UBND", "dc:description": "Về việc"})
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 3
        assert str(pdf.docinfo["/Title"]) == "Quyết định 123/QĐ-UBND"
        assert str(pdf.docinfo["/Producer"]) == "hoso"
        meta = pdf.open_metadata()
        assert meta["dc:title"] == "Quyết định 123/QĐ-UBND"
        assert meta["dc:description"] == "Về việc"
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        assert meta["{urn:hoso:xmp:1.0#}document_number"] == "123/QĐ-UBND"
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == "/GTS_PDFA1" and intent.DestOutputProfile.N == 3
    assert _text(out).count(LINES[1]) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0.pdf", "1.pdf", "2.pdf", "doc.pdf"]


def test_merge_pages_refuses_unknown_metadata_keys(tmp_path, three_pages):
    for key in ("foo:bar", "số hiệu", ""):
        with pytest.raises(ValueError):
            merge_pages(three_pages, tmp_path / "doc.pdf", metadata={key: "x"})
    with pytest.raises(ValueError):
        merge_pages([], tmp_path / "doc.pdf")
    assert not (tmp_path / "doc.pdf").exists()


def test_merge_pages_damaged_page_leaves_old_output_alone(tmp_path, three_pages):
    out = tmp_path / "doc.pdf"
    out.write_bytes(b"previous")
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(three_pages[0].read_bytes()[:3000])
    for bad in (damaged, tmp_path / "missing.pdf"):
        with pytest.raises(ToolError):
            merge_pages([three_pages[0], bad], out, title="x")
    assert out.read_bytes() == b"previous"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_copy_pdf_page_copies_one_page_with_inherited_attributes(tmp_path, three_pages):
    src = merge_pages(three_pages, tmp_path / "doc.pdf")
    with pikepdf.open(src, allow_overwriting_input=True) as pdf:
        pdf.Root.Pages.Rotate = 90  # inherited by every page
        pdf.save(src)
    out = copy_pdf_page(src, 2, tmp_path / "p2.pdf")
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 1
        assert pdf.pages[0].Rotate == 90
    assert _images(out)[0]["enc"] == "ccitt"  # page 2 is the bilevel one
    assert LINES[1] in _text(out)
    with pytest.raises(ToolError):
        copy_pdf_page(src, 4, tmp_path / "p4.pdf")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\nnot really\n")
    with pytest.raises(ToolError):
        copy_pdf_page(bad, 1, tmp_path / "p4.pdf")
    assert not (tmp_path / "p4.pdf").exists()
