"""Any input file -> a lazy sequence of :class:`SourcePage`, one page at a time.

``open_input`` checks what can be checked cheaply and up front (the file
exists, its size, its type from the magic bytes, page count, encryption,
declared pixel size, the first image page decodes) and raises an
``InputError`` for a file that cannot be read at all. ``pages`` renders or
decodes one page per ``next()``; it may raise ``CorruptFile`` (or
``TooLarge`` for a later oversized TIFF page) after yielding the readable
first pages of a damaged file, and ``ToolError``/``ToolTimeout`` when poppler
fails. No other exception type leaves this module.

Decisions:
- Accepted types: PDF, TIFF, PNG, JPEG, by magic bytes. GIF, BMP, WebP,
  JPEG 2000, Office files, text... are ``UnsupportedType``. So is a PDF that
  is a dynamic XFA form (``/NeedsRendering``): it has no page content.
- A truncated single image is ``CorruptFile`` (Pillow's LOAD_TRUNCATED_IMAGES
  is never set here).
- Non-square resolution (fax 204x98, aspect.pdf's 200x100) is resampled to
  square pixels at the finer resolution (the coarser one if that would pass
  ``max_page_pixels``). PDFs get this from pdftoppm, which renders square.
- EXIF orientation is honoured for every image type (JPEG, TIFF, PNG eXIf).
- A PDF page is rendered at whatever dpi keeps it within
  ``max_render_pixels`` (hugemono.pdf: 66 dpi); it is never refused for size.
  The dpi follows poppler's page size, which ignores /UserUnit (poster.pdf).
- Reduced-resolution TIFF subfiles (thumbnails, NewSubfileType bit 0) are
  skipped and not counted as pages.
- An RGB page with fewer than 0.01 % pixels whose channels differ by more
  than 48 is grey ("L"); a lossless grey page holding only 0 and 255 is "1".
- Every PDF page gets ``pdf_path`` (the input file, also when qpdf had to
  repair it); ``pdf_text`` only when its text layer is real text.
- A damaged page in the middle of a file ends the iteration with
  ``CorruptFile``, as truncation does: the pages after it are not read.
"""

from __future__ import annotations

import io
import math
import re
import struct
import unicodedata
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pikepdf
from PIL import Image

from hoso.config import Settings
from hoso.digitize import poppler
from hoso.digitize.model import Encoding, SourcePage
from hoso.errors import (
    CorruptFile, EmptyFile, EncryptedPdf, HosoError, NotFound, TooLarge, TooSmall,
    UnsupportedType,
)

PDF, TIFF, PNG, JPEG = "application/pdf", "image/tiff", "image/png", "image/jpeg"
_SNIFF_BYTES = 1024
_DEFAULT_JPEG_QUALITY = 85
_MIN_SCAN_DPI = 150
_COVERING = 0.6              # an image over this share of the page makes it a scan
_DPI_RANGE = (50.0, 4800.0)  # a declared dpi outside is ignored
_MAX_SCREEN_INCHES = 24      # 72/96 dpi on a page longer than this is a default, not a scan
_PAPERS_IN = ((8.268, 11.693), (8.5, 11.0), (2.126, 3.370), (5.827, 8.268), (11.693, 16.535))
_ASPECT_TOLERANCE = 0.025    # A4, Letter, ID card (85.6 x 54 mm), A5, A3 above
_SCAN_DPIS = (300, 200, 400, 600, 150, 240)  # usual scan dpi, most usual first
_SNAP = 0.08                 # an estimate this close to a usual scan dpi becomes it
_EXACT = 0.02                # ... and this close, it fits the paper exactly
_GREY_SPREAD = 48            # max - min of R, G, B above this is a colour pixel
_GREY_SHARE = 1e-4           # an image with fewer colour pixels than this share is grey
_MIN_TEXT_CHARS = 20
_LEGACY_MARKS = frozenset("\u00a9\u00ae\u00aa\u00ab\u00ac\u00a8\u00b5\u00b8\u00b6\u00b7\u00b9"
                          "\u00bb\u00bc\u00bd\u00be\u00ad\u00f8\u00f5\u00fb\u00f9\u00ef")
_TRANSPOSE = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
              4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
              6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
              8: Image.Transpose.ROTATE_90}     # EXIF orientation, as ImageOps.exif_transpose
_IJG_LUMA = (16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
             14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
             18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
             49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99)


@dataclass(frozen=True)
class LoadedInput:
    """An opened input; ``pages`` is lazy and can be iterated once."""

    media_type: str          # PDF, TIFF, PNG or JPEG above
    page_count: int          # pages the file declares (a truncated file may yield fewer)
    pages: Iterator[SourcePage]


def sniff(head: bytes) -> str | None:
    """Media type from the first bytes of a file; ``None`` when not accepted."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return TIFF
    if b"%PDF-" in head[:_SNIFF_BYTES]:   # readers accept junk before the header
        return PDF
    return None


def open_input(path: Path, settings: Settings) -> LoadedInput:
    """Open ``path`` for page-by-page reading; ``InputError`` if it cannot be read at all."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise NotFound(detail=f"{path} is not a file")
    except FileNotFoundError as exc:
        raise NotFound(detail=str(path)) from exc
    except OSError as exc:
        raise NotFound(detail=f"{path}: {exc}") from exc
    if size == 0:
        raise EmptyFile(detail=str(path))
    if size > settings.limits.max_bytes:
        raise TooLarge(detail=f"{size} bytes > {settings.limits.max_bytes}")
    try:
        with path.open("rb") as fh:
            head = fh.read(_SNIFF_BYTES)
    except OSError as exc:
        raise NotFound(detail=f"{path}: {exc}") from exc
    media = sniff(head)
    if media is None:
        raise UnsupportedType(detail=f"{path.name}: starts with {head[:8]!r}")
    try:
        if media == PDF:
            return _open_pdf(path, settings)
        return _open_image(path, media, size, settings)
    except HosoError:
        raise
    except MemoryError as exc:
        raise TooLarge(detail=f"out of memory: {exc}") from exc
    except Exception as exc:  # noqa: BLE001 - weird input must end as an InputError
        raise CorruptFile(detail=f"{type(exc).__name__}: {exc}") from exc


def _guard(pages: Iterator[SourcePage]) -> Iterator[SourcePage]:
    """Let only hoso errors out of the page generator."""
    try:
        yield from pages
    except HosoError:
        raise
    except MemoryError as exc:
        raise TooLarge(detail=f"out of memory: {exc}") from exc
    except Exception as exc:  # noqa: BLE001
        raise CorruptFile(detail=f"{type(exc).__name__}: {exc}") from exc


# --- images -------------------------------------------------------------------


def _open_image(path: Path, media: str, size: int, settings: Settings) -> LoadedInput:
    Image.MAX_IMAGE_PIXELS = settings.limits.max_page_pixels  # Pillow's bomb guard = ours
    try:
        img = Image.open(path)                    # reads the header only
    except Image.DecompressionBombError as exc:
        raise TooLarge(detail=str(exc)) from exc
    except Exception as exc:  # noqa: BLE001
        raise CorruptFile(detail=f"{type(exc).__name__}: {exc}") from exc
    try:
        frames, broken = (_tiff_frames(path, settings.limits.max_pages) if media == TIFF
                          else ([0], False))
        if len(frames) > settings.limits.max_pages:
            raise TooLarge(detail=f"more than {settings.limits.max_pages} pages")
        if not frames:
            raise CorruptFile(detail="no readable TIFF directory")
        first = _image_page(img, frames[0], 1, media, size, settings)
    except BaseException:
        img.close()
        raise
    if media != TIFF:
        return LoadedInput(media, 1, _guard(iter([first])))
    return LoadedInput(media, len(frames), _guard(_tiff_pages(img, first, frames, broken, size,
                                                             settings)))


def _tiff_pages(img, first, frames, broken, size, settings):
    try:
        yield first
        del first
        for number, frame in enumerate(frames[1:], start=2):
            yield _image_page(img, frame, number, TIFF, size, settings)
        if broken:
            raise CorruptFile(detail=f"TIFF directory chain broken after {len(frames)} pages")
    finally:
        img.close()                            # every yielded TIFF page is a copy


def _image_page(img: Image.Image, frame: int, number: int, media: str, size: int,
                settings: Settings) -> SourcePage:
    limits = settings.limits
    try:
        img.seek(frame)
    except Exception as exc:  # noqa: BLE001
        raise CorruptFile(detail=f"page {number}: {exc}") from exc
    w, h = img.size
    if w * h > limits.max_page_pixels:
        raise TooLarge(detail=f"page {number}: {w}x{h} px > {limits.max_page_pixels}")
    if number == 1 and (min(w, h) < limits.min_side_px or w * h < limits.min_pixels):
        raise TooSmall(detail=f"{w}x{h} px")
    if media == TIFF and not _tiff_data_in_file(img, size):
        raise CorruptFile(detail=f"page {number}: image data past the end of the file")
    try:
        img.load()
    except Exception as exc:  # noqa: BLE001 - truncated, bad CRC, unsupported codec
        raise CorruptFile(detail=f"page {number}: {type(exc).__name__}: {exc}") from exc
    return _to_source_page(img, number, media, settings)


def _to_source_page(img: Image.Image, number: int, media: str, settings: Settings) -> SourcePage:
    is_jpeg = media == JPEG or img.info.get("compression") in ("jpeg", "tiff_jpeg")
    quality = (_jpeg_quality(img) or _DEFAULT_JPEG_QUALITY) if is_jpeg else None
    xdpi, ydpi = _file_dpi(img)
    turn = _orientation(img)
    page = img.transpose(_TRANSPOSE[turn]) if turn in _TRANSPOSE else img
    if turn in (5, 6, 7, 8):
        xdpi, ydpi = ydpi, xdpi
    page = _normalise_mode(page, bilevel_check=not is_jpeg)
    page, dpi = _square_pixels(page, xdpi, ydpi, settings.limits.max_page_pixels)
    dpi, assumed = _choose_dpi(page.size, dpi, settings.default_dpi)
    untouched = page is img
    if untouched and media == TIFF:
        page = img.copy()                     # the next seek() reuses ``img``
    if page.mode == "1":
        encoding = Encoding.BILEVEL
    else:
        encoding = Encoding.JPEG if is_jpeg else Encoding.LOSSLESS
    jpeg_bytes = None
    if untouched and media == JPEG and img.format == "JPEG":
        jpeg_bytes = Path(img.filename).read_bytes()
    return SourcePage(index=number, image=page, dpi=dpi, dpi_assumed=assumed,
                      encoding=encoding, jpeg_bytes=jpeg_bytes, jpeg_quality=quality)


def _tiff_frames(path: Path, max_pages: int) -> tuple[list[int], bool]:
    """Pillow frame numbers of the pages (thumbnails left out), and whether the
    directory chain is broken (truncated file, link past the end, loop).
    Reads only the directories; stops after ``max_pages + 1`` pages."""
    with path.open("rb") as fh:
        end = fh.seek(0, 2)
        fh.seek(0)
        head = fh.read(16)
        bo = "<" if head[:2] == b"II" else ">"
        big = head[2:4] in (b"+\x00", b"\x00+")
        count_fmt, link_fmt, entry = (bo + "Q", bo + "Q", 20) if big else (bo + "H", bo + "I", 12)
        link = struct.unpack(link_fmt, head[8:16] if big else head[4:8])[0]
        frames: list[int] = []
        seen: set[int] = set()
        while link and len(frames) <= max_pages:
            if link in seen or link >= end:
                return frames, True
            seen.add(link)
            fh.seek(link)
            raw = fh.read(struct.calcsize(count_fmt))
            if len(raw) < struct.calcsize(count_fmt):
                return frames, True
            n = struct.unpack(count_fmt, raw)[0]
            body = fh.read(n * entry + struct.calcsize(link_fmt))
            if len(body) < n * entry + struct.calcsize(link_fmt):
                return frames, True
            if not _is_thumbnail(body, n, entry, bo):
                frames.append(len(seen) - 1)
            link = struct.unpack(link_fmt, body[n * entry:])[0]
    return frames, False


def _is_thumbnail(body: bytes, n: int, entry: int, bo: str) -> bool:
    """NewSubfileType (tag 254) bit 0: a reduced-resolution copy of another page."""
    for k in range(n):
        e = body[k * entry:(k + 1) * entry]
        if struct.unpack(bo + "H", e[:2])[0] == 254:
            value = e[12:16] if entry == 20 else e[8:12]
            return bool(struct.unpack(bo + "I", value)[0] & 1)
    return False


def _tiff_data_in_file(img: Image.Image, file_size: int) -> bool:
    """The frame's strips or tiles all lie inside the file."""
    tags = getattr(img, "tag_v2", {})
    for off_tag, len_tag in ((273, 279), (324, 325)):
        offsets, counts = tags.get(off_tag), tags.get(len_tag)
        if offsets is None or counts is None:
            continue
        offsets = offsets if isinstance(offsets, tuple) else (offsets,)
        counts = counts if isinstance(counts, tuple) else (counts,)
        if any(int(o) + int(c) > file_size for o, c in zip(offsets, counts)):
            return False
    return True


def _jpeg_quality(img: Image.Image) -> int | None:
    """IJG quality from the luminance quantisation table (order does not matter)."""
    tables = getattr(img, "quantization", None)
    if not tables:
        return None
    luma = tables.get(0) or next(iter(tables.values()))
    if len(luma) != 64:
        return None
    scale = 100.0 * sum(luma) / sum(_IJG_LUMA)     # IJG: table = std * scale / 100
    q = (200 - scale) / 2 if scale <= 100 else 5000 / scale
    return int(min(100, max(1, round(q))))


def _file_dpi(img: Image.Image) -> tuple[float | None, float | None]:
    """(x, y) dpi the file declares (JFIF, EXIF, pHYs, TIFF with its unit), or Nones.
    Pillow leaves aspect-only densities (JFIF unit 0, pHYs unit 0, TIFF unit 1) out."""
    dpi = img.info.get("dpi")
    try:
        x, y = (dpi if isinstance(dpi, tuple | list) else (dpi, dpi))[:2]
        x, y = float(x), float(y)
    except (TypeError, ValueError):
        return None, None
    if not (math.isfinite(x) and math.isfinite(y) and _DPI_RANGE[0] <= min(x, y)
            and max(x, y) <= _DPI_RANGE[1]):
        return None, None
    return _tidy_dpi(x), _tidy_dpi(y)


def _tidy_dpi(v: float) -> float:
    """299.9994 (from dots per metre) -> 300."""
    return float(round(v)) if abs(v - round(v)) <= 0.001 * v else v


def _orientation(img: Image.Image) -> int:
    try:
        tags = getattr(img, "tag_v2", None)     # a TIFF frame's own tag
        value = tags.get(274, 1) if tags is not None else img.getexif().get(0x0112, 1)
        return int(value)
    except Exception:  # noqa: BLE001 - a broken EXIF block means no rotation
        return 1


def _normalise_mode(img: Image.Image, *, bilevel_check: bool) -> Image.Image:
    """Mode "1", "L" or "RGB": alpha flattened on white, 16-bit scaled, colour
    that is really grey made "L", grey that is only black and white made "1"."""
    mode = img.mode
    if mode in ("RGBA", "LA", "PA", "RGBa", "La") or (mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        img = Image.new("RGB", img.size, (255, 255, 255))
        img.paste(rgba, mask=rgba.getchannel("A"))
    elif mode.startswith("I") or mode == "F":
        img = _to_8bit(img)
    elif mode == "P" and _grey_palette(img):
        img = img.convert("L")
    elif mode not in ("1", "L", "RGB"):
        img = img.convert("RGB")                 # P, CMYK, YCbCr, LAB, RGBX...
    if img.mode == "RGB" and _is_grey(img):
        img = img.convert("L")
    if bilevel_check and img.mode == "L" and not any(img.histogram()[1:255]):
        img = img.convert("1", dither=Image.Dither.NONE)
    return img


def _grey_palette(img: Image.Image) -> bool:
    pal = img.getpalette() or []
    return all(pal[i] == pal[i + 1] == pal[i + 2] for i in range(0, len(pal) - 2, 3))


def _to_8bit(img: Image.Image) -> Image.Image:
    arr = np.asarray(img)
    top = float(arr.max()) if arr.size else 0.0
    if arr.dtype.kind == "f" and top <= 1.0:
        arr = arr * 255.0
    elif img.mode.startswith("I;16") or top > 255:
        arr = arr / (257.0 if top <= 65535 else top / 255.0)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L")


def _is_grey(img: Image.Image) -> bool:
    """R≈G≈B everywhere: at most a few pixels (scanner fringes) show colour."""
    w, h = img.size
    allowed = int(w * h * _GREY_SHARE)
    coloured = 0
    band = max(1, 2_000_000 // max(w, 1))
    for top in range(0, h, band):
        arr = np.asarray(img.crop((0, top, w, min(h, top + band))))
        r, g, b = arr[..., 0], arr[..., 1], arr[..., 2]
        spread = np.maximum(np.maximum(r, g), b) - np.minimum(np.minimum(r, g), b)
        coloured += int(np.count_nonzero(spread > _GREY_SPREAD))
        if coloured > allowed:
            return False
    return True


def _square_pixels(img: Image.Image, xdpi: float | None, ydpi: float | None,
                   max_pixels: int) -> tuple[Image.Image, float | None]:
    """Resample a non-square resolution to square pixels at the finer one."""
    if xdpi is None or ydpi is None:
        return img, None
    if abs(xdpi - ydpi) <= 0.01 * max(xdpi, ydpi):
        return img, xdpi
    w, h = img.size
    target = max(xdpi, ydpi)
    if (w * target / xdpi) * (h * target / ydpi) > max_pixels:
        target = min(xdpi, ydpi)
    size = (max(1, round(w * target / xdpi)), max(1, round(h * target / ydpi)))
    method = Image.Resampling.NEAREST if img.mode == "1" else Image.Resampling.BICUBIC
    return img.resize(size, method), target


def _choose_dpi(size: tuple[int, int], dpi: float | None, default: int) -> tuple[float, bool]:
    """The file's dpi when plausible, else an estimate; (dpi, assumed)."""
    w, h = size
    if dpi is not None:
        screen = min(abs(dpi - 72), abs(dpi - 96)) < 1
        if not (screen and max(w, h) / dpi > _MAX_SCREEN_INCHES):
            return float(dpi), False
    return _estimate_dpi(w, h, default), True


def _estimate_dpi(w: int, h: int, default: int) -> float:
    """dpi from a paper size whose aspect ratio the image has, else ``default``.

    A5 at 300 dpi has the pixels of A3 at 150 and A4 at 212: among papers that
    fit a usual scan dpi almost exactly the more usual dpi wins; otherwise the
    first paper (A4 first) within 8 % of a usual dpi; otherwise the A4 estimate.
    """
    short, long = sorted((w, h))
    fits = []                                        # (distance, snapped, raw), paper order
    for paper_short, paper_long in _PAPERS_IN:
        if abs((long / short) / (paper_long / paper_short) - 1) > _ASPECT_TOLERANCE:
            continue
        raw = long / paper_long
        if _DPI_RANGE[0] <= raw <= 1200:
            snap = min(_SCAN_DPIS, key=lambda d: abs(d - raw))
            fits.append((abs(raw - snap) / snap, snap, raw))
    exact = [f for f in fits if f[0] <= _EXACT]
    if exact:
        return float(min(exact, key=lambda f: _SCAN_DPIS.index(f[1]))[1])
    for dist, snap, _ in fits:
        if dist <= _SNAP:
            return float(snap)
    return round(fits[0][2], 1) if fits else float(default)


# --- PDF ----------------------------------------------------------------------


def _open_pdf(path: Path, settings: Settings) -> LoadedInput:
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError as exc:
        raise EncryptedPdf(detail=str(exc)) from exc
    except Exception as exc:  # noqa: BLE001 - PdfError and friends
        raise CorruptFile(detail=f"{type(exc).__name__}: {exc}") from exc
    with pdf:
        if bool(pdf.Root.get("/NeedsRendering", False)):
            raise UnsupportedType(detail="dynamic XFA form: no static page content")
        count = len(pdf.pages)
        damaged = any("damaged" in w or "reconstruct" in w for w in pdf.get_warnings())
    if count == 0:
        raise CorruptFile(detail="PDF has no pages")
    if count > settings.limits.max_pages:
        raise TooLarge(detail=f"{count} pages > {settings.limits.max_pages}")
    return LoadedInput(PDF, count, _guard(_pdf_pages(path, count, damaged, settings)))


def _pdf_pages(path: Path, count: int, damaged: bool, settings: Settings):
    """Render page after page. A file qpdf had to repair is rendered from qpdf's
    rewrite (poppler often cannot open it) and stops at the first page whose
    content was lost."""
    with ExitStack() as stack:
        source = path
        if damaged:
            tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="hoso-pdf-"))
            source = Path(tmp) / "repaired.pdf"
            try:
                with pikepdf.open(path) as broken:
                    broken.save(source)
            except Exception as exc:  # noqa: BLE001
                raise CorruptFile(detail=f"cannot repair: {exc}") from exc
        pdf = stack.enter_context(pikepdf.open(source))
        for number in range(1, count + 1):
            page = pdf.pages[number - 1]
            if damaged and not _page_intact(page):
                raise CorruptFile(detail=f"page {number} of {count} is missing or damaged")
            yield _pdf_page(pdf, page, source, path, number, settings)


def _page_intact(page: pikepdf.Page) -> bool:
    """In a repaired file: the page still has content and its images have data."""
    obj = page.obj
    if "/Contents" not in obj.keys():
        return False
    try:
        contents = obj.Contents
        streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
        if not any(s.read_bytes() for s in streams):
            return False
        resources = obj.get("/Resources")
        xobjects = resources.get("/XObject") if resources is not None else None
        for _, xo in xobjects.items() if xobjects is not None else ():
            if not isinstance(xo, pikepdf.Stream) or not xo.read_raw_bytes():
                return False
    except Exception:  # noqa: BLE001
        return False
    return True


def _pdf_page(pdf: pikepdf.Pdf, page: pikepdf.Page, source: Path, original: Path,
              number: int, settings: Settings) -> SourcePage:
    timeout = settings.raster_timeout_s
    images = _call(poppler.page_images, source, number, timeout_s=timeout, fallback=[])
    dpi, kind, main = _render_plan(page, images, settings)
    img = _call(poppler.render_page, source, number, dpi, gray=kind != "rgb", timeout_s=timeout)
    if kind == "bilevel":
        img = img.convert("1", dither=Image.Dither.NONE)
    elif img.mode == "RGB" and _is_grey(img):
        img = img.convert("L")
    quality = None
    if img.mode == "1":
        encoding = Encoding.BILEVEL
    elif main is not None and main.enc in ("jpeg", "jpx"):
        encoding = Encoding.JPEG
        quality = _pdf_jpeg_quality(pdf, main) or _DEFAULT_JPEG_QUALITY
    else:
        encoding = Encoding.LOSSLESS
    text = _call(poppler.page_text, source, number, timeout_s=timeout, fallback="")
    return SourcePage(index=number, image=img, dpi=dpi, dpi_assumed=False, encoding=encoding,
                      jpeg_quality=quality, pdf_text=_real_text(text), pdf_path=original)


def _render_plan(page: pikepdf.Page, images: list[poppler.PdfImage], settings: Settings):
    """(dpi, kind, main scan image or None) for one page.

    A scan (an image over 60 % of the page) is rendered at its native dpi,
    clamped to [150, max_render_dpi]; other pages at pdf_render_dpi; either
    lowered to keep within max_render_pixels. Scans whose images are all grey
    render grey, all 1-bit render bilevel (unless annotations may add colour).
    """
    w_in, h_in = _page_inches(page)
    pics = [r for r in images if r.kind == "image" and r.x_ppi > 0 and r.y_ppi > 0]
    scans = [r for r in pics
             if (r.width / r.x_ppi) * (r.height / r.y_ppi) >= _COVERING * w_in * h_in]
    if scans:
        native = max(max(r.x_ppi, r.y_ppi) for r in scans)
        dpi = min(max(native, _MIN_SCAN_DPI), settings.max_render_dpi)
    else:
        dpi = settings.pdf_render_dpi
    dpi = _cap_dpi(dpi, w_in, h_in, settings.limits.max_render_pixels)
    kind = "rgb"
    if scans and "/Annots" not in page.obj.keys() and all(
            r.comp == 1 and r.color not in ("index", "sep") for r in pics):
        kind = "bilevel" if all(r.bpc == 1 for r in pics) else "gray"
    main = max(scans, key=lambda r: r.width * r.height) if scans else None
    return dpi, kind, main


_NO_FALLBACK = object()


def _call(fn, source: Path, *args, fallback=_NO_FALLBACK, **kwargs):
    """A poppler call. 'Cannot open the PDF' (exit 1) is the file's fault:
    ``CorruptFile``. Other failures of a helper call with a ``fallback`` give
    the fallback; a missing tool and timeouts always raise."""
    try:
        return fn(source, *args, **kwargs)
    except poppler.PopplerError as exc:
        if exc.returncode == 1:
            raise CorruptFile(detail=exc.detail) from exc
        if fallback is _NO_FALLBACK or exc.returncode < 0:
            raise
        return fallback


def _page_inches(page: pikepdf.Page) -> tuple[float, float]:
    """Displayed size (crop box clipped to the media box), in inches, unrotated."""
    try:
        media = [float(v) for v in page.mediabox]
        crop = [float(v) for v in page.cropbox]
    except Exception as exc:  # noqa: BLE001
        raise CorruptFile(detail=f"bad page box: {exc}") from exc
    mx0, mx1 = sorted((media[0], media[2]))
    my0, my1 = sorted((media[1], media[3]))
    cx0, cx1 = sorted((crop[0], crop[2]))
    cy0, cy1 = sorted((crop[1], crop[3]))
    w, h = min(mx1, cx1) - max(mx0, cx0), min(my1, cy1) - max(my0, cy0)
    if w <= 0 or h <= 0:
        w, h = mx1 - mx0, my1 - my0
    if w <= 0 or h <= 0 or not math.isfinite(w * h):
        raise CorruptFile(detail=f"page has an empty box {media}")
    return w / 72.0, h / 72.0


def _cap_dpi(dpi: float, w_in: float, h_in: float, max_pixels: int) -> float:
    """Lower ``dpi`` so that the rendered page stays within ``max_pixels``."""
    if (w_in * dpi + 1) * (h_in * dpi + 1) <= max_pixels:
        return float(dpi)
    return math.floor(math.sqrt(max_pixels / (w_in * h_in)) * 0.995 * 100) / 100


def _pdf_jpeg_quality(pdf: pikepdf.Pdf, row: poppler.PdfImage) -> int | None:
    """Quality of a /DCTDecode image, from its quantisation tables."""
    try:
        obj = pdf.get_object(row.object_id)
        filters = obj.get("/Filter")
        names = [str(f) for f in filters] if isinstance(filters, pikepdf.Array) else [str(filters)]
        if names != ["/DCTDecode"]:
            return None
        with Image.open(io.BytesIO(obj.read_raw_bytes())) as jpg:
            return _jpeg_quality(jpg)
    except Exception:  # noqa: BLE001 - a quality estimate is optional
        return None


def _real_text(raw: str) -> str | None:
    """The page's own text when it is real text, tidied; ``None`` for junk.

    Junk: too short; not mostly Latin (incl. Vietnamese) letters and digits
    (fonts without ToUnicode give control or private-use characters); too few
    vowels (shifted encodings); Vietnamese in a legacy 8-bit font encoding
    (TCVN3/VNI: only Latin-1 characters, many of them marks like © ¸ ø õ).
    """
    text = unicodedata.normalize("NFC", raw).replace("\f", "\n")
    text = "\n".join(" ".join(line.split()) for line in text.splitlines())
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    chars = [c for c in text if not c.isspace()]
    if len(chars) < _MIN_TEXT_CHARS:
        return None
    letters = [c for c in chars if c.isalpha() and unicodedata.name(c, "").startswith("LATIN")]
    digits = sum(c.isdigit() for c in chars)
    if len(letters) + digits < 0.6 * len(chars):
        return None
    vowels = sum(unicodedata.normalize("NFD", c)[0].lower() in "aeiouy" for c in letters)
    if letters and vowels < 0.2 * len(letters):
        return None
    legacy = sum(c in _LEGACY_MARKS for c in chars)
    if legacy >= 0.03 * len(chars) and all(ord(c) <= 0xFF for c in chars):
        return None
    return text
