"""Start-up probe of the external tools: what is there, what is missing."""

from __future__ import annotations

import shutil
from dataclasses import dataclass

from hoso.config import Settings
from hoso.errors import ToolError
from hoso.ocr import tesseract


@dataclass(frozen=True, slots=True)
class ProbeReport:
    lines: tuple[str, ...]      # one line per tool, for people
    missing: tuple[str, ...]    # what stops processing, in Vietnamese


def probe(settings: Settings) -> ProbeReport:
    lines, missing = [], []
    try:
        lines.append(f"tesseract {tesseract.version()}")
        langs = tesseract.languages()
        for lang in settings.lang.split("+") + ["osd"]:
            if lang not in langs:
                missing.append(f"dữ liệu ngôn ngữ Tesseract '{lang}' (gói tesseract-ocr-{lang})")
        lines.append("tesseract languages: " + ", ".join(sorted(langs)))
    except ToolError:
        missing.append("tesseract (gói tesseract-ocr)")
    for tool in ("pdftoppm", "pdftotext", "pdfimages"):
        found = shutil.which(tool)
        lines.append(f"{tool}: {found or 'MISSING'}")
        if not found:
            missing.append(f"{tool} (gói poppler-utils)")
    lines.extend(f"MISSING: {m}" for m in missing)
    return ProbeReport(tuple(lines), tuple(missing))
