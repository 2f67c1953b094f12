"""Administrative pages laid out after Decree 30/2020/NĐ-CP (Appendix I).

Reading order of the ground truth, one block each: the left header column
(superior body, issuing body, "Số: …", and for a công văn its "V/v …"
subject), the right header column (national motto and "Place, ngày …"),
the title (type name, subject, and for some types the issuing authority or
"Kính gửi"), the body, the recipients ("Nơi nhận:") and the signer.

Document types live in :data:`KINDS`; adding one is adding an
:class:`AdminKind` (and, for an unusual body, a branch in ``_body``).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, replace

from tests.synth import content as C
from tests.synth import fonts
from tests.synth.layout import Canvas, Run, page_size_mm
from tests.synth.model import Rendered


@dataclass(frozen=True)
class AdminKind:
    key: str
    title: str | None      # type name in capitals; None for a công văn
    code: str | None       # in the symbol: 123/QĐ-UBND
    lead: str = ""         # subject lead: "Về việc ", "V/v ", "Kết luận ..."
    marker: str | None = None  # "QUYẾT ĐỊNH:" before the articles
    style: str = "plain"   # body: "articles", "sections", "plain", "minutes", "invitation"
    preamble: bool = False
    council: bool = False
    authority_line: bool = False  # the issuing body's name again under the subject


KINDS: dict[str, AdminKind] = {k.key: k for k in (
    AdminKind("quyet_dinh", "QUYẾT ĐỊNH", "QĐ", "Về việc ", "QUYẾT ĐỊNH:", "articles",
              preamble=True, authority_line=True),
    AdminKind("nghi_quyet", "NGHỊ QUYẾT", "NQ", "Về việc ", "QUYẾT NGHỊ:", "articles",
              preamble=True, council=True, authority_line=True),
    AdminKind("cong_van", None, None, "V/v "),
    AdminKind("thong_bao", "THÔNG BÁO", "TB", "Kết luận của lãnh đạo tại cuộc họp về "),
    AdminKind("ke_hoach", "KẾ HOẠCH", "KH", "Triển khai ", style="sections"),
    AdminKind("bao_cao", "BÁO CÁO", "BC", "Kết quả thực hiện nhiệm vụ ", style="sections"),
    AdminKind("to_trinh", "TỜ TRÌNH", "TTr", "Về việc đề nghị "),
    AdminKind("bien_ban", "BIÊN BẢN", "BB", "Cuộc họp về ", style="minutes"),
    AdminKind("giay_moi", "GIẤY MỜI", "GM", "Dự hội nghị về ", style="invitation"),
)}

SECTION_HEADS = {
    "ke_hoach": ["I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG THỰC HIỆN", "III. TỔ CHỨC THỰC HIỆN"],
    "bao_cao": ["I. KẾT QUẢ THỰC HIỆN", "II. TỒN TẠI, HẠN CHẾ", "III. NHIỆM VỤ TRONG THỜI GIAN TỚI"],
}


@dataclass(frozen=True)
class Para:
    runs: list[Run] | str
    size: float
    align: str = "justify"
    indent: float = 0.0        # px, first line
    after: float = 0.0         # px of space after
    optional: bool = False     # may be dropped when the page is full
    article: bool = False      # starts with "Điều N." (numbered after fitting)
    heading: bool = False      # kept only with the paragraph after it


def render_admin_page(seed: int, *, dpi: int = 300, kind: str | None = None,
                      font: str | None = None, page_size="A4") -> Rendered:
    rng = random.Random(seed)
    kind = kind or rng.choice(list(KINDS))
    if kind not in KINDS:
        raise ValueError(f"unknown administrative kind {kind!r}; one of {sorted(KINDS)}")
    spec = KINDS[kind]
    fam = fonts.family(font, rng)
    cv = Canvas(page_size_mm(page_size), dpi, fam)
    body_pt = rng.choice([11, 11.5, 12, 12.5, 13, 13, 13.5, 14, 14])
    head_pt = max(11.0, min(body_pt, 13.0) - rng.choice([0, 0, 0.5]))
    spacing = rng.uniform(1.15, 1.45)
    top, bottom = cv.mm(rng.uniform(15, 25)), cv.height - cv.mm(rng.uniform(15, 25))
    left, right = cv.mm(rng.uniform(25, 35)), cv.width - cv.mm(rng.uniform(12, 20))

    iss = C.issuer(rng, council=spec.council)
    when = C.date(rng)
    vals = C.slots(rng, iss, when)
    topic = C.fill(rng.choice(C.TOPICS), vals)
    subject = spec.lead + topic if spec.lead else topic[0].upper() + topic[1:]
    number = _symbol(rng, spec, iss, when)
    signer = C.person(rng)
    vals.update(today=C.date_words(when), signer=signer)
    fields = {"issuing_authority": iss.name, "document_number": number,
              "issue_place": iss.place, "issue_date": when.isoformat(),
              "subject": subject, "signer": signer}

    y = _header(cv, rng, spec, iss, number, subject, when, head_pt, left, right, top)
    cv.new_block()
    y = _title(cv, rng, spec, iss, subject, body_pt, left, right, y, spacing)
    cv.new_block()

    sign = dict(deputy=rng.random() < 0.4, gap_mm=rng.uniform(20, 28))
    sign_h = _signature(cv, rng, spec, iss, signer, body_pt, left, right, 0, draw=False,
                        **sign)[0]
    limit = bottom - sign_h - cv.pt(body_pt)
    limit = y + (limit - y) * rng.choice([1.0, 1.0, rng.uniform(0.55, 1.0)])  # some short pages
    paras = _number(_fit(cv, _body(cv, rng, spec, iss, vals, body_pt), left, right, y, limit,
                         spacing))
    articles = sum(p.article for p in paras)
    for p in paras:
        y = cv.paragraph(p.runs, p.size, x0=left, width=right - left, top=y, align=p.align,
                         indent=p.indent, spacing=spacing) + p.after
    cv.new_block()
    y_sign = min(max(y + cv.pt(body_pt) * 0.8, 0), bottom - sign_h)
    _, seal = _signature(cv, rng, spec, iss, signer, body_pt, left, right, y_sign, draw=True,
                         articles=articles, **sign)

    text, lines, boxes = cv.truth()
    return Rendered(image=cv.image, dpi=dpi, text=text, lines=lines, kind=kind,
                    line_boxes=boxes, fields=fields, font=fam.name, seal_xy=seal,
                    issuer=iss.name)


def _symbol(rng, spec: AdminKind, iss: C.Issuer, when) -> str:
    n = rng.choice([rng.randrange(1, 60), rng.randrange(60, 3000)])
    if spec.code is None:  # công văn: number/body-unit
        unit = rng.choice(C.UNIT_CODES) if iss.abbr == "UBND" else rng.choice(["VP", "TCBC", "KHTC"])
        return f"{n}/{iss.abbr}-{unit}"
    if spec.key in ("quyet_dinh", "nghi_quyet") and rng.random() < 0.25:
        return f"{n}/{when.year}/{spec.code}-{iss.abbr}"
    return f"{n}/{spec.code}-{iss.abbr}"


def _fit_size(cv: Canvas, text: str, style: str, size: float, width: float) -> float:
    while size > 9 and cv.text_width(text, style, size) > width:
        size -= 0.5
    return size


def _column(cv: Canvas, rows: list[tuple[str, str, float]], x0: float, width: float,
            top: float, draw: bool) -> tuple[float, float]:
    """Centered rows (text, style, pt) in a column; returns (next top, last
    line's width). A row too wide for the column wraps."""
    last_w = 0.0
    for text, style, size in rows:
        for words in cv.wrap([(text, style)], size, width):
            pitch = cv.pt(size) * 1.25
            if draw:
                box = cv.draw_line(words, size, x0=x0, width=width,
                                   baseline=top + cv.pt(size) * 1.0, align="center")
                last_w = box[2] - box[0]
            top += pitch
    return top, last_w


def _header(cv, rng, spec, iss, number, subject, when, pt, left, right, top) -> float:
    lx0 = max(cv.mm(10), left - cv.mm(rng.uniform(0, 12)))
    rx1 = min(cv.width - cv.mm(8), right + cv.mm(rng.uniform(0, 6)))
    lw = (rx1 - lx0) * rng.uniform(0.38, 0.44)
    rx0, rw = lx0 + lw, rx1 - lx0 - lw
    motto1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    m1 = _fit_size(cv, motto1, "bold", pt, rw)
    left_rows = ([(iss.parent, "regular", pt)] if iss.parent else []) + \
        [(n, "bold", pt) for n in iss.name_lines]
    right_rows = [(motto1, "bold", m1), ("Độc lập - Tự do - Hạnh phúc", "bold", min(m1 + 1, 14))]
    l_end, _ = _column(cv, left_rows, lx0, lw, top, draw=False)
    r_end, _ = _column(cv, right_rows, rx0, rw, top, draw=False)
    row2 = max(l_end, r_end) + cv.pt(pt) * rng.uniform(0.7, 1.1)
    gap = cv.pt(pt) * 0.25

    # left column: bodies, rule, "Số:", and a công văn's V/v subject
    y, w = _column(cv, left_rows, lx0, lw, top, draw=True)
    cv.rule(lx0 + lw / 2, y + gap * 1.2, w * rng.uniform(0.33, 0.5))
    y, _ = _column(cv, [(f"Số: {number}", "regular", pt)], lx0, lw, row2, draw=True)
    end = y
    if spec.code is None:
        end = cv.paragraph([(subject, "regular")], max(11.0, pt - 1), x0=lx0 + cv.mm(3),
                           width=lw - cv.mm(6), top=y, align="center", spacing=1.15)
    cv.new_block()
    # right column: motto, rule as long as its second line, place and date
    y, w = _column(cv, right_rows, rx0, rw, top, draw=True)
    cv.rule(rx0 + rw / 2, y + gap * 1.2, w)
    date_pt = min(pt + 1, 14)
    line = f"{iss.place}, {C.date_words(when)}"
    y, _ = _column(cv, [(line, "italic", _fit_size(cv, line, "italic", date_pt, rw))],
                   rx0, rw, row2, draw=True)
    return max(end, y) + cv.pt(pt) * rng.uniform(0.8, 1.6)


def _title(cv, rng, spec, iss, subject, pt, left, right, y, spacing) -> float:
    width = right - left
    if spec.title:
        y = cv.paragraph([(spec.title, "bold")], pt + 1, x0=left, width=width, top=y,
                         align="center", spacing=1.25)
        sub_w = width * rng.uniform(0.7, 0.85)
        y = cv.paragraph([(subject, "bold")], pt, x0=left + (width - sub_w) / 2, width=sub_w,
                         top=y, align="center", spacing=1.2)
        cv.rule(left + width / 2, y + cv.pt(pt) * 0.3, width * rng.uniform(0.2, 0.33))
        y += cv.pt(pt) * 1.0
        if spec.authority_line:
            who = iss.name if spec.council or iss.abbr == "UBND" else f"{iss.head} {iss.name}"
            y = cv.paragraph([(who, "bold")], pt, x0=left, width=width, top=y, align="center",
                             spacing=1.2) + cv.pt(pt) * 0.5
    if spec.key in ("cong_van", "to_trinh"):
        to = rng.choice(["Ủy ban nhân dân tỉnh Bắc Ninh", "Sở Nội vụ tỉnh Bắc Ninh",
                         "Các phòng, ban, đơn vị trực thuộc", "Trung tâm Phục vụ hành chính công"])
        y = cv.paragraph([("Kính gửi:", "regular"), (to, "regular")], pt, x0=left, width=width,
                         top=y + cv.pt(pt) * 0.3, align="center", spacing=spacing)
        y += cv.pt(pt) * 0.6
    return y


class _Deck:
    """Body sentences without repeats within one page."""

    def __init__(self, rng: random.Random, vals: dict[str, str]):
        self.rng, self.vals, self.cards = rng, vals, []

    def __call__(self, k: int) -> str:
        out = []
        for _ in range(k):
            if not self.cards:
                self.cards = list(C.SENTENCES)
                self.rng.shuffle(self.cards)
            out.append(C.fill(self.cards.pop(), self.vals))
        return " ".join(out)


def _body(cv, rng, spec: AdminKind, iss, vals, pt) -> list[Para]:
    ind = cv.mm(rng.uniform(8, 12.7))
    after = cv.pt(pt) * rng.uniform(0.1, 0.5)
    P = lambda runs, **kw: Para(runs, pt, indent=kw.pop("indent", ind),  # noqa: E731
                                after=kw.pop("after", after), **kw)
    out: list[Para] = []
    deck = _Deck(rng, vals)
    if spec.preamble:
        for i, s in enumerate(rng.sample(C.PREAMBLE, rng.randrange(2, 5))):
            out.append(P([(s, "italic")], optional=i >= 2))
        out.append(P([(f"Xét đề nghị của {vals['dept']}.", "italic")], optional=True))
    if spec.marker:
        out.append(P([(spec.marker, "bold")], align="center", indent=0))
    if spec.style == "articles":
        n = rng.randrange(2, 7)
        for i in range(1, n + 1):
            out.append(P([("Điều", "bold"), (deck(rng.randrange(1, 3)), "regular")],
                         optional=i > 1, article=True))
        closing = P([("Điều", "bold"), (C.CLOSING[spec.key], "regular")], article=True)
    elif spec.style == "sections":
        for head in SECTION_HEADS[spec.key]:
            out.append(P([(head, "bold")], optional=True, heading=True))
            for _ in range(rng.randrange(1, 4)):
                out.append(P(deck(rng.randrange(1, 3)), optional=True))
        closing = P(C.fill(C.CLOSING["default"], {"what": spec.title.capitalize()}))
    elif spec.style == "minutes":
        out.append(P(f"Hôm nay, vào hồi {rng.randrange(7, 16)} giờ {rng.choice(['00', '30'])} "
                     f"phút, {vals['today']}, tại trụ sở {vals['unit_full']}, chúng tôi gồm: "
                     f"đồng chí {vals['signer']}, chủ trì; đồng chí {C.person(rng)}, thư ký."))
        for _ in range(rng.randrange(2, 8)):
            out.append(P(deck(rng.randrange(1, 3)), optional=True))
        closing = P("Biên bản được lập thành 02 bản, đã thông qua cho các thành viên dự họp "
                    "cùng nghe và nhất trí ký tên./.")
    elif spec.style == "invitation":
        out.append(P(f"{vals['unit_full']} trân trọng kính mời đồng chí {vals['person']} "
                     "tới dự hội nghị."))
        out.append(P(f"Thời gian: {rng.randrange(7, 15)} giờ 00 phút, {vals['date']}."))
        out.append(P(f"Địa điểm: Hội trường {vals['unit_full']}."))
        out.append(P(deck(1), optional=True))
        closing = P("Rất mong đồng chí sắp xếp thời gian tham dự đúng giờ./.")
    else:
        for _ in range(rng.randrange(2, 10)):
            out.append(P(deck(rng.randrange(1, 4)), optional=True))
        closing = P(C.fill(C.CLOSING["default"], {"what": "nêu trên"}))
    return out + [closing]


def _number(paras: list[Para]) -> list[Para]:
    out, n = [], 0
    for p in paras:
        if p.article:
            n += 1
            p = replace(p, runs=[(f"Điều {n}.", "bold")] + list(p.runs[1:]))
        out.append(p)
    return out


def _fit(cv, paras: list[Para], left, right, y, limit, spacing) -> list[Para]:
    """Text flows until the page is full: every required paragraph is kept,
    optional ones in order until the first that no longer fits (a heading
    only together with the paragraph after it); if even the required ones
    do not fit (a small page, a large font) they are dropped from the end,
    the closing paragraph last."""
    def height(p: Para) -> float:
        return cv.paragraph(p.runs, p.size, x0=left, width=right - left, top=0, align=p.align,
                            indent=p.indent, spacing=spacing, draw=False) + p.after
    hs = [height(p) for p in paras]
    room = limit - y
    need = sum(h for p, h in zip(paras, hs) if not p.optional)
    keep = [not p.optional for p in paras]
    for i, p in enumerate(paras):
        if not p.optional:
            continue
        extra = hs[i] + (hs[i + 1] if p.heading and i + 1 < len(paras) else 0.0)
        if need + extra > room:
            break
        keep[i], need = True, need + hs[i]
    for i in range(len(paras) - 2, -1, -1):
        if need <= room:
            break
        if keep[i]:
            keep[i], need = False, need - hs[i]
    if need > room:
        return []
    return [p for p, k in zip(paras, keep) if k]


def _signature(cv, rng, spec, iss, signer, pt, left, right, top, *, deputy: bool,
               gap_mm: float, draw: bool, articles: int = 0):
    """Recipients (left) and signer (right); returns (height, seal centre).
    With ``draw`` false it only measures, and draws nothing from ``rng``."""
    width = right - left
    rw = width * 0.5
    rx0 = right - rw
    recips = [f"- Như Điều {articles};" if articles else "- Như trên;",
              "- Thường trực HĐND, UBND;", "- Lưu: VT, VP."]
    y = top
    if draw:
        cv.draw_line(cv.wrap([("Nơi nhận:", "bold_italic")], 12, rw)[0], 12, x0=left,
                     width=rw, baseline=top + cv.pt(12))
    y += cv.pt(12) * 1.3
    for line in recips:
        y = cv.paragraph(line, 11, x0=left, width=width * 0.42, top=y, align="left",
                         spacing=1.15, draw=draw)
    left_end = y
    if draw:
        cv.new_block()
    head = iss.head if spec.key != "bien_ban" else "CHỦ TRÌ"
    rows = []
    if iss.collective and spec.key != "bien_ban":
        rows.append((iss.collective, "bold", pt))
    rows += [(f"KT. {head}", "bold", pt), (iss.deputy, "bold", pt)] if deputy else \
        [(head, "bold", pt)]
    y, _ = _column(cv, rows, rx0, rw, top, draw=draw)
    gap = cv.mm(gap_mm)
    seal = (round(rx0 + rw / 2 - cv.mm(14)), round(y + gap / 2))
    if draw and rng.random() < 0.85:
        _scribble(cv, rng, rx0 + rw / 2, y + gap / 2, cv.mm(22))
    y, _ = _column(cv, [(signer, "bold", pt)], rx0, rw, y + gap, draw=draw)
    return max(y, left_end) - top, seal


def _scribble(cv: Canvas, rng: random.Random, cx: float, cy: float, span: float) -> None:
    """A hand-signature-like stroke (not text)."""
    pts = []
    a = [rng.uniform(0.15, 0.35) * span for _ in range(3)]
    f = [rng.uniform(1.5, 4.5) for _ in range(3)]
    ph = [rng.uniform(0, 6.3) for _ in range(3)]
    for i in range(200):
        t = i / 199
        x = cx - span / 2 + span * t + a[2] * 0.3 * math.sin(f[2] * 6.3 * t + ph[2])
        y = cy + a[0] * math.sin(f[0] * 6.3 * t + ph[0]) * (1 - t) \
            + a[1] * 0.5 * math.sin(f[1] * 6.3 * t + ph[1])
        pts.append((x, y))
    cv.draw.line(pts, fill=rng.randrange(20, 90), width=max(1, cv.mm(0.5)), joint="curve")
