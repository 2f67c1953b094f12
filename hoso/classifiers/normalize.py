"""Key-field values as DOMAIN.md writes them, from noisy OCR text.

Every normaliser returns the value, or None when it cannot: the field is then
absent, never guessed. Input is the text after a label (``labels.py``), or a
QR payload part.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from rapidfuzz.distance import Levenshtein

from hoso.ocr.text import fix_lookalikes, fold, fold_with_index, single_spaces

# Letters OCR returns for digits (tesseract vie.unicharambigs: O/o ↔ 0, I/l/| ↔ 1).
_TO_DIGIT = str.maketrans("OoIl|", "00111")
_NUMERIC_RUN = re.compile(r"[0-9OoIl|](?:[/.\-]?[0-9OoIl|])*")
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-"})


def fix_digits(text: str) -> str:
    """``text`` with O/o → 0 and I/l/| → 1 inside numeric tokens ("l5/O7/2O25" → "15/07/2025").

    A token is a run of digits and those letters (``/ . -`` may join them);
    it is fixed only if it holds a real digit. Glued to a word ("năm2O25"),
    only the part between its first and last real digit is fixed.
    """
    return _NUMERIC_RUN.sub(_fix_run, text)


def _fix_run(m: re.Match[str]) -> str:
    run = m.group()
    real = [i for i, c in enumerate(run) if c in "0123456789"]
    if not real:
        return run
    text = m.string
    glued = (m.start() > 0 and text[m.start() - 1].isalpha()) or \
        (m.end() < len(text) and text[m.end()].isalpha())
    if not glued:
        return run.translate(_TO_DIGIT)
    first, last = real[0], real[-1] + 1
    return run[:first] + run[first:last].translate(_TO_DIGIT) + run[last:]


def digits(text: str) -> str | None:
    """All the digits of ``text`` (after ``fix_digits``), or None when there are none."""
    found = "".join(re.findall(r"\d", fix_digits(text), flags=re.ASCII))
    return found or None


# ---------------------------------------------------------------- dates

_D2 = r"\d(?:\s?\d)?"
_D4 = r"\d(?:\s?\d){3}"
_NUMERIC_DATE = re.compile(rf"(?<!\d)({_D2})\s*[/.\-]\s*({_D2})\s*[/.\-]\s*({_D4})(?!\d)")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_WORD = r"[a-z](?:\s?[a-z]){1,6}"
_WORD_DATE = re.compile(
    rf"(?<![a-z0-9])({_D2})\s*[,.]?\s*({_WORD})\s*[,.]?\s*({_D2})\s*[,.]?\s*({_WORD})"
    rf"\s*[,.:]?\s*({_D4})(?!\d)")


def _near(word: str, target: str) -> bool:
    """An OCR-damaged month/year word: "thang", "thanq", "nam", "narn" (rn read for m)."""
    word = word.replace(" ", "").replace("rn", "m")
    return Levenshtein.distance(word, target, score_cutoff=1) <= 1


def _iso(day: str, month: str, year: str) -> str | None:
    try:
        return date(int(year.replace(" ", "")), int(month.replace(" ", "")),
                    int(day.replace(" ", ""))).isoformat()
    except ValueError:
        return None


def _date_candidates(key: str) -> list[tuple[int, str | None]]:
    found: list[tuple[int, str | None]] = []
    for m in _NUMERIC_DATE.finditer(key):
        found.append((m.start(), _iso(m[1], m[2], m[3])))
    for m in _ISO_DATE.finditer(key):
        found.append((m.start(), _iso(m[3], m[2], m[1])))
    for m in _WORD_DATE.finditer(key):
        if _near(m[2], "thang") and _near(m[4], "nam"):
            found.append((m.start(), _iso(m[1], m[3], m[5])))
    return found


# A day or month after its word made of lookalikes ("tháng I", "ngày 1]"): fix_digits leaves
# tokens without a real digit, and "]", alone, but after "ngày"/"tháng" they can only be a number.
_LONE_LOOKALIKE = re.compile(r"(?<![a-z])((?:ngay|thang)\s*)([0-9ilo|\]]{1,2})(?![a-z0-9\]])")
_LOOKALIKE_DIGITS = str.maketrans("ilo|]", "11011")


def parse_date(text: str) -> str | None:
    """The first date in ``text`` as ISO ``YYYY-MM-DD``, or None.

    Reads ``15/7/2025``, ``15-07-2025``, ``15.07.2025``, ``2025-07-15``,
    ``ngày 15 tháng 7 năm 2025`` (diacritics optional, OCR-damaged words,
    O/l for 0/1, a space inside a number) and a bare ``ddmmyyyy`` (QR codes).
    The first date-shaped text decides: an impossible one (31/02/2025) gives
    None rather than a later date. No day or no month (``tháng 7 năm 2025``,
    ``07/2025``), a two-digit year or ``Không thời hạn`` give None.
    """
    key = _LONE_LOOKALIKE.sub(lambda m: m[1] + m[2].translate(_LOOKALIKE_DIGITS), fold(fix_digits(text)))
    bare = re.fullmatch(r"(\d{2})(\d{2})(\d{4})", key.strip(" .;,"))
    if bare:
        return _iso(bare[1], bare[2], bare[3])
    found = _date_candidates(key)
    return min(found, key=lambda c: c[0])[1] if found else None


# ---------------------------------------------------------------- numbers

def _digit_groups(text: str) -> list[list[str]]:
    """Digit runs, grouped while only a single space, dot or dash separates them."""
    groups: list[list[str]] = []
    last_end = -1
    for m in re.finditer(r"\d+", text, flags=re.ASCII):
        gap = text[last_end:m.start()] if last_end >= 0 else None
        if gap is not None and re.fullmatch(r"\s{1,2}|[.\-]", gap):
            groups[-1].append(m.group())
        else:
            groups.append([m.group()])
        last_end = m.end()
    return groups


def id_number(text: str) -> str | None:
    """A 12-digit citizen ID ("027 095 000 123" → "027095000123"), or None."""
    for group in _digit_groups(fix_digits(text)):
        for i in range(len(group)):
            joined = ""
            for part in group[i:]:
                joined += part
                if len(joined) >= 12:
                    break
            if len(joined) == 12:
                return joined
    return None


_PHONE = re.compile(r"(?<![\d+])(\(?\+\s?84\s?\)?|\(?0)((?:[\s.\-)]{0,2}\d){8,11})(?!\d)")


def phone(text: str) -> str | None:
    """A phone number, digits only with its leading 0 (``+84 975 567 636`` → ``0975567636``).

    10 digits (mobile) or 11 (landline with area code); anything else is None.
    """
    for m in _PHONE.finditer(fix_digits(text)):
        rest = re.sub(r"\D", "", m[2], flags=re.ASCII)
        number = "0" + rest.lstrip("0") if "84" in m[1] else "0" + rest
        if 10 <= len(number) <= 11 and number[1] != "0":
            return number
    return None


# A number as printed: grouped ("1.234,5", "12 241") or plain ("241", "113,5").
NUMBER_PATTERN = r"\d{1,3}(?:[ .,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_AREA_WITH_UNIT = re.compile(rf"(?<![\d.,])({NUMBER_PATTERN})\s*(?:m\s?[2²]|m(?![a-zà-ỹ])|mét vuông)",
                             re.IGNORECASE)
_AREA_BARE = re.compile(rf"(?<![\d.,])({NUMBER_PATTERN})")


def _decimal(number: str) -> str | None:
    """Vietnamese convention: "." groups thousands, "," is the decimal point.

    With both, the last one is the decimal point ("1.234,5" and "1,234.5").
    A lone "." followed by exactly three digits groups thousands ("1.234" →
    1234); otherwise it is a decimal point misread or written the English way.
    """
    number = number.replace(" ", "")
    if "," in number and "." in number:
        point = "," if number.rfind(",") > number.rfind(".") else "."
        whole, frac = number.rsplit(point, 1)
        return _join(whole.replace("," if point == "." else ".", ""), frac)
    for sep in ",.":
        parts = number.split(sep)
        if len(parts) == 1:
            continue
        if len(parts) > 2 or (sep == "." and len(parts[1]) == 3):
            return "".join(parts) if all(len(p) == 3 for p in parts[1:]) else None
        return _join(parts[0], parts[1])
    return _join(number, "")


def _join(whole: str, frac: str) -> str | None:
    if not whole.isdigit() or (frac and not frac.isdigit()):
        return None
    whole = whole.lstrip("0") or "0"
    return f"{whole}.{frac}" if frac else whole


def area_m2(text: str) -> str | None:
    """An area in m² with "." as decimal point and no grouping ("1.234,5 m²" → "1234.5").

    Takes the number before a unit (m², m2, m, mét vuông), else the first
    number. Decimals are kept as printed ("241,0" → "241.0"); zero is None.
    """
    fixed = fix_lookalikes(fix_digits(text))
    m = _AREA_WITH_UNIT.search(fixed) or _AREA_BARE.search(fixed)
    value = _decimal(m[1]) if m else None
    if value is None or float(value) == 0:
        return None
    return value


_ENTERPRISE = re.compile(r"(?<!\d)(\d(?:[ .]?\d){9})(?:\s?-\s?(\d{3})|(\d{3}))?(?!\d)")


def enterprise_code(text: str) -> str | None:
    """An enterprise code: 10 digits, or 10-3 for a branch ("0101234567-001"), or None."""
    m = _ENTERPRISE.search(fix_digits(text).translate(_DASHES))
    if not m:
        return None
    base = re.sub(r"\D", "", m[1], flags=re.ASCII)
    branch = m[2] or m[3]
    return f"{base}-{branch}" if branch else base


# ---------------------------------------------------------------- document numbers

# Symbol abbreviations (Decree 30/2020, appendix) that exist only with Đ, so a
# "D" there is an OCR loss of the stroke. HD (hướng dẫn) / HĐ (hợp đồng),
# DA (dự án) / ĐA (đề án) and CD are both real or unknown: never changed.
_D_STROKE = {"QD": "QĐ", "ND": "NĐ", "QyD": "QyĐ", "QYD": "QyĐ", "HDND": "HĐND", "BCD": "BCĐ"}
_SO_PREFIX = re.compile(r"so\s?[:;.]\s*|so\s?(?=\d)")
_SLASH_MISREAD = re.compile(r"(?<=\d)\s?[!|]\s?(?=[^\W\d_])")  # "615!UBND-KT": the slash misread
_DOC_NUMBER = re.compile(r"\w+(?:\s?[/\-]\s?\w+)*")


def _strip_so(text: str) -> str:
    """``text`` without a leading "Số:" label."""
    folded, index = fold_with_index(text)
    m = _SO_PREFIX.match(folded)
    if not m:
        return text
    return text[index[m.end()]:] if m.end() < len(folded) else ""


def _fix_segment(segment: str, first: bool) -> str:
    if re.fullmatch(r"[0-9OoIl|]+", segment) and (first or re.search(r"\d", segment)):
        return segment.translate(_TO_DIGIT)
    return "-".join(_D_STROKE.get(part, part) for part in map(_undoubled, segment.split("-")))


def _undoubled(part: str) -> str:
    """A symbol's letter the OCR doubled or a rule it read as a letter: "QĐĐ" → "QĐ",
    "TTTr" → "TTr", "INQ" → "NQ", "TIr" → "TTr" (no symbol has "ĐĐ", a letter
    three times, or an "I" before a type code)."""
    part = re.sub(r"(.)\1{2,}", r"\1\1", part.replace("ĐĐ", "Đ"))
    if part == "TIr":
        return "TTr"
    if part[:1] in "Il|" and part[1:] in TYPE_CODES:
        return part[1:]
    return part


# The type codes of Decree 30 symbols ("123/QĐ-UBND"), as printed.
TYPE_CODES = frozenset("""
QĐ NQ CT QC QyĐ TB HD CTr KH PA ĐA DA BC BB TTr HĐ CĐ BCĐ GM GGT GUQ GNP GĐ PC PG PB PL CV TC
""".split())


def document_number(text: str) -> str | None:
    """What follows ``Số:``, without spaces: "123 / QĐ - UBND" → "123/QĐ-UBND", or None.

    ``text`` may still start with the "Số:" label. The number stops at the
    first space not next to "/" or "-" ("41/BC-UBND Bắc Ninh" → "41/BC-UBND").
    O/l in numeric segments become 0/1; QD, ND, QyD, HDND, BCD get their Đ
    back (see ``_D_STROKE``). None when the first segment holds no digit
    ("Số: ..../QĐ-UBND" on an unnumbered draft).
    """
    cleaned = _SLASH_MISREAD.sub("/", fix_lookalikes(text).translate(_DASHES).strip())
    m = _DOC_NUMBER.match(_strip_so(cleaned).lstrip())
    if not m:
        return None
    raw = re.sub(r"\s", "", m.group())
    if "/" not in raw:  # OCR lost the slash: "35BB-UBND" is 35/BB-UBND
        raw = re.sub(r"^(\d+)(?=[^\W\d_])", r"\1/", raw)
    segments = [_fix_segment(s, i == 0) for i, s in enumerate(raw.split("/"))]
    if not re.search(r"\d", segments[0]):
        return None
    return "/".join(segments)


# ---------------------------------------------------------------- words

_SEX = {"nam": "Nam", "nu": "Nữ", "male": "Nam", "female": "Nữ"}


def sex(text: str) -> str | None:
    """"Nam" or "Nữ" from the first word of ``text`` ("NỮ", "Nu", "Nừ" → "Nữ"), or None."""
    m = re.match(r"[^a-z]*([a-z]+)", fold(text))
    return _SEX.get(m[1]) if m else None


_LEADING_JUNK = re.compile(r"^[\s:;,.\-=]+")
_TRAILING_SEPARATORS = re.compile(r"[\s:;,\-=]+$")
_TRAILING_PUNCT = re.compile(r"[\s:;,.\-=]+$")


def clean_value(text: str) -> str | None:
    """A printed value (address, subject, authority): NFC, lines joined with one space.

    Leading separators and trailing ``,;:-`` go; a trailing "." stays
    ("Tp." would lose meaning). None when nothing is left.
    """
    value = single_spaces(fix_lookalikes(text))
    value = _TRAILING_SEPARATORS.sub("", _LEADING_JUNK.sub("", value))
    return value or None


def name(text: str) -> str | None:
    """A person's or company's name as printed (case kept), without trailing punctuation, or None."""
    value = clean_value(text)
    if value is None:
        return None
    value = _TRAILING_PUNCT.sub("", value)
    return value if any(c.isalpha() for c in value) else None


# Names of bodies whose OCR'd marks are often wrong ("ỦY BẠN NHÂN DÂN"): the
# words folded are unambiguous, so the canonical spelling is put back.
BODIES = ("Ủy ban nhân dân", "Hội đồng nhân dân")


# The kind of unit named right after the body ("… TỈNH BẮC NINH", "… XÃ KÉP").
_UNITS = ("tỉnh", "thành phố", "huyện", "thị xã", "thị trấn", "quận", "xã", "phường")


# The province this service is for: its name after "tỉnh" is put back whole ("BAC NINH",
# "BẮCNINH" → "BẮC NINH"), as no other province's is expected there.
PROVINCE = "Bắc Ninh"

# Departments and offices of a province's People's Committee, as Decree 30 headers print them
# (today's, and those merged in 2025 that older records carry). A name whose letters without
# marks, spaces and punctuation are one of these is that name ("SƠ NỌI VỤ", "SỞ TƯ PH ÁP").
DEPARTMENTS = (
    "Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Kế hoạch và Đầu tư", "Sở Công Thương", "Sở Xây dựng",
    "Sở Giao thông vận tải", "Sở Nông nghiệp và Môi trường", "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Tài nguyên và Môi trường", "Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Khoa học và Công nghệ",
    "Sở Thông tin và Truyền thông", "Sở Văn hóa, Thể thao và Du lịch", "Sở Văn hóa và Thể thao",
    "Sở Du lịch", "Sở Lao động - Thương binh và Xã hội", "Sở Dân tộc và Tôn giáo", "Sở Ngoại vụ",
    "Thanh tra tỉnh", "Ban Dân tộc", "Văn phòng Ủy ban nhân dân tỉnh", "Văn phòng Đoàn đại biểu Quốc hội "
    "và Hội đồng nhân dân tỉnh",
)


def _letters_key(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isalnum())


_DEPARTMENT_KEYS = {_letters_key(d): d for d in DEPARTMENTS}


_TONES = "\u0300\u0301\u0303\u0309\u0323"   # huyền, sắc, ngã, hỏi, nặng as combining marks


def _syllable_key(word: str) -> tuple[str, str]:
    """A word's letters with their shapes (â, ơ, đ …) and its tone, wherever the tone sits:
    "hoá" and "hóa", "uỷ" and "ủy" are one syllable."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = "".join(ch for ch in decomposed if ch in _TONES)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES)), tones


def _as_printed(canonical: str, printed: list[str]) -> str:
    """``canonical`` in capitals when ``printed`` was; a printed word that is the same
    syllable as the canonical one (another place for the tone mark) is kept."""
    upper = all(w.isupper() for w in printed if any(c.isalpha() for c in w))
    words = (canonical.upper() if upper else canonical).split()
    if len(words) == len(printed):
        words = [p if _syllable_key(p) == _syllable_key(w) else w for p, w in zip(printed, words)]
    return " ".join(words)


def body_name(value: str) -> str:
    """``value`` with a leading "Ủy ban nhân dân" / "Hội đồng nhân dân", the unit kind after
    it ("TĨNH" → "TỈNH") and the province's name spelt right, or a department's whole name
    (:data:`DEPARTMENTS`) spelt right; in the case they were printed in."""
    words = value.split()
    department = _DEPARTMENT_KEYS.get(_letters_key(value))
    if department is not None:
        return _as_printed(department, words)
    for body in BODIES:
        n = len(body.split())
        if len(words) >= n and fold(" ".join(words[:n])) == fold(body):
            upper = all(w.isupper() for w in words[:n])
            rest = words[n:]
            for unit in _UNITS:
                k = len(unit.split())
                if len(rest) > k and fold(" ".join(rest[:k])) == fold(unit):
                    place = rest[k:]
                    if unit == "tỉnh" and _letters_key(" ".join(place)) == _letters_key(PROVINCE):
                        place = _as_printed(PROVINCE, place).split()
                    rest = [*(unit.upper() if upper else unit).split(), *place]
                    break
            return " ".join([body.upper() if upper else body, *rest])
    return value
