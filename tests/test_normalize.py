"""Text folding, label matching and value normalisers (no OCR: fast)."""

from __future__ import annotations

import unicodedata

import pytest

from hoso.classifiers import normalize as n
from hoso.classifiers.labels import LABELS, find_field, find_label, labelled_values
from hoso.ocr.text import fold, fold_with_index, single_spaces


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# ---------------------------------------------------------------- text.py

@pytest.mark.parametrize("text, key", [
    ("NGUYỄN  Văn Đức", "nguyen van duc"),
    (nfd("Nguyễn Văn Đức"), "nguyen van duc"),
    ("  Ðỗ\tThị\nHà  ", "do thi ha"),          # look-alike eth, tabs, newline
    ("Họ và tên:", "ho va ten:"),              # punctuation kept
    ("", ""),
])
def test_fold(text, key):
    assert fold(text) == key


def test_fold_with_index_points_into_the_original():
    text = nfd(" Đà  b")  # D-stroke, a + combining grave, two spaces
    folded, index = fold_with_index(text)
    assert folded == "da b"
    assert [text[i] for i in index] == ["Đ", "a", " ", "b"]


@pytest.mark.parametrize("text, out", [
    ("a \n\t b ", "a b"),
    ("\u00a0x\u200by\n\nz", "x y z"),
    ("", ""),
])
def test_single_spaces(text, out):
    assert single_spaces(text) == out


# ---------------------------------------------------------------- labels.py

@pytest.mark.parametrize("line, field, value", [
    ("Họ và tên: NGUYỄN VĂN AN", "full_name", "NGUYỄN VĂN AN"),
    ("Ho va ten: Nguyen Van An", "full_name", "Nguyen Van An"),          # no diacritics
    ("HỌ VÀ TÊN; NGUYỄN VĂN AN", "full_name", "NGUYỄN VĂN AN"),          # ';' after label
    ("Họ và tên. NGUYỄN VĂN AN", "full_name", "NGUYỄN VĂN AN"),
    ("Họ và tên NGUYỄN VĂN AN", "full_name", "NGUYỄN VĂN AN"),           # no separator
    ("H ọ và tê n: NGUYỄN VĂN AN", "full_name", "NGUYỄN VĂN AN"),        # broken spacing
    ("Họvà tên:NGUYỄN VĂN AN", "full_name", "NGUYỄN VĂN AN"),
    ("Họ và tèn : Lê Thị B", "full_name", "Lê Thị B"),                  # wrong diacritic
    ("Họ, chữ đệm và tên / Full name: TRẦN VĂN C", "full_name", "TRẦN VĂN C"),
    ("1. Họ tên: Lê Văn D", "full_name", "Lê Văn D"),                   # short label, enumerator
    ("Ngày sinh: 15/07/1995", "date_of_birth", "15/07/1995"),
    ("Ngay sinh15/07/1995", "date_of_birth", "15/07/1995"),             # digit glued
    ("Ngảy, thảng, nărn sinh / Date of birth: 15/07/1995", "date_of_birth", "15/07/1995"),
    ("Sinh ngày 15 tháng 7 năm 1995", "date_of_birth", "15 tháng 7 năm 1995"),
    ("Có giá trị đến / Date of expiry: 15/07/2045", "expiry_date", "15/07/2045"),
    ("Số / No.: 027195000123", "id_number", "027195000123"),
    ("Số định danh cá nhân: 027195000123", "id_number", "027195000123"),
    ("Số CMND/CCCD: 027195000123", "id_number", "027195000123"),
    ("Nơi thường trú / Place of residence Thôn Đông, xã Kép", "place_of_residence",
     "Thôn Đông, xã Kép"),                                              # known gloss, no ':'
    ("Số: 123/QĐ-UBND", "document_number", "123/QĐ-UBND"),
    ("Số 59, Quyển số: 01", "document_number", "59"),                   # cut at "Quyển số"
    ("Họ và tên cha: Nguyễn Văn B", "father_name", "Nguyễn Văn B"),
    ("Họ, chữ đệm, tên người mẹ: Trần Thị C", "mother_name", "Trần Thị C"),
    ("Mẹ: Trần Thị C", "mother_name", "Trần Thị C"),
    ("Thửa đất số: 123; Tờ bản đồ số: 45", "parcel_number", "123"),
    ("Thửa đất số: 123; Tờ bản đồ số: 45", "map_sheet_number", "45"),
    ("Diện tích: 241 m²", "area_m2", "241 m²"),
    ("Mã số doanh nghiệp: 0100109106", "enterprise_code", "0100109106"),
    ("Tên công ty viết bằng tiếng Việt: CÔNG TY TNHH AN PHÚ", "company_name",
     "CÔNG TY TNHH AN PHÚ"),
    ("Địa chỉ trụ sở chính: Số 1 Lý Thái Tổ", "head_office_address", "Số 1 Lý Thái Tổ"),
    ("Người đại diện theo pháp luật: Nguyễn Văn E", "legal_representative", "Nguyễn Văn E"),
    ("Số điện thoại: 0975567636", "phone", "0975567636"),
    ("ĐT: 0975567636", "phone", "0975567636"),
    ("V/v triển khai kế hoạch", "subject", "triển khai kế hoạch"),
    ("Tên tôi là: Phạm Văn G", "applicant_name", "Phạm Văn G"),
    # an unregistered longer label: its tail up to ':' is not the value
    ("Họ và tên người nộp hồ sơ: Lê Văn A", "applicant_name", "Lê Văn A"),
    ("Ngày sinh (dương lịch): 15/07/1995", "date_of_birth", "15/07/1995"),
    ("Số điện thoại di động: 0975567636", "phone", "0975567636"),
    ("Giới tính Nam Quốc tịch: Việt Nam", "sex", "Nam"),  # the tail stops at a label
])
def test_find_field(line, field, value):
    match = find_field(line, field)
    assert match is not None
    assert match.value == value


@pytest.mark.parametrize("line, field", [
    ("Sổ hộ khẩu số 12", "id_number"),                       # "Số" must start the line
    ("Căn cứ Quyết định số: 12/QĐ-UBND", "document_number"),
    ("Số lượng hồ sơ", "document_number"),                   # "Số" followed by a word
    ("Bắc Ninh, ngày 15 tháng 7 năm 2025", "date_of_birth"),  # "Ninh ngày" is not "Sinh ngày"
    ("Giấy chứng nhận kết hôn", "husband_name"),
    ("Mẹ Việt Nam anh hùng", "mother_name"),                 # short label needs ':'
    ("Họ và tên cha: Nguyễn Văn B", "full_name"),            # the longer label wins
    ("Số điện thoại: 0975567636", "id_number"),
    ("Tên công ty viết bằng tiếng nước ngoài: AN PHU CO", "company_name"),
    ("Địa chính xã Kép", "land_address"),                    # "Địa chỉ" must end a word
    ("Ông Nguyễn Văn A đã nộp", "holder_name"),
])
def test_no_false_label(line, field):
    assert find_field(line, field) is None


def test_two_labels_on_one_line():
    found = labelled_values("Giới tính / Sex: Nam   Quốc tịch / Nationality: Việt Nam",
                            ("sex", "nationality"))
    assert found["sex"].value == "Nam"
    assert found["nationality"].value == "Việt Nam"


def test_shared_label_goes_to_every_field():
    found = labelled_values("Số: 59", ("id_number", "document_number"))
    assert found["id_number"].value == found["document_number"].value == "59"


def test_find_label_offsets_in_original_line():
    line = nfd("- Nơi sinh : Bệnh viện Đa khoa")
    match = find_label(line, ["Nơi sinh"])
    assert match is not None
    assert line[match.start:match.end] == nfd("Nơi sinh")   # marks of "h" included
    assert line[match.value_start:] == nfd("Bệnh viện Đa khoa")
    assert match.distance == 0


def test_find_label_tolerates_ocr_letter_errors():
    match = find_label("NGHỊ LỊNH", ["Nghị định"])
    assert match is not None and match.distance == 1 and match.value == ""


def test_find_label_strict_ratio():
    assert find_label("NGHỊ LỊNH", ["Nghị định"], max_ratio=0.0) is None


def test_registry_has_the_can_cuoc_fields():
    for field in ("id_number", "full_name", "date_of_birth", "sex", "nationality",
                  "place_of_origin", "place_of_residence", "expiry_date"):
        assert LABELS[field]


# ---------------------------------------------------------------- dates

@pytest.mark.parametrize("text, iso", [
    ("15/7/2025", "2025-07-15"),
    ("15-07-2025", "2025-07-15"),
    ("15.07.2025", "2025-07-15"),
    ("15 / 07 / 2025", "2025-07-15"),
    ("2025-07-15", "2025-07-15"),
    ("ngày 15 tháng 7 năm 2025", "2025-07-15"),
    ("Bắc Ninh, ngày 05 tháng 8 năm 2025", "2025-08-05"),
    ("NGÀY 1 THÁNG 12 NĂM 2024", "2024-12-01"),
    ("ngay 15 thang 7 nam 2025", "2025-07-15"),              # no diacritics
    ("ngảy l5 thảng O7 nărn 2O25", "2025-07-15"),            # OCR: ả, l/1, O/0, rn/m
    ("ngày 15 thanq 7 năm 2025", "2025-07-15"),              # q for g
    ("ngày 1 5 tháng 7 năm 2 025", "2025-07-15"),            # spaces inside numbers
    ("lO/O7/2O25", "2025-07-10"),
    ("15071995", "1995-07-15"),                              # QR ddmmyyyy
    ("29/02/2024", "2024-02-29"),                            # leap year
    ("Sinh ngày 15/07/1995 tại Bắc Ninh", "1995-07-15"),
    ("Bắc Ninh, ngày 19 tháng I năm 2026", "2026-01-19"),   # a month of lookalikes alone
    ("ngày I tháng lO năm 2025", "2025-10-01"),
    ("Bắc Ninh, ngày 1] tháng 7 năm 2025", "2025-07-11"),    # "]" for the 1
])
def test_parse_date(text, iso):
    assert n.parse_date(text) == iso


@pytest.mark.parametrize("text", [
    "31/02/2025",                      # impossible
    "29/02/2025",                      # not a leap year
    "15/13/2025",
    "tháng 7 năm 2025",                # no day
    "ngày ... tháng 7 năm 2025",
    "07/2025",                         # no day
    "năm 2025",
    "Không thời hạn",
    "15/07/95",                        # two-digit year is not guessed
    "31/02/1995 cấp ngày 01/01/2020",  # the first date decides
    "",
])
def test_parse_date_none(text):
    assert n.parse_date(text) is None


# ---------------------------------------------------------------- numbers

@pytest.mark.parametrize("text, out", [
    ("l5/O7/2O25", "15/07/2025"),
    ("năm2O25", "năm2025"),
    ("Sổl5", "Sổl5"),                 # l glued to a word, outside the digits: kept
    ("Lê Văn lO", "Lê Văn lO"),        # no real digit: a word, kept
    ("0l00109106", "0100109106"),
])
def test_fix_digits(text, out):
    assert n.fix_digits(text) == out


@pytest.mark.parametrize("text, out", [
    ("O975 l23", "0975123"),
    ("Số: 12", "12"),
    ("không có số", None),
])
def test_digits(text, out):
    assert n.digits(text) == out


@pytest.mark.parametrize("text, out", [
    ("027195000123", "027195000123"),
    ("0271 9500 0123", "027195000123"),
    ("027 195 000 123", "027195000123"),
    ("O27l95OOOl23", "027195000123"),
    ("027195000123 15/07/1995", "027195000123"),
    ("1995 027195000123", "027195000123"),
    ("02719500012", None),          # 11 digits
    ("0271950001234", None),        # 13 digits
    ("CMND 123456789", None),       # old 9-digit ID
])
def test_id_number(text, out):
    assert n.id_number(text) == out


@pytest.mark.parametrize("text, out", [
    ("0975567636", "0975567636"),
    ("0975.567.636", "0975567636"),
    ("0975 567 636", "0975567636"),
    ("+84 975 567 636", "0975567636"),
    ("(+84) 975567636", "0975567636"),
    ("+84975567636", "0975567636"),
    ("ĐT: 0975567636 - 0912345678", "0975567636"),
    ("02223 854 123", "02223854123"),     # 11-digit landline
    ("0975 567 63", None),                # 9 digits
    ("12345", None),
])
def test_phone(text, out):
    assert n.phone(text) == out


@pytest.mark.parametrize("text, out", [
    ("1.234,5 m²", "1234.5"),
    ("241 m²", "241"),
    ("241 m2", "241"),
    ("1,234.5 m2", "1234.5"),            # both separators: the last is the decimal point
    ("85,3m2 (Tám mươi lăm phẩy ba mét vuông)", "85.3"),
    ("1.234 m2", "1234"),                # Vietnamese: "." groups thousands
    ("1.234.567 m2", "1234567"),
    ("123,45", "123.45"),
    ("241,0 m²", "241.0"),
    ("Thửa 12, diện tích 300 m2", "300"),  # the number before the unit
    ("0 m2", None),
    ("không rõ", None),
])
def test_area_m2(text, out):
    assert n.area_m2(text) == out


@pytest.mark.parametrize("text, out", [
    ("0100109106", "0100109106"),
    ("0101234567-001", "0101234567-001"),
    ("0101234567 - 001", "0101234567-001"),
    ("0101234567–001", "0101234567-001"),    # en dash
    ("0314409058002", "0314409058-002"),
    ("0101 234 567", "0101234567"),
    ("0l00109106", "0100109106"),
    ("123456789", None),
    ("01012345678", None),
])
def test_enterprise_code(text, out):
    assert n.enterprise_code(text) == out


@pytest.mark.parametrize("text, out", [
    ("123/QĐ-UBND", "123/QĐ-UBND"),
    ("Số: 123/QĐ-UBND", "123/QĐ-UBND"),
    ("123 / QĐ - UBND   Bắc Ninh, ngày 15 tháng 7 năm 2025", "123/QĐ-UBND"),
    ("27/2025/QĐ-UBND", "27/2025/QĐ-UBND"),
    ("5/UBND-VX", "5/UBND-VX"),
    ("41/BC-UBND", "41/BC-UBND"),
    ("59", "59"),
    ("59, Quyển số: 01", "59"),
    ("123/QD-UBND", "123/QĐ-UBND"),           # QD exists only as QĐ
    ("12/NQ-HDND", "12/NQ-HĐND"),
    ("07/HD-UBND", "07/HD-UBND"),             # HD (hướng dẫn) is real: kept
    ("l23/QÐ-UBND", "123/QĐ-UBND"),           # l → 1, look-alike eth → Đ
    ("27/2O25/QĐ-UBND", "27/2025/QĐ-UBND"),
    ("Số: ......../QĐ-UBND", None),           # unnumbered draft
    ("", None),
    ("Số: 35BB-UBND", "35/BB-UBND"),          # OCR lost the slash
    ("Số: 59", "59"),                         # citizen papers: a number alone
    ("8/QĐĐ-UBND", "8/QĐ-UBND"),              # a doubled Đ
    ("35/TTTr-SYT", "35/TTr-SYT"),            # a letter read three times
    ("12/TTr-HĐND", "12/TTr-HĐND"),           # two Ts are right
])
def test_document_number(text, out):
    assert n.document_number(text) == out


# ---------------------------------------------------------------- words

@pytest.mark.parametrize("text, out", [
    ("Nam", "Nam"),
    ("NAM", "Nam"),
    ("Nữ", "Nữ"),
    ("NỮ", "Nữ"),
    ("Nu", "Nữ"),
    ("Nừ", "Nữ"),
    (nfd("Nữ"), "Nữ"),
    ("Nam   Quốc tịch: Việt Nam", "Nam"),
    ("Việt Nam", None),
    ("", None),
])
def test_sex(text, out):
    assert n.sex(text) == out


@pytest.mark.parametrize("text, out", [
    ("  NGUYỄN   VĂN AN .", "NGUYỄN VĂN AN"),
    (nfd("Nguyễn Văn An"), "Nguyễn Văn An"),
    (": Ðỗ Văn Bình,", "Đỗ Văn Bình"),
    ("NGUYỄN\nVĂN AN", "NGUYỄN VĂN AN"),
    ("123", None),
    (" : ", None),
])
def test_name(text, out):
    assert n.name(text) == out


@pytest.mark.parametrize("text, out", [
    ("Thôn Đông,\nxã Kép, tỉnh Bắc Ninh,", "Thôn Đông, xã Kép, tỉnh Bắc Ninh"),
    ("ỦY BAN NHÂN DÂN\nXÃ KÉP", "ỦY BAN NHÂN DÂN XÃ KÉP"),
    (": Số 10, Tp. Bắc Ninh", "Số 10, Tp. Bắc Ninh"),
    ("   ", None),
])
def test_clean_value(text, out):
    assert n.clean_value(text) == out


def test_values_are_nfc():
    assert n.clean_value(nfd("Thôn Đông")) == unicodedata.normalize("NFC", "Thôn Đông")


@pytest.mark.parametrize("text,out", [
    ("ỦY BẠN NHÂN DÂN XÃ KÉP", "ỦY BAN NHÂN DÂN XÃ KÉP"),
    ("Uỷ ban nhân dân phường Bồng Lai", "Ủy ban nhân dân phường Bồng Lai"),
    ("HỘI ĐÔNG NHÂN DÂN TỈNH BẮC NINH", "HỘI ĐỒNG NHÂN DÂN TỈNH BẮC NINH"),
    ("SỞ NỘI VỤ", "SỞ NỘI VỤ"),
    ("ỦY BAN", "ỦY BAN"),
])
def test_body_name(text, out):
    assert n.body_name(text) == out


@pytest.mark.parametrize("text,out", [
    ("46/INQ-HĐND", "46/NQ-HĐND"),            # a rule read as "I" before the type code
    ("13/lTB-UBND", "13/TB-UBND"),
    ("7/TIr-UBND", "7/TTr-UBND"),
    ("Số: 615!UBND-KT", "615/UBND-KT"),       # the slash itself misread
    ("Số: 12 |QĐ-UBND", "12/QĐ-UBND"),
    ("5/UBND-IT", "5/UBND-IT"),               # a unit code is left alone
])
def test_document_number_rule_misread(text, out):
    assert n.document_number(text) == out


@pytest.mark.parametrize("text,out", [
    ("ỦY BAN NHÂN DÂN TĨNH BẮC NINH", "ỦY BAN NHÂN DÂN TỈNH BẮC NINH"),
    ("Ủy ban nhân dân thi trấn Kép", "Ủy ban nhân dân thị trấn Kép"),
    ("ỦY BAN NHÂN DÂN PHUONG BỒNG LAI", "ỦY BAN NHÂN DÂN PHƯỜNG BỒNG LAI"),
    ("ỦY BAN NHÂN DÂN TỈNH", "ỦY BAN NHÂN DÂN TỈNH"),   # nothing after the unit: unchanged
])
def test_body_name_unit_kind(text, out):
    assert n.body_name(text) == out


@pytest.mark.parametrize("text,out", [
    # OCR slips in departments' names (marks, split or joined words) give the department's name
    ("SƠ NỌI VỤ", "SỞ NỘI VỤ"),
    ("SỞ TƯ PH ÁP", "SỞ TƯ PHÁP"),
    ("SỞ XÂY DƯNG", "SỞ XÂY DỰNG"),
    ("SƠ GIAO DỤC VÀ ĐÀO TẠO", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"),
    ("Sở Khoa học và Công nghẹ", "Sở Khoa học và Công nghệ"),
    # the tone mark's other place is the same word, and is kept as printed
    ("SỞ VĂN HOÁ, THỂ THAO VÀ DU LỊCH", "SỞ VĂN HOÁ, THỂ THAO VÀ DU LỊCH"),
    ("SỞ VĂN HOA, THỂ THAO VÀ DU LỊCH", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"),
    # the province's name after "tỉnh"; another province's is left alone
    ("ỦY BAN NHÂN DÂN TỈNH BẮCNINH", "ỦY BAN NHÂN DÂN TỈNH BẮC NINH"),
    ("HÔI ĐỒNG NHÂN DÂN TĨNH BAC NINH", "HỘI ĐỒNG NHÂN DÂN TỈNH BẮC NINH"),
    ("ỦY BAN NHÂN DÂN TỈNH BẮC GIANG", "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG"),
    ("SỞ NỘI VỤ TỈNH", "SỞ NỘI VỤ TỈNH"),                  # not a whole department's name: unchanged
])
def test_body_name_department_and_province(text, out):
    assert n.body_name(text) == out
