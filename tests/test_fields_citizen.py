"""Key fields of citizen papers from OCR-like text (no OCR run here)."""

from hoso.classifiers.fields_citizen import extract_citizen

CARD = """CĂN CƯỚC CÔNG DÂN
Số / No.: 027 095 000 123
Ho va ten / Full name:
NGUYỄN VĂN AN
Ngay sinh / Date of birth: 15/07/1995
Giới tính / Sex: Nam Quốc tịch / Nationality: Việt Nam
Quê quán / Place of origin: Liên Bão, Tiên Du, Bắc Ninh
Nơi thường trú / Place of residence: Thôn Hạ, Liên Bão,
Tiên Du, Bắc Ninh

Có giá trị đến:
Date of expiry
15/07/2035"""


def test_can_cuoc_noisy_labels_and_next_line_values():
    assert extract_citizen("can_cuoc", CARD) == {
        "id_number": "027095000123", "full_name": "NGUYỄN VĂN AN",
        "date_of_birth": "1995-07-15", "sex": "Nam", "nationality": "Việt Nam",
        "place_of_origin": "Liên Bão, Tiên Du, Bắc Ninh",
        "place_of_residence": "Thôn Hạ, Liên Bão, Tiên Du, Bắc Ninh",
        "expiry_date": "2035-07-15"}


def test_can_cuoc_without_expiry_and_missing_name():
    text = "Số: 024181086168\nHọ và tên:\n\nGiới tính: Nữ\nCó giá trị đến: Không thời hạn"
    assert extract_citizen("can_cuoc", text) == {"id_number": "024181086168", "sex": "Nữ"}


def test_a_label_is_not_a_value():
    text = "Họ và tên:\nNgày sinh: 01/02/1990"
    assert extract_citizen("can_cuoc", text) == {"date_of_birth": "1990-02-01"}


def test_khai_sinh():
    text = """Số: 58

GIẤY KHAI SINH
Họ, chữ đệm, tên: GIÁP ĐỨC ĐẠT
Ngày, tháng, năm sinh: ngày 01 tháng 6 năm 2026
Giới tính: Nam
Nơi sinh: Trung tâm Y tế huyện Lục Nam, tỉnh Bắc Giang
Họ, chữ đệm, tên người mẹ: THÂN NGỌC NGUYỆT
Năm sinh: 1997
Họ, chữ đệm, tên người cha: GIÁP HỮU HÙNG
Nơi đăng ký khai sinh: Ủy ban nhân dân xã Đông Phú
Ngày, tháng, năm đăng ký: 04/06/2026"""
    assert extract_citizen("giay_khai_sinh", text) == {
        "document_number": "58", "full_name": "GIÁP ĐỨC ĐẠT", "date_of_birth": "2026-06-01",
        "sex": "Nam", "place_of_birth": "Trung tâm Y tế huyện Lục Nam, tỉnh Bắc Giang",
        "mother_name": "THÂN NGỌC NGUYỆT", "father_name": "GIÁP HỮU HÙNG",
        "issuing_authority": "Ủy ban nhân dân xã Đông Phú", "issue_date": "2026-06-04"}


def test_ket_hon_signature_block():
    text = """Số: 253

GIẤY CHỨNG NHẬN KẾT HÔN
Nơi đăng ký: Ủy ban nhân dân phường Đồng Kỵ
Ngày, tháng, năm đăng ký: 19/02/2024

Chồng
Đào Quang Trường

Vợ
Vũ Minh Dung

NGƯỜI KÝ GIẤY CHỨNG NHẬN"""
    assert extract_citizen("giay_chung_nhan_ket_hon", text) == {
        "document_number": "253", "husband_name": "Đào Quang Trường", "wife_name": "Vũ Minh Dung",
        "issuing_authority": "Ủy ban nhân dân phường Đồng Kỵ", "issue_date": "2024-02-19"}


def test_qsdd_area_with_decimal_comma():
    text = """I. Người sử dụng đất, chủ sở hữu nhà ở và tài sản khác gắn liền với đất
Bà: PHẠM THỊ NGUYỆT
Địa chỉ thường trú: khu phố Tiêu Sơn, xã Tăng Tiến, tỉnh Bắc Giang
II. Thửa đất, nhà ở và tài sản khác gắn liền với đất
a) Thửa đất số: 1230 tờ bản đồ số: 9
b) Địa chỉ: thôn Ngọc Thiện, xã Ngọc Thiện, huyện Tân Yên, tỉnh Bắc Giang
c) Diện tích: 1.234,5 m²

Tân Yên, ngày 28 tháng 5 năm 2010"""
    assert extract_citizen("giay_chung_nhan_qsdd", text) == {
        "holder_name": "PHẠM THỊ NGUYỆT", "parcel_number": "1230", "map_sheet_number": "9",
        "land_address": "thôn Ngọc Thiện, xã Ngọc Thiện, huyện Tân Yên, tỉnh Bắc Giang",
        "area_m2": "1234.5", "issue_date": "2010-05-28"}


def test_qsdd_holder_address_is_not_the_land_address():
    text = "Họ và tên: HÀ DIỆU THẢO\nĐịa chỉ: thôn Hòa Sơn, xã Nhã Nam, tỉnh Bắc Ninh"
    assert extract_citizen("giay_chung_nhan_qsdd", text) == {"holder_name": "HÀ DIỆU THẢO"}


def test_dkdn_branch_code():
    text = """GIẤY CHỨNG NHẬN ĐĂNG KÝ HOẠT ĐỘNG CHI NHÁNH
Mã số chi nhánh: 2300123456-001
Đăng ký lần đầu: ngày 09 tháng 5 năm 2011
Đăng ký thay đổi lần thứ 1: ngày 29 tháng 9 năm 2014
Tên công ty viết bằng tiếng Việt: CÔNG TY TNHH MAY MẶC HOÀNG LONG
Tên công ty viết bằng tiếng nước ngoài: HOANG LONG GARMENT COMPANY LIMITED
2. Địa chỉ trụ sở chính
Số 285, đường Hoàng Hoa Thám, xã Liên Bão, huyện Tiên Du, tỉnh Bắc Ninh
Điện thoại: 0222 8802654
4. Người đại diện theo pháp luật của công ty
* Họ và tên: LÊ CÔNG THỊNH Giới tính: Nam"""
    assert extract_citizen("giay_chung_nhan_dkdn", text) == {
        "enterprise_code": "2300123456-001", "issue_date": "2014-09-29",
        "company_name": "CÔNG TY TNHH MAY MẶC HOÀNG LONG",
        "head_office_address": "Số 285, đường Hoàng Hoa Thám, xã Liên Bão, huyện Tiên Du, tỉnh Bắc Ninh",
        "legal_representative": "LÊ CÔNG THỊNH"}


def test_don_de_nghi_phone_with_country_code():
    text = """ĐƠN ĐỀ NGHỊ
V/v điều chỉnh thông tin trên Giấy khai sinh

Kính gửi: Ủy ban nhân dân phường Yên Dũng

Họ và tên: Giáp Đình Bảo
Ngày sinh: 25-07-1972
CCCD số: 024072692195
Nơi cư trú: xóm Mới, phường Yên Dũng, tỉnh Bắc Ninh
SĐT: +84 975 567 636"""
    assert extract_citizen("don_de_nghi", text) == {
        "subject": "V/v điều chỉnh thông tin trên Giấy khai sinh", "applicant_name": "Giáp Đình Bảo",
        "date_of_birth": "1972-07-25", "id_number": "024072692195",
        "address": "xóm Mới, phường Yên Dũng, tỉnh Bắc Ninh", "phone": "0975567636"}


def test_don_de_nghi_label_column_then_value_column():
    text = """ĐƠN
Đề nghị xác nhận tình trạng hôn nhân
Kính gửi: Ủy ban nhân dân phường Tân An

Họ, chữ đệm và tên:
Ngày, tháng, năm sinh:
Số định danh cá nhân:
Địa chỉ:

HOÀNG TUẤN THẮNG
28/02/1967
024067608854
xóm Chùa, xã Liên Bão, huyện Tiên Du, tỉnh"""
    assert extract_citizen("don_de_nghi", text) == {
        "subject": "Đề nghị xác nhận tình trạng hôn nhân", "applicant_name": "HOÀNG TUẤN THẮNG",
        "date_of_birth": "1967-02-28", "id_number": "024067608854"}


def test_unknown_kind_and_empty_text():
    assert extract_citizen("quyet_dinh", "Số: 12/QĐ-UBND") == {}
    assert extract_citizen("can_cuoc", "") == {}


def test_names_need_a_family_name_and_one_case():
    text = "Họ và tên: Việt Nam\nNgày sinh: 01/02/1990"
    assert extract_citizen("don_de_nghi", text) == {"date_of_birth": "1990-02-01"}
    assert extract_citizen("don_de_nghi", "Họ và tên: NGUYỄN Văn An") == {}
    assert extract_citizen("don_de_nghi", "Họ và tên: Trần Thị Bình") == {
        "applicant_name": "Trần Thị Bình"}


def test_area_needs_its_unit_unless_alone_under_the_label():
    assert extract_citizen("giay_chung_nhan_qsdd", "Diện tích: 120,5 m2") == {"area_m2": "120.5"}
    assert extract_citizen("giay_chung_nhan_qsdd", "Diện tích: 120,5 (đất ở)") == {}
    assert extract_citizen("giay_chung_nhan_qsdd", "Diện tích\n96,4") == {"area_m2": "96.4"}


def test_subject_only_after_its_cue():
    form = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐƠN ĐỀ NGHỊ\n{}\nKính gửi: UBND xã Kép"
    assert extract_citizen("don_de_nghi", form.format("V/v cấp lại giấy phép xây dựng")) == {
        "subject": "V/v cấp lại giấy phép xây dựng"}
    assert extract_citizen("don_de_nghi", form.format("cấp lại giấy phép xây dựng")) == {}


def test_addresses_must_reach_the_province():
    whole = "Địa chỉ: thôn Hạ, xã Kép, tỉnh Bắc Ninh"
    assert extract_citizen("don_de_nghi", whole) == {
        "address": "thôn Hạ, xã Kép, tỉnh Bắc Ninh"}
    assert extract_citizen("don_de_nghi", "Địa chỉ: thôn Hạ, xã Kép Năm") == {}


def test_value_holding_another_label_or_doubtful_cut_is_left_out():
    assert extract_citizen("don_de_nghi", "Họ và tên:\nLoại giấy: Trần Văn An") == {}
    assert extract_citizen("giay_chung_nhan_dkdn", "Tên công ty: MAY MẶC KINH BẮC") == {}
