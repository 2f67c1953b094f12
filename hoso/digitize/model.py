"""The typed values that flow from stage to stage.

``SourcePage`` (loader) → ``UprightPage`` (orient) → OCR → ``PageResult``.
Images are PIL images in mode ``"1"`` (bilevel), ``"L"`` (grey) or
``"RGB"``; they are never changed in place by a stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from PIL import Image


class Encoding(StrEnum):
    """How a page's pixels were stored in the input, to keep them that way."""

    JPEG = "jpeg"        # lossy photo/scan: re-encode as JPEG only when changed
    BILEVEL = "bilevel"  # 1-bit (CCITT, JBIG2, 1-bit PNG/TIFF): keep 1-bit, G4
    LOSSLESS = "lossless"  # PNG, LZW/Deflate TIFF, raw: keep lossless (Flate)


@dataclass(frozen=True, slots=True)
class SourcePage:
    """One page of an input as a viewer displays it (EXIF and /Rotate applied)."""

    index: int                       # 1-based page number in the file
    image: Image.Image               # mode "1", "L" or "RGB"
    dpi: float                       # horizontal resolution of ``image``
    dpi_assumed: bool                # the file carried no usable dpi
    encoding: Encoding               # how the input stored these pixels
    jpeg_bytes: bytes | None = None  # the original JPEG stream, when ``image`` is exactly it
    jpeg_quality: int | None = None  # estimated quality of the input's JPEG, if any
    pdf_text: str | None = None      # the page's own text layer, when it is real text (PDF)
    pdf_path: Path | None = None     # the PDF this page came from (to copy a text page as is)


@dataclass(frozen=True, slots=True)
class UprightPage:
    """A page turned upright and deskewed, ready for OCR."""

    source: SourcePage
    image: Image.Image               # upright, deskewed; same mode as the source
    rotation: int                    # 0/90/180/270, DOMAIN.md convention
    skew_degrees: float              # measured skew in (-45, 45], DOMAIN.md convention
    deskewed: bool                   # whether the skew was large enough to be corrected


@dataclass(frozen=True, slots=True)
class Word:
    """One recognised word; box in pixels of the upright page image."""

    text: str
    left: int
    top: int
    width: int
    height: int
    confidence: float                # 0-100
    block: int
    paragraph: int
    line: int


@dataclass(frozen=True, slots=True)
class OcrPage:
    """What the OCR engine read on one upright page."""

    words: tuple[Word, ...]
    text: str                        # reading order; lines "\n", blocks "\n\n"; NFC
    confidence: float                # mean word confidence, 0 when no words
    text_pdf: bytes | None = None    # one-page PDF of invisible text, sized to the image
    timed_out: bool = False


@dataclass(frozen=True, slots=True)
class PageResult:
    """One page of the DOMAIN.md result, plus where its PDF page lies."""

    index: int
    rotation: int
    skew_degrees: float
    dpi: float
    width_px: int
    height_px: int
    confidence: float
    text: str
    warnings: tuple[str, ...]
    separator_code: str | None = None    # set on separator sheets ("" when no dossier code)
    qr_payloads: tuple[str, ...] = ()
    words: tuple[Word, ...] = ()         # OCR words with boxes (upright page pixels)
    pdf_page: Path | None = None         # single-page searchable PDF for this page

    @property
    def is_separator(self) -> bool:
        return self.separator_code is not None

    def to_json(self) -> dict:
        return {
            "index": self.index,
            "rotation": self.rotation,
            "skew_degrees": round(self.skew_degrees, 2),
            "dpi": round(self.dpi, 1),
            "width_px": self.width_px,
            "height_px": self.height_px,
            "confidence": round(self.confidence, 1),
            "text": self.text,
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """A run of pages between separator sheets."""

    pages: tuple[int, ...]
    pdf: str
    type: str = "khac"
    type_confidence: float = 0.0
    fields: dict[str, str] = field(default_factory=dict)
    dossier_code: str | None = None
    field_warnings: tuple[dict[str, str], ...] = ()   # {"field", "code", "value"}
    field_sources: dict[str, str] = field(default_factory=dict)  # field → "qr", ...

    def to_json(self) -> dict:
        out: dict = {
            "pages": list(self.pages),
            "type": self.type,
            "type_confidence": round(self.type_confidence, 3),
            "fields": dict(self.fields),
            "pdf": self.pdf,
        }
        if self.dossier_code:
            out["dossier_code"] = self.dossier_code
        if self.field_warnings:
            out["field_warnings"] = [dict(w) for w in self.field_warnings]
        if self.field_sources:
            out["field_sources"] = dict(self.field_sources)
        return out
