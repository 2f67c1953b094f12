"""Image input (TIFF, PNG, JPEG): header checks up front, then one decoded
``SourcePage`` per TIFF page (see ``hoso.digitize.loader`` for the decisions)."""

from __future__ import annotations

import math
import struct
from pathlib import Path

import numpy as np
from PIL import Image

from hoso.config import Settings
from hoso.digitize.inputcommon import (
    _DEFAULT_JPEG_QUALITY, JPEG, TIFF, LoadedInput, _guard, _is_grey, _jpeg_quality,
)
from hoso.digitize.model import Encoding, SourcePage
from hoso.errors import CorruptFile, TooLarge, TooSmall

_DPI_RANGE = (50.0, 4800.0)  # a declared dpi outside is ignored
_MAX_SCREEN_INCHES = 24      # 72/96 dpi on a page longer than this is a default, not a scan
_PAPERS_IN = ((8.268, 11.693), (8.5, 11.0), (2.126, 3.370), (5.827, 8.268), (11.693, 16.535))
_ASPECT_TOLERANCE = 0.025    # A4, Letter, ID card (85.6 x 54 mm), A5, A3 above
_SCAN_DPIS = (300, 200, 400, 600, 150, 240)  # usual scan dpi, most usual first
_SNAP = 0.08                 # an estimate this close to a usual scan dpi becomes it
_EXACT = 0.02                # ... and this close, it fits the paper exactly
_TRANSPOSE = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
              4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
              6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
              8: Image.Transpose.ROTATE_90}     # EXIF orientation, as ImageOps.exif_transpose


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
