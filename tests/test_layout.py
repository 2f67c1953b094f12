"""Reading order: column gaps split Tesseract lines; blocks read left column first."""

from __future__ import annotations

from hoso.digitize.model import Word
from hoso.ocr.layout import reading_order
from hoso.ocr.tesseract import words_to_text


def _line(y: int, *pieces: tuple[int, str], line: int, block: int = 1, height: int = 40,
          space: int = 15, conf: float = 95.0) -> list[Word]:
    """Words of one Tesseract line: each piece starts at x and is split on spaces."""
    words = []
    for x, text in pieces:
        for token in text.split():
            width = 22 * len(token)
            words.append(Word(token, x, y, width, height, conf, block, 1, line))
            x += width + space
    return words


def test_reading_order_two_column_header_left_column_first():
    words = (_line(100, (200, "ỦY BAN NHÂN DÂN"), (1300, "CỘNG HÒA XÃ HỘI"), line=1)
             + _line(160, (240, "XÃ KÉP"), (1350, "Độc lập - Tự do"), line=2)
             + _line(220, (200, "Số: 12/QĐ-UBND"), (1300, "Kép, ngày 15 tháng 7 năm 2025"), line=3)
             + _line(400, (900, "QUYẾT ĐỊNH"), line=4)
             + _line(500, (200, "Điều 1. Giao Ủy ban nhân dân xã Kép tổ chức thực hiện"), line=5))
    text = words_to_text(reading_order(tuple(words)))
    assert text == ("ỦY BAN NHÂN DÂN\nXÃ KÉP\nSố: 12/QĐ-UBND\n\n"
                    "CỘNG HÒA XÃ HỘI\nĐộc lập - Tự do\nKép, ngày 15 tháng 7 năm 2025\n\n"
                    "QUYẾT ĐỊNH\n\nĐiều 1. Giao Ủy ban nhân dân xã Kép tổ chức thực hiện")


def test_reading_order_keeps_justified_lines_whole():
    words = tuple(_line(100, (200, "Căn cứ Luật Tổ chức chính quyền địa phương"), line=1, space=45)
                  + _line(160, (200, "ngày 19 tháng 02 năm 2025"), line=2, space=15))
    text = words_to_text(reading_order(words))
    assert text == "Căn cứ Luật Tổ chức chính quyền địa phương\nngày 19 tháng 02 năm 2025"


def test_reading_order_drops_low_confidence_mark_in_column_gap():
    words = _line(100, (200, "HỘI ĐỒNG NHÂN DÂN"), (1300, "CỘNG HÒA XÃ HỘI"), line=1)
    words.insert(4, Word("_", 1000, 90, 26, 70, 40.0, 1, 1, 1))
    text = words_to_text(reading_order(tuple(words)))
    assert text == "HỘI ĐỒNG NHÂN DÂN\n\nCỘNG HÒA XÃ HỘI"


def test_reading_order_wide_line_under_two_columns_is_not_absorbed():
    words = (_line(100, (200, "Nơi nhận:"), (1400, "TM. ỦY BAN NHÂN DÂN"), line=1)
             + _line(160, (200, "- Như trên;"), (1500, "CHỦ TỊCH"), line=2)
             + _line(260, (200, "Ghi chú: văn bản này được gửi kèm theo hồ sơ điện tử của xã"), line=3))
    text = words_to_text(reading_order(tuple(words)))
    assert text == ("Nơi nhận:\n- Như trên;\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\n"
                    "Ghi chú: văn bản này được gửi kèm theo hồ sơ điện tử của xã")


def test_reading_order_empty():
    assert reading_order(()) == ()


def test_reading_order_signer_block_right_of_recipients_after_body():
    words = (_line(100, (200, "Trên đây là nội dung thông báo, đề nghị các cơ quan thực hiện./."), line=1)
             + _line(170, (1200, "TM. ỦY BAN NHÂN DÂN"), line=2)
             + _line(180, (200, "Nơi nhận:"), line=3)
             + _line(230, (1330, "CHỦ TỊCH"), line=4)
             + _line(240, (200, "- Như trên;"), line=5))
    text = words_to_text(reading_order(tuple(words)))
    assert text == ("Trên đây là nội dung thông báo, đề nghị các cơ quan thực hiện./.\n\n"
                    "Nơi nhận:\n- Như trên;\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH")
