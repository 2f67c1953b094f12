"""Civil-status papers: ``giay_khai_sinh`` (birth certificate) and
``giay_chung_nhan_ket_hon`` (marriage certificate), three layouts each.

``issuing_authority`` is the registering body as the body of the paper
prints it ("Nơi đăng ký: Ủy ban nhân dân xã Tân Dĩnh"; a header that prints
the same body in capitals agrees with it, names being compared ignoring
case); ``issue_date`` is the registration date; ``document_number`` what
follows "Số:" (the register's entry number, "59").
"""

from __future__ import annotations

import datetime as dt
import random

from tests.synth import card as K
from tests.synth import citizen as P
from tests.synth import content as C
from tests.synth.admin import _scribble
from tests.synth.forms import (centered, field, fitted, frame, gov_header, grid, motto, pairs,
                               sign_block)

LAYOUTS = {"giay_khai_sinh": 3, "giay_chung_nhan_ket_hon": 3}
LAST_DAY = dt.date(2026, 6, 30)
HOSPITALS = ["Bệnh viện Đa khoa tỉnh Bắc Giang", "Bệnh viện Sản Nhi tỉnh Bắc Giang",
             "Bệnh viện Sản Nhi tỉnh Bắc Ninh", "Bệnh viện Đa khoa tỉnh Bắc Ninh",
             "Trung tâm Y tế huyện {d}, tỉnh {p}", "Trạm Y tế {c}, {dk} {d}, tỉnh {p}",
             "Bệnh viện Đa khoa Kinh Bắc", "Bệnh viện Đa khoa Hà Nội - Bắc Giang"]
SIGNER_NOTE = "(Ký, ghi rõ họ, chữ đệm, tên, chức vụ và đóng dấu)"


def _body_lines(authority: str) -> list[str]:
    """'Ủy ban nhân dân xã Kép' -> header lines 'ỦY BAN NHÂN DÂN', 'XÃ KÉP'."""
    return ["ỦY BAN NHÂN DÂN", authority.removeprefix("Ủy ban nhân dân ").upper()]


def _birthplace(rng: random.Random, p: P.Place) -> str:
    return rng.choice(HOSPITALS).format(d=p.district, p=p.province, c=" ".join(p.commune),
                                        dk=p.district_kind)


def _signature(cv, rng, x1, y, pt, rows, signer) -> tuple[int, int]:
    w = cv.mm(88)
    cv.new_block()
    _, seal = sign_block(cv, rng, x1 - w, w, y, rows, signer, pt)
    return seal


# ------------------------------------------------------------------ birth
def render_giay_khai_sinh(seed: int, *, dpi: int = 300, layout: int | None = None,
                          font: str | None = None):
    return fitted("giay_khai_sinh", LAYOUTS["giay_khai_sinh"], seed, layout, font, dpi,
                  _khai_sinh)


def _khai_sinh(cv, rng, fam, layout: int, shrink: float):
    child = P.citizen(rng, born=(1986, 2026) if layout != 1 else (1980, 2015))
    reg = min(LAST_DAY, child.dob + dt.timedelta(days=rng.randrange(3, 60)))
    father = child.name.split()[0] + " " + C.person(rng, female=False).split(" ", 1)[1]
    mother = C.person(rng, female=True)
    authority = child.origin.authority(reg)
    number = str(rng.choice([rng.randrange(1, 99), rng.randrange(100, 900)]))
    name, fname, mname = child.upper, father.upper(), mother.upper()
    if layout == 1 and rng.random() < 0.6:
        fname, mname = father, mother
    fields = {"full_name": name, "date_of_birth": child.dob.isoformat(), "sex": child.sex,
              "place_of_birth": _birthplace(rng, child.origin), "father_name": fname,
              "mother_name": mname, "document_number": number, "issue_date": reg.isoformat(),
              "issuing_authority": authority}
    pt = rng.choice([12, 12.5, 13, 13.5]) * shrink
    x0, x1 = cv.mm(rng.uniform(18, 28)), cv.width - cv.mm(rng.uniform(15, 22))
    top = cv.mm(rng.uniform(14, 24))
    signer = C.person(rng)
    parents = [("mẹ", mname, mother), ("cha", fname, father)]
    if layout == 0:   # the 2020 form: emblem, motto, values in a column
        frame(cv, rng.uniform(7, 10))
        K.emblem(cv, cv.width / 2, top + cv.mm(9), cv.mm(9))
        cv.new_block()
        centered(cv, [(f"Số: {number}", "regular", pt)], x0, cv.mm(50), top + cv.mm(4))
        cv.new_block()
        y = motto(cv, x0, x1 - x0, top + cv.mm(20), pt)
        y = centered(cv, [("GIẤY KHAI SINH", "bold", pt + 6)], x0, x1 - x0, y + cv.mm(3))
        cv.new_block()
        kw = dict(mode="column", x0=x0, right=x1, pt=pt, label_w=cv.mm(rng.uniform(58, 66)),
                  spacing=1.45)
        y = field(cv, "Họ, chữ đệm, tên:", name, top=y + cv.mm(5), **kw)
        y = field(cv, "Ngày, tháng, năm sinh:", P.dmy(child.dob), top=y, **kw)
        y = field(cv, "Ghi bằng chữ:", P.date_in_words(child.dob), value_style="italic",
                  top=y, **kw)
        y = field(cv, "Giới tính:", child.sex, top=y, **kw)
        y = field(cv, "Dân tộc:", "Kinh", top=y, **kw)
        y = field(cv, "Quốc tịch:", "Việt Nam", top=y, **kw)
        y = field(cv, "Nơi sinh:", fields["place_of_birth"], top=y, **kw)
        y = field(cv, "Quê quán:", child.origin.full(village=False), top=y, **kw)
        if child.dob.year >= 2016:
            y = field(cv, "Số định danh cá nhân:", child.id_number, top=y, **kw)
        for who, shown, plain in parents:
            y = field(cv, f"Họ, chữ đệm, tên người {who}:", shown, top=y + cv.mm(2), **kw)
            born = child.dob.year - rng.randrange(20, 40)
            y = field(cv, "Năm sinh:", str(born), value_style="regular", top=y, **kw)
            y = field(cv, "Nơi cư trú:", child.residence.written(
                "new" if reg >= P.MERGED else "full"), value_style="regular", top=y, **kw)
        y = field(cv, "Nơi đăng ký khai sinh:", authority, top=y + cv.mm(2), **kw)
        y = field(cv, "Ngày, tháng, năm đăng ký:", P.dmy(reg), top=y, **kw)
        seal = _signature(cv, rng, x1, y + cv.mm(4), pt,
                          [("NGƯỜI KÝ GIẤY KHAI SINH", "bold", pt),
                           (SIGNER_NOTE, "italic", pt - 2)], signer)
    elif layout == 1:  # an older form: body header, inline values, parents in a table
        y = gov_header(cv, x0 - cv.mm(8), x1, top, pt - 0.5, _body_lines(authority),
                       [(f"Số: {number}", "regular"),
                        (f"Quyển số: {rng.randrange(1, 4):02d}", "regular")])
        y = centered(cv, [("GIẤY KHAI SINH", "bold", pt + 5)], x0, x1 - x0, y + cv.mm(6))
        cv.new_block()
        kw = dict(mode="inline", x0=x0, right=x1, pt=pt, spacing=1.5, leader=rng.random() < 0.5)
        y = field(cv, "Họ và tên:", name, top=y + cv.mm(5), **kw)
        y = field(cv, "Ngày, tháng, năm sinh:", P.date_long(child.dob, rng.random() < 0.5),
                  top=y, **kw)
        y = pairs(cv, [("Giới tính: ", child.sex), ("Dân tộc: ", "Kinh"),
                       ("Quốc tịch: ", "Việt Nam")],
                  [x0, x0 + (x1 - x0) * 0.33, x0 + (x1 - x0) * 0.62], y, pt, spacing=1.5)
        y = field(cv, "Nơi sinh:", fields["place_of_birth"], top=y, **kw)
        y = field(cv, "Quê quán:", child.origin.full(village=False), top=y, **kw)
        cv.new_block()
        w = x1 - x0
        rows = [[[("PHẦN KHAI VỀ CHA, MẸ", "bold")], [("Mẹ", "bold")], [("Cha", "bold")]],
                ["Họ và tên", [(mname, "bold")], [(fname, "bold")]],
                ["Năm sinh", str(child.dob.year - rng.randrange(20, 38)),
                 str(child.dob.year - rng.randrange(22, 45))],
                ["Dân tộc", "Kinh", "Kinh"], ["Quốc tịch", "Việt Nam", "Việt Nam"],
                ["Nơi thường trú", child.residence.full(), child.residence.full()]]
        y = grid(cv, x0, y + cv.mm(3), [w * 0.3, w * 0.35, w * 0.35], rows, pt - 1)
        cv.new_block()
        kw["leader"] = False
        y = field(cv, "Nơi đăng ký:", authority, top=y + cv.mm(4), **kw)
        y = field(cv, "Ngày, tháng, năm đăng ký:", P.dmy(reg), top=y, **kw)
        seal = _signature(cv, rng, x1, y + cv.mm(3), pt,
                          [(f"{child.origin.seat(reg)}, {P.date_long(reg)}", "italic", pt),
                           ("TM. ỦY BAN NHÂN DÂN", "bold", pt), ("CHỦ TỊCH", "bold", pt)],
                          signer)
    else:  # a copy from the register: every item in a bordered two-column table
        cv.new_block()
        centered(cv, [("BẢN SAO", "bold", pt + 1)], x1 - cv.mm(40), cv.mm(40), top - cv.mm(6))
        cv.new_block()
        y = gov_header(cv, x0 - cv.mm(6), x1, top, pt - 0.5, _body_lines(authority),
                       [(f"Số: {number}", "regular")])
        y = centered(cv, [("GIẤY KHAI SINH", "bold", pt + 5)], x0, x1 - x0, y + cv.mm(6))
        cv.new_block()
        w = x1 - x0
        lab = rng.choice(["Họ và tên", "Họ, chữ đệm và tên", "Họ, chữ đệm, tên"])
        rows = [[lab, [(name, "bold")]], ["Ngày, tháng, năm sinh", P.dmy(child.dob)],
                ["Giới tính", child.sex], ["Dân tộc", "Kinh"], ["Quốc tịch", "Việt Nam"],
                ["Nơi sinh", fields["place_of_birth"]],
                ["Quê quán", child.origin.full(village=False)],
                [f"{lab} mẹ", [(mname, "bold")]], [f"{lab} cha", [(fname, "bold")]],
                ["Nơi đăng ký khai sinh", authority], ["Ngày, tháng, năm đăng ký", P.dmy(reg)]]
        y = grid(cv, x0, y + cv.mm(5), [w * 0.36, w * 0.64], rows, pt, pad_mm=2)
        seal = _signature(cv, rng, x1, y + cv.mm(6), pt,
                          [("TM. ỦY BAN NHÂN DÂN", "bold", pt), ("KT. CHỦ TỊCH", "bold", pt),
                           ("PHÓ CHỦ TỊCH", "bold", pt)], signer)
    return fields, dict(seal_xy=seal, issuer=authority.upper())


# ------------------------------------------------------------------ marriage
def render_giay_chung_nhan_ket_hon(seed: int, *, dpi: int = 300, layout: int | None = None,
                                   font: str | None = None):
    return fitted("giay_chung_nhan_ket_hon", LAYOUTS["giay_chung_nhan_ket_hon"], seed, layout,
                  font, dpi, _ket_hon)


def _ket_hon(cv, rng, fam, layout: int, shrink: float):
    reg = P.day_between(rng, dt.date(2008, 1, 1), LAST_DAY)
    husband = P.citizen(rng, born=(reg.year - 45, reg.year - 21), female=False)
    wife = P.citizen(rng, born=(reg.year - 40, reg.year - 19), female=True)
    where = rng.choice([husband.residence, wife.residence])
    authority = where.authority(reg)
    number = str(rng.choice([rng.randrange(1, 99), rng.randrange(100, 400)]))
    hn, wn = husband.upper, wife.upper
    fields = {"husband_name": hn, "wife_name": wn, "document_number": number,
              "issue_date": reg.isoformat(), "issuing_authority": authority}
    pt = rng.choice([12, 12.5, 13, 13.5]) * shrink
    x0, x1 = cv.mm(rng.uniform(16, 26)), cv.width - cv.mm(rng.uniform(14, 20))
    top = cv.mm(rng.uniform(14, 24))
    signer = C.person(rng)
    style = "new" if reg >= P.MERGED else "full"
    idl = "Số định danh cá nhân" if reg.year >= 2021 else "Giấy tờ tùy thân"

    def idv(c: P.Citizen) -> str:
        return c.id_number if reg.year >= 2021 else f"CMND số {c.old_id or c.id_number[3:]}"
    if layout in (0, 1):
        frame(cv, rng.uniform(7, 10), double=layout == 0)
        K.emblem(cv, cv.width / 2, top + cv.mm(9), cv.mm(9))
        cv.new_block()
        centered(cv, [(f"Số: {number}", "regular", pt)], x0, cv.mm(50), top + cv.mm(4))
        cv.new_block()
        y = motto(cv, x0, x1 - x0, top + cv.mm(20), pt)
        y = centered(cv, [("GIẤY CHỨNG NHẬN KẾT HÔN", "bold", pt + 5)], x0, x1 - x0,
                     y + cv.mm(3)) + cv.mm(4)
        cv.new_block()
        w = x1 - x0
        if layout == 0:  # two columns, husband left, wife right
            cols = []
            for i, (who, c, shown) in enumerate([("chồng", husband, hn), ("vợ", wife, wn)]):
                cx0, cx1 = x0 + i * w / 2 + (cv.mm(3) if i else 0), x0 + (i + 1) * w / 2 - \
                    (0 if i else cv.mm(3))
                kw = dict(mode="next", x0=cx0, right=cx1, pt=pt - 1, spacing=1.35,
                          indent=cv.mm(3))
                yy = centered(cv, [(f"Thông tin người {who}", "bold", pt)], cx0, cx1 - cx0, y)
                yy = field(cv, "Họ, chữ đệm, tên:", shown, top=yy, **kw)
                yy = field(cv, "Ngày, tháng, năm sinh:", P.dmy(c.dob), top=yy, **kw)
                yy = field(cv, "Dân tộc, quốc tịch:", "Kinh, Việt Nam", top=yy, **kw)
                yy = field(cv, "Nơi cư trú:", c.residence.written(style), top=yy, **kw)
                yy = field(cv, f"{idl}:", idv(c), top=yy, **kw)
                cols.append(yy)
                cv.new_block()
            y = max(cols)
        else:  # a bordered table: item | husband | wife
            rows = [["", [("Chồng", "bold")], [("Vợ", "bold")]],
                    ["Họ, chữ đệm, tên", [(hn, "bold")], [(wn, "bold")]],
                    ["Ngày, tháng, năm sinh", P.dmy(husband.dob), P.dmy(wife.dob)],
                    ["Dân tộc", "Kinh", "Kinh"], ["Quốc tịch", "Việt Nam", "Việt Nam"],
                    ["Nơi cư trú", husband.residence.written(style),
                     wife.residence.written(style)], [idl, idv(husband), idv(wife)]]
            y = grid(cv, x0, y, [w * 0.28, w * 0.36, w * 0.36], rows, pt - 1, pad_mm=1.8,
                     align=["left", "center", "center"])
            cv.new_block()
        kw = dict(mode="inline", x0=x0, right=x1, pt=pt, spacing=1.5)
        y = field(cv, "Nơi đăng ký:", authority, top=y + cv.mm(4), **kw)
        y = field(cv, "Ngày, tháng, năm đăng ký:", P.dmy(reg), top=y, **kw)
        rows = [("NGƯỜI KÝ GIẤY CHỨNG NHẬN", "bold", pt), (SIGNER_NOTE, "italic", pt - 2.5)]
    else:  # the older stacked form
        y = gov_header(cv, x0 - cv.mm(6), x1, top, pt - 0.5, _body_lines(authority),
                       [(f"Số: {number}", "regular"),
                        (f"Quyển số: {rng.randrange(1, 3):02d}/{reg.year}", "regular")])
        y = centered(cv, [("GIẤY CHỨNG NHẬN KẾT HÔN", "bold", pt + 4)], x0, x1 - x0,
                     y + cv.mm(6)) + cv.mm(4)
        cv.new_block()
        kw = dict(mode="inline", x0=x0, right=x1, pt=pt, spacing=1.45, leader=rng.random() < 0.5)
        for who, c, shown in [("chồng", husband, hn), ("vợ", wife, wn)]:
            y = field(cv, f"Họ và tên {who}:", shown, top=y, **kw)
            y = field(cv, "Ngày, tháng, năm sinh:", P.date_long(c.dob), top=y, **kw)
            y = pairs(cv, [("Dân tộc: ", "Kinh"), ("Quốc tịch: ", "Việt Nam")],
                      [x0, x0 + (x1 - x0) * 0.45], y, pt, spacing=1.45)
            y = field(cv, "Nơi thường trú:", c.residence.written(style), top=y, **kw)
            y = field(cv, f"{idl}:", idv(c), top=y, **kw) + cv.mm(3)
        cv.new_block()
        kw["leader"] = False
        y = field(cv, "Đăng ký kết hôn tại:", authority, top=y, **kw)
        y = field(cv, "Ngày, tháng, năm đăng ký:", P.date_long(reg), top=y, **kw)
        rows = [(f"{where.seat(reg)}, {P.date_long(reg)}", "italic", pt),
                ("TM. ỦY BAN NHÂN DÂN", "bold", pt), ("CHỦ TỊCH", "bold", pt)]
    cv.new_block()
    sw = (x1 - x0) * 0.25
    for i, (who, c) in enumerate([("Chồng", husband), ("Vợ", wife)]):
        centered(cv, [(who, "bold", pt)], x0 + i * sw, sw, y + cv.mm(4))
        _scribble(cv, rng, x0 + (i + 0.5) * sw, y + cv.mm(17), cv.mm(16))
        centered(cv, [(c.name, "regular", pt - 1)], x0 + i * sw, sw, y + cv.mm(27))
        cv.new_block()
    seal = _signature(cv, rng, x1, y + cv.mm(4), pt, rows, signer)
    return fields, dict(seal_xy=seal, issuer=authority.upper())
