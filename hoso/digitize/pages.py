"""One page through the stages: separator check, orient, quality, OCR, page PDF.

A page that fails inside a readable file is not an error of the file: it
gets the ``unreadable_page`` (or ``ocr_timeout``) warning and an image-only
PDF page, and the other pages go on.
"""

from __future__ import annotations

import logging
from pathlib import Path

from hoso.config import Settings
from hoso.digitize import pdf
from hoso.digitize.barcodes import read_qr_codes, separator_code
from hoso.digitize.model import OcrPage, PageResult, SourcePage, UprightPage
from hoso.digitize.orient import straighten
from hoso.digitize.quality import assess, low_resolution
from hoso.errors import HosoError
from hoso.ocr.tesseract import ocr_page
from hoso.ocr.text import clean_page_text

log = logging.getLogger(__name__)

# DOMAIN.md lists the warning codes; keep them in that order on a page.
WARNING_ORDER = ("blank", "low_resolution", "blurred", "too_dark", "too_light", "no_text",
                 "dpi_assumed", "existing_text_used", "ocr_timeout", "unreadable_page", "separator")


def _ordered(warnings: set[str]) -> tuple[str, ...]:
    return tuple(w for w in WARNING_ORDER if w in warnings)


def process_page(source: SourcePage, settings: Settings, work: Path) -> PageResult:
    """Run one loaded page through every stage; never raises for a bad page."""
    warnings: set[str] = {"dpi_assumed"} if source.dpi_assumed else set()
    if low_resolution(source.dpi):  # also for pages that skip the quality checks
        warnings.add("low_resolution")
    name = f"page {source.index}"
    try:
        payloads = read_qr_codes(source.image, name=name)
    except HosoError as e:
        log.warning("QR reading failed on %s: %s", name, e)
        payloads = ()
    code = separator_code(payloads)
    if code is not None:
        return _result(source, None, None, warnings | {"separator"}, code, payloads)
    if source.pdf_text:
        return _existing_text(source, work, warnings, payloads)
    try:
        upright = straighten(source, timeout=settings.ocr_timeout_s)
    except HosoError as e:
        log.warning("orientation failed on %s: %s", name, e)
        return _unreadable(source, work, warnings, payloads)
    return _recognise(upright, settings, work, warnings, payloads)


def _recognise(upright: UprightPage, settings: Settings, work: Path, warnings: set[str],
               payloads: tuple[str, ...]) -> PageResult:
    source = upright.source
    quality = assess(upright.image, source.dpi)
    warnings |= set(quality.warnings)
    ocr: OcrPage | None = None
    if not quality.blank:
        try:
            ocr = ocr_page(upright.image, dpi=source.dpi, lang=settings.lang,
                           timeout=settings.ocr_timeout_s, name=f"page {source.index}")
        except HosoError as e:
            log.warning("OCR failed on page %s: %s", source.index, e)
            warnings.add("unreadable_page")
    if ocr is not None and ocr.timed_out:
        warnings.add("ocr_timeout")
    if ocr is None or not ocr.words:
        warnings.add("no_text")
    page_pdf = _page_pdf(upright, ocr, work)
    if page_pdf is None:
        warnings.add("unreadable_page")
    return _result(source, upright, ocr, warnings, None, payloads, page_pdf)


def _page_pdf(upright: UprightPage, ocr: OcrPage | None, work: Path) -> Path | None:
    out = work / f"page-{upright.source.index:06d}.pdf"
    for layer in (ocr, None):  # a broken text layer still leaves the image page
        try:
            return pdf.write_page_pdf(upright, layer, out)
        except HosoError as e:
            log.warning("page PDF failed on page %s: %s", upright.source.index, e)
    return None


def _existing_text(source: SourcePage, work: Path, warnings: set[str],
                   payloads: tuple[str, ...]) -> PageResult:
    assert source.pdf_path is not None and source.pdf_text is not None
    out = work / f"page-{source.index:06d}.pdf"
    try:
        page_pdf = pdf.copy_pdf_page(source.pdf_path, source.index, out)
    except HosoError as e:
        log.warning("copying page %s failed: %s", source.index, e)
        return _unreadable(source, work, warnings, payloads)
    text = clean_page_text(source.pdf_text)
    return PageResult(
        index=source.index, rotation=0, skew_degrees=0.0, dpi=source.dpi,
        width_px=source.image.width, height_px=source.image.height,
        confidence=100.0 if text else 0.0, text=text,
        warnings=_ordered(warnings | {"existing_text_used"} | (set() if text else {"no_text"})),
        qr_payloads=payloads, pdf_page=page_pdf)


def _unreadable(source: SourcePage, work: Path, warnings: set[str],
                payloads: tuple[str, ...]) -> PageResult:
    as_is = UprightPage(source=source, image=source.image, rotation=0, skew_degrees=0.0, deskewed=False)
    page_pdf = _page_pdf(as_is, None, work)
    return _result(source, as_is, None, warnings | {"unreadable_page", "no_text"}, None, payloads, page_pdf)


def _result(source: SourcePage, upright: UprightPage | None, ocr: OcrPage | None,
            warnings: set[str], separator: str | None, payloads: tuple[str, ...],
            page_pdf: Path | None = None) -> PageResult:
    image = upright.image if upright is not None else source.image
    return PageResult(
        index=source.index,
        rotation=upright.rotation if upright else 0,
        skew_degrees=upright.skew_degrees if upright else 0.0,
        dpi=source.dpi, width_px=image.width, height_px=image.height,
        confidence=ocr.confidence if ocr else 0.0,
        text=clean_page_text(ocr.text) if ocr else "",
        warnings=_ordered(warnings), separator_code=separator,
        qr_payloads=payloads, words=ocr.words if ocr else (), pdf_page=page_pdf)
