"""Drawing helpers for forms and certificates: label/value fields in several
arrangements, bordered tables, boxed digits, the national motto and a
signature block. Everything drawn as text goes through :class:`Canvas`, so
the ground truth stays exactly what is on the page; pieces of text drawn on
one baseline (a label and its value in two columns, table cells) are
recorded as one line, left to right, as a reader (or an OCR engine) reads
them.
"""

from __future__ import annotations

import random

from tests.synth import fonts
from tests.synth.admin import _scribble
from tests.synth.layout import Canvas, Run, Word, page_size_mm
from tests.synth.model import Box, Rendered

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def _union(boxes: list[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def line_at(cv: Canvas, parts: list[tuple[float, list[Word]]], size: float,
            baseline: float, fill: int | None = None) -> Box | None:
    """Draw word runs starting at the given x positions on one baseline and
    record them as one line."""
    parts = [(x, w) for x, w in parts if w]
    if not parts:
        return None
    n = len(cv.blocks[-1])
    boxes = [cv.draw_line(w, size, x0=x, width=10**6, baseline=baseline, fill=fill)
             for x, w in sorted(parts, key=lambda p: p[0])]
    texts = [t for t, _ in cv.blocks[-1][n:]]
    del cv.blocks[-1][n:]
    box = _union(boxes)
    cv.blocks[-1].append((" ".join(texts), box))
    return box


def words(cv: Canvas, runs: list[Run] | str) -> list[Word]:
    return cv._words(runs)


def ascent(cv: Canvas, pt: float) -> float:
    return cv.pt(pt) * 0.95


def centered(cv: Canvas, rows: list[tuple[str, str, float]], x0: float, width: float,
             top: float, spacing: float = 1.25, fill: int | None = None) -> float:
    """Centered rows (text, style, pt), each wrapped in ``width``; returns the next top."""
    for text, style, size in rows:
        for ws in cv.wrap([(text, style)], size, width):
            cv.draw_line(ws, size, x0=x0, width=width, baseline=top + ascent(cv, size),
                         align="center", fill=fill)
            top += cv.pt(size) * spacing
    return top


def motto(cv: Canvas, x0: float, width: float, top: float, pt: float,
          rule: bool = True) -> float:
    """The national motto, two bold centered lines and a rule under the second."""
    size = pt
    while size > 7 and cv.text_width(MOTTO[0], "bold", size) > width:
        size -= 0.5
    y = centered(cv, [(MOTTO[0], "bold", size)], x0, width, top)
    y2 = centered(cv, [(MOTTO[1], "bold", min(size + 1, pt + 1))], x0, width, y)
    if rule:
        w = cv.text_width(MOTTO[1], "bold", min(size + 1, pt + 1))
        cv.rule(x0 + width / 2, y2 + cv.pt(pt) * 0.05, w)
    return y2 + cv.pt(pt) * 0.5


def gov_header(cv: Canvas, x0: float, x1: float, top: float, pt: float,
               body: list[str], below: list[tuple[str, str]], dateline: str = "",
               split: float = 0.42) -> float:
    """Decree-30 style header: the body's name (bold, capitals) with a rule and
    rows under it (e.g. ``("Số: 59", "regular")``) on the left, the motto
    (and a place-and-date line) on the right; each column its own block."""
    lw = (x1 - x0) * split
    y = centered(cv, [(t, "bold", pt) for t in body], x0, lw, top)
    w = max(cv.text_width(t, "bold", pt) for t in body) * 0.45
    cv.rule(x0 + lw / 2, y + cv.pt(pt) * 0.05, w)
    y = centered(cv, [(t, st, pt) for t, st in below], x0, lw, y + cv.pt(pt) * 0.5)
    cv.new_block()
    y2 = motto(cv, x0 + lw, x1 - x0 - lw, top, pt)
    if dateline:
        y2 = centered(cv, [(dateline, "italic", pt)], x0 + lw, x1 - x0 - lw, y2)
    cv.new_block()
    return max(y, y2)


def dots(cv: Canvas, x1: float, x2: float, baseline: float, pt: float) -> None:
    """A dotted leader under a filled-in value (graphics, not text): small
    grey dots a little below the baseline, as pre-printed forms have."""
    step = cv.mm(1.3)
    r = max(1, cv.mm(0.09))
    y = baseline + cv.pt(pt) * 0.3
    x = x1 + step / 2
    while x < x2:
        cv.draw.ellipse((x - r, y - r, x + r, y + r), fill=150)
        x += step


def field(cv: Canvas, label: str, value: str, *, mode: str, x0: float, right: float,
          top: float, pt: float, spacing: float = 1.35, label_style: str = "regular",
          value_style: str = "bold", label_w: float = 0.0, indent: float = 0.0,
          leader: bool = False, value_pt: float | None = None) -> float:
    """One 'label: value' pair; returns the next line's top.

    ``mode``: ``inline`` (value after the label, wrapping to the left margin),
    ``next`` (the label alone, the value on the following lines, indented),
    ``column`` (labels in a column ``label_w`` wide, values to its right; the
    first value line shares the label's baseline). ``leader`` draws dotted
    lines under the value, as on a filled-in form.
    """
    vpt = value_pt or pt
    pitch = cv.pt(max(pt, vpt)) * spacing
    width = right - x0
    if mode == "inline":
        lw = cv.text_width(label + " ", label_style, pt) if label else 0.0
        lines = cv.wrap([(value, value_style)], vpt, width, indent=lw) or [[]]
        for i, ws in enumerate(lines):
            base = top + ascent(cv, max(pt, vpt))
            if i == 0:
                lab = words(cv, [(label, label_style)]) if label else []
                _mixed(cv, [(x0, lab, pt), (x0 + lw, ws, vpt)], base)
            else:
                _mixed(cv, [(x0, ws, vpt)], base)
            if leader:
                dots(cv, x0 + (lw if i == 0 else 0), right, base, pt)
            top += pitch
        return top
    if mode == "next":
        top = field(cv, "", label, mode="inline", x0=x0, right=right, top=top, pt=pt,
                    spacing=spacing, value_style=label_style)
        top += cv.pt(max(0.0, vpt - pt)) * 0.4  # room for a larger value's diacritics
        return field(cv, "", value, mode="inline", x0=x0 + indent, right=right, top=top,
                     pt=vpt, spacing=spacing, value_style=value_style, leader=leader)
    if mode == "column":
        llines = cv.wrap([(label, label_style)], pt, label_w - cv.mm(2))
        vlines = cv.wrap([(value, value_style)], vpt, right - x0 - label_w)
        for i in range(max(len(llines), len(vlines))):
            base = top + ascent(cv, max(pt, vpt))
            parts = []
            if i < len(llines):
                parts.append((x0, llines[i], pt))
            if i < len(vlines):
                parts.append((x0 + label_w, vlines[i], vpt))
            _mixed(cv, parts, base)
            if leader and i < len(vlines):
                dots(cv, x0 + label_w, right, base, pt)
            top += pitch
        return top
    raise ValueError(f"unknown field mode {mode!r}")


def _mixed(cv: Canvas, parts: list[tuple[float, list[Word], float]], baseline: float) -> None:
    """Like :func:`line_at`, each part (x, words, pt) in its own size."""
    parts = [p for p in parts if p[1]]
    if not parts:
        return
    n = len(cv.blocks[-1])
    boxes = [cv.draw_line(w, size, x0=x, width=10**6, baseline=baseline) for x, w, size in parts]
    texts = [t for t, _ in cv.blocks[-1][n:]]
    del cv.blocks[-1][n:]
    cv.blocks[-1].append((" ".join(texts), _union(boxes)))


def pairs(cv: Canvas, items: list[tuple[str, str]], xs: list[float], top: float, pt: float,
          spacing: float = 1.35, label_style: str = "regular",
          value_style: str = "bold") -> float:
    """Short 'label: value' pairs side by side on one line, starting at ``xs``."""
    parts = []
    for (label, value), x in zip(items, xs):
        parts.append((x, words(cv, [(label, label_style), (value, value_style)])))
    line_at(cv, parts, pt, top + ascent(cv, pt))
    return top + cv.pt(pt) * spacing


def grid(cv: Canvas, x0: float, top: float, widths: list[float],
         rows: list[list[list[Run] | str]], pt: float, *, pad_mm: float = 1.5,
         align: list[str] | None = None, heavy: bool = False) -> float:
    """A bordered table. Cells wrap inside their column; the lines of one row
    that share a baseline are recorded as one line. Returns the bottom."""
    pad = cv.mm(pad_mm)
    pitch = cv.pt(pt) * 1.3
    align = align or ["left"] * len(widths)
    lw = max(1, round(cv.pt(0.9 if heavy else 0.6)))
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    y = top
    cv.draw.line((x0, y, xs[-1], y), fill=0, width=lw)
    for row in rows:
        cells = [cv.wrap(c, pt, w - 2 * pad) if c else [] for c, w in zip(row, widths)]
        n = max(1, max(len(c) for c in cells))
        for i in range(n):
            base = y + pad + i * pitch + ascent(cv, pt)
            parts = []
            for j, c in enumerate(cells):
                if i < len(c):
                    inner = widths[j] - 2 * pad
                    lwid = sum(cv.font(w.style, pt).getlength(w.text) for w in c[i]) + \
                        cv.font("regular", pt).getlength(" ") * (len(c[i]) - 1)
                    x = xs[j] + pad + (max(0.0, (inner - lwid) / 2) if align[j] == "center" else 0)
                    parts.append((x, c[i]))
            line_at(cv, parts, pt, base)
        bottom = y + 2 * pad + n * pitch
        cv.draw.line((x0, bottom, xs[-1], bottom), fill=0, width=lw)
        for x in xs:
            cv.draw.line((x, y, x, bottom), fill=0, width=lw)
        y = bottom
    return y


def boxed_digits(cv: Canvas, label: str, digits: str, x0: float, top: float, pt: float,
                 label_style: str = "regular") -> float:
    """'label' then one digit per square box (as on printed forms); the digits
    are recorded as one word."""
    base = top + cv.pt(pt) * 1.2
    lwid = cv.text_width(label + " ", label_style, pt)
    side = round(cv.pt(pt) * 1.45)
    n = len(cv.blocks[-1])
    boxes = [cv.draw_line(words(cv, [(label, label_style)]), pt, x0=x0, width=10**6,
                          baseline=base)]
    x = x0 + lwid
    font = cv.font("regular", pt)
    for ch in digits:
        cv.draw.rectangle((round(x), round(base - side * 0.82), round(x + side),
                           round(base + side * 0.18)), outline=0, width=max(1, cv.mm(0.15)))
        cx = x + side / 2 - font.getlength(ch) / 2
        cv.draw.text((cx, base), ch, font=font, fill=cv.ink, anchor="ls")
        bl, bt, br, bb = font.getbbox(ch, anchor="ls")
        boxes.append((int(cx + bl), int(base + bt), int(cx + br) + 1, int(base + bb) + 1))
        x += side
    del cv.blocks[-1][n:]
    cv.blocks[-1].append((f"{label} {digits}", _union(boxes)))
    return top + cv.pt(pt) * 2.0


def sign_block(cv: Canvas, rng: random.Random, x0: float, width: float, top: float,
               rows: list[tuple[str, str, float]], name: str, pt: float,
               gap_mm: float = 22.0, name_style: str = "bold") -> tuple[float, tuple[int, int]]:
    """A centered signature block: its rows (date line, titles, notes), a
    scribble, and the name. Returns (bottom, where a seal would go)."""
    y = centered(cv, rows, x0, width, top, spacing=1.3)
    gap = cv.mm(gap_mm)
    _scribble(cv, rng, x0 + width / 2, y + gap / 2, cv.mm(20))
    seal = (round(x0 + width / 2 - cv.mm(14)), round(y + gap / 2))
    y = centered(cv, [(name, name_style, pt)], x0, width, y + gap)
    return y, seal


def frame(cv: Canvas, margin_mm: float, double: bool = True) -> None:
    """A decorative border around the page, as certificates have (not text)."""
    m = cv.mm(margin_mm)
    w = max(2, cv.mm(0.6))
    cv.draw.rectangle((m, m, cv.width - m, cv.height - m), outline=0, width=w)
    if double:
        k = m + cv.mm(1.5)
        cv.draw.rectangle((k, k, cv.width - k, cv.height - k), outline=0, width=max(1, w // 2))


def setup(kind: str, n: int, seed: int, layout: int | None, font: str | None, dpi: int,
          page="A4", fam: fonts.FontFamily | None = None):
    """(layout, rng, font family, blank canvas) for one page of ``kind``: a
    layout drawn by ``seed`` when none is given, and a random stream that
    depends on the kind, the seed and the layout."""
    layout = random.Random(seed).randrange(n) if layout is None else layout
    if not 0 <= layout < n:
        raise ValueError(f"{kind} has layouts 0-{n - 1}, not {layout}")
    rng = random.Random(f"{kind}/{seed}/{layout}")
    fam = fam or fonts.family(font, rng)
    return layout, rng, fam, Canvas(page_size_mm(page), dpi, fam)


def fitted(kind: str, n: int, seed: int, layout: int | None, font: str | None, dpi: int,
           draw, page="A4", margin_mm: float = 8.0) -> Rendered:
    """Draw a page with ``draw(cv, rng, fam, layout, shrink) -> (fields, extra)``,
    again on a fresh canvas with the same random stream and smaller text
    (``shrink`` < 1) while the text runs into the bottom margin."""
    layout, rng, fam, cv = setup(kind, n, seed, layout, font, dpi, page)
    state = rng.getstate()
    for shrink in (1.0, 0.93, 0.86, 0.8, 0.74, 0.68):
        rng.setstate(state)
        cv = Canvas(page_size_mm(page), dpi, fam)
        fields, extra = draw(cv, rng, fam, layout, shrink)
        bottom = max((b[3] for block in cv.blocks for _, b in block), default=0)
        if bottom <= cv.height - cv.mm(margin_mm):
            break
    return finish(cv, kind, fields, fam.name, layout, **extra)


def finish(cv: Canvas, kind: str, fields: dict[str, str], font: str, layout: int,
           **extra) -> Rendered:
    text, lines, boxes = cv.truth()
    return Rendered(image=cv.image, dpi=cv.dpi, text=text, lines=lines, kind=kind,
                    line_boxes=boxes, fields=fields, font=font, layout=layout, **extra)
