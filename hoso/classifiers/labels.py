"""Fuzzy, diacritic-insensitive field labels ("Họ và tên:", "Ngày sinh") on noisy OCR lines.

A label is compared on its *compact key*: the folded text (``hoso.ocr.text.fold``:
no diacritics, no case, đ → d) with only ``a-z``, ``0-9`` and ``/`` kept, so
missing or wrong diacritics, broken or missing spaces and stray punctuation
cost nothing. What remains is compared with the Levenshtein distance, allowed
per label length (see ``allowed_edits``).

Rules against false positives:

- a label starts at a word start, with its first letter right (OCR errors
  further in are tolerated), and must not end inside a word;
- a short label (compact key of at most 5 characters: "Số", "Mẹ", "ĐT", "V/v",
  "Họ tên") must match exactly, stand at the start of the line (after
  bullets or an enumerator such as ``1.`` / ``a)``), and, unless it contains
  ``/``, be followed by ``:``, ``;``, ``.``, ``/``, a digit or the line end;
- a label in sentence case never ends on a word in capitals (the value's);
- where labels overlap, the longer (less edited) one wins, so "Họ và tên cha"
  beats "Họ và tên" and "Số điện thoại" beats "Số" (``labelled_values``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from types import MappingProxyType

from rapidfuzz.distance import Levenshtein

from hoso.ocr.text import fold, fold_with_index

DEFAULT_MAX_RATIO = 0.2
MAX_EDITS = 3
SHORT_LABEL = 5  # compact keys up to this length must match exactly

LABELS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "full_name": ("Họ và tên", "Họ, chữ đệm và tên", "Họ, chữ đệm, tên", "Họ tên",
                  "Họ và tên khai sinh", "Họ, chữ đệm, tên khai sinh"),
    "date_of_birth": ("Ngày, tháng, năm sinh", "Ngày sinh", "Sinh ngày"),
    "sex": ("Giới tính",),
    "nationality": ("Quốc tịch",),
    "place_of_origin": ("Quê quán",),
    "place_of_residence": ("Nơi thường trú", "Nơi cư trú"),
    "expiry_date": ("Có giá trị đến", "Giá trị đến", "Có giá trị đến ngày",
                    "Ngày, tháng, năm hết hạn"),
    "id_number": ("Số định danh cá nhân", "Số CCCD", "Số căn cước", "Số căn cước công dân",
                  "Số CMND/CCCD", "Số CMND", "Số", "CCCD số", "CMND số"),
    "document_number": ("Số",),
    "father_name": ("Họ và tên cha", "Họ tên cha", "Họ, chữ đệm, tên người cha", "Họ, chữ đệm, tên cha",
                    "Họ, chữ đệm và tên cha", "Cha"),
    "mother_name": ("Họ và tên mẹ", "Họ tên mẹ", "Họ, chữ đệm, tên người mẹ", "Họ, chữ đệm, tên mẹ",
                    "Họ, chữ đệm và tên mẹ", "Mẹ"),
    "place_of_birth": ("Nơi sinh",),
    "husband_name": ("Họ và tên chồng", "Họ tên chồng", "Họ, chữ đệm, tên người chồng", "Họ, chữ đệm, tên chồng",
                    "Họ, chữ đệm và tên chồng", "Chồng"),
    "wife_name": ("Họ và tên vợ", "Họ tên vợ", "Họ, chữ đệm, tên người vợ", "Họ, chữ đệm, tên vợ",
                    "Họ, chữ đệm và tên vợ", "Vợ"),
    "holder_name": ("Người sử dụng đất", "Chủ sử dụng đất", "Ông", "Bà", "Hộ ông", "Hộ bà"),
    "parcel_number": ("Thửa đất số", "Thửa số"),
    "map_sheet_number": ("Tờ bản đồ số", "Tờ bản đồ"),
    "area_m2": ("Diện tích",),
    "land_address": ("Địa chỉ", "Địa chỉ thửa đất"),
    "enterprise_code": ("Mã số doanh nghiệp", "Mã số chi nhánh", "Mã số địa điểm kinh doanh"),
    "company_name": ("Tên công ty viết bằng tiếng Việt", "Tên doanh nghiệp viết bằng tiếng Việt",
                     "Tên công ty", "Tên doanh nghiệp", "Tên chi nhánh", "Tên địa điểm kinh doanh"),
    "head_office_address": ("Địa chỉ trụ sở chính", "Địa chỉ chi nhánh",
                            "Địa chỉ địa điểm kinh doanh"),
    "legal_representative": ("Người đại diện theo pháp luật", "Người đại diện",
                             "Người đứng đầu chi nhánh", "Người đứng đầu"),
    "applicant_name": ("Họ và tên", "Họ, chữ đệm, tên", "Họ tên", "Tên tôi là", "Tôi tên là",
                       "Họ và tên người đề nghị", "Họ và tên người yêu cầu", "Người đề nghị"),
    "address": ("Địa chỉ", "Địa chỉ thường trú", "Địa chỉ liên hệ", "Nơi thường trú", "Nơi cư trú",
                "Chỗ ở hiện nay", "Nơi ở hiện nay", "Nơi ở hiện tại"),
    "phone": ("Điện thoại", "Số điện thoại", "Điện thoại liên hệ", "ĐT", "SĐT"),
    "subject": ("V/v", "Về việc", "Trích yếu", "Trích yếu nội dung"),
})

# Labels of no key field that must still win their span, so that e.g.
# "Tên công ty viết bằng tiếng nước ngoài" is not read as "Tên công ty".
_DISTRACTORS: tuple[str, ...] = (
    "Tên công ty viết bằng tiếng nước ngoài", "Tên công ty viết tắt",
    "Tên doanh nghiệp viết bằng tiếng nước ngoài", "Tên doanh nghiệp viết tắt",
    "Dân tộc", "Tôn giáo", "Năm sinh", "Nơi đăng ký khai sinh", "Ngày, tháng, năm cấp",
    "Ngày cấp", "Nơi cấp", "Đặc điểm nhận dạng", "Quyển số", "Vốn điều lệ", "Email", "Fax",
    "Mục đích sử dụng", "Thời hạn sử dụng", "Nguồn gốc sử dụng", "Hình thức sử dụng",
    "Nghề nghiệp", "Chức vụ", "Chức danh", "Nơi làm việc", "Số hộ chiếu",
)
_DISTRACTOR = "_other"

_KEEP = re.compile(r"[a-z0-9/]")
_LEAD = re.compile(r"[\W_]*(?:(?:\d{1,2}|[a-z])[.)][\W_]*)?")
_SHORT_AFTER = re.compile(r"\s*(?:[:;./]|\d|$)")
_GLOSS = re.compile(r"\s*/\s*[A-Za-z][A-Za-z .'’()]{0,40}?\s*[:;]")
_KNOWN_GLOSS = re.compile(
    r"\s*/\s*(?:full name|date of birth|sex|nationality|place of origin|place of residence"
    r"|place of birth|date of expiry|date of issue|personal identification (?:no|number)"
    r"|no)\b\.?", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s:;.=\-–—]*")
_LABEL_TAIL = re.compile(r"(?:\(?[^\W\d_]+\)?[\s/]*){1,4}:\s*")


@dataclass(frozen=True, slots=True)
class LabelMatch:
    """A label found in a line; offsets index the ORIGINAL line."""

    label: str        # the variant as registered
    start: int        # where the label starts
    end: int          # where the label ends (its last letter's marks included)
    value_start: int  # after spaces, ":;.-" and an English gloss ("/ Full name:")
    distance: int     # edits between the compact keys
    value: str        # the text from value_start, stripped (to the line end or the next label)


@dataclass(frozen=True, slots=True)
class _Key:
    folded: str
    index: tuple[int, ...]    # folded position -> line position
    compact: str
    pos: tuple[int, ...]      # compact position -> folded position
    starts: tuple[int, ...]   # compact positions that begin a word


def compact_key(text: str) -> str:
    """The folded text with only a-z, 0-9 and "/" kept: what labels are compared on."""
    return "".join(_KEEP.findall(fold(text)))


def allowed_edits(length: int, max_ratio: float = DEFAULT_MAX_RATIO) -> int:
    """Edits allowed on a compact label key of ``length``: 0 up to 5 characters, then a ratio, at most 3."""
    if length <= SHORT_LABEL:
        return 0
    return min(MAX_EDITS, int(length * max_ratio))


@lru_cache(maxsize=4096)
def _line_key(line: str) -> _Key:
    folded, index = fold_with_index(line)
    pos = tuple(i for i, c in enumerate(folded) if _KEEP.fullmatch(c))
    compact = "".join(folded[i] for i in pos)
    starts = tuple(k for k, i in enumerate(pos) if i == 0 or not folded[i - 1].isalnum())
    return _Key(folded, index, compact, pos, starts)


@lru_cache(maxsize=1024)
def _label_key(label: str) -> str:
    return compact_key(label)


def _ends_in_word(key: _Key, ce: int) -> bool:
    after = key.pos[ce - 1] + 1
    return after < len(key.folded) and key.folded[after].isalpha()


def _best_end(key: _Key, cs: int, label: str, edits: int) -> tuple[int, int] | None:
    """(compact end, distance) of the closest match of ``label`` starting at ``cs``."""
    best: tuple[int, int, int] | None = None
    n = len(label)
    for ce in range(max(cs + 1, cs + n - edits), min(len(key.compact), cs + n + edits) + 1):
        dist = Levenshtein.distance(label, key.compact[cs:ce], score_cutoff=edits)
        if dist > edits or _ends_in_word(key, ce):
            continue
        rank = (dist, abs(ce - cs - n), ce)
        if best is None or rank < best:
            best = rank
    return None if best is None else (best[2], best[0])


def _line_end(line: str, end: int) -> int:
    while end < len(line) and unicodedata.combining(line[end]):
        end += 1
    return end


def _value_start(line: str, end: int) -> int:
    gloss = _GLOSS.match(line, end) or _KNOWN_GLOSS.match(line, end)
    at = gloss.end() if gloss else end
    separators = _SEPARATORS.match(line, at)
    return separators.end() if separators else at


def _short_ok(line: str, key: _Key, cs: int, end: int, label: str) -> bool:
    if not _LEAD.fullmatch(key.folded[:key.pos[cs]]):
        return False
    return "/" in label or _SHORT_AFTER.match(line, end) is not None


def _matches(line: str, variant: str, max_ratio: float) -> list[LabelMatch]:
    """Every acceptable match of one variant in ``line``, one per word start."""
    label = _label_key(variant)
    if not label:
        return []
    key = _line_key(line)
    edits = allowed_edits(len(label), max_ratio)
    found: list[LabelMatch] = []
    for cs in key.starts:
        if key.compact[cs] != label[0]:
            continue
        hit = _best_end(key, cs, label, edits)
        if hit is None:
            continue
        ce, dist = hit
        start = key.index[key.pos[cs]]
        end = _line_end(line, key.index[key.pos[ce - 1]] + 1)
        if len(label) <= SHORT_LABEL and not _short_ok(line, key, cs, end, label):
            continue
        if _into_capitals(line[start:end]) and not variant.split()[-1].isupper():
            continue
        at = _value_start(line, end)
        found.append(LabelMatch(variant, start, end, at, dist, line[at:].strip()))
    return found


def _into_capitals(span: str) -> bool:
    """A sentence-case label whose fuzzy match ends on a word in capitals: it ate
    the first word of the value ("Họ, chữ đệm, tên người PHẠM" read as "… người mẹ")."""
    words = span.split()
    return len(words) > 1 and not words[0].isupper() and len(words[-1]) > 1 and words[-1].isupper()


def _rank(match: LabelMatch) -> tuple[int, int, int]:
    """Sort key, best first: long labels, few edits, early in the line."""
    return (-(len(_label_key(match.label)) - 3 * match.distance), match.distance, match.start)


def find_label(line: str, variants: Sequence[str], *,
               max_ratio: float = DEFAULT_MAX_RATIO) -> LabelMatch | None:
    """The best match of any of ``variants`` in ``line`` (its value runs to the line end), or None."""
    found = [m for v in variants for m in _matches(line, v, max_ratio)]
    return min(found, key=_rank) if found else None


def _overlaps(a: LabelMatch, b: LabelMatch) -> bool:
    return a.start < b.end and b.start < a.end


def _same(a: LabelMatch, b: LabelMatch) -> bool:
    """One label shared by several fields: same span, same label key."""
    return (a.start, a.end) == (b.start, b.end) and _label_key(a.label) == _label_key(b.label)


@lru_cache(maxsize=4096)
def _resolved(line: str, max_ratio: float) -> tuple[tuple[str, LabelMatch], ...]:
    """Every registered label in ``line``, overlaps resolved, values cut at the next label."""
    candidates = [(field, m) for field, variants in _registry()
                  for v in variants for m in _matches(line, v, max_ratio)]
    candidates.sort(key=lambda fm: _rank(fm[1]))
    kept: list[tuple[str, LabelMatch]] = []
    for field, match in candidates:
        clash = [m for _, m in kept if _overlaps(m, match)]
        if all(_same(m, match) for m in clash):
            kept.append((field, match))
    kept.sort(key=lambda fm: fm[1].start)
    starts = sorted({m.start for _, m in kept})
    return tuple((field, _cut(line, match, starts)) for field, match in kept)


def _cut(line: str, match: LabelMatch, starts: list[int]) -> LabelMatch:
    """``match`` with its value cut at the next label, past an unregistered label tail.

    "Họ và tên người nộp hồ sơ: Lê Văn A" is a longer label than "Họ và tên":
    a few words and a ':' right after the label (no label among them) belong
    to the label, not to the value.
    """
    stop = next((s for s in starts if s > match.start), len(line))
    at = match.value_start
    if at == match.end or not line[match.end:at].strip():
        tail = _LABEL_TAIL.match(line, at, stop)
        at = tail.end() if tail else at
    value = line[at:stop].strip().rstrip(",;").strip()
    return replace(match, value_start=at, value=value)


def _registry() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return (*LABELS.items(), (_DISTRACTOR, _DISTRACTORS))


def labelled_values(line: str, fields: Iterable[str] | None = None, *,
                    max_ratio: float = DEFAULT_MAX_RATIO) -> dict[str, LabelMatch]:
    """The registered labels of ``fields`` (all when None) found in ``line``, by field.

    All registered labels compete for the line, so a value stops where the
    next label starts ("Giới tính: Nam Quốc tịch: Việt Nam"). A span shared
    by several fields with the same label ("Số", "Địa chỉ") is given to each;
    a field found twice keeps its first match. A label not followed by a
    separator but by up to four words and ':' takes those words as its tail.
    """
    wanted = None if fields is None else set(fields)
    out: dict[str, LabelMatch] = {}
    for field, match in _resolved(line, max_ratio):
        if field != _DISTRACTOR and (wanted is None or field in wanted):
            out.setdefault(field, match)
    return out


def find_field(line: str, field: str, *, max_ratio: float = DEFAULT_MAX_RATIO) -> LabelMatch | None:
    """The label of one registered field in ``line`` (value cut at the next label), or None."""
    if field not in LABELS:
        raise KeyError(field)
    return labelled_values(line, (field,), max_ratio=max_ratio).get(field)
