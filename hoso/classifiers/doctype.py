"""Document type from the OCR text: the printed type name first, then cues.

Decree 30 documents print their type name in capitals as a line of its own
under the header (``QUYẾT ĐỊNH``, ``THÔNG BÁO``…); an official letter
(công văn) has none but a ``V/v …`` subject line and ``Kính gửi``. Citizen
papers carry their title too (``GIẤY KHAI SINH``), and labels that only they
have. Matching is on folded text (no diacritics, no case) and tolerates OCR
noise. Confidence says how strong the evidence was, so an unsure answer is
visibly unsure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from hoso.classifiers import normalize
from hoso.ocr.text import fold, upper_share

# Title lines per type, folded. Longer, more specific titles first.
TITLES: tuple[tuple[str, str], ...] = (
    ("giay chung nhan quyen su dung dat", "giay_chung_nhan_qsdd"),
    ("giay chung nhan dang ky doanh nghiep", "giay_chung_nhan_dkdn"),
    ("giay chung nhan dang ky hoat dong chi nhanh", "giay_chung_nhan_dkdn"),
    ("giay chung nhan ket hon", "giay_chung_nhan_ket_hon"),
    ("giay khai sinh", "giay_khai_sinh"),
    ("can cuoc cong dan", "can_cuoc"),
    ("the can cuoc", "can_cuoc"),
    ("can cuoc", "can_cuoc"),
    ("citizen identity card", "can_cuoc"),
    ("quyet dinh", "quyet_dinh"),
    ("nghi quyet", "nghi_quyet"),
    ("thong bao", "thong_bao"),
    ("ke hoach", "ke_hoach"),
    ("bao cao", "bao_cao"),
    ("to trinh", "to_trinh"),
    ("bien ban", "bien_ban"),
    ("giay moi", "giay_moi"),
    ("don de nghi", "don_de_nghi"),
    ("don xin", "don_de_nghi"),
    ("don dang ky", "don_de_nghi"),
    ("to khai", "don_de_nghi"),
    ("phieu de nghi", "don_de_nghi"),
    ("don", "don_de_nghi"),
)

# Labels only one kind of paper has: (folded cue, type, weight).
CUES: tuple[tuple[str, str, float], ...] = (
    ("so dinh danh ca nhan", "can_cuoc", 1.0),
    ("co gia tri den", "can_cuoc", 1.0),
    ("noi thuong tru", "can_cuoc", 0.5),
    ("que quan", "can_cuoc", 0.5),
    ("quoc tich", "can_cuoc", 0.3),
    ("ma so doanh nghiep", "giay_chung_nhan_dkdn", 1.5),
    ("nguoi dai dien theo phap luat", "giay_chung_nhan_dkdn", 1.0),
    ("dia chi tru so chinh", "giay_chung_nhan_dkdn", 1.0),
    ("thua dat so", "giay_chung_nhan_qsdd", 1.0),
    ("to ban do so", "giay_chung_nhan_qsdd", 1.0),
    ("dien tich", "giay_chung_nhan_qsdd", 0.5),
    ("ho va ten cha", "giay_khai_sinh", 1.0),
    ("ho va ten me", "giay_khai_sinh", 1.0),
    ("noi sinh", "giay_khai_sinh", 0.5),
    ("ho, chu dem, ten chong", "giay_chung_nhan_ket_hon", 1.0),
    ("ho va ten chong", "giay_chung_nhan_ket_hon", 1.0),
    ("ho va ten vo", "giay_chung_nhan_ket_hon", 1.0),
    ("kinh gui", "don_de_nghi", 0.4),
    ("toi ten la", "don_de_nghi", 0.8),
    ("so dien thoai", "don_de_nghi", 0.5),
)

TITLE_WINDOW = 40       # the type name stands within the first lines of a document
TITLE_MIN_RATIO = 82    # fuzzy match of a title line (0-100)
PACKED_MIN_RATIO = 88   # the same with spaces dropped, for long titles only


@dataclass(frozen=True, slots=True)
class TypeGuess:
    type: str
    confidence: float
    evidence: str           # what decided it, for logs and tests
    title_line: str | None = None   # the printed type name's line, when that decided it


def _title_of(line: str) -> tuple[str, float] | None:
    """(type, match ratio) when ``line`` is a capitalised type name."""
    if line.rstrip().endswith(":") or upper_share(line) < 0.7:
        return None
    key = re.sub(r"[^a-z ]", "", fold(line)).strip()
    if not key:
        return None
    first, packed = key.split()[0], key.replace(" ", "")
    for title, kind in TITLES:
        if _same_word(first, title.split()[0]):
            ratio = fuzz.ratio(key[:len(title) + 2].strip(), title)
        elif _same_packed(packed, title):
            ratio = PACKED_MIN_RATIO  # words run together or a short word misread: "GLAY KHAISINH"
        else:
            continue
        if ratio >= TITLE_MIN_RATIO and (len(key) <= len(title) + 3 or title.count(" ") >= 2
                                         or kind in ("don_de_nghi", "giay_chung_nhan_qsdd")):
            return kind, ratio
    return None


def _same_packed(packed: str, title: str) -> bool:
    """A long title matched with its spaces dropped, first letter right."""
    t = title.replace(" ", "")
    return len(t) >= 10 and packed[:1] == t[:1] and fuzz.ratio(packed[:len(t)], t) >= PACKED_MIN_RATIO


def _same_word(a: str, b: str) -> bool:
    """Folded words equal, or one OCR slip apart when long enough to tell."""
    return a == b or (min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= 80)


def _title(lines: list[str]) -> TypeGuess | None:
    for number, line in enumerate(lines[:TITLE_WINDOW]):
        if fold(line).strip(" .:") == "giay chung nhan" and number + 1 < len(lines):
            line = f"{line} {lines[number + 1]}"  # the title wraps after "GIẤY CHỨNG NHẬN"
        found = _title_of(line)
        if found:
            kind, ratio = found
            confidence = 0.97 if ratio >= 95 else 0.85
            return TypeGuess(kind, confidence, f"title line {number + 1}: {line.strip()}", line.strip())
    return None


def _official_letter(lines: list[str]) -> TypeGuess | None:
    """Công văn: a ``V/v`` subject near the top and no type name."""
    top = [fold(line) for line in lines[:TITLE_WINDOW]]
    subject = any(re.match(r"^\W*v\s*/\s*v\b|^\W*v/\s", line) for line in top)
    addressed = any(line.startswith("kinh gui") for line in top)
    if subject:
        return TypeGuess("cong_van", 0.92 if addressed else 0.8, "V/v subject line")
    numbered = any(re.match(r"^\W*so\s*:", line) for line in top)
    about = any(line.startswith("ve viec ") for line in top)
    if about and addressed and numbered:  # "Về việc …" spelt out, under "Số:"
        return TypeGuess("cong_van", 0.85, "Về việc subject line and Kính gửi")
    if addressed and any(_letter_symbol(line) for line in lines[:TITLE_WINDOW]):
        return TypeGuess("cong_van", 0.75, "a letter's symbol (no type code) and Kính gửi")
    return None


def _letter_symbol(line: str) -> bool:
    """A "Số: 17/UBND-NC" line: a công văn's symbol names its body, not a type code."""
    if not re.match(r"^\W*s[oố]\s*:", fold(line)):
        return False
    number = normalize.document_number(line)
    codes = [part for part in (number or "").split("/")[1:] if not part.isdigit()]
    return bool(codes) and "-" in codes[0] and codes[0].split("-")[0] not in normalize.TYPE_CODES


def _is_label(cue: str, lines: list[str]) -> bool:
    """``cue`` used as a label: followed by ':' (running text wraps anywhere)."""
    pattern = re.compile(rf"\b{re.escape(cue)}\s*:")
    return any(pattern.search(line) for line in lines)


def _cues(text: str) -> TypeGuess | None:
    lines = [fold(line) for line in text.splitlines()]
    scores: dict[str, float] = {}
    for cue, kind, weight in CUES:
        if _is_label(cue, lines):
            scores[kind] = scores.get(kind, 0.0) + weight
    if not scores:
        return None
    kind, score = max(scores.items(), key=lambda kv: kv[1])
    runner_up = max((s for k, s in scores.items() if k != kind), default=0.0)
    if score < 1.5 or score - runner_up < 0.5:
        return None
    return TypeGuess(kind, min(0.8, 0.5 + 0.1 * score), f"labels ({score:.1f})")


def classify_type(text: str, *, has_id_qr: bool = False) -> TypeGuess:
    """The DOMAIN.md ``type`` of a document from its text (all pages, in order)."""
    if has_id_qr:
        return TypeGuess("can_cuoc", 0.99, "ID card QR code")
    lines = [line for line in text.splitlines() if line.strip()]
    for rule in (_title, _official_letter):
        guess = rule(lines)
        if guess:
            return guess
    return _cues(text) or TypeGuess("khac", 0.5, "no type name or cue")
