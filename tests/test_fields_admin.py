"""Administrative key fields from reading-order text (DOMAIN.md conventions)."""

from __future__ import annotations

import pytest

from hoso.classifiers.fields_admin import extract_admin

QD = """UBND TỈNH BẮC NINH
SỞ NỘI VỤ
Số: 27/2025/QĐ-SNV

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Bắc Ninh, ngày 15 tháng 7 năm 2025

QUYẾT ĐỊNH

Về việc phê duyệt kế hoạch chuyển đổi số
năm 2025 của Sở Nội vụ
GIÁM ĐỐC SỞ NỘI VỤ

Căn cứ Luật Tổ chức chính quyền địa phương;
Điều 1. Phê duyệt kế hoạch.

Nơi nhận:
- Như Điều 3;
- Lưu: VT.

GIÁM ĐỐC
Nguyễn Thị Hương"""

CV = """ỦY BAN NHÂN DÂN
XÃ KÉP
Số: 5/UBND-VX
V/v tổ chức tiếp công dân
định kỳ tháng 8

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Kép, ngày 02 tháng 8 năm 2025

Kính gửi: Các thôn trên địa bàn xã

Ủy ban nhân dân xã đề nghị các thôn thực hiện./.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Trần Đức Thắng"""


def test_extract_admin_decision_drops_superior_body_and_joins_subject():
    fields = extract_admin(QD, "QUYẾT ĐỊNH")
    assert fields == {
        "issuing_authority": "SỞ NỘI VỤ",
        "document_number": "27/2025/QĐ-SNV",
        "issue_place": "Bắc Ninh",
        "issue_date": "2025-07-15",
        "subject": "Về việc phê duyệt kế hoạch chuyển đổi số năm 2025 của Sở Nội vụ",
        "signer": "Nguyễn Thị Hương",
    }


def test_extract_admin_official_letter_keeps_vv_and_joins_wrapped_authority():
    fields = extract_admin(CV)
    assert fields["issuing_authority"] == "ỦY BAN NHÂN DÂN XÃ KÉP"
    assert fields["document_number"] == "5/UBND-VX"
    assert fields["subject"] == "V/v tổ chức tiếp công dân định kỳ tháng 8"
    assert fields["issue_place"] == "Kép" and fields["issue_date"] == "2025-08-02"
    assert fields["signer"] == "Trần Đức Thắng"


def test_extract_admin_subject_stops_at_wide_gap():
    lines = QD.splitlines()
    gaps = [0.3] * len(lines)
    gaps[lines.index("năm 2025 của Sở Nội vụ")] = 1.5  # the body, after a rule
    fields = extract_admin(QD, "QUYẾT ĐỊNH", gaps)
    assert fields["subject"] == "Về việc phê duyệt kế hoạch chuyển đổi số"


def test_extract_admin_leaves_out_what_is_not_there():
    fields = extract_admin("THÔNG BÁO\nNội dung thông báo không có số và ngày.\n\n- Lưu: VT.")
    assert "document_number" not in fields and "issue_date" not in fields
    assert "issuing_authority" not in fields and "signer" not in fields


LETTERHEAD = """ỦY BAN NHÂN DÂN PHƯỜNG QUẾ VÕ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM

Độc lập - Tự do - Hạnh phúc

Số: 721 /QĐ-UBND

Quế Võ, ngày 7 tháng 1 năm 2026

QUYẾT ĐỊNH
Thực hiện bảo đảm an toàn giao thông trong dịp nghỉ Lễ
Quốc khánh năm 2026
1. Mục đích, yêu cầu
Các đơn vị thực hiện nghiêm.

GIÁM ĐỐC
Trần Thanh Dung

Nơi nhận:
- Như trên;
- Lưu: VT."""


def test_extract_admin_letterhead_recipients_below_signer():
    fields = extract_admin(LETTERHEAD, "QUYẾT ĐỊNH")
    assert fields["issuing_authority"] == "ỦY BAN NHÂN DÂN PHƯỜNG QUẾ VÕ"  # the motto cut off
    assert fields["document_number"] == "721/QĐ-UBND"
    assert fields["subject"] == ("Thực hiện bảo đảm an toàn giao thông trong dịp nghỉ Lễ "
                                 "Quốc khánh năm 2026")
    assert fields["signer"] == "Trần Thanh Dung"


def test_extract_admin_subject_stops_at_the_place_date_line_and_vv_restored():
    text = ("SỞ Y TẾ\nSố: 59/SYT-KHTC\nV/ phê duyệt Kế hoạch số hóa\nnăm 2026\n"
            "Bắc Ninh, ngày 02 tháng 06 năm 2026\n\nKính gửi: Các đơn vị")
    fields = extract_admin(text)
    assert fields["subject"] == "V/v phê duyệt Kế hoạch số hóa năm 2026"
    assert fields["issue_place"] == "Bắc Ninh"


def test_extract_admin_vv_misread_as_letters():
    text = "SỞ Y TẾ\nSố: 17/SYT-NC\nVWÑ bảo đảm an toàn giao thông\n\nKính gửi: Các phòng"
    assert extract_admin(text)["subject"] == "V/v bảo đảm an toàn giao thông"


def test_extract_admin_place_date_read_into_the_subject():
    text = ("SỞ Y TẾ\nSố: 59/SYT-KHTC\nV/v tăng cường phòng, chống dịch bệnh trên đàn gia súc,\n"
            "gia cầm Yên Thế ngày 19 tháng 12 năm 2025\n\nKính gửi: Các đơn vị")
    fields = extract_admin(text)
    assert fields["subject"] == "V/v tăng cường phòng, chống dịch bệnh trên đàn gia súc, gia cầm"
    assert (fields["issue_place"], fields["issue_date"]) == ("Yên Thế", "2025-12-19")


@pytest.mark.parametrize("header", ["XA XUAN CAM", "ỦY BAN NHÂN DÂN", "PHƯỜNG VIỆT YÊN"])
def test_extract_admin_leaves_out_a_body_name_that_cannot_be_whole(header):
    assert "issuing_authority" not in extract_admin(f"{header}\nSố: 12/QĐ-UBND\n")


def test_extract_admin_body_name_trailing_dot_and_lone_dash():
    assert extract_admin("HỘI ĐỒNG NHÂN DÂN\n-\nTỈNH BẮC NINH.\nSố: 12/NQ-HĐND\n")[
        "issuing_authority"] == "HỘI ĐỒNG NHÂN DÂN TỈNH BẮC NINH"


def test_extract_admin_body_kind_parted_from_its_unit_by_specks():
    # A stamp's specks read as short lines between the body's kind and its unit.
    text = "HÔI ĐỒNG NHÂN DÂN\n\nnh\n\ný\n\nTĨNH BAC NINH\nSố: 54/NQ-HĐND\n\nNGHỊ QUYẾT\n"
    assert extract_admin(text)["issuing_authority"] == "HỘI ĐỒNG NHÂN DÂN TỈNH BẮC NINH"


def test_extract_admin_enacting_body_when_the_header_name_is_unreadable():
    text = ("HÔI ĐỒNG NHÂN DÂN\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nSố: 1299 /NQ-HĐND\n\n"
            "NGHỊ QUYẾT\nVề bảo đảm an toàn giao thông\n\nHỘI ĐỒNG NHÂN DÂN TỈNH BẮC NINH\n"
            "Căn cứ Nghị định số 30/2020/NĐ-CP;\nỦY BAN NHÂN DÂN XÃ KÉP\n")
    assert extract_admin(text)["issuing_authority"] == "HỘI ĐỒNG NHÂN DÂN TỈNH BẮC NINH"
    # Below the first "Căn cứ", or a recipient in a sentence, is never the issuer.
    late = "XA XUAN CAM\nSố: 3/QĐ-UBND\nQUYẾT ĐỊNH\nCăn cứ Luật;\nỦY BAN NHÂN DÂN XÃ KÉP\n"
    assert "issuing_authority" not in extract_admin(late)
    sentence = "XA XUAN CAM\nSố: 3/CV-UBND\nKính gửi: Ủy ban nhân dân xã Kép\n"
    assert "issuing_authority" not in extract_admin(sentence)


def test_extract_admin_subject_crosses_specks_read_as_lines():
    # Specks between a subject's two lines come out as lines of their own, with boxes that say
    # nothing of the spacing: the next line's gap decides. A wide gap after them still ends it.
    text = ("Số: 36/BC-UBND\n\nBÁO CÁO\n\nKết quả bàn giao hồ sơ sau sắp xếp đơn vị hành chính\n\n~\n\nZ⁄\n\n"
            "cấp xã\n\nHồ sơ được bàn giao đầy đủ.\n")
    lines = text.splitlines()
    gaps = [0.0 if not line else 0.3 for line in lines]
    gaps[lines.index("~")] = 3.0
    gaps[lines.index("Hồ sơ được bàn giao đầy đủ.")] = 1.5
    assert extract_admin(text, "BÁO CÁO", gaps)["subject"] == \
        "Kết quả bàn giao hồ sơ sau sắp xếp đơn vị hành chính cấp xã"
    gaps[lines.index("cấp xã")] = 1.5
    assert extract_admin(text, "BÁO CÁO", gaps)["subject"] == "Kết quả bàn giao hồ sơ sau sắp xếp đơn vị hành chính"
