"""Key fields of administrative documents (Decree 30/2020/NĐ-CP layout).

Works on the page text in reading order (hoso.ocr.layout): the header's
left column (issuing body, ``Số: …``, a công văn's ``V/v …``) comes first,
then the right column (national motto, ``Place, ngày … tháng … năm …``),
then the type name and subject, the body, and the signature block last.
A value that cannot be read with confidence is left out, never guessed.
"""

from __future__ import annotations

import re

from hoso.classifiers import normalize
from hoso.classifiers.fields_layout import fix_vv, mostly_upper
from hoso.classifiers.names import correct_name
from hoso.ocr.text import fold, fold_with_index

HEADER_LINES = 25          # the header, number, date and title lie within these
SUBJECT_MAX_LINES = 4
SUBJECT_GAP = 0.9          # space above a line, in line heights, that ends the subject
_SO = re.compile(r"^\W*s[o0]\s*[:;.,]?\s*\S")
_PLACE_DATE = re.compile(r"^\W*([a-z][a-z .'-]{1,40}?)\s*,\s*ngay\b")
_MOTTO = ("cong hoa xa hoi", "doc lap", "tu do")
# A first header line naming a whole body (with its place) is the superior body;
# one of these alone wraps onto the next line.
_INCOMPLETE = {fold(body) for body in normalize.BODIES} | {"ubnd", "hdnd"}
_UNIT_START = re.compile(r"(tinh|huyen|xa|phuong|thi tran|thi xa|thanh pho|quan)\b")
_ENACTING = tuple(fold(body) + " " for body in normalize.BODIES)     # a body's kind, then more
_CAN_CU = re.compile(r"^\W*can cu\b")
_SUBJECT_START = re.compile(r"^\W*(v\s*/\s*v\b|v/\s|ve viec\b)")  # "V/ …": the v lost
_SUBJECT_STOP = re.compile(r"^\W*(can cu|kinh gui|dieu \d|noi nhan|i\.|1\.|phan\b|chuong\b)")
# Body openings that may also begin a subject ("Thực hiện …"): they end it only below its first line.
_BODY_START = re.compile(r"^\W*(thuc hien|xet de nghi|theo de nghi)\b")
_RECIPIENTS = re.compile(r"^\W*noi nhan\b")
# "… gia cầm Yên Thế, ngày 19 tháng 12 năm 2025": the header's place-date read into a line.
_DATE_WORDS = re.compile(r",?\s+ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}")
PLACE_WORDS = 3
_SIGNER_TITLES = {"tm", "kt", "tl", "tuq", "q", "chu tich", "pho chu tich", "giam doc", "pho giam doc",
                  "chanh van phong", "truong phong", "bi thu", "thu truong", "nguoi ky", "ky thay",
                  "uy vien", "thu ky", "chu toa", "nguoi ghi bien ban"}
_NAME_TOKEN = re.compile(r"^[^\W\d_]+$")
# Words of a signature block's body and office lines, never of a signer's name.
_NOT_NAMES = ("nhan dan", "uy ban", "hoi dong", "chu tich", "giam doc", "van phong", "truong ",
              "thuong truc", "noi nhan", "so ", "phong ", "ban ")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()]


def _has_letters(line: str) -> bool:
    return sum(ch.isalpha() for ch in line) >= 2


def _number_line(lines: list[str]) -> int | None:
    for i, line in enumerate(lines[:HEADER_LINES]):
        if _SO.match(fold(line)) and re.search(r"\d", line):
            return i
    return None


def issuing_authority(lines: list[str], number_at: int | None) -> str | None:
    """The left header column above ``Số:``, without its superior body's line."""
    if number_at is None:
        return None
    start = number_at
    while start > 0 and lines[start - 1]:  # the block the number line belongs to
        start -= 1
    names = _body_lines(lines[start:number_at])
    if not names:  # a letterhead: the body's name in a block of its own above
        names = _body_lines(lines[:number_at])
    if names and _UNIT_START.match(fold(names[0])):
        # "TỈNH BẮC NINH" alone: the body's kind is a line above, parted from it by a stamp's specks.
        above = [n for n in _body_lines(lines[:start]) if sum(ch.isalpha() for ch in n) >= 4]
        if above and fold(normalize.body_name(above[-1])) in _INCOMPLETE:
            names = [above[-1], *names]
    if len(names) > 1 and fold(names[0]) not in _INCOMPLETE:
        names = names[1:]
    value = normalize.clean_value(" ".join(n for n in names if n.strip(" -–"))) if names else None
    value = normalize.body_name(value.rstrip(" .,;:-")) if value else None
    if value and _whole_body(value):
        return value
    return _enacting_body(lines[number_at + 1:])


def _enacting_body(lines: list[str]) -> str | None:
    """The body named in capitals above the first "Căn cứ" of a decision or resolution
    ("HỘI ĐỒNG NHÂN DÂN TỈNH BẮC NINH"): the issuer, when the header's name was unreadable."""
    for line in lines:
        folded = fold(line)
        if _CAN_CU.match(folded):
            break
        letters = [ch for ch in line if ch.isalpha()]
        if len(letters) < 12 or sum(ch.isupper() for ch in letters) < 0.9 * len(letters):
            continue
        value = normalize.body_name(normalize.clean_value(line) or "")
        if fold(value).startswith(_ENACTING) and _whole_body(value):
            return value
    return None


def _whole_body(value: str) -> bool:
    """A body's whole name as printed: marks kept (an all-ASCII name lost them to the OCR),
    not the body's kind alone ("ỦY BAN NHÂN DÂN") nor a unit without it ("TỈNH BẮC NINH")."""
    folded = fold(value)
    if value.isascii() or folded in _INCOMPLETE:
        return False
    return not _UNIT_START.match(folded)


def _body_lines(lines: list[str]) -> list[str]:
    """Header lines naming bodies: with letters, neither the motto nor a place-date line;
    a motto read on the same line as the body's name ("SỞ Y TẾ CỘNG HÒA XÃ HỘI …") cut off."""
    out = []
    for line in lines:
        folded, index = fold_with_index(line)
        at = folded.find(_MOTTO[0])
        if at > 0:
            line = line[:index[at]].rstrip(" _-.,")
        line = line.strip(" _")
        if _has_letters(line) and not fold(line).startswith(_MOTTO) \
                and not _PLACE_DATE.match(fold(line)):
            out.append(line)
    return out


def place_and_date(lines: list[str]) -> tuple[str | None, str | None]:
    for line in lines[:HEADER_LINES]:
        folded = fold(line)
        match = _PLACE_DATE.match(folded)
        if match:
            place = line[:line.find(",")].strip(" .:-")
            return (normalize.clean_value(place) if place else None), normalize.parse_date(line)
    for line in lines[:HEADER_LINES]:
        found = _place_date_in(line)
        if found:
            return normalize.clean_value(found[0]), normalize.parse_date(line[found[1]:found[2]])
    return None, None


def _title_line(lines: list[str], title_line: str | None) -> int | None:
    if not title_line:
        return None
    for i, line in enumerate(lines[:HEADER_LINES + 10]):
        if line == title_line:
            return i
    return None


def subject(lines: list[str], title_at: int | None, number_at: int | None,
            gaps: list[float] | None = None) -> str | None:
    """``V/v …`` under the number (công văn), else the lines under the type name.

    ``gaps[i]`` is the space above line ``i`` in line heights, when known: the
    subject ends where a wider space (a rule, then the body) begins.
    """
    if number_at is not None:
        for i in range(number_at + 1, min(number_at + 4, len(lines))):
            if _SUBJECT_START.match(fold(fix_vv(lines[i]))):
                return _collect(lines, i, gaps)
    if title_at is not None:
        start = title_at + 1
        while start < len(lines) and not lines[start]:
            start += 1
        return _collect(lines, start, gaps)
    return None


def _collect(lines: list[str], start: int, gaps: list[float] | None) -> str | None:
    """Subject lines from ``start``: a short last line centred under a long
    one is a block of its own, so a block break is crossed when the space
    above the next line (``gaps``) is a line spacing, not a rule and the body."""
    taken: list[str] = []
    i = start
    while i < len(lines) and len(taken) < SUBJECT_MAX_LINES:
        line = lines[i]
        if _spacing(line):
            # Between blocks: the next line's own gap decides. Specks read as a line ("~", "Z⁄")
            # count as space, and their boxes say nothing of the spacing.
            j = i + 1
            while j < len(lines) and _spacing(lines[j]):
                j += 1
            if not taken or gaps is None or j >= len(lines) or gaps[j] > SUBJECT_GAP:
                break
            i = j
            continue
        if _SUBJECT_STOP.match(fold(line)) or _PLACE_DATE.match(fold(line)) or \
                (taken and (mostly_upper(line) or _BODY_START.match(fold(line)))):
            break
        if taken and gaps is not None and gaps[i] > SUBJECT_GAP:
            break
        taken.append(line)
        i += 1
    value = fix_vv(" ".join(taken))
    found = _place_date_in(value)
    if found and found[2] == len(value.rstrip()):
        value = value[:found[1]]
    return normalize.clean_value(value) if value else None


def _spacing(line: str) -> bool:
    """A blank line, or specks with fewer than two letters or digits."""
    return sum(ch.isalnum() for ch in line) < 2


def _place_date_in(line: str) -> tuple[str, int, int] | None:
    """(place, start, end) of a "Place, ngày … năm …" inside ``line``: the capitalised
    words (at most PLACE_WORDS) before the date words."""
    date = _DATE_WORDS.search(line)
    if not date:
        return None
    words = line[:date.start()].split(" ")
    place = []
    while words and words[-1][:1].isupper() and len(place) < PLACE_WORDS:
        place.insert(0, words.pop())
    if not place:
        return None
    start = len(" ".join(words))
    return " ".join(place), start, date.end()


def signer(lines: list[str]) -> str | None:
    """The signer's name: the last name-like line of the signature block."""
    body = [line for line in lines if line]
    ends = [i for i, line in enumerate(body) if _RECIPIENTS.match(fold(line))]
    if ends and ends[-1] >= len(body) - 8 and not any(map(_is_name, body[ends[-1]:])):
        body = body[:ends[-1]]  # recipients printed below the signature
    for line in reversed(body[-8:]):
        if _SUBJECT_STOP.match(fold(line)) or _BODY_START.match(fold(line)) \
                or fold(line).startswith("- "):
            return None
        if _is_name(line):
            value = normalize.name(line)
            return correct_name(value) if value else None
    return None


def _is_name(line: str) -> bool:
    tokens = line.split()
    folded = fold(line)
    if not 2 <= len(tokens) <= 5 or folded in _SIGNER_TITLES or any(w in folded for w in _NOT_NAMES):
        return False
    if any(not _NAME_TOKEN.match(t) or not t[0].isupper() for t in tokens):
        return False
    return not any(fold(t) in _SIGNER_TITLES for t in tokens[:1])


def extract_admin(text: str, title_line: str | None = None,
                  gaps: list[float] | None = None) -> dict[str, str]:
    """The administrative key fields found in a document's text.

    ``gaps`` (optional) gives, per line of ``text``, the space above it in
    line heights (0 for blank lines), from the OCR word boxes.
    """
    lines = _lines(text)
    number_at = _number_line(lines)
    place, issued = place_and_date(lines)
    values = {
        "issuing_authority": issuing_authority(lines, number_at),
        "document_number": normalize.document_number(lines[number_at]) if number_at is not None else None,
        "issue_place": place,
        "issue_date": issued,
        "subject": subject(lines, _title_line(lines, title_line), number_at, gaps),
        "signer": signer(lines),
    }
    return {key: value for key, value in values.items() if value}
