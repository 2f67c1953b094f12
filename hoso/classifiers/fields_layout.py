"""Plausibility checks shared by ``fields_citizen``: what a value may look like.

These are deliberately strict: a value that fails is left out (absent beats
doubtful), whatever the layout it was read from.
"""

from __future__ import annotations

import re

from hoso.classifiers import normalize
from hoso.classifiers.labels import LabelMatch, labelled_values
from hoso.ocr.text import fix_lookalikes, fold, upper_share

# Common Vietnamese family names (lower case, diacritics kept): a person's
# name must start with one, so that "Việt Nam", "Bệnh Viện" or a stray
# capitalised place is never read as a name.
SURNAMES = frozenset("""
nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đào đoàn vương
trịnh trương lâm phùng mai tô hà tạ cao lương đinh thân chu lưu lại kiều khổng la quách
hứa tăng triệu từ văn nghiêm thái châu giang mạc tống âu diệp đàm lục nông hầu khúc ông
quan doãn phí kim lò lã tôn ninh vi lạc bạch đồng đông công cù cung khương mẫn nhâm phó
thạch tiêu trình viên ứng ân bế giáp hàn hạ khuất mã ôn sầm thiều trà vy xa lư lều
""".split())

# Words of places, bodies and form text that never occur in a person's name
# (compared in lower case, diacritics kept: "Thắng" and "Hòa" are names).
_NOT_NAME_WORDS = frozenset("""
tỉnh huyện xã phường thôn xóm quận thị-trấn đường bệnh viện ủy ủỷ việt kinh ty sinh tịch
""".split())

_UNIT = r"\s*(?:m\s?[2²?]|mét vuông|m\b)"
_AREA_WITH_UNIT = re.compile(rf"^\s*(?:{normalize.NUMBER_PATTERN}){_UNIT}", re.IGNORECASE)
_AREA_ONLY = re.compile(rf"^\s*(?:{normalize.NUMBER_PATTERN})(?:{_UNIT})?\s*$", re.IGNORECASE)
_VV = re.compile(r"^V(?:[^\w\s]|[Il1|7/])[^\s]?\s+"
                 r"|^V[^\sa-zà-ỹđ][^\sa-zà-ỹđ]?\s+(?=[a-zà-ỹđ])")  # "VWÑ bảo đảm …"
SUBJECT_CUE = re.compile(r"^\W*(?:v/v|ve viec|de nghi)\b")


def name_shape(value: str) -> bool:
    """2-6 words, all capitalised the same way (ALL CAPS or Title Case), a known family name first."""
    words = value.split()
    if not 2 <= len(words) <= 6 or words[0].lower() not in SURNAMES:
        return False
    upper = all(w.isupper() for w in words)
    title = all(w[0].isupper() and (len(w) == 1 or w[1:].islower()) for w in words)
    if not (upper or title):
        return False
    return not any(w.lower() in _NOT_NAME_WORDS for w in words)


def area(raw: str, bare_ok: bool) -> str | None:
    """An area: a number right after the label followed by its unit (m², m2, "mét vuông");
    a bare number only when it stands alone under a "Diện tích" label (``bare_ok``)."""
    fixed = fix_lookalikes(normalize.fix_digits(raw))
    if not (_AREA_WITH_UNIT.match(fixed) or (bare_ok and _AREA_ONLY.match(fixed))):
        return None
    return normalize.area_m2(fixed)


def has_foreign_label(value: str) -> bool:
    """A value holding a "Label:" of its own (an unregistered label the cut did not see)."""
    return ":" in value


def subject_cued(value: str) -> bool:
    """A subject printed after its cue: "V/v …", "Về việc …", "Đề nghị …"."""
    return bool(SUBJECT_CUE.match(fold(value)))


_PROVINCE_PART = re.compile(r"^(?:tinh|thanh pho|tp)\b")
_BIRTH_FACILITY = re.compile(r"^(?:benh vien|tram y te|trung tam y te|nha ho sinh|phong kham)\b")
_AUTHORITY = re.compile(r"^(?:uy ban nhan dan|ubnd)\b")


def full_address(value: str) -> bool:
    """A whole address: 3+ comma parts, the last one a province or city ("…, tỉnh Bắc Ninh")."""
    parts = [fold(p).strip() for p in value.split(",")]
    return len(parts) >= 3 and bool(_PROVINCE_PART.match(parts[-1]))


def birth_place(value: str) -> bool:
    """A place of birth: a health facility, or a place ending in its province."""
    folded = fold(value)
    last = folded.rsplit(",", 1)[-1].strip()
    return bool(_BIRTH_FACILITY.match(folded) or _PROVINCE_PART.match(last)
                or re.search(r"\b(?:tinh|thanh pho)\b", last))


def authority(value: str) -> bool:
    """A registering authority: "Ủy ban nhân dân …" / "UBND …" and a place name after it."""
    m = _AUTHORITY.match(fold(value))
    return bool(m) and len(value[m.end():].split()) >= 2


def consistent(kind: str, values: dict[str, str]) -> dict[str, str]:
    """``values`` without the fields that contradict each other (both go when unsure which)."""
    out = dict(values)
    names = [k for k in ("full_name", "father_name", "mother_name", "husband_name", "wife_name")
             if k in out]
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            if a in out and b in out and out[a].lower() == out[b].lower():
                out.pop(a)
                out.pop(b)
    born, issued = out.get("date_of_birth"), out.get("issue_date")
    if kind == "giay_khai_sinh" and born and issued and issued < born:
        out.pop("issue_date")
        out.pop("date_of_birth")
    return out


_ENTERPRISE_NAME = re.compile(
    r"^(?:cong ty|chi nhanh|doanh nghiep|hop tac xa|van phong dai dien|dia diem kinh doanh)\b")


def enterprise_name(value: str) -> bool:
    """A registered enterprise's name starts with its form: "CÔNG TY …", "CHI NHÁNH …"."""
    return bool(_ENTERPRISE_NAME.match(fold(value)))


def cut_doubtful(line: str, match: LabelMatch) -> bool:
    """A value cut at a next label on its line that has no ':' (maybe a word of the value)."""
    after = [m for m in labelled_values(line).values() if m.start > match.start]
    if not after:
        return False
    nxt = min(after, key=lambda m: m.start)
    return ":" not in line[nxt.end:nxt.value_start + 1]


def mostly_upper(line: str) -> bool:
    """A heading or a name in capitals: over 80 % of the letters."""
    return upper_share(line) > 0.8


def fix_vv(text: str) -> str:
    """A leading "V/v" misread ("V⁄v", "VIv", "V7") spelt right again."""
    return _VV.sub("V/v ", text, count=1)
