"""What the input loaders share: media types, ``LoadedInput``, the page-generator
guard, and the pixel checks both image files and rendered PDF pages get."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from PIL import Image

from hoso.digitize.model import SourcePage
from hoso.errors import CorruptFile, HosoError, TooLarge

PDF, TIFF, PNG, JPEG = "application/pdf", "image/tiff", "image/png", "image/jpeg"
_DEFAULT_JPEG_QUALITY = 85
_GREY_SPREAD = 48            # max - min of R, G, B above this is a colour pixel
_GREY_SHARE = 1e-4           # an image with fewer colour pixels than this share is grey
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
