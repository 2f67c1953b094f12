"""Vietnamese text normalisation shared by OCR, classification and search."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def nfc(text: str) -> str:
    """Unicode NFC (TCVN 6909:2001): composed Vietnamese letters."""
    return unicodedata.normalize("NFC", text)


def clean_page_text(text: str) -> str:
    """NFC, single spaces, lines by "\\n", blocks by one empty line, no trailing newline."""
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n")
