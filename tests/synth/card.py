"""The sides of a Vietnamese citizen ID card, drawn at true size (85.6 × 54 mm).

Three fronts: the chip card of 2021 (``chip``: bilingual labels, a QR code
top right), the card of 2016 (``old``: Vietnamese labels, no QR code) and
the "Thẻ căn cước" of 2024 (``new``: personal
identification number, full name, date of birth, sex and nationality only);
and the back of the chip card (fingerprints, issue date, machine-readable
zone). :class:`CardData` is what is printed; every side is a
:class:`Canvas`, so its text is recorded like any page's.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

import numpy as np
import segno
from PIL import Image

from tests.synth import fonts
from tests.synth.admin import _scribble
from tests.synth import citizen as P
from tests.synth.citizen import dmy
from tests.synth.forms import _mixed, ascent, centered, field, line_at, pairs, words
from tests.synth.layout import Canvas

CARD_MM = (85.6, 54.0)
TITLE_INK = 55  # the red title, in grey
MONO = fonts.FontFamily("Liberation Mono", *(
    f"{fonts._ROOT}/liberation2/LiberationMono-{s}.ttf"
    for s in ("Regular", "Bold", "Italic", "BoldItalic")), serif=False)


@dataclass(frozen=True)
class CardData:
    id_number: str
    name: str                 # as printed (capitals)
    dob: dt.date
    sex: str
    nationality: str
    origin: str
    residence: str
    issued: dt.date
    expiry: dt.date | None    # None: "Không thời hạn"
    qr_payload: str = ""
    feature: str = "Nốt ruồi C:1cm dưới sau mép trái"
    director: str = "Nguyễn Văn Long"


def _background(cv: Canvas, rng: random.Random) -> None:
    """Light guilloche-like waves over a pale tone, and a faint drum motif."""
    base = rng.randrange(236, 246)
    cv.draw.rectangle((0, 0, cv.width, cv.height), fill=base)
    amp, per = cv.mm(rng.uniform(1.5, 3)), cv.mm(rng.uniform(8, 14))
    tone = base - rng.randrange(7, 12)
    for k in range(0, cv.height + cv.mm(6), cv.mm(rng.uniform(2.2, 3.2))):
        ph = rng.uniform(0, 6.3)
        pts = [(x, k + amp * math.sin(x / per * 6.283 + ph)) for x in range(0, cv.width + 8, 8)]
        cv.draw.line(pts, fill=tone, width=max(1, cv.mm(0.08)))
    cx, cy, r = cv.width * 0.55, cv.height * 0.62, cv.mm(17)
    for i in range(3):
        rr = r - i * cv.mm(4)
        cv.draw.ellipse((cx - rr, cy - rr, cx + rr, cy + rr), outline=tone,
                        width=max(1, cv.mm(0.1)))


def _star(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    return [(cx + (r if k % 2 == 0 else r * 0.4) * math.sin(k * math.pi / 5),
             cy - (r if k % 2 == 0 else r * 0.4) * math.cos(k * math.pi / 5)) for k in range(10)]


def emblem(cv: Canvas, cx: float, cy: float, r: float) -> None:
    """The national emblem, simplified: a disc, a star, a cogwheel arc (not text)."""
    cv.draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=150, outline=70,
                    width=max(1, cv.mm(0.3)))
    ri = r * 0.62
    cv.draw.ellipse((cx - ri, cy - ri, cx + ri, cy + ri), fill=110)
    cv.draw.polygon(_star(cx, cy - r * 0.05, ri * 0.8), fill=215)
    cv.draw.arc((cx - r * 0.8, cy - r * 0.8, cx + r * 0.8, cy + r * 0.8), 30, 150, fill=60,
                width=max(1, cv.mm(0.5)))


def photo(cv: Canvas, x: float, y: float, w: float, h: float, rng: random.Random) -> None:
    """A photo placeholder: a head and shoulders on a pale ground (not text)."""
    cv.draw.rectangle((x, y, x + w, y + h), fill=rng.randrange(200, 225), outline=120,
                      width=max(1, cv.mm(0.15)))
    tone = rng.randrange(80, 130)
    cx = x + w / 2
    cv.draw.ellipse((cx - w * 0.22, y + h * 0.14, cx + w * 0.22, y + h * 0.58), fill=tone)
    cv.draw.pieslice((x + w * 0.06, y + h * 0.62, x + w * 0.94, y + h * 1.3), 180, 360, fill=tone)


def qr_code(payload: str, module_px: int, border: int = 2) -> Image.Image:
    """A level-L QR code (the separator's are level M) as a mode-"L" image."""
    qr = segno.make_qr(payload, error="l")
    m = np.pad(np.array([list(row) for row in qr.matrix], dtype=bool), border)
    arr = np.where(m, 0, 255).astype(np.uint8)
    return Image.fromarray(np.kron(arr, np.ones((module_px, module_px), np.uint8)), "L")


def paste_qr(cv: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """The card's QR code, right-aligned in a ``size`` square at (x, y)."""
    modules = segno.make_qr(payload, error="l").symbol_size(border=2)[0]
    img = qr_code(payload, max(2, round(size / modules)))
    cv.image.paste(img, (round(x + size - img.width), round(y)))


def _header(cv: Canvas, x0: float, width: float, top: float, s: float, bilingual: bool,
            title: str, subtitle: str) -> float:
    size = 6.3 * s
    while cv.text_width("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "bold", size) > width and size > 3:
        size -= 0.2
    rows = [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "bold", size),
            ("Độc lập - Tự do - Hạnh phúc", "bold", size)]
    if bilingual:
        rows += [("SOCIALIST REPUBLIC OF VIET NAM", "regular", size * 0.82),
                 ("Independence - Freedom - Happiness", "regular", size * 0.82)]
    y = centered(cv, rows, x0, width, top, spacing=1.12)
    y = centered(cv, [(title, "bold", 9.5 * s)], x0, width, y + cv.mm(0.6), spacing=1.1,
                 fill=TITLE_INK)
    if subtitle:
        y = centered(cv, [(subtitle, "bold", 5.8 * s)], x0, width, y, spacing=1.15,
                     fill=TITLE_INK)
    return y


def front(d: CardData, design: str, dpi: int, fam: fonts.FontFamily, rng: random.Random,
          scale: float = 1.0) -> Canvas:
    """One card front; the text shrinks until it fits on the card."""
    state = rng.getstate()
    for _ in range(8):
        rng.setstate(state)
        cv = Canvas(CARD_MM, dpi, fam)
        bottom = _FRONTS[design](cv, d, rng, scale)
        if bottom <= cv.height - cv.mm(1.2):
            return cv
        scale *= 0.93
    return cv


def _expiry_text(d: CardData) -> str:
    return dmy(d.expiry) if d.expiry else "Không thời hạn"


def _front_chip(cv: Canvas, d: CardData, rng: random.Random, s: float) -> float:
    _background(cv, rng)
    emblem(cv, cv.mm(9), cv.mm(9.5), cv.mm(6.2))
    qr_mm = 16.5 if d.qr_payload else 0.0
    right = cv.width - cv.mm(2.5 + qr_mm)
    y = _header(cv, cv.mm(16), right - cv.mm(16), cv.mm(2.2), s, True, "CĂN CƯỚC CÔNG DÂN",
                "Citizen Identity Card")
    if d.qr_payload:
        paste_qr(cv, d.qr_payload, cv.width - cv.mm(2 + qr_mm), cv.mm(2), cv.mm(qr_mm))
    cv.new_block()
    px, py = cv.mm(2.8), max(y, cv.mm(19)) + cv.mm(1)
    photo(cv, px, py, cv.mm(19), cv.mm(24), rng)
    cv.new_block()
    x0, x1, lab, val = cv.mm(23.5), cv.width - cv.mm(2), 5.2 * s, 6.6 * s
    y = py - cv.mm(0.5)
    base = y + ascent(cv, 9.5 * s)
    lab_w = [(x0, words(cv, "Số / No.:"), lab)]
    _mixed(cv, lab_w + [(x0 + cv.mm(14) * s, words(cv, [(d.id_number, "bold")]), 9.5 * s)],
           base)
    y += cv.pt(9.5 * s) * 1.2
    y = field(cv, "Họ và tên / Full name:", d.name, mode="next", x0=x0, right=x1, top=y,
              pt=lab, value_pt=val * 1.15, spacing=1.15)
    y = field(cv, "Ngày sinh / Date of birth:", dmy(d.dob), mode="inline", x0=x0, right=x1,
              top=y, pt=lab, value_pt=val, spacing=1.2)
    y = pairs(cv, [("Giới tính / Sex: ", d.sex), ("Quốc tịch / Nationality: ", d.nationality)],
              [x0, x0 + cv.mm(24) * s], y, lab, spacing=1.3)
    y = field(cv, "Quê quán / Place of origin:", d.origin, mode="next", x0=x0, right=x1,
              top=y, pt=lab, value_pt=val, spacing=1.15)
    y = field(cv, "Nơi thường trú / Place of residence:", d.residence, mode="inline", x0=x0,
              right=x1, top=y, pt=lab, value_pt=val, spacing=1.15)
    cv.new_block()
    ey = py + cv.mm(24.8)
    ey = centered(cv, [("Có giá trị đến:", "regular", 4.8 * s),
                       ("Date of expiry", "italic", 4.4 * s)], px - cv.mm(1.5), cv.mm(22), ey,
                  spacing=1.1)
    ey = centered(cv, [(_expiry_text(d), "bold", 5.6 * s)], px - cv.mm(1.5), cv.mm(22), ey)
    return max(y, ey)


def _front_old(cv: Canvas, d: CardData, rng: random.Random, s: float) -> float:
    _background(cv, rng)
    emblem(cv, cv.mm(10), cv.mm(10), cv.mm(7))
    y = _header(cv, cv.mm(18), cv.width - cv.mm(21), cv.mm(2.5), s * 1.05, False,
                "CĂN CƯỚC CÔNG DÂN", "")
    y = centered(cv, [(f"Số: {d.id_number}", "bold", 9 * s)], cv.mm(18),
                 cv.width - cv.mm(21), y + cv.mm(0.3), fill=TITLE_INK)
    cv.new_block()
    px, py = cv.mm(3), max(y, cv.mm(21))
    photo(cv, px, py, cv.mm(18), cv.mm(23), rng)
    cv.new_block()
    x0, x1, lab, val = cv.mm(23), cv.width - cv.mm(2.5), 6.0 * s, 6.6 * s
    y = py
    kw = dict(mode="inline", x0=x0, right=x1, pt=lab, value_pt=val, spacing=1.3)
    y = field(cv, "Họ và tên:", d.name, top=y, **kw)
    y = field(cv, "Ngày, tháng, năm sinh:", dmy(d.dob), top=y, **kw)
    y = pairs(cv, [("Giới tính: ", d.sex), ("Quốc tịch: ", d.nationality)],
              [x0, x0 + cv.mm(25) * s], y, lab, spacing=1.3)
    y = field(cv, "Quê quán:", d.origin, top=y, **kw)
    y = field(cv, "Nơi thường trú:", d.residence, top=y, **kw)
    cv.new_block()
    ey = centered(cv, [("Có giá trị đến:", "regular", 5.0 * s),
                       (_expiry_text(d), "bold", 5.6 * s)], px - cv.mm(1.5), cv.mm(21),
                  py + cv.mm(23.8), spacing=1.15)
    return max(y, ey)


def _front_new(cv: Canvas, d: CardData, rng: random.Random, s: float) -> float:
    _background(cv, rng)
    emblem(cv, cv.mm(9), cv.mm(9.5), cv.mm(6.2))
    y = _header(cv, cv.mm(16), cv.width - cv.mm(19), cv.mm(2.2), s, True, "CĂN CƯỚC",
                "IDENTITY CARD")
    cv.new_block()
    px, py = cv.mm(2.8), max(y, cv.mm(20)) + cv.mm(1)
    photo(cv, px, py, cv.mm(19), cv.mm(24), rng)
    cv.new_block()
    x0, x1, lab, val = cv.mm(23.5), cv.width - cv.mm(2), 5.0 * s, 7.0 * s
    y = py - cv.mm(1)
    kw = dict(x0=x0, right=x1, pt=lab, spacing=1.15)
    y = field(cv, "Số định danh cá nhân / Personal identification number:", d.id_number,
              mode="next", value_pt=9 * s, top=y, **kw)
    y = field(cv, "Họ, chữ đệm và tên khai sinh / Full name:", d.name, mode="next",
              value_pt=val * 1.1, top=y, **kw)
    y = field(cv, "Ngày, tháng, năm sinh / Date of birth:", dmy(d.dob), mode="inline",
              value_pt=val, top=y, **kw)
    y = pairs(cv, [("Giới tính / Sex: ", d.sex), ("Quốc tịch / Nationality: ", d.nationality)],
              [x0, x0 + cv.mm(24) * s], y, lab, spacing=1.3)
    return y


_FRONTS = {"chip": _front_chip, "old": _front_old, "new": _front_new}

FEATURES = ["Nốt ruồi C:1cm dưới sau mép trái", "Sẹo chấm C:2cm trên trước đuôi mắt phải",
            "Nốt ruồi C:1,5cm trên sau cánh mũi phải", "Sẹo chấm C:1cm dưới trước mép phải"]


def _check(s: str) -> str:
    vals = [int(c) if c.isdigit() else (ord(c) - 55 if c.isalpha() else 0) for c in s]
    return str(sum(v * (7, 3, 1)[i % 3] for i, v in enumerate(vals)) % 10)


def mrz(d: CardData) -> list[str]:
    """The three 30-character lines of the TD1 machine-readable zone."""
    doc = d.id_number[3:]
    l1 = f"IDVNM{doc}{_check(doc)}{d.id_number}<<"
    l1 += _check(l1[5:])
    exp = d.expiry.strftime("%y%m%d") if d.expiry else "991231"
    born = d.dob.strftime("%y%m%d")
    l2 = f"{born}{_check(born)}{'F' if d.sex == 'Nữ' else 'M'}{exp}{_check(exp)}VNM"
    l2 = (l2 + "<" * 30)[:29]
    l2 += _check(l1[5:30] + l2[:7] + l2[8:15] + l2[18:29])
    parts = P.ascii_upper(d.name).split()
    l3 = (parts[0] + "<<" + "<".join(parts[1:]) + "<" * 30)[:30]
    return [l1, l2, l3]


def back(d: CardData, dpi: int, fam: fonts.FontFamily, rng: random.Random) -> Canvas:
    """The back of the chip card."""
    cv = Canvas(CARD_MM, dpi, fam)
    _background(cv, rng)
    cv.draw.rounded_rectangle((cv.mm(4), cv.mm(3), cv.mm(15), cv.mm(11.5)), radius=cv.mm(1.2),
                              fill=175, outline=90, width=max(1, cv.mm(0.2)))
    for k in range(1, 4):
        yk = cv.mm(3 + 2.1 * k)
        cv.draw.line((cv.mm(4), yk, cv.mm(15), yk), fill=100, width=max(1, cv.mm(0.15)))
    for i, (vi, en) in enumerate([("Ngón trỏ trái", "Left index finger"),
                                  ("Ngón trỏ phải", "Right index finger")]):
        fx = cv.mm(49 + 18 * i)
        cv.draw.rectangle((fx, cv.mm(3), fx + cv.mm(16), cv.mm(21)), fill=232, outline=110)
        for k in range(9):
            r = cv.mm(1 + k * 0.8)
            cv.draw.ellipse((fx + cv.mm(8) - r * 0.8, cv.mm(12) - r, fx + cv.mm(8) + r * 0.8,
                             cv.mm(12) + r), outline=120, width=max(1, cv.mm(0.12)))
        centered(cv, [(vi, "regular", 4.4), (en, "italic", 4.0)], fx - cv.mm(1), cv.mm(18),
                 cv.mm(21.5), spacing=1.1)
        cv.new_block()
    x1 = cv.mm(48)
    y = field(cv, "Đặc điểm nhân dạng / Personal identification:", d.feature, mode="next",
              x0=cv.mm(3), right=x1, top=cv.mm(12.5), pt=4.6, value_pt=5.2, spacing=1.15)
    y = field(cv, "Ngày, tháng, năm / Date, month, year:", dmy(d.issued), mode="inline",
              x0=cv.mm(3), right=x1, top=y, pt=4.6, value_pt=5.2, spacing=1.2)
    cv.new_block()
    y = centered(cv, [("CỤC TRƯỞNG CỤC CẢNH SÁT", "bold", 4.8),
                      ("QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI", "bold", 4.8)],
                 cv.mm(3), x1 - cv.mm(3), y + cv.mm(0.4), spacing=1.1)
    _scribble(cv, rng, cv.mm(26), y + cv.mm(2.6), cv.mm(12))
    centered(cv, [(d.director, "bold", 5.2)], cv.mm(3), x1 - cv.mm(3), y + cv.mm(5.4))
    cv.new_block()
    own, cv.family = cv.family, MONO
    size = 2.54 / 0.6 / 25.4 * 72 * 0.96  # 10 characters per inch
    for i, line in enumerate(mrz(d)):
        line_at(cv, [(cv.mm(4), words(cv, line))], size, cv.mm(42.5 + 3.9 * i))
    cv.family = own
    return cv
