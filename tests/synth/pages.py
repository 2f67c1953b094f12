"""Non-administrative pages: plain prose, separator sheets and blank pages."""

from __future__ import annotations

import random

import numpy as np
import segno
from PIL import Image

from tests.synth import content as C
from tests.synth import fonts
from tests.synth.layout import Canvas, page_size_mm
from tests.synth.model import Rendered

SEPARATOR_PAYLOAD = "HOSO:SEPARATOR"


def render_prose_page(seed: int, *, dpi: int = 300, font: str | None = None,
                      source: str = "builtin", page_size="A4") -> Rendered:
    """Justified paragraphs of Vietnamese text filling one page, one block.

    ``source="builtin"`` (the default, the same on every machine) writes
    administrative sentences from :mod:`content`; ``source="corpus"`` takes
    consecutive paragraphs of the real documents in ``content.CORPUS_DIR``.
    """
    rng = random.Random(seed)
    fam = fonts.family(font, rng)
    cv = Canvas(page_size_mm(page_size), dpi, fam)
    size = rng.choice([11, 11.5, 12, 12.5, 13, 13.5, 14])
    spacing = rng.uniform(1.15, 1.5)
    top, bottom = cv.mm(rng.uniform(15, 30)), cv.height - cv.mm(rng.uniform(15, 30))
    left, right = cv.mm(rng.uniform(15, 35)), cv.width - cv.mm(rng.uniform(12, 25))
    indent = cv.mm(rng.choice([0, 8, 10, 12.7]))
    after = cv.pt(size) * rng.choice([0, 0.3, 0.6])
    paragraphs = _paragraphs(rng, source)
    y = top
    for text in paragraphs:
        h = cv.paragraph(text, size, x0=left, width=right - left, top=0, align="justify",
                         indent=indent, spacing=spacing, draw=False)
        if y + h > bottom:
            break
        y = cv.paragraph(text, size, x0=left, width=right - left, top=y, align="justify",
                         indent=indent, spacing=spacing) + after
    text, lines, boxes = cv.truth()
    return Rendered(image=cv.image, dpi=dpi, text=text, lines=lines, kind="prose",
                    line_boxes=boxes, font=fam.name)


def _paragraphs(rng: random.Random, source: str):
    if source == "corpus":
        paras = C.corpus_paragraphs()
        if not paras:
            raise FileNotFoundError(f"no corpus paragraphs under {C.CORPUS_DIR}")
        start = rng.randrange(len(paras))
        for i in range(60):
            yield paras[(start + i) % len(paras)]
        return
    if source != "builtin":
        raise ValueError(f"unknown prose source {source!r}: 'builtin' or 'corpus'")
    iss = C.issuer(rng)
    vals = C.slots(rng, iss, C.date(rng))
    deck: list[str] = []
    for _ in range(60):
        k = rng.randrange(1, 5)
        out = []
        for _ in range(k):
            if not deck:
                deck = list(C.SENTENCES)
                rng.shuffle(deck)
            out.append(C.fill(deck.pop(), vals))
        yield " ".join(out)


def separator_payload(code: str | None) -> str:
    return SEPARATOR_PAYLOAD if not code else f"{SEPARATOR_PAYLOAD}:{code}"


def qr_image(payload: str, module_px: int, border: int = 4) -> Image.Image:
    """A QR code as a mode-"L" image, ``module_px`` pixels per module."""
    qr = segno.make_qr(payload, error="m")
    m = np.array([list(row) for row in qr.matrix], dtype=bool)
    m = np.pad(m, border, constant_values=False)
    arr = np.where(m, 0, 255).astype(np.uint8)
    arr = np.repeat(np.repeat(arr, module_px, axis=0), module_px, axis=1)
    return Image.fromarray(arr, "L")


def render_separator(code: str | None, *, dpi: int = 300, page_size="A4",
                     qr_mm: float = 80.0) -> Rendered:
    """A separator sheet: a large QR code reading ``HOSO:SEPARATOR`` (or
    ``HOSO:SEPARATOR:<code>``) between captions. Only the captions are
    text; the QR code is not."""
    fam = next((f for f in fonts.available() if f.name == "Liberation Sans"),
               fonts.available()[0])
    cv = Canvas(page_size_mm(page_size), dpi, fam)
    payload = separator_payload(code)
    width = cv.width - 2 * cv.mm(20)
    y = cv.paragraph([("TỜ PHÂN CÁCH HỒ SƠ", "bold")], 28, x0=cv.mm(20), width=width,
                     top=cv.mm(35), align="center", spacing=1.3)
    y = cv.paragraph("Đặt tờ này giữa hai tài liệu khi quét", 14, x0=cv.mm(20), width=width,
                     top=y + cv.mm(3), align="center", spacing=1.3)
    cv.new_block()
    modules = segno.make_qr(payload, error="m").symbol_size(border=4)[0]
    module_px = max(2, cv.mm(qr_mm) // modules)
    qr = qr_image(payload, module_px)
    qy = round(y + cv.mm(20))
    cv.image.paste(qr, ((cv.width - qr.width) // 2, qy))
    y = qy + qr.height + cv.mm(10)
    if code:
        cv.paragraph([("Mã hồ sơ: ", "regular"), (code, "bold")], 20, x0=cv.mm(20),
                     width=width, top=y, align="center", spacing=1.3)
    text, lines, boxes = cv.truth()
    fields = {"payload": payload} | ({"dossier_code": code} if code else {})
    return Rendered(image=cv.image, dpi=dpi, text=text, lines=lines, kind="separator",
                    line_boxes=boxes, fields=fields, font=fam.name)


def render_blank(*, dpi: int = 300, page_size="A4") -> Rendered:
    w, h = (round(v * dpi / 25.4) for v in page_size_mm(page_size))
    return Rendered(image=Image.new("L", (w, h), 255), dpi=dpi, text="", lines=[],
                    kind="blank")
