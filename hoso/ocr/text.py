"""Vietnamese text normalisation shared by OCR, classification and search."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")
_BLANK_LINES = re.compile(r"\n{3,}")


# Characters OCR returns for Vietnamese letters they merely look like.
_LOOKALIKES = str.maketrans({
    "\u00d0": "\u0110",  # Ð (Icelandic eth) → Đ
    "\u00f0": "\u0111",  # ð → đ
    "\u0189": "\u0110",  # Ɖ (African D) → Đ
})


def nfc(text: str) -> str:
    """Unicode NFC (TCVN 6909:2001): composed Vietnamese letters."""
    return unicodedata.normalize("NFC", text)


def fix_lookalikes(text: str) -> str:
    """NFC, with look-alike letters (Ð, ð) replaced by the Vietnamese ones (Đ, đ)."""
    return nfc(text).translate(_LOOKALIKES)


def clean_page_text(text: str) -> str:
    """NFC, single spaces, lines by "\\n", blocks by one empty line, no trailing newline."""
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n")
