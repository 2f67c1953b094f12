"""Key fields of citizen papers from their OCR text in reading order.

A value follows its fuzzy label (``labels.py``) on its line, or lies on the line
below when the label's line has nothing after it; it is normalised
(``normalize.py``) and kept only when plausible: doubtful values are left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from hoso.classifiers import fields_layout, normalize
from hoso.classifiers.geometry import Cell
from hoso.classifiers.labels import LabelMatch, labelled_values
from hoso.classifiers.names import correct_name
from hoso.ocr.text import fold

# Label fields (labels.LABELS) read for each kind, and the key each one fills.
_QUERIES: dict[str, dict[str, str]] = {kind: {f: f for f in fields} for kind, fields in {
    "can_cuoc": ("id_number", "full_name", "date_of_birth", "sex", "nationality",
                 "place_of_origin", "place_of_residence", "expiry_date"),
    "giay_khai_sinh": ("full_name", "date_of_birth", "sex", "place_of_birth", "father_name",
                       "mother_name", "document_number"),
    "giay_chung_nhan_ket_hon": ("husband_name", "wife_name", "document_number"),
    "giay_chung_nhan_qsdd": ("holder_name", "parcel_number", "map_sheet_number", "area_m2",
                             "land_address"),
    "giay_chung_nhan_dkdn": ("enterprise_code", "company_name", "head_office_address",
                             "legal_representative"),
    "don_de_nghi": ("applicant_name", "id_number", "date_of_birth", "address", "phone", "subject"),
}.items()}
_QUERIES["giay_chung_nhan_qsdd"]["full_name"] = "holder_name"
_QUERIES["don_de_nghi"] |= {"full_name": "applicant_name", "place_of_residence": "address"}
CITIZEN_KINDS: tuple[str, ...] = tuple(_QUERIES)

_NAMES = {"full_name", "father_name", "mother_name", "husband_name", "wife_name", "holder_name",
          "legal_representative", "applicant_name"}
# Addresses that are printed whole, down to the province ("…, tỉnh Bắc Ninh").
_FULL_ADDRESS = {"land_address", "head_office_address", "address"}
_DATES = {"date_of_birth", "expiry_date", "issue_date"}
_PLACES = {"place_of_origin", "place_of_residence", "place_of_birth", "land_address",
           "head_office_address", "address"}
# Keys whose label recurs later with another meaning (parents' "Họ và tên"): first one counts.
_FIRST_ONLY = {"full_name", "applicant_name", "date_of_birth"}
MAX_CONTINUATION = 2      # extra lines an address may wrap onto
LOOKAHEAD = 2             # lines searched for a value below its label

_ADMIN_WORDS = {"tinh", "huyen", "xa", "phuong", "thon", "xom", "to", "ap", "khu", "pho",
                "thi xa", "thanh pho", "khu pho", "thi tran", "quan", "duong", "so", "to dan pho"}
_NOT_NAMES = ("nguoi ky", "giay chung nhan", "uy ban", "chu tich", "truong phong", "giam doc",
              "cong ty", "cong hoa", "nhan dan", "doc lap", "hanh phuc", "ghi ro")
_NAME_WORD = re.compile(r"^[^\W\d_]+$")
_GLOSS_LINE = re.compile(r"^[A-Za-z][A-Za-z ,./()'-]*$")
_ENUM = re.compile(r"^\W*(?:\d{1,2}|[a-zđ])[.)]\s")
_REGISTERED_AT = re.compile(
    r"^\W*(?:noi dang ky(?: khai sinh| ket hon)?|dang ky (?:khai sinh|ket hon) tai)\s*[:;.]\s*(.+)$")
_REGISTERED_ON = re.compile(r"^\W*ngay\W*(?:thang\W*nam\W*)?dang ky\b")
_PLACE_DATE = re.compile(r"^\W*[a-z][a-z .'-]{1,40}?,\s*ngay\s*\d")
_ENTERPRISE_DATE = re.compile(r"^\W*dang ky (?:lan dau|thay doi)")
_TITLE = re.compile(r"^\W*(?:don|phieu)\b")
_SUBJECT_STOP = re.compile(r"^\W*(?:kinh gui|can cu|toi\b)")


def _plausible_name(text: str) -> str | None:
    """A person's name: 2-6 words of letters, each capitalised."""
    value = normalize.name(text)
    if value is None:
        return None
    words = value.split()
    if not 2 <= len(words) <= 6:
        return None
    if not all(_NAME_WORD.match(w) and w[0].isupper() for w in words):
        return None
    if any(phrase in fold(value) for phrase in _NOT_NAMES) or not fields_layout.name_shape(value):
        return None
    return None if _is_label(value) else correct_name(value)


def _plausible_place(text: str) -> str | None:
    """An address: at least two words, with letters, not a label."""
    value = normalize.clean_value(text)
    if value is None or len(value.split()) < 2 or sum(c.isalpha() for c in value) < 4:
        return None
    if re.search(r"\d{6}|\d/\d|\w\.\s+\w", value) or _incomplete(value) or value.endswith(","):
        return None
    return None if _is_label(value) else value


def _last_part(value: str) -> list[str]:
    return value.rstrip(" ,").rsplit(",", 1)[-1].split()


def _incomplete(value: str) -> bool:
    """An address cut inside a place name: "…, tỉnh", "…, huyện Hiệp", "…, Từ"."""
    part = [fold(w) for w in _last_part(value)]
    if not part or part[-1] in _ADMIN_WORDS or fold(" ".join(part[-2:])) in _ADMIN_WORDS:
        return True
    rest = part[2:] if fold(" ".join(part[:2])) in _ADMIN_WORDS else part[1:] \
        if part[0] in _ADMIN_WORDS else part
    return len(rest) == 1


def _nationality(text: str) -> str | None:
    value = normalize.name(text)
    if value is None or not 1 <= len(value.split()) <= 4:
        return None
    return value if all(_NAME_WORD.match(w) for w in value.split()) else None


def _company(text: str) -> str | None:
    value = normalize.name(text)
    if value is None or len(value.split()) < 2 or not fields_layout.enterprise_name(value):
        return None
    return None if _is_label(value) else value


def _small_number(text: str) -> str | None:
    """A parcel or map-sheet number: the first run of 1-6 digits."""
    m = re.match(r"\s*(\d{1,6})(?![\d.,/])", normalize.fix_digits(text))
    return str(int(m[1])) if m and int(m[1]) > 0 else None


def _document_number(text: str) -> str | None:
    value = normalize.document_number(text)
    return value if value and re.match(r"\d", value) else None


def _subject(text: str) -> str | None:
    """A subject of 3+ words printed after its cue ("V/v", "Về việc", "Đề nghị")."""
    value = normalize.clean_value(text)
    if not value or len(value.split()) < 3 or not fields_layout.subject_cued(value):
        return None
    return value


_NORMALISERS: dict[str, Callable[[str], str | None]] = {
    **{k: _plausible_name for k in _NAMES},
    **{k: normalize.parse_date for k in _DATES},
    **{k: _plausible_place for k in _PLACES},
    "id_number": normalize.id_number, "sex": normalize.sex, "nationality": _nationality,
    "document_number": _document_number, "parcel_number": _small_number,
    "map_sheet_number": _small_number, "area_m2": normalize.area_m2,
    "enterprise_code": normalize.enterprise_code, "company_name": _company,
    "phone": normalize.phone, "subject": _subject,
}


def _colon_line(line: str) -> bool:
    return line.rstrip().endswith(":") and len(line.split()) <= 7


def _is_label(line: str) -> bool:
    """A registered label ("Số 285, đường …", a house number, is none) or a short "Label:" line."""
    return _colon_line(line) or any(
        fold(m.label) != "so" or not re.match(r" \d+\s*,", line[m.end:])
        for m in labelled_values(line).values())


def _label_only(line: str) -> bool:
    """A line that is one or more labels with no value ("Họ và tên:", "Loại đất:")."""
    found = labelled_values(line) if line else {}
    return all(not m.value for m in found.values()) if found else _colon_line(line)


def _next_lines(lines: list[str], at: int, cross: bool = True) -> list[tuple[int, str]]:
    """Up to LOOKAHEAD non-empty lines after ``at``, crossing at most one blank line (if ``cross``)."""
    out: list[tuple[int, str]] = []
    blanks = 0 if cross else 1
    for i in range(at + 1, len(lines)):
        if not lines[i]:
            blanks += 1
            if blanks > 1:
                break
            continue
        out.append((i, lines[i]))
        if len(out) == LOOKAHEAD:
            break
    return out


def _below(key: str, lines: list[str], at: int) -> tuple[int, str] | None:
    """The value on the line(s) below a label whose own line has no value."""
    for i, line in _next_lines(lines, at, cross=key not in _PLACES):
        if _is_label(line):
            return None
        if key in _DATES and _GLOSS_LINE.match(line) and not re.search(r"\d", line):
            continue  # an English gloss ("Date of expiry") under the label
        return i, line
    return None


def _blocks(lines: list[str]) -> list[tuple[int, int]]:
    """(first, end) line ranges of the blocks (runs of non-empty lines)."""
    starts = [i for i, line in enumerate(lines) if line and (i == 0 or not lines[i - 1])]
    ends = [i + 1 for i, line in enumerate(lines) if line and (i + 1 == len(lines) or not lines[i + 1])]
    return list(zip(starts, ends))


def _columns(lines: list[str]) -> dict[int, str]:
    """Forms read as a column of labels, then one of values: a run of 2+ label-only lines gets
    the next block's lines if they are as many and hold no label, else "" (none looked for)."""
    out: dict[int, str] = {}
    blocks = _blocks(lines)
    for b, (first, end) in enumerate(blocks):
        for run in _label_runs(lines, first, end):
            values: list[str] = [""] * len(run)
            if b + 1 < len(blocks):
                nfirst, nend = blocks[b + 1]
                below = lines[nfirst:nend]
                if len(below) == len(run) and not any(_is_label(v) for v in below):
                    values = below
            out.update(zip(run, values))
    return out


def _label_runs(lines: list[str], first: int, end: int) -> list[list[int]]:
    runs: list[list[int]] = [[]]
    for i in range(first, end):
        if _label_only(lines[i]):
            runs[-1].append(i)
        elif runs[-1]:
            runs.append([])
    return [r for r in runs if len(r) >= 2]


def _continues(line: str) -> bool:
    """Whether ``line`` may be the wrapped end of an address above it."""
    if not line or ":" in line or _ENUM.match(fold(line)) or _is_label(line):
        return False
    return "," in line or len(line.split()) <= 4


def _with_continuation(value: str, lines: list[str], at: int, address: bool = True) -> str:
    """``value`` with the lines it wraps onto (one blank line crossed when it is cut short)."""
    i, taken = at + 1, 0
    while i < len(lines) and taken < MAX_CONTINUATION:
        if not lines[i] and address and (value.rstrip().endswith(",") or _incomplete(value)):
            i += 0 if lines[i] else 1
        if i >= len(lines) or not _continues(lines[i]):
            break
        value = _join(value, lines[i]) if address else f"{value} {lines[i]}"
        i, taken = i + 1, taken + 1
    return value


def _join(value: str, line: str) -> str:
    """Two address lines: a comma lost at the line end is put back between whole names."""
    if value.rstrip().endswith(",") or _incomplete(value):
        return f"{value.rstrip()} {line}"
    return f"{value.rstrip()}, {line}"


def _labelled(kind: str, lines: list[str]) -> dict[str, str]:
    """Values of the kind's labelled fields, first plausible one per key."""
    queries = _QUERIES[kind]
    out: dict[str, str] = {}
    seen: set[str] = set()
    columns = _columns(lines)
    for at, line in enumerate(lines):
        if not line:
            continue
        for field, match in labelled_values(line, queries).items():
            key = queries[field]
            if key in out or (key in seen and key in _FIRST_ONLY):
                continue
            if match.value or not line[:match.start].strip(" -*•.0123456789)"):
                seen.add(key)  # a label inside a heading ("Thông tin người đề nghị:") is none
            free_text = key in _PLACES or key == "subject"  # may hold label words: never cut
            if match.value and not free_text and fields_layout.cut_doubtful(line, match):
                continue
            raw = _uncut(line, match) if free_text else match.value
            if key == "subject" and raw and fold(match.label) in ("v/v", "ve viec"):
                raw = f"{match.label} {raw}"  # DOMAIN.md keeps a leading "V/v" / "Về việc"
            value = _read(key, raw, lines, at, columns)
            if value:
                out[key] = value
    return out


def _uncut(line: str, match: LabelMatch) -> str:
    """A value cut at a "label" that has no ':' (a place name such as "Nam, tỉnh") made whole."""
    rest = line[match.value_start:].strip()
    tail = rest[len(match.value):] if rest.startswith(match.value) else ""
    return rest if match.value and tail and ":" not in tail else match.value


def _read(key: str, raw: str, lines: list[str], at: int, columns: dict[int, str]) -> str | None:
    """One labelled value, from its line or the line below, normalised and checked."""
    end, inline = at, bool(raw)
    if not raw and at in columns:
        if not (raw := columns[at]):
            return None
    elif not raw:
        below = _below(key, lines, at)
        if below is None:
            return _represented(lines, at) if key == "legal_representative" else None
        end, raw = below
    if fields_layout.has_foreign_label(raw):
        return None
    if key == "area_m2":
        return fields_layout.area(raw, bare_ok=not inline)
    if key in _PLACES or key == "subject":
        raw = _with_continuation(raw, lines, end, key != "subject")
    elif key == "company_name":
        raw = _company_tail(raw, lines, end)
    value = _NORMALISERS[key](raw)
    if value is None and key == "legal_representative":
        return _represented(lines, at)
    if key == "land_address" and not _in_parcel_section(lines, at, raw):
        return None
    if value and key in _FULL_ADDRESS and not fields_layout.full_address(value):
        return None
    if value and key == "place_of_birth" and not fields_layout.birth_place(value):
        return None
    return value


def _company_tail(value: str, lines: list[str], at: int) -> str:
    """A capitalised company name wrapped onto a short capitalised line below."""
    for _, line in _next_lines(lines, at)[:1]:
        if len(line.split()) <= 8 and fields_layout.mostly_upper(value) and line.isupper() \
                and not _is_label(line) and not re.search(r"\d", line):
            return f"{value} {line}"
    return value


def _represented(lines: list[str], at: int) -> str | None:
    """The name under "Người đại diện theo pháp luật …" ("* Họ và tên: …")."""
    for _, line in _next_lines(lines, at)[:1]:
        match = labelled_values(line, ("full_name",)).get("full_name")
        if match and match.value:
            return _plausible_name(match.value)
    return None


def _in_parcel_section(lines: list[str], at: int, raw: str) -> bool:
    """A plain "Địa chỉ" is the land's only below a "Thửa đất" heading (else the holder's)."""
    if "thua dat" in fold(lines[at]):
        return True
    return any("thua dat" in fold(line) for line in lines[:at])


def _registration(lines: list[str]) -> dict[str, str]:
    """Birth/marriage registers: "Nơi đăng ký: …" (or "Đăng ký khai sinh tại: …"; the value
    beside or under it) and "Ngày, tháng, năm đăng ký: …"."""
    out: dict[str, str] = {}
    for at, line in enumerate(lines):
        folded = fold(line)
        m = _REGISTERED_AT.match(folded) or _REGISTERED_AT.match(f"{folded}: {_after(lines, at)}")
        if m and "issuing_authority" not in out:
            full = line if _REGISTERED_AT.match(folded) else f"{line}: {_after(lines, at)}"
            value = _plausible_place(full[len(full) - len(m[1]):])
            if value and fields_layout.authority(value):
                out["issuing_authority"] = normalize.body_name(value)
        if _REGISTERED_ON.match(folded) and "issue_date" not in out:
            issued = normalize.parse_date(line) or normalize.parse_date(_after(lines, at))
            if issued:
                out["issue_date"] = issued
    return out


def _after(lines: list[str], at: int) -> str:
    """The next line, when it is there and is no label."""
    nxt = lines[at + 1] if at + 1 < len(lines) else ""
    return "" if _is_label(nxt) else nxt


def _dates(lines: list[str], pattern: re.Pattern[str]) -> list[str]:
    """The dates of the lines matching ``pattern`` (folded), in order."""
    found = [normalize.parse_date(line) or normalize.parse_date(f"{line} {_after(lines, at)}")
             for at, line in enumerate(lines) if pattern.match(fold(line))]
    return [d for d in found if d]


def _title_subject(lines: list[str]) -> str | None:
    """An application's subject printed under its title ("ĐƠN" / "PHIẾU ĐỀ NGHỊ")."""
    for at, line in enumerate(lines[:20]):
        if not (_TITLE.match(fold(line)) and fields_layout.mostly_upper(line)):
            continue
        taken: list[str] = []
        for below in lines[at + 1:at + 4]:
            if not below or _SUBJECT_STOP.match(fold(below)) or _is_label(below) \
                    or fields_layout.mostly_upper(below):
                break
            taken.append(below)
        return _subject(fields_layout.fix_vv(" ".join(taken))) if taken else None
    return None


def _unlabelled(kind: str, lines: list[str]) -> dict[str, str | None]:
    if kind in ("giay_khai_sinh", "giay_chung_nhan_ket_hon"):
        out: dict[str, str | None] = dict(_registration(lines))
        out.setdefault("issue_date", (_dates(lines, _PLACE_DATE) or [None])[-1])
        return out
    if kind == "giay_chung_nhan_qsdd":
        return {"issue_date": (_dates(lines, _PLACE_DATE) or [None])[-1]}
    if kind == "giay_chung_nhan_dkdn":
        return {"issue_date": max(_dates(lines, _ENTERPRISE_DATE), default=None)}  # latest change
    if kind == "don_de_nghi":
        return {"subject": _title_subject(lines)}
    return {}


def rows_text(rows: list[list[Cell]], kind: str) -> str:
    """Printed rows (``geometry.page_rows``) as lines: a label-only cell and the
    value cell beside it make one "label: value" line, other cells one line
    each; then a "label: value" line for each table header of the kind's
    fields with its value in the cell below (``_table_lines``)."""
    lines: list[str] = []
    rows = _wrapped_labels(rows)
    for cells in rows:
        i = 0
        while i < len(cells):
            text = cells[i].text
            if i + 1 < len(cells) and _label_only(text) and not _is_label(cells[i + 1].text):
                text = f"{text.rstrip(' :')}: {cells[i + 1].text}"
                i += 1
            lines.append(text)
            i += 1
        if not cells:
            lines.append("")
    table = _table_lines(rows, _QUERIES.get(kind, {}))
    return "\n".join(lines + ([""] + table if table else []))


def _wrapped_labels(rows: list[list[Cell]]) -> list[list[Cell]]:
    """A label wrapped under itself ("Họ, chữ đệm, tên người" over "mẹ:", the
    value beside the first line) joined back into the row's first cell."""
    out: list[list[Cell]] = []
    skip = False
    for r, cells in enumerate(rows):
        if skip:
            skip = False
            continue
        nxt = rows[r + 1] if r + 1 < len(rows) else []
        if cells and len(nxt) == 1 and nxt[0].text.endswith(":") \
                and len(nxt[0].text.split()) <= 2 and nxt[0].overlap(cells[0]) > 0:
            label, value = _split_capitals(cells[0].text)
            if len(cells) >= 2 and nxt[0].right < cells[1].left:
                cells = [replace(cells[0], text=f"{cells[0].text} {nxt[0].text}"), *cells[1:]]
                skip = True
            elif value:
                cells = [replace(cells[0], text=f"{label} {nxt[0].text} {value}"), *cells[1:]]
                skip = True
        out.append(cells)
    return out


def _split_capitals(text: str) -> tuple[str, str]:
    """("Họ, chữ đệm, tên người", "DƯƠNG THU THỦY") from a label in sentence case
    followed by a value in capitals; ("", "") when the text is not so made."""
    words = text.split()
    for i, word in enumerate(words[2:], start=2):
        if len(word) > 1 and word.isupper() and not words[0].isupper():
            return " ".join(words[:i]), " ".join(words[i:])
    return "", ""


_UNIT_HEADER = re.compile(r"^\(?\s*m\s*[2²?]?\s*\)?$")  # "(m²)" under or after "Diện tích"


def _table_lines(rows: list[list[Cell]], queries: dict[str, str]) -> list[str]:
    """A table's header cell naming a field ("Thửa đất số", wrapped over two
    lines or not) and the number in the cell below it, as "label: value"."""
    out: list[str] = []
    for r, cells in enumerate(rows):
        for cell in cells:
            below = [c for row in rows[r + 1:r + 5] for c in row if c.overlap(cell) >= 0.5]
            wrapped = [f"{cell.text} {below[0].text}"] if below else []
            for header in [cell.text, *wrapped]:
                found = labelled_values(header, queries)
                match = next((m for m in found.values() if m.start == 0), None)
                if match is None or (match.value and not _UNIT_HEADER.match(match.value)):
                    continue
                units = [c for c in below[:2] if _UNIT_HEADER.match(c.text)]
                value = next((c.text for c in below if re.search(r"\d", c.text)
                              and c not in units and not _is_label(c.text)), None)
                if value:
                    unit = " m2" if match.value or units else ""
                    out.append(f"{match.label}: {value}{unit}")
                break
    return out


def _extract_lines(kind: str, text: str) -> dict[str, str]:
    lines = [line.strip() for line in text.splitlines()]
    values = _labelled(kind, lines)
    for key, value in _unlabelled(kind, lines).items():
        if value and key not in values:
            values[key] = value
    return values


def extract_citizen(kind: str, text: str, rows_text: str | None = None) -> dict[str, str]:
    """The key fields of a citizen paper of ``kind`` found in ``rows_text`` (its
    words read row by row: a label and the value beside it stay together even
    where labels and values stand in columns), else in its OCR ``text`` (reading
    order: values wrapped under their label, whole blocks).

    Only DOMAIN.md keys of ``kind`` are returned; an unknown kind gives {}.
    """
    if kind not in _QUERIES:
        return {}
    values = _extract_lines(kind, rows_text) if rows_text is not None else {}
    for key, value in _extract_lines(kind, text).items():
        values.setdefault(key, value)
    return fields_layout.consistent(kind, values)
