"""PDF input: checks with pikepdf up front, then one page rendered by poppler
per ``next()`` (see ``hoso.digitize.loader`` for the decisions)."""

from __future__ import annotations

import io
import math
import re
import tempfile
import unicodedata
from contextlib import ExitStack
from pathlib import Path

import pikepdf
from PIL import Image

from hoso.config import Settings
from hoso.digitize import poppler
from hoso.digitize.inputcommon import (
    _DEFAULT_JPEG_QUALITY, PDF, LoadedInput, _guard, _is_grey, _jpeg_quality,
)
from hoso.digitize.model import Encoding, SourcePage
from hoso.errors import CorruptFile, EncryptedPdf, TooLarge, UnsupportedType

_MIN_SCAN_DPI = 150
_COVERING = 0.6              # an image over this share of the page makes it a scan
_MIN_TEXT_CHARS = 20
_LEGACY_MARKS = frozenset("\u00a9\u00ae\u00aa\u00ab\u00ac\u00a8\u00b5\u00b8\u00b6\u00b7\u00b9"
                          "\u00bb\u00bc\u00bd\u00be\u00ad\u00f8\u00f5\u00fb\u00f9\u00ef")


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
