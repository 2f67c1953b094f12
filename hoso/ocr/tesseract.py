"""The one module that runs Tesseract (through pytesseract).

Every call has a timeout; a timeout becomes an empty result marked
``timed_out`` for OCR (the page gets the ``ocr_timeout`` warning) and
``ToolTimeout`` elsewhere; every other failure is a :class:`ToolError`
naming Tesseract and the input.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytesseract
from PIL import Image

from hoso.digitize.model import OcrPage, Word
from hoso.errors import ToolError, ToolTimeout
from hoso.ocr.layout import reading_order
from hoso.ocr.text import fix_lookalikes

# Tesseract's own OpenMP threading costs more than it gains when pages already
# run in parallel (measured: 11.4 s vs 3.2 s per A4 page on 2 cores).
# pytesseract starts Tesseract with this process's environment and takes no
# env argument, so the limit is set here, the one place that runs Tesseract,
# unless the operator set it already.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

TOOL = "tesseract"


@dataclass(frozen=True, slots=True)
class Orientation:
    """Tesseract OSD: how far the page is turned, and how sure it is."""

    rotation: int          # counter-clockwise degrees the content is turned: 0/90/180/270
    confidence: float      # Tesseract's orientation confidence (>~2 is usable)


def _save(image: Image.Image, folder: str) -> str:
    path = os.path.join(folder, "page.png" if image.mode != "1" else "page.tif")
    if image.mode == "1":
        image.save(path, format="TIFF", compression="group4")
    else:
        image.save(path, format="PNG", compress_level=1)
    return path


def _run(image: Image.Image, extensions: str, *, lang: str | None, config: str,
         timeout: float, name: str) -> dict[str, bytes]:
    """Run Tesseract on ``image`` in a temporary folder; the output files'
    bytes by extension (``{"tsv": …, "pdf": …}``)."""
    with tempfile.TemporaryDirectory(prefix="hoso-tess-") as folder:
        src = _save(image, folder)
        base = os.path.join(folder, "out")
        try:
            pytesseract.pytesseract.run_tesseract(
                src, base, extensions, lang, config=config, timeout=max(1, int(timeout)))
            return {ext: Path(f"{base}.{ext}").read_bytes() for ext in extensions.split()}
        except RuntimeError as e:  # pytesseract raises RuntimeError on timeout
            if "timeout" in str(e).lower():
                raise ToolTimeout(TOOL, name, f"no result in {timeout:.0f} s") from e
            raise ToolError(TOOL, name, str(e)) from e
        except (pytesseract.TesseractError, pytesseract.TesseractNotFoundError, OSError) as e:
            raise ToolError(TOOL, name, str(e)) from e


def ocr_page(image: Image.Image, *, dpi: float, lang: str = "vie", timeout: float = 180.0,
             psm: int = 3, with_pdf: bool = True, name: str = "") -> OcrPage:
    """OCR one upright page: words with boxes and confidences, text, text-only PDF.

    ``text_pdf`` is Tesseract's one-page PDF holding only the invisible text
    layer, sized from ``dpi`` so that it lies exactly over the image.
    """
    config = f"--psm {psm} --dpi {max(1, round(dpi))} -c tessedit_create_tsv=1"
    extensions = "tsv"
    if with_pdf:
        config += " -c textonly_pdf=1"
        extensions = "tsv pdf"
    try:
        out = _run(image, extensions, lang=lang, config=config, timeout=timeout, name=name)
    except ToolTimeout:
        return OcrPage(words=(), text="", confidence=0.0, text_pdf=None, timed_out=True)
    words = reading_order(parse_tsv(out["tsv"].decode("utf-8")))
    return OcrPage(words=words, text=words_to_text(words),
                   confidence=mean_confidence(words), text_pdf=out.get("pdf"))


def parse_tsv(tsv: str) -> tuple[Word, ...]:
    """Words (level 5 rows with text) from Tesseract's TSV output, NFC."""
    words = []
    reader = csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in reader:
        if row.get("level") != "5":
            continue
        text = fix_lookalikes((row.get("text") or "").strip())
        conf = float(row.get("conf") or -1)
        if not text or conf < 0:
            continue
        words.append(Word(
            text=text, left=int(row["left"]), top=int(row["top"]),
            width=int(row["width"]), height=int(row["height"]), confidence=conf,
            block=int(row["block_num"]), paragraph=int(row["par_num"]),
            line=int(row["line_num"]),
        ))
    return tuple(words)


def words_to_text(words: tuple[Word, ...]) -> str:
    """Reading-order text: words by spaces, lines by "\\n", blocks by "\\n\\n"."""
    blocks: list[list[str]] = []
    current_block = None
    current_line = None
    for w in words:
        if w.block != current_block:
            blocks.append([])
            current_block, current_line = w.block, None
        line_key = (w.paragraph, w.line)
        if line_key != current_line:
            blocks[-1].append(w.text)
            current_line = line_key
        else:
            blocks[-1][-1] += " " + w.text
    return "\n\n".join("\n".join(lines) for lines in blocks if lines)


def mean_confidence(words: tuple[Word, ...]) -> float:
    return sum(w.confidence for w in words) / len(words) if words else 0.0


def orientation(image: Image.Image, *, timeout: float = 30.0, name: str = "") -> Orientation:
    """Tesseract OSD on an (ideally deskewed, ~300 dpi) page image.

    Raises :class:`ToolError` when OSD cannot decide (too little text).
    """
    osd = _run(image, "osd", lang="osd", config="--psm 0", timeout=timeout,
               name=name)["osd"].decode("utf-8")
    values = dict(line.split(":", 1) for line in osd.splitlines() if ":" in line)
    try:
        # "Rotate" is the clockwise turn that makes the page upright, which
        # is the counter-clockwise angle the content is turned away by.
        rotate = int(values["Rotate"].strip()) % 360
        conf = float(values["Orientation confidence"].strip())
    except (KeyError, ValueError) as e:
        raise ToolError(TOOL, name, f"unreadable OSD output: {osd!r}") from e
    return Orientation(rotation=rotate, confidence=conf)


def version() -> str:
    """Tesseract's version, for the tool probe; raises ToolError when missing."""
    try:
        return str(pytesseract.get_tesseract_version())
    except (pytesseract.TesseractNotFoundError, OSError, subprocess.SubprocessError) as e:
        raise ToolError(TOOL, "", str(e)) from e


def languages() -> list[str]:
    try:
        return pytesseract.get_languages()
    except (pytesseract.TesseractNotFoundError, OSError) as e:
        raise ToolError(TOOL, "", str(e)) from e
