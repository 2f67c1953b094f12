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

from pathlib import Path

from hoso.config import Settings
from hoso.digitize.imageinput import _open_image
from hoso.digitize.inputcommon import JPEG, PDF, PNG, TIFF, LoadedInput
from hoso.digitize.pdfinput import _open_pdf
from hoso.errors import CorruptFile, EmptyFile, HosoError, NotFound, TooLarge, UnsupportedType

__all__ = ["JPEG", "PDF", "PNG", "TIFF", "LoadedInput", "open_input", "sniff"]

_SNIFF_BYTES = 1024


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
