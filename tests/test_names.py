"""Name syllables corrected only where the OCR got their marks wrong."""

import pytest

from hoso.classifiers.names import correct_name


@pytest.mark.parametrize("text,out", [
    ("PHẠM TUẦN QUÝ", "PHẠM TUẤN QUÝ"),       # a tone slip: "Tuần" is no name
    ("Hà Đúc Quý", "Hà Đức Quý"),             # a horn lost
    ("Nguyễn Văn An", "Nguyễn Văn An"),       # known syllables stay
    ("Trần Tuân", "Trần Tuân"),               # "Tuân" is a name of its own
    ("LÊ THI HOA", "LÊ THI HOA"),             # "Thi" too, though "Thị" is commoner
    ("Đỗ Xyz Long", "Đỗ Xyz Long"),           # folds to nothing known: left as printed
    ("NGUYÊN VĂN AN", "NGUYÊN VĂN AN"),       # "Nguyên" is a given name
])
def test_correct_name(text, out):
    assert correct_name(text) == out
