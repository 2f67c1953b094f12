"""``don_de_nghi``: a citizen's application form, four layouts.

0. motto, "ĐƠN ĐỀ NGHỊ", a "V/v …" subject, "Kính gửi", inline values;
1. motto and place-and-date line first, "ĐƠN" and an "Đề nghị …" subject,
   values in a column over dotted leaders, sometimes only a birth year (then
   ``date_of_birth`` is absent);
2. a numbered form ("PHIẾU ĐỀ NGHỊ"): the ID number one digit per box;
3. no motto: a plain letter with a "Về việc …" subject and the applicant's
   details in a bordered table.

``subject`` is the subject line as printed, lead included; ``phone`` the
digits with a leading 0 even where the form says "+84 …".
"""

from __future__ import annotations

import datetime as dt

from tests.synth import citizen as P
from tests.synth.forms import boxed_digits, centered, field, fitted, grid, motto, sign_block

LAYOUTS = 4
TOPICS = ["cấp lại Giấy chứng nhận quyền sử dụng đất do bị mất",
          "xác nhận thông tin về cư trú", "hỗ trợ kinh phí sửa chữa nhà ở",
          "cấp bản sao trích lục khai sinh", "đăng ký biến động đất đai do nhận thừa kế",
          "xác nhận tình trạng hôn nhân", "hưởng trợ cấp xã hội hằng tháng",
          "cấp giấy phép xây dựng nhà ở riêng lẻ", "miễn, giảm học phí cho con",
          "tách thửa đất để chia cho các con", "chuyển mục đích sử dụng đất",
          "điều chỉnh thông tin trên Giấy khai sinh"]
REASONS = ["Lý do: giấy tờ cũ bị hư hỏng, không còn sử dụng được.",
           "Lý do: gia đình có hoàn cảnh khó khăn, nhà ở xuống cấp nghiêm trọng.",
           "Lý do: để bổ sung hồ sơ xin việc làm theo yêu cầu của đơn vị tuyển dụng.",
           "Lý do: sau khi sắp xếp đơn vị hành chính, địa chỉ trên giấy tờ cần cập nhật.",
           "Lý do: phục vụ thủ tục vay vốn tại Ngân hàng Chính sách xã hội."]
ID_LABELS = ["Số CCCD:", "Số định danh cá nhân:", "CCCD số:", "Số căn cước:",
             "Số Căn cước công dân:"]
NAME_LABELS = ["Tôi tên là:", "Họ và tên:", "Họ, chữ đệm và tên:", "Họ tên:"]


def render_don_de_nghi(seed: int, *, dpi: int = 300, layout: int | None = None,
                       font: str | None = None):
    return fitted("don_de_nghi", LAYOUTS, seed, layout, font, dpi, _draw)


def _draw(cv, rng, fam, layout: int, shrink: float):
    when = P.day_between(rng, dt.date(2024, 9, 1), dt.date(2026, 6, 30))
    who = P.citizen(rng, born=(1945, 2006))
    name = who.upper if rng.random() < 0.35 else who.name
    address = who.residence.written("new" if when >= P.MERGED else "full")
    digits = P.phone(rng)
    shown_phone = P.phone_printed(rng, digits, international=rng.random() < (
        0.6 if layout == 3 else 0.25))
    topic = rng.choice(TOPICS)
    lead = {0: "V/v ", 1: "Đề nghị ", 2: "V/v ", 3: "Về việc "}[layout]
    subject = lead + topic
    birth_year_only = layout == 1 and rng.random() < 0.4
    fields = {"applicant_name": name, "id_number": who.id_number, "address": address,
              "phone": digits, "subject": subject}
    if not birth_year_only:
        fields["date_of_birth"] = who.dob.isoformat()
    office = who.residence.authority(when)
    to = rng.choice([office, f"Chủ tịch {office}", "Văn phòng đăng ký đất đai tỉnh Bắc Ninh",
                     "Trung tâm Phục vụ hành chính công tỉnh Bắc Ninh"])
    pt = rng.choice([12, 12.5, 13, 13.5, 14]) * shrink
    x0, x1 = cv.mm(rng.uniform(20, 30)), cv.width - cv.mm(rng.uniform(15, 22))
    top = cv.mm(rng.uniform(15, 25))
    w = x1 - x0
    dateline = f"{who.residence.seat(when)}, {P.date_long(when, rng.random() < 0.6)}"
    issued = P.day_between(rng, dt.date(2021, 3, 1), when - dt.timedelta(days=30))
    issuer = "Cục Cảnh sát quản lý hành chính về trật tự xã hội" if issued < dt.date(
        2024, 7, 1) else "Bộ Công an"
    dob = P.dmy(who.dob, rng.choice(["/", "/", "-"]))

    if layout == 0:
        y = motto(cv, x0, w, top, pt)
        y = centered(cv, [("ĐƠN ĐỀ NGHỊ", "bold", pt + 3)], x0, w, y + cv.mm(6))
        y = centered(cv, [(subject, "bold_italic" if rng.random() < 0.5 else "bold", pt)],
                     x0 + w * 0.1, w * 0.8, y)
        cv.new_block()
        y = centered(cv, [(f"Kính gửi: {to}", "regular", pt)], x0, w, y + cv.mm(4))
        cv.new_block()
        kw = dict(mode="inline", x0=x0, right=x1, pt=pt, spacing=1.5, value_style="regular")
        y = field(cv, rng.choice(NAME_LABELS), name, top=y + cv.mm(4), **kw)
        y = field(cv, rng.choice(["Sinh ngày:", "Ngày sinh:", "Ngày, tháng, năm sinh:"]), dob,
                  top=y, **kw)
        y = field(cv, rng.choice(ID_LABELS), who.id_number, top=y, **kw)
        y = field(cv, "Ngày cấp:", f"{P.dmy(issued)}; Nơi cấp: {issuer}", top=y, **kw)
        y = field(cv, rng.choice(["Nơi thường trú:", "Địa chỉ thường trú:", "Nơi cư trú:"]),
                  address, top=y, **kw)
        y = field(cv, rng.choice(["Số điện thoại:", "Điện thoại liên hệ:", "SĐT:"]), shown_phone,
                  top=y, **kw)
        y = _body(cv, rng, topic, to, x0, x1, y, pt)
        rows = [(dateline, "italic", pt)]
    elif layout == 1:
        y = motto(cv, x0, w, top, pt)
        cv.new_block()
        y = centered(cv, [(dateline, "italic", pt)], x0 + w * 0.4, w * 0.6, y + cv.mm(2))
        cv.new_block()
        y = centered(cv, [("ĐƠN", "bold", pt + 5), (subject, "bold", pt + 1)], x0, w,
                     y + cv.mm(6))
        cv.new_block()
        y = field(cv, "Kính gửi:", to, mode="inline", x0=x0 + w * 0.15, right=x1, pt=pt,
                  top=y + cv.mm(4), value_style="bold")
        cv.new_block()
        kw = dict(mode="column", x0=x0, right=x1, pt=pt, label_w=cv.mm(rng.uniform(60, 66)),
                  spacing=1.55, leader=True, value_style="regular")
        y = field(cv, rng.choice(NAME_LABELS[1:]), name, top=y + cv.mm(4), **kw)
        if birth_year_only:
            y = field(cv, "Năm sinh:", str(who.dob.year), top=y, **kw)
        else:
            y = field(cv, "Ngày, tháng, năm sinh:", dob, top=y, **kw)
        y = field(cv, rng.choice(ID_LABELS), who.id_number, top=y, **kw)
        y = field(cv, "Địa chỉ:", address, top=y, **kw)
        y = field(cv, "Điện thoại:", shown_phone, top=y, **kw)
        y = _body(cv, rng, topic, to, x0, x1, y, pt)
        rows = []
    elif layout == 2:
        cv.draw.rectangle((x0, top, x0 + cv.mm(48), top + cv.mm(10)), outline=0,
                          width=max(1, cv.mm(0.25)))
        centered(cv, [(f"Mã hồ sơ: {rng.randrange(10**5, 10**6)}", "regular", pt - 2)],
                 x0, cv.mm(48), top + cv.mm(2.5))
        cv.new_block()
        y = motto(cv, x0 + w * 0.35, w * 0.65, top, pt - 1)
        y = centered(cv, [("PHIẾU ĐỀ NGHỊ", "bold", pt + 4),
                          (subject, rng.choice(["italic", "bold"]), pt)], x0, w,
                     max(y, top + cv.mm(14)) + cv.mm(6))
        cv.new_block()
        y = centered(cv, [(f"Kính gửi: {to}", "bold", pt)], x0, w, y + cv.mm(3))
        cv.new_block()
        kw = dict(mode="inline", x0=x0, right=x1, pt=pt, spacing=1.55, value_style="regular",
                  leader=rng.random() < 0.5)
        y = field(cv, "1. Họ, chữ đệm và tên:", name, top=y + cv.mm(4), **kw)
        y = field(cv, "2. Ngày, tháng, năm sinh:", dob, top=y, **kw)
        y = boxed_digits(cv, "3. Số định danh cá nhân:", who.id_number, x0, y, pt)
        y = field(cv, "4. Nơi cư trú:", address, top=y, **kw)
        y = field(cv, "5. Số điện thoại liên hệ:", shown_phone, top=y, **kw)
        y = field(cv, "6. Nội dung đề nghị:", P.cap(topic) + ".", top=y, **kw)
        y = field(cv, "", rng.choice(REASONS), top=y, **kw)
        cv.new_block()
        y = cv.paragraph("Tôi xin cam đoan những nội dung kê khai trên là đúng sự thật và "
                         "chịu trách nhiệm trước pháp luật.", pt, x0=x0, width=w, top=y,
                         align="justify", indent=cv.mm(10), spacing=1.5)
        rows = [(dateline, "italic", pt)]
    else:
        y = centered(cv, [("ĐƠN ĐỀ NGHỊ", "bold", pt + 4), (subject, "bold", pt)], x0, w, top)
        cv.new_block()
        y = field(cv, "Kính gửi:", to, mode="inline", x0=x0 + w * 0.12, right=x1, pt=pt,
                  top=y + cv.mm(5), value_style="bold")
        cv.new_block()
        y = cv.paragraph("Thông tin người đề nghị:", pt, x0=x0, width=w, top=y + cv.mm(4))
        cv.new_block()
        lab = rng.choice(["Họ tên", "Họ và tên", "Họ, chữ đệm và tên"])
        rows_t = [[lab, [(name, "bold")]],
                  [rng.choice(["Ngày sinh", "Ngày, tháng, năm sinh"]), dob],
                  ["Số định danh cá nhân", who.id_number], ["Địa chỉ", address],
                  ["Điện thoại", shown_phone]]
        y = grid(cv, x0, y + cv.mm(1), [w * 0.37, w * 0.63], rows_t, pt, pad_mm=1.8)
        cv.new_block()
        y = _body(cv, rng, topic, to, x0, x1, y, pt)
        rows = [(dateline, "italic", pt)]
    rows += [("NGƯỜI LÀM ĐƠN", "bold", pt), ("(Ký và ghi rõ họ tên)", "italic", pt - 1)]
    sw = cv.mm(95)
    cv.new_block()
    sign_block(cv, rng, x1 - sw, sw, y + cv.mm(4), rows, who.name, pt, gap_mm=18)
    return fields, {}


def _body(cv, rng, topic: str, to: str, x0: float, x1: float, y: float, pt: float) -> float:
    cv.new_block()
    text = (f"Tôi làm đơn này kính đề nghị {to} xem xét, giải quyết việc {topic}. "
            f"{rng.choice(REASONS)} Kèm theo đơn là bản sao các giấy tờ có liên quan.")
    y = cv.paragraph(text, pt, x0=x0, width=x1 - x0, top=y + cv.mm(3), align="justify",
                     indent=cv.mm(10), spacing=1.5)
    y = cv.paragraph("Tôi xin cam đoan những thông tin trên là đúng sự thật và xin chịu trách "
                     "nhiệm trước pháp luật. Kính mong được xem xét, giải quyết.", pt, x0=x0,
                     width=x1 - x0, top=y, align="justify", indent=cv.mm(10), spacing=1.5)
    return y

