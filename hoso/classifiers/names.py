"""Vietnamese personal names: the syllables names are made of, and the
correction of a syllable the OCR got wrong only in its marks.

Tesseract's commonest slips on names are a tone or a vowel mark ("TUẦN" for
``TUẤN``, "Đúc" for ``Đức``). A syllable that is no known name syllable but
folds (no marks, đ → d) to one that is becomes the most common such one;
a known syllable, or one that folds to none, is left as printed.
"""

from __future__ import annotations

from functools import lru_cache

from hoso.classifiers.fields_layout import SURNAMES
from hoso.ocr.text import fold

# Middle and given-name syllables, the commonest first within each line
# (the order decides between "Tuấn" and "Tuân" for an OCR'd "Tuần").
_GIVEN = """
văn thị đức minh tuấn anh hoàng hữu quang thanh ngọc xuân hồng thu thùy hải huy hùng
dũng mạnh cường long nam trung hiếu hiền hương hoa lan linh mai trang thảo phương
huyền hằng hạnh yến nga ngân giang hà vân nhung loan liên lệ diệu thúy tâm ánh ngân
quý quốc bảo việt tiến toàn thắng lợi lực trường sơn tùng bình an khánh khải khoa
kiên lâm lộc luân nghĩa nhân phong phúc phú quân sáng tài tâm thái thành thịnh tín
trí trọng tú tuệ vinh vĩnh vũ công đình duy gia kim mỹ như quỳnh trâm uyên vy châu
diệp đào điệp hậu hiên hòa hoài huệ hường khuê kiều liễu ly lý my nguyệt nhàn
nhi oanh phượng quyên sen thoa thơ thư thủy trà tuyết vi xoan yên chi dung đạt
điền định đông dương hiệp hưng kỳ lâm lĩnh luyện nhật ninh quyết sỹ tân thiện
thông tiệp toản tường tuân tuyên văn vượng chiến chính cương doanh giáp hào hiển
hợp kha khang khôi lập lương nguyên phát quyền sinh thạch thiêm thuận tiệp trực
tuyến bích cúc đan gấm hân hiền huyền lài lành lụa mơ nụ nương son tấm tươi thi
""".split()


@lru_cache(maxsize=1)
def _by_fold() -> dict[str, str]:
    """Folded syllable → its commonest name syllable."""
    out: dict[str, str] = {}
    for syllable in [*_GIVEN, *sorted(SURNAMES)]:
        out.setdefault(fold(syllable), syllable)
    return out


_KNOWN = frozenset(_GIVEN) | SURNAMES


def _recase(syllable: str, like: str) -> str:
    if like.isupper():
        return syllable.upper()
    return syllable.capitalize() if like[:1].isupper() else syllable


def correct_name(value: str) -> str:
    """``value`` with each unknown syllable replaced by the known name syllable
    it differs from only in marks ("PHẠM TUẦN QUÝ" → "PHẠM TUẤN QUÝ")."""
    words = value.split()
    fixed = []
    for word in words:
        lower = word.lower()
        known = _by_fold().get(fold(word))
        fixed.append(word if lower in _KNOWN or known is None else _recase(known, word))
    return " ".join(fixed)
