"""Write scans as the files a scanner would produce, with their dpi.

Formats: ``png`` (pHYs), ``jpeg`` (JFIF density; a scan that went through a
JPEG round trip is written byte for byte), ``tiff`` (LZW), ``tiff-g4``
(CCITT Group 4, bilevel; a grey scan is thresholded), ``pdf`` (img2pdf:
JPEG and G4 passed through, page size from the dpi). ``with_dpi=False``
leaves the resolution out (for a PDF: img2pdf's default, so the page size
is wrong, as with a scanner that records none).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import img2pdf
from PIL import Image, TiffImagePlugin

from tests.synth.model import Scan

FORMATS = ("png", "jpeg", "tiff", "tiff-g4", "pdf")
SUFFIX = {"png": ".png", "jpeg": ".jpg", "tiff": ".tif", "tiff-g4": ".tif", "pdf": ".pdf"}


def save_scan(scan: Scan, path: Path | str, fmt: str, *, with_dpi: bool = True) -> Path:
    """Write one scan to ``path`` as ``fmt`` (see :data:`FORMATS`)."""
    return save_scans([scan], path, fmt, with_dpi=with_dpi)


def save_scans(scans: Sequence[Scan], path: Path | str, fmt: str, *,
               with_dpi: bool = True) -> Path:
    """Write scans as pages of one file: ``pdf`` and the TIFFs take any
    number, ``png`` and ``jpeg`` exactly one."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {FORMATS}")
    if not scans:
        raise ValueError("no scans to write")
    path = Path(path)
    if fmt in ("png", "jpeg") and len(scans) != 1:
        raise ValueError(f"{fmt} holds one page, not {len(scans)}")
    if fmt == "pdf":
        path.write_bytes(_pdf(scans, with_dpi))
    elif fmt in ("tiff", "tiff-g4"):
        _tiff(scans, path, g4=fmt == "tiff-g4", with_dpi=with_dpi)
    elif fmt == "png":
        s = scans[0]
        s.image.save(path, format="PNG", **_dpi(s, with_dpi))
    else:
        path.write_bytes(jpeg_bytes(scans[0], with_dpi=with_dpi))
    return path


def _dpi(scan: Scan, with_dpi: bool) -> dict:
    return {"dpi": (scan.dpi, scan.dpi)} if with_dpi else {}


def jpeg_bytes(scan: Scan, *, with_dpi: bool = True, quality: int = 90) -> bytes:
    """The scan as a JPEG file: its own bytes when it was JPEG-degraded,
    otherwise a fresh encoding."""
    if scan.jpeg_bytes is not None:
        return scan.jpeg_bytes if with_dpi else _strip_jfif_density(scan.jpeg_bytes)
    img = scan.image.convert("L") if scan.image.mode == "1" else scan.image
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=quality, **_dpi(scan, with_dpi))
    return buf.getvalue()


def _strip_jfif_density(data: bytes) -> bytes:
    """Set the JFIF APP0 density to 'no unit, 1:1' without re-encoding."""
    if data[2:4] == b"\xff\xe0" and data[6:11] == b"JFIF\x00":
        b = bytearray(data)
        b[13] = 0                       # units: none (aspect ratio only)
        b[14:18] = b"\x00\x01\x00\x01"  # X and Y density 1
        return bytes(b)
    img = Image.open(io.BytesIO(data))
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=95)
    return buf.getvalue()


def _bilevel(img: Image.Image) -> Image.Image:
    if img.mode == "1":
        return img
    return img.convert("L").point(lambda v: 255 if v >= 128 else 0).convert(
        "1", dither=Image.Dither.NONE)


def _tiff(scans: Sequence[Scan], path: Path, *, g4: bool, with_dpi: bool) -> None:
    # AppendingTiffWriter lets every page carry its own resolution.
    with TiffImagePlugin.AppendingTiffWriter(str(path), new=True) as tf:
        for s in scans:
            img = _bilevel(s.image) if g4 else s.image
            img.save(tf, format="TIFF", compression="group4" if g4 else "tiff_lzw",
                     **_dpi(s, with_dpi))
            tf.newFrame()


def _pdf(scans: Sequence[Scan], with_dpi: bool) -> bytes:
    pages = []
    for s in scans:
        if s.jpeg_bytes is not None:
            pages.append(jpeg_bytes(s, with_dpi=with_dpi))
        else:
            buf = io.BytesIO()
            if s.image.mode == "1":  # CCITT G4 passes through img2pdf unchanged
                s.image.save(buf, format="TIFF", compression="group4", **_dpi(s, with_dpi))
            else:
                s.image.save(buf, format="PNG", **_dpi(s, with_dpi))
            pages.append(buf.getvalue())
    # img2pdf sizes each page from that image's own dpi (96 when it has none)
    return img2pdf.convert(pages)
