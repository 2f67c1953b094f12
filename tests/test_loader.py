"""The loader: any input file -> SourcePages, or a typed InputError.

Runs over every file of the real corpus (by path; nothing is copied) and over
awkward files generated in tmp_path.
"""

from __future__ import annotations

import concurrent.futures
import io
import struct
import time
import zlib
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from PIL import Image, ImageDraw, ImageFile

from hoso.config import Limits, Settings
from hoso.digitize import imageinput, pdfinput, poppler
from hoso.digitize.loader import JPEG, PDF, PNG, TIFF, open_input, sniff
from hoso.digitize.model import Encoding, SourcePage
from hoso.errors import (
    CorruptFile, EmptyFile, EncryptedPdf, InputError, NotFound, TooLarge, TooSmall, ToolError,
    ToolTimeout, UnsupportedType,
)
from tests.conftest import CORPUS

OCRMYPDF = CORPUS / "ocrmypdf-test-resources"
VIETOCR = CORPUS / "vietocr3-samples"
CORPUS_FILES = sorted(p for d in (OCRMYPDF, VIETOCR) if d.is_dir() for p in d.iterdir())
NOT_DOCUMENTS = {".hocr", ".rst", ".toml", ".txt", ".aff", ".dic"}
EXPECTED_ERRORS = {
    "invalid.pdf": CorruptFile,        # 44 bytes: header and %%EOF, no objects
    "livecycle.pdf": UnsupportedType,  # dynamic XFA form: no static page content
}
PER_FILE_S = 60
DEFAULT = Settings()
# Low resolution for the corpus sweep: same code paths, a fraction of the time.
FAST = Settings(pdf_render_dpi=72, max_render_dpi=150, limits=Limits(max_render_pixels=4_000_000))

needs_corpus = pytest.mark.skipif(not CORPUS_FILES, reason="shared corpus not present")


def load_all(path: Path, settings: Settings = DEFAULT):
    """(LoadedInput, pages, error raised while iterating or None)."""
    loaded = open_input(path, settings)
    pages: list[SourcePage] = []
    try:
        for page in loaded.pages:
            pages.append(page)
    except InputError as exc:
        return loaded, pages, exc
    return loaded, pages, None


def check_page(page: SourcePage, number: int, media: str, settings: Settings) -> None:
    w, h = page.image.size
    assert page.index == number
    assert page.image.mode in ("1", "L", "RGB")
    assert w >= 1 and h >= 1
    assert 10 <= page.dpi <= 4800
    assert (page.encoding is Encoding.BILEVEL) == (page.image.mode == "1")
    if page.encoding is Encoding.JPEG:
        assert page.jpeg_quality is not None and 1 <= page.jpeg_quality <= 100
    if media == PDF:
        assert w * h <= settings.limits.max_render_pixels
        assert not page.dpi_assumed and page.pdf_path is not None and page.jpeg_bytes is None
    else:
        assert w * h <= settings.limits.max_page_pixels
        assert page.pdf_text is None and page.pdf_path is None


def _sweep(path: Path):
    try:
        loaded = open_input(path, FAST)
    except InputError as exc:
        return exc, 0
    count = 0
    try:
        for count, page in enumerate(loaded.pages, start=1):
            check_page(page, count, loaded.media_type, FAST)
    except InputError as exc:
        return exc, count
    assert count == loaded.page_count
    return None, count


# --- the real corpus ------------------------------------------------------------


@needs_corpus
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_corpus_file_loads_or_fails_cleanly(path: Path) -> None:
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        started = time.monotonic()
        error, count = pool.submit(_sweep, path).result(timeout=PER_FILE_S)
        assert time.monotonic() - started < PER_FILE_S
    expected = EXPECTED_ERRORS.get(path.name)
    if path.suffix in NOT_DOCUMENTS:
        expected = UnsupportedType
    if expected is None:
        assert error is None, f"{path.name}: {error!r}"
        assert count >= 1
    else:
        assert isinstance(error, expected), f"{path.name}: {error!r}"
        assert count == 0


@needs_corpus
def test_cardinal_pages_as_displayed() -> None:
    loaded, pages, err = load_all(OCRMYPDF / "cardinal.pdf", FAST)
    assert err is None and loaded.page_count == 4 and len(pages) == 4
    portrait = [p.image.height > p.image.width for p in pages]
    assert portrait == [True, False, True, False]
    assert all(p.image.mode == "1" and p.encoding is Encoding.BILEVEL for p in pages)


@needs_corpus
def test_rotate_entry_is_applied() -> None:
    # 792x612 pt page with /Rotate 90: displayed portrait
    _, pages, _ = load_all(OCRMYPDF / "rotated_skew.pdf", FAST)
    assert pages[0].image.height > pages[0].image.width


@needs_corpus
def test_landscape_g4_tiff() -> None:
    loaded, pages, err = load_all(VIETOCR / "vietsample2.tif")
    assert err is None and loaded.media_type == TIFF and loaded.page_count == 2
    first = pages[0]
    assert first.image.size == (3300, 2550) and first.image.mode == "1"
    assert first.dpi == 300 and not first.dpi_assumed and first.encoding is Encoding.BILEVEL
    assert np.asarray(first.image).mean() > 0.9           # white paper, black text
    assert pages[1].image.size == (2550, 3300)


@needs_corpus
def test_vietnamese_text_layer_is_kept() -> None:
    _, pages, err = load_all(VIETOCR / "vietsample1.pdf")   # RC4, empty user password
    assert err is None and len(pages) == 2
    assert "Áo Lụa Hà Đông" in pages[0].pdf_text
    assert "Giữ hộ anh bài thơ tình lụa trắng" in pages[1].pdf_text
    assert pages[0].pdf_path == VIETOCR / "vietsample1.pdf"
    assert pages[0].image.size == (2550, 3300) and pages[0].dpi == DEFAULT.pdf_render_dpi


@needs_corpus
def test_text_layers_real_or_junk() -> None:
    assert "Percentage" in load_all(OCRMYPDF / "graph_ocred.pdf", FAST)[1][0].pdf_text
    for junk in ("truetype_font_nomapping.pdf", "type3_font_nomapping.pdf", "vector.pdf",
                 "graph.pdf"):
        assert load_all(OCRMYPDF / junk, FAST)[1][0].pdf_text is None, junk


@needs_corpus
@pytest.mark.parametrize("name", ["hugemono.pdf", "enormous.pdf"])
def test_huge_pages_are_rendered_smaller(name: str) -> None:
    settings = Settings(limits=Limits(max_render_pixels=16_000_000))
    _, pages, err = load_all(OCRMYPDF / name, settings)
    page = pages[0]
    assert err is None
    assert page.image.width * page.image.height <= 16_000_000
    assert page.dpi < 300                                   # native 300 dpi, lowered
    assert page.image.width == pytest.approx(page.dpi * 8400 / 72 if name == "hugemono.pdf"
                                             else page.dpi * 2160 / 72, abs=2)


@needs_corpus
def test_scan_page_rendered_at_native_dpi() -> None:
    _, pages, _ = load_all(OCRMYPDF / "ccitt.pdf")
    assert pages[0].dpi == 300 and pages[0].image.size == (2550, 3300)
    _, pages, _ = load_all(OCRMYPDF / "2400dpi.pdf")       # clamped to max_render_dpi
    assert pages[0].dpi == DEFAULT.max_render_dpi
    _, pages, _ = load_all(OCRMYPDF / "francais.pdf")       # grey JPEG scan
    assert pages[0].image.mode == "L" and pages[0].encoding is Encoding.JPEG
    assert pages[0].jpeg_quality == 75


@needs_corpus
def test_non_square_pdf_image_rendered_square() -> None:
    # 1000x400 image at 200x100 dpi on a 5x4 inch page: 200 dpi both ways
    _, pages, _ = load_all(OCRMYPDF / "aspect.pdf")
    assert pages[0].dpi == 200 and pages[0].image.size == (1000, 800)


@needs_corpus
def test_jpeg_files() -> None:
    cmyk = load_all(OCRMYPDF / "baiona_cmyk.jpg")[1][0]
    assert cmyk.image.mode == "RGB" and cmyk.encoding is Encoding.JPEG
    assert cmyk.jpeg_bytes is None and cmyk.dpi == 200 and not cmyk.dpi_assumed
    colour = load_all(OCRMYPDF / "baiona_color.jpg")[1][0]
    assert colour.jpeg_bytes == (OCRMYPDF / "baiona_color.jpg").read_bytes()
    assert colour.jpeg_quality == 92 and colour.dpi_assumed    # JFIF aspect-only density


@needs_corpus
def test_png_files() -> None:
    alpha = load_all(OCRMYPDF / "baiona_alpha.png")[1][0]
    assert alpha.image.mode == "RGB" and alpha.encoding is Encoding.LOSSLESS
    original = Image.open(OCRMYPDF / "baiona_alpha.png")     # its alpha is all opaque
    assert (np.asarray(alpha.image) == np.asarray(original.convert("RGB"))).all()
    assert load_all(OCRMYPDF / "baiona_gray.png")[1][0].image.mode == "L"
    linn = load_all(OCRMYPDF / "linn.png")[1][0]                # palette, black and white
    assert linn.image.mode == "1" and linn.dpi == 300 and linn.dpi_assumed  # Letter estimate
    viet = load_all(VIETOCR / "vietsample2.png")[1][0]          # pHYs 11811 px/m
    assert viet.dpi == 300 and not viet.dpi_assumed


# --- generated files --------------------------------------------------------------


def _png_header_only(path: Path, w: int, h: int) -> None:
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", b"")
                     + chunk(b"IEND", b""))


def _pages(n: int, size=(600, 800), mode="L") -> list[Image.Image]:
    rng = np.random.default_rng(0)
    out = []
    for i in range(n):
        arr = rng.integers(0, 256, (size[1], size[0]), dtype=np.uint8)
        img = Image.fromarray(arr).convert(mode)
        ImageDraw.Draw(img).text((20, 20), f"page {i + 1}", fill=0)
        out.append(img)
    return out


def _image_pdf(path: Path, n: int) -> None:
    pdf = pikepdf.new()
    for img in _pages(n):
        buf = io.BytesIO()
        img.save(buf, "PDF", resolution=100)
        pdf.pages.extend(pikepdf.open(io.BytesIO(buf.getvalue())).pages)
    pdf.save(path, object_stream_mode=pikepdf.ObjectStreamMode.disable)


def _blank_pages_pdf(path: Path, n: int) -> None:
    """An n-page PDF written directly: fast for thousands of pages."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Count %d /Kids [%s] >>"
            % (n, b" ".join(b"%d 0 R" % (i + 3) for i in range(n)))]
    objs += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << >> >>"] * n
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for num, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (num, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    path.write_bytes(bytes(out))


def test_sniff_from_bytes() -> None:
    assert sniff(b"%PDF-1.7\n") == PDF and sniff(b"junk\n%PDF-1.4") == PDF
    assert sniff(b"\x89PNG\r\n\x1a\n....") == PNG and sniff(b"\xff\xd8\xff\xe0") == JPEG
    assert sniff(b"II*\x00") == TIFF and sniff(b"MM\x00*") == TIFF
    assert sniff(b"GIF89a") is None and sniff(b"PK\x03\x04") is None and sniff(b"") is None


def test_missing_empty_and_not_a_document(tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        open_input(tmp_path / "nope.pdf", DEFAULT)
    (tmp_path / "empty.pdf").write_bytes(b"")
    with pytest.raises(EmptyFile):
        open_input(tmp_path / "empty.pdf", DEFAULT)
    (tmp_path / "notes.pdf").write_text("Không phải PDF\n", encoding="utf-8")
    with pytest.raises(UnsupportedType):
        open_input(tmp_path / "notes.pdf", DEFAULT)
    Image.new("L", (100, 100)).save(tmp_path / "a.gif")
    with pytest.raises(UnsupportedType):
        open_input(tmp_path / "a.gif", DEFAULT)


def test_too_many_bytes(tmp_path: Path) -> None:
    Image.new("L", (200, 200), 255).save(tmp_path / "a.png")
    with pytest.raises(TooLarge):
        open_input(tmp_path / "a.png", Settings(limits=Limits(max_bytes=100)))


def test_type_comes_from_the_bytes(tmp_path: Path) -> None:
    Image.new("RGB", (300, 200), (200, 30, 30)).save(tmp_path / "photo.png", "JPEG")
    loaded, pages, err = load_all(tmp_path / "photo.png")
    assert loaded.media_type == JPEG and err is None and pages[0].encoding is Encoding.JPEG


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize("side", [100_000, 15_000])   # past Pillow's bomb limit / past ours only
def test_declared_huge_png_refused_before_decoding(tmp_path: Path, side: int) -> None:
    _png_header_only(tmp_path / "bomb.png", side, side)
    started = time.monotonic()
    with pytest.raises(TooLarge):
        open_input(tmp_path / "bomb.png", DEFAULT)
    assert time.monotonic() - started < 1


def test_tiny_image(tmp_path: Path) -> None:
    Image.new("L", (1, 1)).save(tmp_path / "dot.png")
    with pytest.raises(TooSmall):
        open_input(tmp_path / "dot.png", DEFAULT)


def test_truncated_single_images_are_corrupt(tmp_path: Path) -> None:
    img = _pages(1, (800, 800), "RGB")[0]
    for fmt in ("JPEG", "PNG"):
        buf = io.BytesIO()
        img.save(buf, fmt)
        path = tmp_path / f"cut.{fmt.lower()}"
        path.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
        with pytest.raises(CorruptFile):
            open_input(path, DEFAULT)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_encrypted_pdf(tmp_path: Path) -> None:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(tmp_path / "locked.pdf", encryption=pikepdf.Encryption(owner="o", user="secret"))
    with pytest.raises(EncryptedPdf):
        open_input(tmp_path / "locked.pdf", DEFAULT)
    pdf.save(tmp_path / "open.pdf", encryption=pikepdf.Encryption(owner="o", user=""))
    _, pages, err = load_all(tmp_path / "open.pdf", FAST)
    assert err is None and len(pages) == 1


def test_truncated_pdf_gives_first_pages_then_corrupt(tmp_path: Path) -> None:
    _image_pdf(tmp_path / "full.pdf", 4)
    data = (tmp_path / "full.pdf").read_bytes()
    (tmp_path / "cut.pdf").write_bytes(data[: int(len(data) * 0.6)])
    loaded, pages, err = load_all(tmp_path / "cut.pdf", FAST)
    assert loaded.page_count == 4
    assert 1 <= len(pages) < 4 and isinstance(err, CorruptFile)
    assert pages[0].image.size == (900, 1200) and pages[0].dpi == 150  # native 100 -> 150


def test_truncated_tiffs_give_first_pages_then_corrupt(tmp_path: Path) -> None:
    frames = _pages(4, (400, 500))
    frames[0].save(tmp_path / "raw.tif", save_all=True, append_images=frames[1:], dpi=(200, 200))
    data = (tmp_path / "raw.tif").read_bytes()            # directories before the data
    (tmp_path / "raw_cut.tif").write_bytes(data[: int(len(data) * 0.6)])
    _, pages, err = load_all(tmp_path / "raw_cut.tif")
    assert len(pages) == 2 and isinstance(err, CorruptFile)
    assert pages[1].image.size == (400, 500) and pages[1].dpi == 200

    bilevel = [f.convert("1") for f in frames]
    bilevel[0].save(tmp_path / "g4.tif", save_all=True, append_images=bilevel[1:],
                    compression="group4", dpi=(200, 200))
    data = (tmp_path / "g4.tif").read_bytes()             # directories after the data
    (tmp_path / "g4_cut.tif").write_bytes(data[: int(len(data) * 0.8)])
    _, pages, err = load_all(tmp_path / "g4_cut.tif")
    assert 1 <= len(pages) < 4 and isinstance(err, CorruptFile)
    assert all(p.image.mode == "1" for p in pages)


def test_too_many_pages_refused_without_rendering(tmp_path: Path, monkeypatch) -> None:
    _blank_pages_pdf(tmp_path / "many.pdf", 5000)
    monkeypatch.setattr(poppler, "render_page", lambda *a, **k: pytest.fail("rendered"))
    started = time.monotonic()
    with pytest.raises(TooLarge):
        open_input(tmp_path / "many.pdf", DEFAULT)
    assert time.monotonic() - started < 5
    frames = _pages(3, (100, 100))
    frames[0].save(tmp_path / "three.tif", save_all=True, append_images=frames[1:])
    with pytest.raises(TooLarge):
        open_input(tmp_path / "three.tif", Settings(limits=Limits(max_pages=2)))


def test_pages_are_rendered_lazily(tmp_path: Path, monkeypatch) -> None:
    _blank_pages_pdf(tmp_path / "thirty.pdf", 30)
    calls = []
    real = poppler.render_page
    monkeypatch.setattr(poppler, "render_page", lambda *a, **k: calls.append(a) or real(*a, **k))
    loaded = open_input(tmp_path / "thirty.pdf", FAST)
    assert loaded.page_count == 30 and calls == []
    first = next(loaded.pages)
    assert len(calls) == 1 and first.index == 1 and first.image.size == (612, 792)


def test_exif_orientation_applied(tmp_path: Path) -> None:
    img = Image.new("L", (300, 200), 255)
    img.paste(0, (0, 0, 50, 50))                       # mark the stored top-left corner
    exif = Image.Exif()
    exif[0x0112] = 6                                   # display = stored turned 90° clockwise
    img.save(tmp_path / "turned.jpg", exif=exif.tobytes(), dpi=(200, 200))
    page = load_all(tmp_path / "turned.jpg")[1][0]
    assert page.image.size == (200, 300) and page.jpeg_bytes is None
    assert page.image.getpixel((190, 10)) < 64 and page.image.getpixel((10, 10)) > 192
    assert page.encoding is Encoding.JPEG and page.dpi == 200


def test_dpi_estimated_from_paper_size(tmp_path: Path) -> None:
    Image.new("1", (2480, 3508), 1).save(tmp_path / "a4.png")     # no pHYs
    page = load_all(tmp_path / "a4.png")[1][0]
    assert page.dpi == 300 and page.dpi_assumed
    Image.new("L", (2480, 3508), 255).save(tmp_path / "a4_72.jpg", dpi=(72, 72))
    page = load_all(tmp_path / "a4_72.jpg")[1][0]                  # 72 dpi: a 49-inch page?
    assert page.dpi == 300 and page.dpi_assumed
    Image.new("L", (595, 842), 255).save(tmp_path / "small_72.png", dpi=(72, 72))
    page = load_all(tmp_path / "small_72.png")[1][0]               # a real 72 dpi A4
    assert page.dpi == 72 and not page.dpi_assumed


@pytest.mark.parametrize("size, dpi", [
    ((2480, 3508), 300), ((3508, 2480), 300), ((1748, 2480), 300),   # A4, landscape, A5
    ((3508, 4961), 300), ((2550, 3300), 300), ((1654, 2339), 200),   # A3, Letter, A4
    ((1011, 638), 300), ((1000, 3000), 300), ((4000, 3000), 300),    # ID card, none, none
    ((2400, 3400), 300), ((874, 1240), 150), ((2339, 3307), 200),    # cropped A4, A5, A3
])
def test_estimate_dpi(size, dpi) -> None:
    assert imageinput._estimate_dpi(*size, 300) == dpi


def test_non_square_tiff_resampled(tmp_path: Path) -> None:
    Image.new("L", (1000, 400), 255).save(tmp_path / "fax.tif", dpi=(200, 100))
    page = load_all(tmp_path / "fax.tif")[1][0]
    assert page.image.size == (1000, 800) and page.dpi == 200 and not page.dpi_assumed


def test_modes_normalised(tmp_path: Path) -> None:
    grey_rgb = Image.merge("RGB", [_pages(1, (300, 300))[0]] * 3)
    grey_rgb.save(tmp_path / "grey_rgb.png")
    assert load_all(tmp_path / "grey_rgb.png")[1][0].image.mode == "L"
    arr = (np.arange(300 * 300, dtype=np.uint32) % 65536).astype(np.uint16).reshape(300, 300)
    Image.fromarray(arr).save(tmp_path / "deep.png")
    deep = load_all(tmp_path / "deep.png")[1][0]
    assert deep.image.mode == "L" and np.asarray(deep.image).max() == 255
    Image.new("CMYK", (300, 300), (0, 255, 255, 0)).save(tmp_path / "cmyk.tif")
    red = load_all(tmp_path / "cmyk.tif")[1][0]
    assert red.image.mode == "RGB" and red.image.getpixel((5, 5))[0] > 200
    rgba = Image.new("RGBA", (300, 300), (0, 0, 0, 0))       # transparent -> white paper
    rgba.paste((200, 0, 0, 255), (0, 0, 100, 100))
    rgba.save(tmp_path / "clear.png")
    flat = load_all(tmp_path / "clear.png")[1][0].image
    assert flat.mode == "RGB" and flat.getpixel((250, 250)) == (255, 255, 255)
    assert flat.getpixel((5, 5)) == (200, 0, 0)


def test_real_text_filter() -> None:
    viet = "Ủy ban nhân dân xã Kép\nSố: 41/BC-UBND\n\n\n\nBáo cáo tình hình"
    assert pdfinput._real_text(viet) == "Ủy ban nhân dân xã Kép\nSố: 41/BC-UBND\n\nBáo cáo tình hình"
    tcvn3 = "Céng hoµ x· héi chñ nghÜa ViÖt Nam §éc lËp"
    vni = "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam ñoäc laäp"
    for junk in (tcvn3, vni, "\x07\x19\x12\x03" * 10, "Trang 3", "xkcd nth brrr pfft " * 3):
        assert pdfinput._real_text(junk) is None, junk
    assert pdfinput._real_text("Le système éducatif français est très centralisé")


def test_poppler_errors_are_typed(tmp_path: Path) -> None:
    with pytest.raises(ToolTimeout):
        poppler.run("sleep", ["5"], tmp_path / "x.pdf", 0.2)
    with pytest.raises(ToolError):
        poppler.run("no-such-poppler-tool", [], tmp_path / "x.pdf", 5)
    with pytest.raises(ToolError) as info:
        poppler.page_text(tmp_path / "missing.pdf", 1, timeout_s=10)
    assert info.value.tool == "pdftotext"
