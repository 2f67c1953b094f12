"""``can_cuoc`` pages: an ID card front alone (cropped to the card) or laid on
a scanned sheet.

Layouts:

0. chip card of 2021, cropped, with its QR code;
1. card of 2016, cropped, no QR code;
2. "Thẻ căn cước" of 2024, cropped, no QR code (its front prints no
   addresses and no expiry date, so those fields are absent);
3. chip card, front and back photocopied on an A4 sheet, with its QR code;
4. card of 2016 or 2024 on an A5 sheet, under a certified-copy stamp.

``fields`` are what the front prints (``expiry_date`` absent when it
reads "Không thời hạn"); ``qr_payload`` follows DOMAIN.md
(``id|old id|name|ddmmyyyy|sex|address|ddmmyyyy``) and ``qr_fields`` are
the fields it gives (the QR code writes the name in title case).
"""

from __future__ import annotations

import datetime as dt
import random

from tests.synth import card as K
from tests.synth import citizen as P
from tests.synth import content as C
from tests.synth import fonts
from tests.synth.admin import _scribble
from tests.synth.forms import centered, field, finish
from tests.synth.layout import Canvas, page_size_mm

LAYOUTS = 5
DESIGNS = {0: "chip", 1: "old", 2: "new", 3: "chip"}


def card_font(font: str | None, rng: random.Random) -> fonts.FontFamily:
    """Cards are printed in a sans face; an explicit ``font`` wins."""
    if font is not None:
        return fonts.family(font, rng)
    sans = [f for f in fonts.available() if not f.serif]
    return rng.choice(sans or list(fonts.available()))


def _issue_window(design: str) -> tuple[dt.date, dt.date, tuple[int, int]]:
    return {"chip": (dt.date(2021, 1, 15), dt.date(2024, 6, 30), (1948, 2007)),
            "old": (dt.date(2016, 1, 4), dt.date(2020, 12, 30), (1945, 2002)),
            "new": (dt.date(2024, 7, 1), dt.date(2026, 3, 31), (1950, 2011))}[design]


def card_data(rng: random.Random, design: str) -> tuple[K.CardData, P.Citizen]:
    start, end, born = _issue_window(design)
    for _ in range(50):  # a card still valid when the papers are scanned (2025-2026)
        person = P.citizen(rng, born=born)
        issued = min(end, P.day_between(rng, max(start, P.add_years(person.dob, 14)), end))
        expiry = P.card_expiry(person.dob, issued)
        if expiry is None or expiry > dt.date(2026, 6, 30):
            break
    res = person.residence.short() if design == "chip" or rng.random() < 0.6 else \
        P.cap(person.residence.full())
    origin = person.origin.short(village=False) if design == "chip" or rng.random() < 0.6 \
        else P.cap(person.origin.full(village=False))
    old = person.old_id if design == "chip" else ""
    payload = "|".join([person.id_number, old, person.name, P.dmy(person.dob, ""), person.sex,
                        res, P.dmy(issued, "")]) if design == "chip" else ""
    data = K.CardData(person.id_number, person.upper, person.dob, person.sex, "Việt Nam", origin,
                      res, issued, expiry, payload, rng.choice(K.FEATURES),
                      C.person(rng, female=False))
    return data, person



def _fields(d: K.CardData, design: str) -> dict[str, str]:
    f = {"id_number": d.id_number, "full_name": d.name, "date_of_birth": d.dob.isoformat(),
         "sex": d.sex, "nationality": d.nationality}
    if design != "new":
        f.update(place_of_origin=d.origin, place_of_residence=d.residence)
        if d.expiry:
            f["expiry_date"] = d.expiry.isoformat()
    return f


def _qr_fields(d: K.CardData, person: P.Citizen) -> dict[str, str]:
    if not d.qr_payload:
        return {}
    return {"id_number": d.id_number, "full_name": person.name,
            "date_of_birth": d.dob.isoformat(), "sex": d.sex, "place_of_residence": d.residence}


def paste(page: Canvas, side: Canvas, x: int, y: int, outline: int = 120) -> None:
    """Lay a card on a page: its pixels, a thin edge, and its recorded lines
    (moved by the offset), each of its blocks one block of the page."""
    page.image.paste(side.image, (x, y))
    page.draw.rounded_rectangle((x - 1, y - 1, x + side.width, y + side.height),
                                radius=page.mm(3), outline=outline, width=max(1, page.mm(0.25)))
    page.new_block()
    for block in side.blocks:
        if block:
            page.blocks[-1].extend((t, (b[0] + x, b[1] + y, b[2] + x, b[3] + y))
                                   for t, b in block)
            page.new_block()


def render_can_cuoc(seed: int, *, dpi: int = 300, layout: int | None = None,
                    font: str | None = None):
    layout = random.Random(seed).randrange(LAYOUTS) if layout is None else layout
    if not 0 <= layout < LAYOUTS:
        raise ValueError(f"can_cuoc has layouts 0-{LAYOUTS - 1}, not {layout}")
    rng = random.Random(f"can_cuoc/{seed}/{layout}")
    design = DESIGNS.get(layout) or rng.choice(["old", "new"])
    fam = card_font(font, rng)
    data, person = card_data(rng, design)
    fields, qr_fields = _fields(data, design), _qr_fields(data, person)
    scale = rng.uniform(0.94, 1.04)
    face = K.front(data, design, dpi, fam, rng, scale)
    extra = dict(qr_payload=data.qr_payload, qr_fields=qr_fields)
    if layout < 3:
        return finish(face, "can_cuoc", fields, fam.name, layout, **extra)
    if layout == 3:
        cv = Canvas(page_size_mm("A4"), dpi, fam)
        x = cv.mm(rng.uniform(15, 105))
        y = cv.mm(rng.uniform(12, 40))
        paste(cv, face, x, y)
        rear = K.back(data, dpi, fam, rng)
        if rng.random() < 0.5:   # below the front
            paste(cv, rear, x + cv.mm(rng.uniform(-8, 8)), y + face.height + cv.mm(
                rng.uniform(8, 30)))
        else:                    # beside it, when the sheet is wide enough
            x2 = min(cv.width - rear.width - cv.mm(8), x + face.width + cv.mm(rng.uniform(5, 12)))
            if x2 < x + face.width + cv.mm(3):
                x2 = x
                y2 = y + face.height + cv.mm(15)
            else:
                y2 = y
            paste(cv, rear, x2, y2)
        return finish(cv, "can_cuoc", fields, fam.name, layout, **extra)
    return _certified_copy(rng, face, fields, fam, dpi, layout, person)


def _certified_copy(rng, face: Canvas, fields, fam, dpi, layout, person: P.Citizen):
    """An A5 sheet: the card, then the commune's 'certified true copy' stamp."""
    cv = Canvas(page_size_mm("A5"), dpi, fonts.family(None, rng) if rng.random() < 0.5 else fam)
    x = (cv.width - face.width) // 2 + cv.mm(rng.uniform(-10, 10))
    y = cv.mm(rng.uniform(12, 30))
    paste(cv, face, x, y)
    when = P.day_between(rng, dt.date(2025, 1, 2), dt.date(2026, 5, 30))
    office = person.residence.authority(when)
    bw = cv.mm(rng.uniform(85, 110))
    bx0 = (cv.width - bw) / 2 + cv.mm(rng.uniform(-12, 12))
    bx1 = bx0 + bw
    by = y + face.height + cv.mm(rng.uniform(12, 25))
    t = centered(cv, [("CHỨNG THỰC BẢN SAO ĐÚNG VỚI BẢN CHÍNH", "bold", 9)], bx0, bw,
                 by + cv.mm(2))
    kw = dict(mode="inline", x0=bx0 + cv.mm(3), right=bx1 - cv.mm(2), pt=8.5,
              value_style="regular", spacing=1.3)
    t = field(cv, "Số chứng thực:", f"{rng.randrange(10, 4000)} Quyển số: "
              f"{rng.randrange(1, 4):02d}/{when.year}-SCT/BS", top=t, **kw)
    t = field(cv, "", f"{person.residence.seat(when)}, {P.date_long(when)}",
              top=t, **kw)
    cv.new_block()
    t = centered(cv, [("CÔNG CHỨC TƯ PHÁP - HỘ TỊCH", "bold", 8.5)], bx0, bw, t + cv.mm(1))
    _scribble(cv, rng, bx0 + bw / 2, t + cv.mm(6), cv.mm(18))
    t = centered(cv, [(C.person(rng), "bold", 9)], bx0, bw, t + cv.mm(12))
    cv.draw.rectangle((bx0, by, bx1, t + cv.mm(2)), outline=60, width=max(1, cv.mm(0.35)))
    return finish(cv, "can_cuoc", fields, cv.family.name, layout,
                  seal_xy=(round(bx0 + bw / 2 - cv.mm(14)), round(t - cv.mm(10))),
                  issuer=office.upper())
