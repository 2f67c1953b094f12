"""TrueType font families with full Vietnamese coverage.

Every family here was checked to map all precomposed Vietnamese letters
(ă â đ ê ô ơ ư with the five tones, both cases). The Liberation fonts in
``/usr/share/fonts/truetype/liberation/`` (version 1) lack most of them and
are deliberately absent: only ``liberation2`` is used.
"""

from __future__ import annotations

import functools
import os
import random
from dataclasses import dataclass

from PIL import ImageFont

_ROOT = "/usr/share/fonts/truetype"

STYLES = ("regular", "bold", "italic", "bold_italic")


@dataclass(frozen=True)
class FontFamily:
    name: str
    regular: str
    bold: str
    italic: str
    bold_italic: str
    serif: bool = True

    def path(self, style: str) -> str:
        if style not in STYLES:
            raise ValueError(f"unknown font style {style!r}")
        return getattr(self, style)

    def get(self, style: str, size_px: float) -> ImageFont.FreeTypeFont:
        return load(self.path(style), size_px)

    def exists(self) -> bool:
        return all(os.path.exists(self.path(s)) for s in STYLES)


def _family(name: str, folder: str, regular: str, bold: str, italic: str,
            bold_italic: str, serif: bool) -> FontFamily:
    p = lambda f: os.path.join(_ROOT, folder, f)  # noqa: E731
    return FontFamily(name, p(regular), p(bold), p(italic), p(bold_italic), serif)


FAMILIES: tuple[FontFamily, ...] = (
    _family("Liberation Serif", "liberation2", "LiberationSerif-Regular.ttf",
            "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf",
            "LiberationSerif-BoldItalic.ttf", True),
    _family("Liberation Sans", "liberation2", "LiberationSans-Regular.ttf",
            "LiberationSans-Bold.ttf", "LiberationSans-Italic.ttf",
            "LiberationSans-BoldItalic.ttf", False),
    _family("DejaVu Serif", "dejavu", "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf",
            "DejaVuSerif-Italic.ttf", "DejaVuSerif-BoldItalic.ttf", True),
    _family("DejaVu Sans", "dejavu", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf",
            "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf", False),
    _family("FreeSerif", "freefont", "FreeSerif.ttf", "FreeSerifBold.ttf",
            "FreeSerifItalic.ttf", "FreeSerifBoldItalic.ttf", True),
    _family("FreeSans", "freefont", "FreeSans.ttf", "FreeSansBold.ttf",
            "FreeSansOblique.ttf", "FreeSansBoldOblique.ttf", False),
    _family("Noto Serif", "noto", "NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf",
            "NotoSerif-Italic.ttf", "NotoSerif-BoldItalic.ttf", True),
    _family("Noto Sans", "noto", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf",
            "NotoSans-Italic.ttf", "NotoSans-BoldItalic.ttf", False),
)


@functools.cache
def available() -> tuple[FontFamily, ...]:
    """The families whose four style files exist on this machine."""
    found = tuple(f for f in FAMILIES if f.exists())
    if not found:
        raise RuntimeError(f"no Vietnamese-capable fonts found under {_ROOT}")
    return found


def family(font: str | None, rng: random.Random) -> FontFamily:
    """Resolve ``font``: a family name, a path to one TTF (used for every
    style), or None to draw one by ``rng`` (serif faces twice as likely, as
    Decree 30 asks for Times New Roman)."""
    if font is None:
        fams = available()
        weights = [2 if f.serif else 1 for f in fams]
        return rng.choices(fams, weights=weights)[0]
    for f in FAMILIES:
        if f.name.lower() == font.lower():
            if not f.exists():
                raise FileNotFoundError(f"font family {font!r} is not installed")
            return f
    if os.path.isfile(font):
        if "/truetype/liberation/" in font:
            raise ValueError(f"{font} lacks Vietnamese glyphs; use liberation2")
        name = os.path.splitext(os.path.basename(font))[0]
        return FontFamily(name, font, font, font, font, serif=True)
    names = ", ".join(f.name for f in FAMILIES)
    raise ValueError(f"unknown font {font!r}: give a path or one of {names}")


@functools.lru_cache(maxsize=256)
def load(path: str, size_px: float) -> ImageFont.FreeTypeFont:
    # BASIC layout: precomposed NFC Vietnamese needs no shaping, and it does
    # not depend on whether libraqm happens to be installed.
    return ImageFont.truetype(path, size=max(1, round(size_px)),
                              layout_engine=ImageFont.Layout.BASIC)
