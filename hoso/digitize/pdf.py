"""The one module that writes PDFs (pikepdf + img2pdf).

``write_page_pdf`` turns one upright page and its OCR into a one-page
searchable PDF: the scan image as the page, Tesseract's invisible text
layer on top. ``copy_pdf_page`` keeps a born-digital page as it is.
``merge_pages`` joins one-page PDFs into a document with metadata.

The image keeps the scan's encoding and size: 1-bit pages become CCITT G4,
an untouched JPEG is embedded byte for byte, other JPEG pages are
re-encoded as JPEG at the input's quality, lossless pages become Flate.
Every output is written to a temporary file beside it and renamed, so a
failure never leaves a half-written file; every pikepdf or img2pdf failure
is a :class:`ToolError`.
"""

from __future__ import annotations

import io
import os
import re
import secrets
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from xml.sax.saxutils import escape

import img2pdf
import pikepdf
from pikepdf.models.metadata import DEFAULT_NAMESPACES, PdfMetadata
from PIL import Image, ImageChops, ImageCms

from hoso.digitize.model import Encoding, OcrPage, UprightPage
from hoso.errors import HosoError, ToolError

PRODUCER = "hoso"
DEFAULT_JPEG_QUALITY = 85
PNG_COMPRESS_LEVEL = 6
EXIF_ORIENTATION = 0x0112
# XMP namespace for metadata keys given without a prefix ("document_number").
HOSO_XMP_NS = "urn:hoso:xmp:1.0#"
HOSO_XMP_PREFIX = "hoso"
SRGB_PROFILE_PATHS = (
    "/usr/share/color/icc/sRGB.icc",
    "/usr/share/color/icc/colord/sRGB.icc",
    "/usr/share/color/icc/ghostscript/srgb.icc",
)
_BARE_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_XMP_PREFIXES = {prefix for _uri, prefix in DEFAULT_NAMESPACES}
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# --- errors and atomic writes ---------------------------------------------

@contextmanager
def _tool(tool: str, name: str) -> Iterator[None]:
    """Turn any failure inside a pikepdf/img2pdf call into a ToolError."""
    try:
        yield
    except HosoError:
        raise
    except Exception as e:  # the tools raise many types; the caller needs one
        raise ToolError(tool, name, f"{type(e).__name__}: {e}") from e


@contextmanager
def _atomic(out: Path) -> Iterator[Path]:
    """Yield a temp path beside ``out``; rename it to ``out`` on success.

    The temp file is hidden (dot name) and removed on any failure.
    """
    tmp = out.with_name(f".{out.name}.{secrets.token_hex(6)}.tmp")
    try:
        yield tmp
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)


def _save(pdf: pikepdf.Pdf, out: Path) -> None:
    with _atomic(out) as tmp:
        pdf.save(tmp, deterministic_id=True)


# --- page image -----------------------------------------------------------

def write_page_pdf(page: UprightPage, ocr: OcrPage | None, out: Path) -> Path:
    """Write a one-page searchable PDF of ``page`` to ``out``; return ``out``.

    The page measures ``pixels / page.source.dpi`` inches. When ``ocr``
    carries a text layer (``text_pdf``) it is laid over the image, scaled to
    the page; without one (no OCR, OCR timed out) the page is image only.
    """
    out = Path(out)
    image_pdf = _image_pdf(page, str(out))
    text_pdf = ocr.text_pdf if ocr is not None else None
    with _tool("pikepdf", str(out)), ExitStack() as stack:
        pdf = stack.enter_context(pikepdf.open(io.BytesIO(image_pdf)))
        if text_pdf:
            text = stack.enter_context(pikepdf.open(io.BytesIO(text_pdf)))
            _overlay(pdf, pdf.pages[0], text.pages[0])
        _save(pdf, out)  # before closing ``text``: its streams are copied lazily
    return out


def _image_pdf(page: UprightPage, name: str) -> bytes:
    """A one-page PDF holding only the page image, from img2pdf."""
    with _tool("pillow", name):
        data = _encode_image(page)
    dpi = float(page.source.dpi)
    with _tool("img2pdf", name):
        return img2pdf.convert(
            data, layout_fun=img2pdf.get_fixed_dpi_layout_fun((dpi, dpi)),
            rotation=img2pdf.Rotation.none, producer=PRODUCER, nodate=True)


def _encode_image(page: UprightPage) -> bytes:
    """The page image as the bytes img2pdf embeds without re-encoding."""
    image, source = page.image, page.source
    if source.encoding == Encoding.BILEVEL or image.mode == "1":
        return _g4_tiff(image)
    if _jpeg_unchanged(page):
        return source.jpeg_bytes
    image = _plain_mode(image)
    if source.encoding == Encoding.LOSSLESS and _black_and_white(image):
        return _g4_tiff(image)  # e.g. a 2-colour palette PNG: G4 is lossless and small
    icc = _icc_profile(image, source.image)
    extra = {"icc_profile": icc} if icc else {}
    buf = io.BytesIO()
    if source.encoding == Encoding.JPEG:
        quality = min(100, max(1, source.jpeg_quality or DEFAULT_JPEG_QUALITY))
        image.save(buf, format="JPEG", quality=quality, optimize=True, **extra)
    else:
        image.save(buf, format="PNG", compress_level=PNG_COMPRESS_LEVEL, **extra)
    return buf.getvalue()


def _plain_mode(image: Image.Image) -> Image.Image:
    """Grey stays "L", anything else with colour becomes "RGB"."""
    if image.mode in ("L", "RGB"):
        return image
    if image.mode in ("LA", "La", "I", "I;16", "F"):
        return image.convert("L")
    return image.convert("RGB")


def _icc_profile(image: Image.Image, original: Image.Image) -> bytes | None:
    """The scan's ICC profile, when it fits the image's colour space."""
    icc = image.info.get("icc_profile") or original.info.get("icc_profile")
    if not icc:
        return None
    try:
        space = ImageCms.ImageCmsProfile(io.BytesIO(icc)).profile.xcolor_space.strip()
    except (OSError, ImageCms.PyCMSError):
        return None
    return icc if space == {"L": "GRAY", "RGB": "RGB"}[image.mode] else None


def _black_and_white(image: Image.Image) -> bool:
    """Whether a grey image holds only pure black and pure white pixels."""
    if image.mode != "L":
        return False
    histogram = image.histogram()
    return sum(histogram[1:255]) == 0


def _g4_tiff(image: Image.Image) -> bytes:
    """A single-strip CCITT G4 TIFF (img2pdf copies its data as is)."""
    if image.mode != "1":
        image = image.convert("L").point(lambda v: 255 if v >= 128 else 0, mode="1")
    width, height = image.size
    buf = io.BytesIO()
    image.save(buf, format="TIFF", compression="group4",
               strip_size=(width + 7) // 8 * height)
    return buf.getvalue()


def _jpeg_unchanged(page: UprightPage) -> bool:
    """Whether ``page.image`` is exactly the input's JPEG, so its bytes can be kept."""
    source = page.source
    if not source.jpeg_bytes or page.rotation % 360 or page.deskewed:
        return False
    try:
        with Image.open(io.BytesIO(source.jpeg_bytes)) as jpeg:
            header_ok = (jpeg.format == "JPEG" and jpeg.size == page.image.size
                         and jpeg.mode == page.image.mode
                         and jpeg.getexif().get(EXIF_ORIENTATION, 1) == 1)
    except (OSError, ValueError, SyntaxError):
        return False
    if not header_ok:
        return False
    if page.image is source.image:
        return True
    return (source.image.size == page.image.size and source.image.mode == page.image.mode
            and ImageChops.difference(source.image, page.image).getbbox() is None)


def _overlay(pdf: pikepdf.Pdf, page: pikepdf.Page, text_page: pikepdf.Page) -> None:
    """Draw ``text_page`` (the OCR text layer) over ``page``, stretched to its MediaBox."""
    form = pdf.copy_foreign(text_page.as_form_xobject())
    x0, y0, x1, y1 = (float(v) for v in page.mediabox)
    u0, v0, u1, v1 = (float(v) for v in form.BBox)
    sx, sy = (x1 - x0) / (u1 - u0), (y1 - y0) / (v1 - v0)
    name = page.add_resource(form, pikepdf.Name.XObject, prefix="OCR")
    ops = f"q {sx:.6f} 0 0 {sy:.6f} {x0 - u0 * sx:.4f} {y0 - v0 * sy:.4f} cm {name} Do Q\n"
    page.contents_add(pdf.make_stream(ops.encode("ascii")), prepend=False)


# --- pages that keep their own text -----------------------------------------

def copy_pdf_page(src: Path, page_number: int, out: Path) -> Path:
    """Write page ``page_number`` (1-based) of ``src`` as a one-page PDF to ``out``."""
    out = Path(out)
    with _tool("pikepdf", str(src)), pikepdf.open(src) as source, pikepdf.new() as pdf:
        count = len(source.pages)
        if not 1 <= page_number <= count:
            raise ToolError("pikepdf", str(src), f"no page {page_number} in {count} pages")
        pdf.pages.append(source.pages[page_number - 1])
        _drop_internal_links(pdf.pages[0])
        _save(pdf, out)
    return out


def _drop_internal_links(page: pikepdf.Page) -> None:
    """Remove links to other pages of ``src``: in a one-page file they lead nowhere."""
    annots = page.obj.get("/Annots")
    if not isinstance(annots, pikepdf.Array):
        return
    kept = [a for a in annots if not _is_internal_link(a)]
    if len(kept) != len(annots):
        page.obj.Annots = pikepdf.Array(kept)


def _is_internal_link(annot: pikepdf.Object) -> bool:
    if not isinstance(annot, pikepdf.Dictionary) or annot.get("/Subtype") != "/Link":
        return False
    action = annot.get("/A")
    goto = isinstance(action, pikepdf.Dictionary) and action.get("/S") == "/GoTo"
    return "/Dest" in annot or goto


# --- documents --------------------------------------------------------------

def merge_pages(pages: list[Path], out: Path, *, title: str | None = None,
                metadata: dict[str, str] | None = None) -> Path:
    """Join one-page PDFs, in order, into one document at ``out``; return ``out``.

    qpdf keeps at most a couple of hundred inputs open at once and reads
    each page's streams only while writing, so memory stays flat for long
    documents. ``metadata`` keys are XMP names: "prefix:name" for a
    standard schema (``dc:description``) or a bare name (``document_number``)
    for the hoso schema. The document gets an sRGB OutputIntent and a
    PDF/A-2b identification (not validated).
    """
    if not pages:
        raise ValueError("merge_pages needs at least one page")
    metadata = dict(metadata or {})
    _check_metadata_keys(metadata)
    out = Path(out)
    with _tool("pikepdf", str(out)), _atomic(out) as tmp:
        job = pikepdf.Job({
            "empty": "", "outputFile": str(tmp),
            "pages": [{"file": str(p), "range": "1-z"} for p in pages],
            "objectStreams": "generate", "deterministicId": "",
            "minVersion": "1.7", "noWarn": "",
        })
        pdf = job.create_pdf()
        _add_output_intent(pdf)
        _set_metadata(pdf, title, metadata)
        job.write_pdf(pdf)
        if job.has_warnings or job.exit_code != 0:
            # our own page files read cleanly; a warning means a damaged page
            raise ToolError("pikepdf", str(out), f"damaged page file (qpdf exit {job.exit_code})")
    return out


def _check_metadata_keys(metadata: dict[str, str]) -> None:
    for key in metadata:
        if ":" in key:
            prefix = key.split(":", 1)[0]
            if prefix not in _XMP_PREFIXES:
                raise ValueError(f"unknown XMP prefix in metadata key {key!r}")
        elif not _BARE_KEY.match(key):
            raise ValueError(f"metadata key {key!r} is not a valid XMP name")


def _set_metadata(pdf: pikepdf.Pdf, title: str | None, metadata: dict[str, str]) -> None:
    """Info dictionary and XMP: title, producer, PDF/A-2b id, the given keys."""
    PdfMetadata.register_xml_namespace(HOSO_XMP_NS, HOSO_XMP_PREFIX)
    bare = {k: v for k, v in metadata.items() if ":" not in k}
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        if title:
            meta["dc:title"] = _xml_text(title)
        meta["pdf:Producer"] = PRODUCER
        meta["xmp:CreatorTool"] = PRODUCER
        meta["pdfaid:part"] = "2"
        meta["pdfaid:conformance"] = "B"
        for key, value in metadata.items():
            meta[key if ":" in key else f"{HOSO_XMP_PREFIX}:{key}"] = _xml_text(value)
    pdf.docinfo["/Producer"] = PRODUCER
    if title:
        pdf.docinfo["/Title"] = _xml_text(title)
    if bare:
        _add_extension_schema(pdf, sorted(bare))


def _xml_text(value: str) -> str:
    """``value`` without the control characters XML cannot hold."""
    return _XML_ILLEGAL.sub("", str(value))


def _add_extension_schema(pdf: pikepdf.Pdf, names: list[str]) -> None:
    """Describe the hoso XMP properties, as PDF/A wants for custom schemas."""
    props = "".join(
        "<rdf:li rdf:parseType=\"Resource\">"
        f"<pdfaProperty:name>{escape(n)}</pdfaProperty:name>"
        "<pdfaProperty:valueType>Text</pdfaProperty:valueType>"
        "<pdfaProperty:category>external</pdfaProperty:category>"
        f"<pdfaProperty:description>hoso {escape(n)}</pdfaProperty:description>"
        "</rdf:li>" for n in names)
    block = (
        "<rdf:Description rdf:about=\"\""
        " xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\""
        " xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\""
        " xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">"
        "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">"
        "<pdfaSchema:schema>hoso dossier metadata</pdfaSchema:schema>"
        f"<pdfaSchema:namespaceURI>{HOSO_XMP_NS}</pdfaSchema:namespaceURI>"
        f"<pdfaSchema:prefix>{HOSO_XMP_PREFIX}</pdfaSchema:prefix>"
        f"<pdfaSchema:property><rdf:Seq>{props}</rdf:Seq></pdfaSchema:property>"
        "</rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>")
    stream = pdf.Root.Metadata
    xmp = stream.read_bytes().decode("utf-8")
    xmp = xmp.replace("</rdf:RDF>", block + "</rdf:RDF>", 1)
    stream.write(xmp.encode("utf-8"))


def _add_output_intent(pdf: pikepdf.Pdf) -> None:
    icc = pdf.make_stream(_srgb_profile(), N=3)
    pdf.Root.OutputIntents = pikepdf.Array([pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFA1,
        OutputConditionIdentifier="sRGB IEC61966-2.1", Info="sRGB IEC61966-2.1",
        DestOutputProfile=icc)])


def _srgb_profile() -> bytes:
    """An sRGB ICC profile: the system's, else one made by LittleCMS."""
    for path in SRGB_PROFILE_PATHS:
        try:
            return Path(path).read_bytes()
        except OSError:
            continue
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
