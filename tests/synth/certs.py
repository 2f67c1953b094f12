"""Certificates: ``giay_chung_nhan_qsdd`` (land use rights) and
``giay_chung_nhan_dkdn`` (enterprise registration), three layouts each.

Land: 0 the 2009-2024 form (lettered items), 1 the 2024 form (a QR code
with a lookup address, the parcel in a table), 2 the old "red book" (one
parcel in a six-column table, area under "Diện tích (m²)"). The holder is
one person ("Ông:"/"Bà:" + name; ``holder_name`` is the name alone);
``issue_date`` is the date of the signature line.

Enterprise: 0 first registration only; 1 a registration with changes
(``issue_date`` is the latest change's date) or, one time in two, a
branch ("Mã số chi nhánh" 10-3, the branch's name, address and head as
``company_name``, ``head_office_address``, ``legal_representative``);
2 after the merger (Sở Tài chính tỉnh Bắc Ninh), items in a bordered table.
"""

from __future__ import annotations

import datetime as dt

from tests.synth import card as K
from tests.synth import citizen as P
from tests.synth import content as C
from tests.synth.forms import (centered, field, fitted, gov_header, grid, motto, pairs,
                               sign_block)
from tests.synth.layout import Canvas

LAYOUTS = {"giay_chung_nhan_qsdd": 3, "giay_chung_nhan_dkdn": 3}
USES = ["Đất ở tại nông thôn", "Đất ở tại đô thị", "Đất trồng cây lâu năm",
        "Đất trồng lúa", "Đất nuôi trồng thủy sản"]
ORIGINS = ["Công nhận quyền sử dụng đất như giao đất có thu tiền sử dụng đất",
           "Nhận chuyển nhượng đất được Công nhận QSDĐ như giao đất có thu tiền sử dụng đất",
           "Nhà nước giao đất có thu tiền sử dụng đất", "Nhận thừa kế quyền sử dụng đất"]


def _area_words(printed: str) -> str:
    whole, _, tenth = printed.replace(".", "").partition(",")
    words = P.number_words(int(whole)) + (f" phẩy {P.number_words(int(tenth))}" if tenth else "")
    return P.cap(words) + " mét vuông"


def _sign(cv: Canvas, rng, x1: float, y: float, pt: float, rows, name) -> tuple[int, int]:
    w = cv.mm(90)
    cv.new_block()
    return sign_block(cv, rng, x1 - w, w, y, rows, name, pt)[1]


def render_giay_chung_nhan_qsdd(seed: int, *, dpi: int = 300, layout: int | None = None,
                                font: str | None = None):
    return fitted("giay_chung_nhan_qsdd", LAYOUTS["giay_chung_nhan_qsdd"], seed, layout, font, dpi,
                  _qsdd)


def _qsdd(cv, rng, fam, layout: int, shrink: float):
    window = {0: (dt.date(2009, 12, 10), dt.date(2024, 7, 31)),
              1: (dt.date(2024, 8, 1), dt.date(2026, 6, 30)),
              2: (dt.date(1996, 3, 1), dt.date(2009, 12, 9))}[layout]
    when = P.day_between(rng, *window)
    holder = P.citizen(rng, born=(1940, 1995))
    land = P.place(rng)
    address = land.written("new" if when >= P.MERGED else "full")
    parcel, sheet = str(rng.randrange(1, 1500)), str(rng.randrange(1, 80))
    area, area_m2 = P.area(rng)
    title = "Bà" if holder.female else "Ông"
    fields = {"holder_name": holder.upper, "parcel_number": parcel, "map_sheet_number": sheet,
              "area_m2": area_m2, "land_address": address, "issue_date": when.isoformat()}
    pt = rng.choice([12, 12.5, 13]) * shrink
    x0, x1 = cv.mm(rng.uniform(18, 26)), cv.width - cv.mm(rng.uniform(14, 20))
    top = cv.mm(rng.uniform(14, 22))
    use, origin = rng.choice(USES), rng.choice(ORIGINS)
    signer = C.person(rng)
    district = f"{land.district_kind.upper()} {land.district.upper()}"
    if layout == 0:
        cv.new_block()
        centered(cv, [(f"{rng.choice(['BX', 'CĐ', 'CS', 'DA'])} {rng.randrange(10**5, 10**6)}",
                       "bold", pt + 1)], x1 - cv.mm(45), cv.mm(45), top)
        cv.new_block()
        y = motto(cv, x0, x1 - x0, top + cv.mm(10), pt)
        y = centered(cv, [("GIẤY CHỨNG NHẬN", "bold", pt + 6),
                          ("QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN "
                           "VỚI ĐẤT", "bold", pt + 1)], x0, x1 - x0, y + cv.mm(3))
        cv.new_block()
        kw = dict(mode="inline", x0=x0, right=x1, pt=pt, spacing=1.45)
        y = field(cv, "", "I. Người sử dụng đất, chủ sở hữu nhà ở và tài sản khác gắn liền "
                  "với đất", value_style="bold", top=y + cv.mm(5), **kw)
        y = field(cv, f"{title}:", holder.upper, top=y, **kw)
        y = pairs(cv, [("Năm sinh: ", str(holder.dob.year)),
                       ("CMND số: " if when.year < 2021 and holder.old_id else "CCCD số: ",
                        holder.old_id if when.year < 2021 and holder.old_id
                        else holder.id_number)], [x0, x0 + cv.mm(45)], y, pt, 1.45,
                  value_style="regular")
        y = field(cv, "Địa chỉ thường trú:", holder.residence.full(), value_style="regular",
                  top=y, **kw)
        y = field(cv, "", "II. Thửa đất, nhà ở và tài sản khác gắn liền với đất",
                  value_style="bold", top=y + cv.mm(2), **kw)
        y = field(cv, "", "1. Thửa đất:", value_style="bold", top=y, **kw)
        kw["x0"] = x0 + cv.mm(5)
        y = pairs(cv, [("a) Thửa đất số: ", parcel), ("tờ bản đồ số: ", sheet)],
                  [x0 + cv.mm(5), x0 + cv.mm(60)], y, pt, 1.45)
        y = field(cv, "b) Địa chỉ:", address, top=y, **kw)
        y = field(cv, "c) Diện tích:", f"{area} m²", top=y, **kw)
        y = field(cv, "", f"(Bằng chữ: {_area_words(area)})", value_style="italic", top=y, **kw)
        y = field(cv, "d) Hình thức sử dụng:", "Sử dụng riêng", value_style="regular", top=y, **kw)
        y = field(cv, "đ) Mục đích sử dụng:", use, value_style="regular", top=y, **kw)
        y = field(cv, "e) Thời hạn sử dụng:", "Lâu dài", value_style="regular", top=y, **kw)
        y = field(cv, "g) Nguồn gốc sử dụng:", origin, value_style="regular", top=y, **kw)
        kw["x0"] = x0
        y = field(cv, "2. Nhà ở:", "-/-", value_style="regular", top=y, **kw)
        y = field(cv, "3. Công trình xây dựng khác:", "-/-", value_style="regular", top=y, **kw)
        seat = land.district if rng.random() < 0.6 else "Bắc Giang" \
            if land.province == "Bắc Giang" else "Bắc Ninh"
        rows = [(f"{seat}, {P.date_long(when)}", "italic", pt)]
        rows += [(f"TM. ỦY BAN NHÂN DÂN {district}", "bold", pt), ("KT. CHỦ TỊCH", "bold", pt),
                 ("PHÓ CHỦ TỊCH", "bold", pt)] if seat == land.district else \
            [("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "bold", pt), ("KT. GIÁM ĐỐC", "bold", pt),
             ("PHÓ GIÁM ĐỐC", "bold", pt)]
        seal = _sign(cv, rng, x1, y + cv.mm(4), pt, rows, signer)
        cv.new_block()
        centered(cv, [(f"Số vào sổ cấp GCN: CH {rng.randrange(100, 9999):05d}", "regular",
                       pt - 1)], x0, cv.mm(70), y + cv.mm(30))
    elif layout == 1:
        K.paste_qr(cv, f"https://dichvucong.bacninh.gov.vn/gcn/{rng.randrange(10**9, 10**10)}",
                   x1 - cv.mm(24), top, cv.mm(24))
        y = motto(cv, x0 + cv.mm(20), x1 - x0 - cv.mm(45), top, pt)
        y = centered(cv, [("GIẤY CHỨNG NHẬN", "bold", pt + 6),
                          ("QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU TÀI SẢN GẮN LIỀN VỚI ĐẤT", "bold",
                           pt + 1)], x0, x1 - x0, max(y, top + cv.mm(26)))
        cv.new_block()
        lw = cv.mm(rng.uniform(60, 66))
        kw = dict(mode="column", x0=x0, right=x1, pt=pt, label_w=lw, spacing=1.45)
        y = field(cv, "", "1. Người sử dụng đất, chủ sở hữu tài sản gắn liền với đất:",
                  mode="inline", x0=x0, right=x1, pt=pt, value_style="bold", top=y + cv.mm(4))
        y = field(cv, "Họ và tên:", holder.upper, top=y, **kw)
        y = field(cv, "Số định danh cá nhân:", holder.id_number, value_style="regular", top=y,
                  **kw)
        y = field(cv, "Địa chỉ:", holder.residence.new(), value_style="regular", top=y, **kw)
        y = field(cv, "", "2. Thông tin thửa đất:", mode="inline", x0=x0, right=x1, pt=pt,
                  value_style="bold", top=y + cv.mm(2))
        w = x1 - x0
        y = grid(cv, x0, y + cv.mm(1), [w * 0.25, w * 0.25, w * 0.5],
                 [[[("Thửa đất số", "bold")], [("Tờ bản đồ số", "bold")],
                   [("Diện tích", "bold")]], [parcel, sheet, f"{area} m²"]], pt,
                 align=["center"] * 3)
        cv.new_block()
        y = field(cv, "Địa chỉ thửa đất:", address, top=y + cv.mm(3), **kw)
        y = field(cv, "Loại đất:", use, value_style="regular", top=y, **kw)
        y = field(cv, "Thời hạn sử dụng:", "Lâu dài", value_style="regular", top=y, **kw)
        y = field(cv, "Nguồn gốc sử dụng:", origin, value_style="regular", top=y, **kw)
        rows = [(f"Bắc Ninh, {P.date_long(when)}", "italic", pt),
                ("SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" if when >= dt.date(2025, 3, 1) else
                 "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "bold", pt), ("KT. GIÁM ĐỐC", "bold", pt),
                ("PHÓ GIÁM ĐỐC", "bold", pt)]
        seal = _sign(cv, rng, x1, y + cv.mm(5), pt, rows, signer)
    else:
        y = motto(cv, x0, x1 - x0, top, pt)
        y = centered(cv, [("GIẤY CHỨNG NHẬN", "bold", pt + 8),
                          ("QUYỀN SỬ DỤNG ĐẤT", "bold", pt + 5)], x0, x1 - x0, y + cv.mm(4))
        cv.new_block()
        kw = dict(mode="inline", x0=x0, right=x1, pt=pt, spacing=1.5)
        y = field(cv, "", f"ỦY BAN NHÂN DÂN {district} chứng nhận:", value_style="bold",
                  top=y + cv.mm(6), **kw)
        y = field(cv, f"{title}:", holder.upper, top=y, **kw)
        y = field(cv, "Địa chỉ thường trú:", holder.residence.full(), value_style="regular",
                  top=y, **kw)
        y = field(cv, "", "Được quyền sử dụng thửa đất sau:", value_style="regular", top=y, **kw)
        w = x1 - x0
        y = grid(cv, x0, y + cv.mm(2), [w * 0.13, w * 0.13, w * 0.16, w * 0.24, w * 0.16,
                                         w * 0.18],
                 [["Thửa đất số", "Tờ bản đồ số", "Diện tích (m²)", "Mục đích sử dụng",
                   "Thời hạn sử dụng", "Ghi chú"],
                  [parcel, sheet, area, use.split(":")[0], "Lâu dài", ""]], pt - 1.5,
                 align=["center"] * 6, pad_mm=1.2)
        cv.new_block()
        y = field(cv, "Địa chỉ thửa đất:", address, top=y + cv.mm(3), **kw)
        rows = [(f"{land.district}, {P.date_long(when)}", "italic", pt),
                (f"TM. ỦY BAN NHÂN DÂN {district}", "bold", pt), ("CHỦ TỊCH", "bold", pt)]
        seal = _sign(cv, rng, x1, y + cv.mm(5), pt, rows, signer)
    return fields, dict(seal_xy=seal, issuer=f"ỦY BAN NHÂN DÂN {district}")


def _capital(rng) -> tuple[str, str]:
    millions = rng.choice([500, 1000, 1500, 2000, 3000, 5000, 10000, 20000, 800])
    b, m = divmod(millions, 1000)
    words = " ".join(([f"{P.number_words(b)} tỷ"] if b else []) +
                     ([f"{P.number_words(m)} triệu"] if m else []))
    return f"{millions * 1_000_000:,}".replace(",", ".") + " đồng", P.cap(words) + " đồng"


def render_giay_chung_nhan_dkdn(seed: int, *, dpi: int = 300, layout: int | None = None,
                                font: str | None = None):
    return fitted("giay_chung_nhan_dkdn", LAYOUTS["giay_chung_nhan_dkdn"], seed, layout, font, dpi,
                  _dkdn)


def _dkdn(cv, rng, fam, layout: int, shrink: float):
    first = P.day_between(rng, dt.date(2010, 1, 4) if layout < 2 else dt.date(2025, 7, 1),
                          dt.date(2025, 6, 30) if layout < 2 else dt.date(2026, 6, 30))
    home = P.place(rng)
    province = home.province if layout < 2 else "Bắc Ninh"
    code = P.enterprise_code(rng, home.province if layout < 2 else rng.choice(
        ["Bắc Ninh", "Bắc Giang"]))
    form, name, foreign, short = P.company(rng)
    rep = P.citizen(rng, born=(1960, 1998))
    address = P.street_address(rng, home, "new" if layout == 2 else "full")
    branch = layout == 1 and rng.random() < 0.5
    changes = []
    if layout == 1 and not branch:
        d = first
        for _ in range(rng.randrange(1, 4)):
            d = P.day_between(rng, d + dt.timedelta(days=60), d + dt.timedelta(days=900))
            changes.append(min(d, dt.date(2026, 6, 30)))
    when = changes[-1] if changes else first
    if branch:
        code = f"{code}-{rng.randrange(1, 6):03d}"
        name = f"CHI NHÁNH {name} TẠI {home.district.upper()}"
    fields = {"enterprise_code": code, "company_name": name, "head_office_address": address,
              "legal_representative": rep.upper, "issue_date": when.isoformat()}
    pt = rng.choice([11.5, 12, 12.5, 13]) * shrink
    x0, x1 = cv.mm(rng.uniform(18, 26)), cv.width - cv.mm(rng.uniform(14, 20))
    top = cv.mm(rng.uniform(14, 22))
    dept = "SỞ TÀI CHÍNH" if layout == 2 else "SỞ KẾ HOẠCH VÀ ĐẦU TƯ"
    office = "PHÒNG ĐĂNG KÝ KINH DOANH VÀ TÀI CHÍNH DOANH NGHIỆP" if layout == 2 else \
        "PHÒNG ĐĂNG KÝ KINH DOANH"
    y = gov_header(cv, x0 - cv.mm(10), x1 + cv.mm(6), top, pt - 1,
                   [f"{dept} TỈNH {province.upper()}", office], [], split=0.5)
    title = "GIẤY CHỨNG NHẬN ĐĂNG KÝ HOẠT ĐỘNG CHI NHÁNH" if branch else \
        "GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP"
    y = centered(cv, [(title, "bold", pt + 2)] + ([] if branch else [(form, "bold", pt)]),
                 x0, x1 - x0, y + cv.mm(5))
    code_label = "Mã số chi nhánh:" if branch else "Mã số doanh nghiệp:"
    y = centered(cv, [(f"{code_label} {code}", "bold", pt + 1)], x0, x1 - x0, y + cv.mm(2))
    y = centered(cv, [(f"Đăng ký lần đầu: {P.date_long(first)}", "italic", pt)] +
                 [(f"Đăng ký thay đổi lần thứ {i}: {P.date_long(d)}", "italic", pt)
                  for i, d in enumerate(changes, 1)], x0, x1 - x0, y)
    cv.new_block()
    phone = ("0204 " if home.province == "Bắc Giang" else "0222 ") + \
        "".join(str(rng.randrange(10)) for _ in range(7))
    capital, words = _capital(rng)
    sub = dict(mode="inline", x0=x0 + cv.mm(4), right=x1, pt=pt, spacing=1.4)
    head = dict(mode="inline", x0=x0, right=x1, pt=pt, spacing=1.4)
    if layout < 2:
        y += cv.mm(4)
        if branch:
            y = field(cv, "1. Tên chi nhánh:", name, top=y, value_style="bold", **head)
            y = field(cv, "2. Địa chỉ chi nhánh:", address, value_style="regular", top=y, **head)
            y = field(cv, "Điện thoại:", phone, value_style="regular", top=y, **sub)
            y = field(cv, "", "3. Người đứng đầu chi nhánh:", top=y, value_style="bold", **head)
        else:
            y = field(cv, "", "1. Tên công ty", top=y, value_style="bold", **head)
            y = field(cv, "Tên công ty viết bằng tiếng Việt:", name, top=y, **sub)
            y = field(cv, "Tên công ty viết bằng tiếng nước ngoài:", foreign,
                      value_style="regular", top=y, **sub)
            y = field(cv, "", "2. Địa chỉ trụ sở chính", top=y, value_style="bold", **head)
            y = field(cv, "", address, value_style="regular", top=y, **sub)
            y = pairs(cv, [("Điện thoại: ", phone), ("Email: ", "")],
                      [x0 + cv.mm(4), x0 + cv.mm(75)], y, pt, 1.4, value_style="regular")
            y = field(cv, "3. Vốn điều lệ:", capital, top=y, value_style="bold", **head)
            y = field(cv, "Bằng chữ:", words, value_style="italic", top=y, **sub)
            y = field(cv, "", "4. Người đại diện theo pháp luật của công ty", top=y,
                      value_style="bold", **head)
        y = pairs(cv, [("* Họ và tên: ", rep.upper), ("Giới tính: ", rep.sex)],
                  [x0 + cv.mm(4), x0 + cv.mm(100)], y, pt, 1.4)
        y = field(cv, "Chức danh:", rng.choice(["Giám đốc", "Tổng giám đốc",
                                                "Chủ tịch Hội đồng quản trị"]) if not branch
                  else "Giám đốc chi nhánh", value_style="regular", top=y, **sub)
        y = pairs(cv, [("Sinh ngày: ", P.dmy(rep.dob)), ("Dân tộc: ", "Kinh"),
                       ("Quốc tịch: ", "Việt Nam")],
                  [x0 + cv.mm(4), x0 + cv.mm(62), x0 + cv.mm(100)], y, pt, 1.4,
                  value_style="regular")
        y = field(cv, "Số định danh cá nhân:", rep.id_number, value_style="regular", top=y, **sub)
        y = field(cv, "Địa chỉ thường trú:", rep.residence.full(), value_style="regular",
                  top=y, **sub)
    else:
        w = x1 - x0
        lab = rng.choice(["Họ và tên", "Họ, chữ đệm và tên", "Họ tên"])
        rows = [[[("Tên doanh nghiệp", "bold")], [(name, "bold")]],
                ["Tên doanh nghiệp viết bằng tiếng nước ngoài", foreign], ["Tên viết tắt", short],
                ["Địa chỉ trụ sở chính", address], ["Điện thoại", phone],
                ["Vốn điều lệ", f"{capital} ({words})"],
                [[("Người đại diện theo pháp luật", "bold")], f"{lab}: {rep.upper}"],
                ["", f"Giới tính: {rep.sex}; Sinh ngày: {P.dmy(rep.dob)}"],
                ["", f"Số định danh cá nhân: {rep.id_number}"],
                ["", f"Địa chỉ liên lạc: {rep.residence.new()}"]]
        y = grid(cv, x0, y + cv.mm(5), [w * 0.32, w * 0.68], rows, pt, pad_mm=1.8)
    rows = [("TRƯỞNG PHÒNG", "bold", pt)] if rng.random() < 0.6 else \
        [("KT. TRƯỞNG PHÒNG", "bold", pt), ("PHÓ TRƯỞNG PHÒNG", "bold", pt)]
    seal = _sign(cv, rng, x1, y + cv.mm(6), pt, rows, C.person(rng))
    return fields, dict(seal_xy=seal, issuer=office)
