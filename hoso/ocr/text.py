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


_WHITESPACE = re.compile(r"[\s\u200b\u2028\u2029\ufeff]+")

# Letters without a Unicode decomposition that diacritic-insensitive keys map by hand.
_FOLD_EXTRA = {"đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ɖ": "d", "Ɖ": "d"}


def upper_share(text: str) -> float:
    """The share of ``text``'s letters that are capitals (0 when it has none)."""
    letters = [c for c in text if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


def single_spaces(text: str) -> str:
    """Every run of whitespace (newlines included) as one space, no leading or trailing space."""
    return _WHITESPACE.sub(" ", text).strip()


def _fold_char(char: str) -> str:
    """The diacritic- and case-insensitive key of one character ("" for a combining mark,
    " " for whitespace)."""
    if _WHITESPACE.fullmatch(char):
        return " "
    if char in _FOLD_EXTRA:
        return _FOLD_EXTRA[char]
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return base.casefold()


_FOLDED_CHARS: dict[str, str] = {}   # _fold_char's answers: a text has few distinct characters


def fold_with_index(text: str) -> tuple[str, tuple[int, ...]]:
    """``fold(text)`` and, for each of its characters, the index in ``text`` it came from.

    Lets a match found on the folded key be cut out of the original text.
    """
    out: list[str] = []
    index: list[int] = []
    folded_chars = _FOLDED_CHARS
    for i, char in enumerate(text):
        folded = folded_chars.get(char)
        if folded is None:
            folded = _fold_char(char)
            if len(folded_chars) < 65536:
                folded_chars[char] = folded
        if folded == " ":
            if out and out[-1] != " ":
                out.append(" ")
                index.append(i)
            continue
        for piece in folded:
            out.append(piece)
            index.append(i)
    if out and out[-1] == " ":
        out.pop()
        index.pop()
    return "".join(out), tuple(index)


def fold(text: str) -> str:
    """Diacritic- and case-insensitive key: marks dropped, đ/Đ → d, casefolded, single spaces.

    ``fold("NGUYỄN  Văn Đức") == "nguyen van duc"``. For search and label
    matching only; values keep their diacritics.
    """
    return fold_with_index(text)[0]
