"""``khac``: pages that are none of the document types, three layouts.

0. a cash receipt ("PHIẾU THU") of a small company;
1. a personal letter;
2. a table of numbers (digitisation counts per commune).

They carry names, dates and numbers like the real types do, but no key
fields: ``fields`` is empty.
"""

from __future__ import annotations

import datetime as dt
import random

from tests.synth import citizen as P
from tests.synth import content as C
from tests.synth.forms import centered, field, fitted, grid, pairs, sign_block

LAYOUTS = 3
ITEMS = ["Thu tiền hàng theo hóa đơn số", "Thu tiền tạm ứng hợp đồng số",
         "Thu tiền thanh lý tài sản theo biên bản số", "Thu hoàn ứng công tác phí đợt"]
LETTER = [
    "Hôm nay con viết thư này để hỏi thăm sức khỏe bố mẹ và cả nhà. Dạo này ở quê trời đã "
    "bắt đầu trở lạnh, bố mẹ nhớ giữ gìn sức khỏe, đừng làm việc quá sức.",
    "Công việc của con ở {place} vẫn ổn định. Công ty vừa tăng ca để kịp đơn hàng cuối năm "
    "nên con chưa thu xếp về được. Con đã gửi về nhà {money} qua tài khoản của em {sibling}.",
    "Em {sibling} sắp thi học kỳ, bố mẹ nhắc em chịu khó học bài, đi xe cẩn thận. Nếu nhà "
    "cần sửa lại mái bếp thì bố cứ gọi chú Ba ở {village} sang giúp, tiền công con sẽ gửi sau.",
    "Tết năm nay con dự định về từ hai mươi sáu tháng Chạp. Con sẽ mua quà cho ông bà và "
    "mấy đứa nhỏ. Mẹ đừng chuẩn bị nhiều, cả nhà quây quần là con vui rồi.",
    "Thư đã dài, con xin dừng bút. Chúc bố mẹ và cả nhà luôn mạnh khỏe, bình an.",
]


def render_khac(seed: int, *, dpi: int = 300, layout: int | None = None,
                font: str | None = None):
    layout = random.Random(seed).randrange(LAYOUTS) if layout is None else layout
    return fitted("khac", LAYOUTS, seed, layout, font, dpi, _draw,
                  page="A5" if layout == 0 else "A4")


def _draw(cv, rng, fam, layout: int, shrink: float):
    when = P.day_between(rng, dt.date(2023, 1, 2), dt.date(2026, 6, 30))
    pt = rng.choice([11, 11.5, 12, 12.5, 13]) * shrink
    x0, x1 = cv.mm(rng.uniform(12, 22)), cv.width - cv.mm(rng.uniform(10, 18))
    top = cv.mm(rng.uniform(10, 20))
    w = x1 - x0
    if layout == 0:
        _, name, _, _ = P.company(rng)
        home = P.place(rng)
        y = centered(cv, [(name, "bold", pt - 1),
                          (P.street_address(rng, home, "full"), "regular", pt - 2)],
                     x0, w * 0.55, top)
        cv.new_block()
        centered(cv, [("Mẫu số 01 - TT", "bold", pt - 1),
                      ("(Ban hành theo Thông tư số 133/2016/TT-BTC ngày 26/8/2016 của Bộ Tài "
                       "chính)", "italic", pt - 3)], x0 + w * 0.58, w * 0.42, top)
        cv.new_block()
        y = centered(cv, [("PHIẾU THU", "bold", pt + 6), (P.cap(P.date_long(when)), "italic", pt)],
                     x0, w, y + cv.mm(6))
        cv.new_block()
        y = pairs(cv, [("Quyển số: ", f"{rng.randrange(1, 9):02d}"),
                       ("Số: ", f"PT{rng.randrange(1, 999):04d}"),
                       ("Nợ: ", "111"), ("Có: ", "131")],
                  [x0, x0 + w * 0.28, x0 + w * 0.6, x0 + w * 0.8], y + cv.mm(2), pt,
                  value_style="regular")
        payer = P.citizen(rng)
        amount = rng.randrange(3, 900) * 50_000
        words = _amount_words(amount)
        kw = dict(mode="inline", x0=x0, right=x1, pt=pt, spacing=1.5, value_style="regular",
                  leader=True)
        y = field(cv, "Họ và tên người nộp tiền:", payer.name, top=y + cv.mm(2), **kw)
        y = field(cv, "Địa chỉ:", payer.residence.full(), top=y, **kw)
        y = field(cv, "Lý do nộp:", f"{rng.choice(ITEMS)} {rng.randrange(10, 999)}", top=y, **kw)
        y = field(cv, "Số tiền:", f"{amount:,}".replace(",", ".") + " đồng", top=y, **kw)
        y = field(cv, "Viết bằng chữ:", words, top=y, **kw)
        y = field(cv, "Kèm theo:", f"{rng.randrange(1, 4):02d} chứng từ gốc", top=y, **kw)
        cv.new_block()
        roles = ["Giám đốc", "Kế toán trưởng", "Người nộp tiền", "Người lập phiếu", "Thủ quỹ"]
        cw = w / len(roles)
        for i, role in enumerate(roles):
            centered(cv, [(role, "bold", pt - 2.5), ("(Ký, họ tên)", "italic", pt - 3.5)],
                     x0 + i * cw, cw, y + cv.mm(4))
            cv.new_block()
    elif layout == 1:
        place = rng.choice(["Bắc Ninh", "Từ Sơn", "Kép", "Việt Yên", "Hà Nội", "Bình Dương"])
        y = centered(cv, [(f"{place}, {P.date_long(when, False)}", "italic", pt + 1)],
                     x0 + w * 0.4, w * 0.6, top)
        cv.new_block()
        y = cv.paragraph([("Bố mẹ kính yêu!", "bold_italic")], pt + 2, x0=x0, width=w,
                         top=y + cv.mm(8), spacing=1.5)
        cv.new_block()
        vals = {"place": place, "money": f"{rng.randrange(2, 30)}.000.000 đồng",
                "sibling": rng.choice(C.GIVEN_F),
                "village": rng.choice(P.VILLAGES)}
        for para in LETTER:
            y = cv.paragraph([(para.format(**vals), "italic")], pt + 1, x0=x0, width=w, top=y,
                             align="justify", indent=cv.mm(10), spacing=1.6) + cv.mm(2)
        cv.new_block()
        sign_block(cv, rng, x1 - cv.mm(70), cv.mm(70), y + cv.mm(4),
                   [("Con của bố mẹ", "italic", pt + 1)], C.person(rng).split()[-1], pt + 1,
                   gap_mm=14, name_style="bold_italic")
    else:
        year, month = when.year, when.month
        y = centered(cv, [("BẢNG TỔNG HỢP KẾT QUẢ SỐ HÓA HỒ SƠ, TÀI LIỆU", "bold", pt + 2),
                          (f"Tháng {month}/{year}", "italic", pt)], x0, w, top)
        cv.new_block()
        units = rng.sample(C.COMMUNES, rng.randrange(8, 16))
        rows = [[[(h, "bold")] for h in ("STT", "Đơn vị", "Số hồ sơ", "Số trang", "Tỷ lệ (%)")]]
        total_h = total_p = 0
        for i, (kind, nm) in enumerate(units, 1):
            h = rng.randrange(40, 2500)
            pages = h * rng.randrange(8, 40)
            total_h, total_p = total_h + h, total_p + pages
            rows.append([str(i), f"{kind.capitalize()} {nm}", f"{h:,}".replace(",", "."),
                         f"{pages:,}".replace(",", "."),
                         f"{rng.randrange(60, 100)},{rng.randrange(10)}"])
        rows.append(["", [("Tổng cộng", "bold")], [(f"{total_h:,}".replace(",", "."), "bold")],
                     [(f"{total_p:,}".replace(",", "."), "bold")], ""])
        y = grid(cv, x0, y + cv.mm(5), [w * 0.1, w * 0.36, w * 0.18, w * 0.2, w * 0.16], rows,
                 pt, align=["center", "left", "center", "center", "center"], pad_mm=1.4)
        cv.new_block()
        sign_block(cv, rng, x1 - cv.mm(70), cv.mm(70), y + cv.mm(6),
                   [("NGƯỜI LẬP BẢNG", "bold", pt)], C.person(rng), pt, gap_mm=16)
    return {}, {}


def _amount_words(amount: int) -> str:
    millions, rest = divmod(amount, 1_000_000)
    thousands = rest // 1000
    parts = ([f"{P.number_words(millions)} triệu"] if millions else []) + \
        ([f"{P.number_words(thousands)} nghìn"] if thousands else [])
    return P.cap(" ".join(parts)) + " đồng chẵn"
