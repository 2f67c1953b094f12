"""Administrative pages laid out after Decree 30/2020/NĐ-CP (Appendix I),
in :data:`LAYOUTS` layouts (``render_admin_page(seed, layout=...)``; the
content of a page, its fields included, depends on the seed and the kind
only, so one seed gives the same document in every layout).

0. Decree 30: two header columns, issuing body (left) and motto (right);
   "Số: …" under the body and "Place, ngày 05 tháng 3 năm …" under the
   motto on one row; the subject in bold under the type name; recipients
   ("Nơi nhận:") left of the signer. Reading order, one block each: the
   left header column (superior body, issuing body, "Số: …", and for a
   công văn its "V/v …" subject), the right header column (motto, place and
   date), the title (type name, subject, and for some types the issuing
   authority or "Kính gửi"), the body, the recipients and the signer.
1. Motto on top: the motto centred across the page; under it the body's
   column with "Số:" and the number in bold, and the place and date
   ("ngày 05 tháng 07 năm …", zero-padded) flush right on the row of
   "Số:"; a larger type name, the subject in bold italic, other subject
   leads ("Phê duyệt …" for a quyết định, "Về việc …" for a công văn),
   "- " or "a)" items, the recipients under the signer. Blocks: motto,
   body column (with "Số:" and a công văn's subject), place and date,
   title, body, signer, recipients (a biên bản: secretary, then chair).
2. Letterhead: the superior body over the issuing body in larger bold
   capitals (one line when it fits), flush left, the motto flush right,
   a full-width rule under both; "Số: …" (sometimes "Số: 41 /BC-UBND": the
   number without spaces is the field) flush left and the place and date
   ("ngày 5 tháng 7 năm …") flush right on the row below; a letter-spaced
   type name, "1." / "I." / "- " items, signers "TM.", "KT.", "Q.", "TL.",
   and the seal (``seal_xy``) over the left of the signer's title rather
   than over the signature. Blocks: letterhead, motto, "Số:" (with a
   công văn's subject), place and date, title, body, recipients, signer.

The fields are the same in every layout: ``issuing_authority`` the body's
own name (a two-line name joined with a space), ``document_number`` without
spaces, ``subject`` as printed with its lead.

Document types live in :data:`KINDS`; adding one is adding an
:class:`AdminKind` and its :data:`LEADS` (and, for an unusual body, a
branch in ``_body`` and ``_body_variant``).
"""

from __future__ import annotations

import math
import random
import unicodedata
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

LAYOUTS = 3
DATE_STYLES = ("decree", "padded", "plain")  # content.date_words style of each layout
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")

# Subject leads of layouts 1 and 2 (layout 0: AdminKind.lead); "" prints the
# topic alone, capitalised ("Phê duyệt danh sách …").
LEADS: dict[str, tuple[str, str]] = {
    "quyet_dinh": ("", "V/v "),
    "nghi_quyet": ("", "Về "),
    "cong_van": ("Về việc ", "V/v "),
    "thong_bao": ("Về việc ", "Kết quả cuộc họp về "),
    "ke_hoach": ("Thực hiện ", "Tổ chức thực hiện "),
    "bao_cao": ("Tình hình thực hiện ", "Kết quả triển khai "),
    "to_trinh": ("Đề nghị ", "V/v đề nghị "),
    "bien_ban": ("Về việc ", "Họp bàn về "),
    "giay_moi": ("Tham dự cuộc họp về ", "Họp bàn về "),
}
# symbols of the bodies that propose a decision ("Tờ trình số 12/TTr-SNV")
DEPT_CODES = {"Văn phòng": "VP", "Phòng Kinh tế": "KT", "Phòng Văn hóa - Xã hội": "VHXH",
              "Sở Nội vụ": "SNV", "Sở Tài chính": "STC",
              "Trung tâm Phục vụ hành chính công": "TTPVHCC"}
ADDRESSEES = ["Ủy ban nhân dân tỉnh Bắc Ninh", "Sở Nội vụ tỉnh Bắc Ninh",
              "Các phòng, ban, đơn vị trực thuộc", "Trung tâm Phục vụ hành chính công"]

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
                      font: str | None = None, page_size="A4",
                      layout: int | None = None) -> Rendered:
    """An administrative page of ``kind`` (drawn by the seed when None) in
    ``layout`` (one of ``range(LAYOUTS)``; drawn by the seed when None)."""
    rng = random.Random(seed)
    kind = kind or rng.choice(list(KINDS))
    if kind not in KINDS:
        raise ValueError(f"unknown administrative kind {kind!r}; one of {sorted(KINDS)}")
    if layout is None:  # its own stream: the kind and the page stay those of the seed
        layout = random.Random(f"admin-layout/{seed}").randrange(LAYOUTS)
    if isinstance(layout, bool) or not isinstance(layout, int) or not 0 <= layout < LAYOUTS:
        raise ValueError(f"{kind} has layouts 0-{LAYOUTS - 1}, not {layout!r}")
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
    lead = spec.lead if layout == 0 else LEADS[kind][layout - 1]
    subject = lead + topic if lead else topic[0].upper() + topic[1:]
    number = _symbol(rng, spec, iss, when)
    signer = C.person(rng)
    vals.update(today=C.date_words(when, DATE_STYLES[layout]), signer=signer)
    fields = {"issuing_authority": iss.name, "document_number": number,
              "issue_place": iss.place, "issue_date": when.isoformat(),
              "subject": subject, "signer": signer}
    if layout:
        return _render_variant(cv, rng, spec, iss, when, vals, number, subject, signer, fields,
                               body_pt, head_pt, layout, dpi)

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
                    issuer=iss.name, layout=0)


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


# ------------------------------------------------------------ layouts 1 and 2

def _render_variant(cv: Canvas, rng, spec: AdminKind, iss: C.Issuer, when, vals, number: str,
                    subject: str, signer: str, fields: dict[str, str], body_pt: float,
                    head_pt: float, layout: int, dpi: int) -> Rendered:
    """Layouts 1 (motto on top) and 2 (letterhead) of a page whose content
    (issuer, date, number, subject, signer: the fields) is already chosen;
    the geometry and the wording are the layout's."""
    if layout == 1:
        top, bottom = cv.mm(rng.uniform(12, 18)), cv.height - cv.mm(rng.uniform(18, 25))
        left, right = cv.mm(rng.uniform(28, 35)), cv.width - cv.mm(rng.uniform(15, 20))
        spacing = rng.uniform(1.3, 1.55)
    else:
        top, bottom = cv.mm(rng.uniform(10, 15)), cv.height - cv.mm(rng.uniform(12, 18))
        left, right = cv.mm(rng.uniform(20, 25)), cv.width - cv.mm(rng.uniform(10, 15))
        spacing = rng.uniform(1.05, 1.25)
    dateline = f"{iss.place}, {C.date_words(when, DATE_STYLES[layout])}"
    if spec.key == "bien_ban":
        vals["secretary"] = C.person(rng)
    header = _header_motto_top if layout == 1 else _header_letterhead
    y = header(cv, rng, spec, iss, number, subject, dateline, head_pt, left, right, top)
    cv.new_block()
    y = _title_variant(cv, rng, spec, iss, subject, body_pt, left, right, y, spacing, layout)
    cv.new_block()

    plan = _sign_plan(rng, spec, iss, vals, layout)
    # layout 2 leaves more room above the signer: its seal sits over the title
    lead_in = cv.pt(body_pt) * (0.8 if layout == 1 else 2.0)
    sign_h = _sign_variant(cv, rng, plan, signer, body_pt, left, right, 0, draw=False)[0]
    if y + lead_in + sign_h > bottom and layout == 1:  # a small page: recipients beside
        plan["beside"] = True
        sign_h = _sign_variant(cv, rng, plan, signer, body_pt, left, right, 0, draw=False)[0]
    over = y + lead_in + sign_h - bottom
    if over > 0:  # still too tall: less room for the signature
        plan["gap_mm"] = max(12.0, plan["gap_mm"] - over * 25.4 / cv.dpi)
        sign_h = _sign_variant(cv, rng, plan, signer, body_pt, left, right, 0, draw=False)[0]
    limit = bottom - sign_h - lead_in
    limit = y + (limit - y) * rng.choice([1.0, 1.0, rng.uniform(0.55, 1.0)])
    paras = _number(_fit(cv, _body_variant(cv, rng, spec, vals, body_pt, layout), left, right,
                         y, limit, spacing))
    for p in paras:
        y = cv.paragraph(p.runs, p.size, x0=left, width=right - left, top=y, align=p.align,
                         indent=p.indent, spacing=spacing) + p.after
    cv.new_block()
    y_sign = min(max(y + lead_in, 0), bottom - sign_h)
    _, seal = _sign_variant(cv, rng, plan, signer, body_pt, left, right, y_sign, draw=True,
                            articles=sum(p.article for p in paras))
    text, lines, boxes = cv.truth()
    return Rendered(image=cv.image, dpi=dpi, text=text, lines=lines, kind=spec.key,
                    line_boxes=boxes, fields=fields, font=cv.family.name, seal_xy=seal,
                    issuer=iss.name, layout=layout)


def _row(cv: Canvas, runs: list[Run], size: float, x0: float, width: float, top: float,
         align: str = "center", draw: bool = True) -> float:
    """Styled runs on :func:`_column`'s baselines (wrapping when too wide);
    returns the next top."""
    for words in cv.wrap(runs, size, width):
        if draw:
            cv.draw_line(words, size, x0=x0, width=width, baseline=top + cv.pt(size),
                         align=align)
        top += cv.pt(size) * 1.25
    return top


def _header_motto_top(cv, rng, spec, iss, number, subject, dateline, pt, left, right,
                      top) -> float:
    """Layout 1: the motto centred across the page, under it the body's
    column with "Số:", the place and date flush right on the row of "Số:"."""
    width = right - left
    gap = cv.pt(pt) * 0.25
    m1 = _fit_size(cv, MOTTO[0], "bold", min(pt + 0.5, 14), width)
    y, w = _column(cv, [(MOTTO[0], "bold", m1), (MOTTO[1], "bold", min(m1 + 1, 14.5))],
                   left, width, top, draw=True)
    cv.rule(left + width / 2, y + gap * 1.2, w)
    cv.new_block()
    y += cv.pt(pt) * rng.uniform(1.0, 1.5)
    lx0 = max(cv.mm(8), left - cv.mm(rng.uniform(0, 10)))
    lw = (right - lx0) * rng.uniform(0.40, 0.46)
    rows = ([(iss.parent, "regular", pt)] if iss.parent else []) + \
        [(n, "bold", pt) for n in iss.name_lines]
    y, w = _column(cv, rows, lx0, lw, y, draw=True)
    cv.rule(lx0 + lw / 2, y + gap * 1.2, w * rng.uniform(0.33, 0.5))
    row = y + cv.pt(pt) * rng.uniform(0.6, 0.9)
    end = _row(cv, [("Số:", "regular"), (number, "bold")], pt, lx0, lw, row)
    if spec.code is None:  # công văn: its subject under the number
        end = cv.paragraph([(subject, "regular")], max(11.0, pt - 1), x0=lx0 + cv.mm(3),
                           width=lw - cv.mm(6), top=end, align="center", spacing=1.15)
    cv.new_block()
    room = right - (lx0 + lw) - cv.mm(2)
    size = _fit_size(cv, dateline, "italic", min(pt + 1, 14), room)
    if cv.text_width(dateline, "italic", size) <= room:
        # on the baseline of "Số:" (both rows sit pt below their top)
        d_top = row + cv.pt(pt) - cv.pt(size)
        d_end = _row(cv, [(dateline, "italic")], size, left, width, d_top, align="right")
    else:  # a narrow page: on its own row under the column
        d_end = _row(cv, [(dateline, "italic")], _fit_size(cv, dateline, "italic", pt, width),
                     left, width, end, align="right")
    return max(end, d_end) + cv.pt(pt) * rng.uniform(1.0, 1.8)


def _header_letterhead(cv, rng, spec, iss, number, subject, dateline, pt, left, right,
                       top) -> float:
    """Layout 2: a letterhead (superior body, issuing body in large bold
    capitals) flush left, the motto flush right, a full-width rule; "Số:"
    flush left and, a row lower, the place and date flush right."""
    width = right - left
    # the motto keeps its size where it can; the letterhead has the rest
    m1 = _fit_size(cv, MOTTO[0], "bold", pt, width * 0.5)
    m2 = min(m1 + 1, 14)
    mw = max(cv.text_width(MOTTO[0], "bold", m1), cv.text_width(MOTTO[1], "bold", m2)) + 2
    lw = min(width * rng.uniform(0.50, 0.56), width - mw - cv.mm(4))
    big = min(pt + rng.choice([2, 2.5, 3, 4]), 17)
    rows = [(iss.parent, "regular", max(10.5, pt - 0.5))] if iss.parent else []
    size = _fit_size(cv, iss.name, "bold", big, lw)
    if size >= pt and cv.text_width(iss.name, "bold", size) <= lw:
        rows.append((iss.name, "bold", size))     # on one line
    else:
        rows += [(n, "bold", _fit_size(cv, n, "bold", big, lw)) for n in iss.name_lines]
    y = top
    for text, style, size in rows:
        y = _row(cv, [(text, style)], size, left, lw, y, align="left")
    cv.new_block()
    # the motto: a block flush with the right margin, its lines centred on each other
    y2, _ = _column(cv, [(MOTTO[0], "bold", m1), (MOTTO[1], "bold", m2)], right - mw, mw, top,
                    draw=True)
    cv.new_block()
    band = round(max(y, y2) + cv.pt(pt) * 0.35)
    t = max(1, round(cv.pt(1.0)))
    cv.draw.rectangle((round(left), band, round(right), band + t - 1), fill=cv.ink)
    if rng.random() < 0.5:  # a thin second rule
        k = band + 2 * t + 1
        cv.draw.rectangle((round(left), k, round(right), k + max(1, t // 2) - 1), fill=cv.ink)
    y = band + cv.pt(pt) * rng.uniform(0.7, 1.1)
    shown = number.replace("/", " /", 1) if rng.random() < 0.4 else number
    y = _row(cv, [("Số:", "regular"), (shown, "regular")], pt, left, width, y, align="left")
    size = _fit_size(cv, dateline, "italic", min(pt + 0.5, 14), width * 0.6 - cv.mm(6))
    dw = cv.text_width(dateline, "italic", size)
    end = y
    if spec.code is None:  # công văn: its subject under the number, clear of the date
        vw = max(width * 0.38, min(width * 0.5, width - dw - cv.mm(6)))
        end = cv.paragraph([(subject, "regular")], max(11.0, pt - 1), x0=left, width=vw,
                           top=y, align="left", spacing=1.15)
    cv.new_block()
    d_end = _row(cv, [(dateline, "italic")], size, left, width, y + cv.pt(pt) * 0.2,
                 align="right")
    return max(end, d_end) + cv.pt(pt) * rng.uniform(1.0, 1.6)


def _tracked(cv: Canvas, text: str, style: str, size: float, x0: float, width: float,
             top: float, track: float) -> float:
    """One centred, letter-spaced line (``track`` px between letters, three
    times that between words), recorded as its text; returns the next top."""
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    font = cv.font(style, size)
    steps = [font.getlength(ch) + (3 * track if ch == " " else track) for ch in text]
    while track > 0 and sum(steps) - track > width:  # too wide: tighter
        track *= 0.7
        steps = [font.getlength(ch) + (3 * track if ch == " " else track) for ch in text]
    x = x0 + (width - (sum(steps) - track)) / 2
    baseline = top + cv.pt(size) * 1.0
    left = top_ = 10**9
    right = bottom = -10**9
    for ch, step in zip(text, steps):
        if ch != " ":
            cv.draw.text((x, baseline), ch, font=font, fill=cv.ink, anchor="ls")
            bl, bt, br, bb = font.getbbox(ch, anchor="ls")
            left, top_ = min(left, x + bl), min(top_, baseline + bt)
            right, bottom = max(right, x + br), max(bottom, baseline + bb)
        x += step
    cv.blocks[-1].append((text, (int(left), int(top_), int(right) + 1, int(bottom) + 1)))
    return top + cv.pt(size) * 1.35


def _kinh_gui(cv: Canvas, names: list[str], pt: float, x: float, right: float, top: float,
              spacing: float, label_style: str = "regular") -> float:
    """"Kính gửi: X" from ``x``, or for several addressees "Kính gửi: - A;"
    with "- B." under "- A;"; returns the next top."""
    label = "Kính gửi:"
    lw = cv.text_width(label + " ", label_style, pt)
    items = names if len(names) == 1 else \
        [f"- {n};" for n in names[:-1]] + [f"- {names[-1]}."]
    pitch = cv.line_pitch(pt, spacing)
    ascent = cv.pt(pt) * 0.9 + max(0.0, pitch - cv.pt(pt)) / 2
    first = True
    for item in items:
        for ws in cv.wrap([(item, "regular")], pt, right - x - lw):
            if first:
                cv.draw_line(cv._words([(label, label_style)]) + ws, pt, x0=x, width=right - x,
                             baseline=top + ascent)
                first = False
            else:
                cv.draw_line(ws, pt, x0=x + lw, width=right - x - lw, baseline=top + ascent)
            top += pitch
    return top


def _title_variant(cv, rng, spec, iss, subject, pt, left, right, y, spacing, layout) -> float:
    width = right - left
    if spec.title:
        if layout == 1:
            y = cv.paragraph([(spec.title, "bold")], pt + 2, x0=left, width=width, top=y,
                             align="center", spacing=1.25)
            sub_w, style = width * rng.uniform(0.75, 0.9), "bold_italic"
        else:
            size = min(pt + rng.choice([3, 3.5, 4, 5]), 18)
            y = _tracked(cv, spec.title, "bold", size, left, width, y,
                         cv.pt(size) * rng.uniform(0.05, 0.1))
            sub_w, style = width * rng.uniform(0.8, 0.92), "bold"
        y = cv.paragraph([(subject, style)], pt, x0=left + (width - sub_w) / 2, width=sub_w,
                         top=y, align="center", spacing=1.2)
        rule = width * rng.uniform(0.15, 0.25) if layout == 1 else cv.mm(rng.uniform(25, 40))
        cv.rule(left + width / 2, y + cv.pt(pt) * 0.5, rule)  # clear of the descenders
        y += cv.pt(pt) * 1.2
        if spec.authority_line:
            who = iss.name if spec.council or iss.abbr == "UBND" else f"{iss.head} {iss.name}"
            y = cv.paragraph([(who, "bold")], pt, x0=left, width=width, top=y, align="center",
                             spacing=1.2) + cv.pt(pt) * 0.5
    if spec.key in ("cong_van", "to_trinh"):
        if spec.key == "cong_van" and rng.random() < (0.7 if layout == 1 else 0.35):
            names = rng.sample(C.ADDRESSEES, rng.choice([2, 2, 3]))
        else:
            names = [rng.choice(ADDRESSEES)]
        x = left + cv.mm(rng.uniform(12, 25)) if layout == 1 else left + cv.mm(rng.uniform(8, 15))
        y = _kinh_gui(cv, names, pt, x, right, y + cv.pt(pt) * 0.3, spacing,
                      "regular" if layout == 1 else "bold")
        y += cv.pt(pt) * 0.6
    return y


def _body_variant(cv, rng, spec: AdminKind, vals, pt, layout: int) -> list[Para]:
    """The body of layouts 1 (deeper first-line indent, "- " and "a)"
    items) and 2 (no indent, space between paragraphs, "1." and "I." items)."""
    if layout == 1:
        ind, after = cv.mm(rng.uniform(12.7, 15)), cv.pt(pt) * rng.uniform(0.2, 0.5)
    else:
        ind, after = 0.0, cv.pt(pt) * rng.uniform(0.45, 0.8)
    P = lambda runs, **kw: Para(runs, pt, indent=kw.pop("indent", ind),  # noqa: E731
                                after=kw.pop("after", after), **kw)
    out: list[Para] = []
    deck = _Deck(rng, vals)
    closing_text = C.fill(C.CLOSING_VARIANTS[spec.key][layout - 1], vals)
    if spec.preamble:
        for i, s in enumerate(rng.sample(C.PREAMBLE, rng.randrange(2, 5))):
            out.append(P([(s, "italic")], optional=i >= 2))
        dept = vals["dept"]
        why = f"Theo đề nghị của {dept}." if layout == 1 else \
            f"Theo đề nghị của {dept} tại Tờ trình số " \
            f"{rng.randrange(3, 300)}/TTr-{DEPT_CODES[dept]}."
        out.append(P([(why, "italic")], optional=True))
    if spec.marker:
        out.append(P([(spec.marker, "bold")], align="center", indent=0))
    if spec.style == "articles":
        for i in range(1, rng.randrange(2, 7) + 1):
            out.append(P([("Điều", "bold"), (deck(rng.randrange(1, 3)), "regular")],
                         optional=i > 1, article=True))
        closing = P([("Điều", "bold"), (closing_text, "regular")], article=True)
    elif spec.style == "sections":
        for n, head in enumerate(SECTION_HEADS[spec.key], 1):
            name = head.split(". ", 1)[1]
            out.append(P([(f"{n}. {name.capitalize()}" if layout == 1 else head, "bold")],
                         optional=True, heading=True))
            for j in range(rng.randrange(1, 4)):
                mark = f"{'abc'[j]}) " if layout == 1 else "- "
                out.append(P(mark + deck(rng.randrange(1, 3)), optional=True))
        closing = P(closing_text)
    elif spec.style == "minutes":
        h, m = rng.randrange(7, 16), rng.choice(["00", "30"])
        if layout == 1:
            out.append(P(f"Vào hồi {h} giờ {m} phút, {vals['today']}, tại trụ sở "
                         f"{vals['unit_full']}, tổ chức cuộc họp. Thành phần gồm: đồng chí "
                         f"{vals['signer']}, chủ trì; đồng chí {vals['secretary']}, thư ký; đại "
                         "diện các phòng, ban, đơn vị liên quan."))
        else:
            out.append(P(f"1. Thời gian: {h} giờ {m} phút, {vals['today']}."))
            out.append(P(f"2. Địa điểm: trụ sở {vals['unit_full']}."))
            out.append(P(f"3. Thành phần: chủ trì: đồng chí {vals['signer']}; thư ký: đồng chí "
                         f"{vals['secretary']}."))
            out.append(P("4. Nội dung cuộc họp:", optional=True, heading=True))
        for _ in range(rng.randrange(2, 7)):
            out.append(P("- " + deck(rng.randrange(1, 3)), optional=True))
        closing = P(closing_text)
    elif spec.style == "invitation":
        h = rng.randrange(7, 15)
        if layout == 1:
            out.append(P(f"{vals['unit_full']} trân trọng kính mời đồng chí {vals['person']} "
                         "tham dự cuộc họp, cụ thể như sau:"))
            out.append(P(f"1. Thời gian: {h} giờ 00 phút, {vals['date']}."))
            out.append(P(f"2. Địa điểm: Phòng họp {vals['unit_full']}."))
            out.append(P("3. Thành phần: đại diện lãnh đạo các phòng, ban, đơn vị liên quan."))
        else:
            out.append(P(f"{vals['unit_full']} trân trọng kính mời:"))
            out.append(P(f"- Đồng chí {vals['person']};"))
            out.append(P(f"- Thời gian: {h} giờ 30 phút, {vals['date']}."))
            out.append(P(f"- Địa điểm: Hội trường tầng 2, {vals['unit_full']}."))
        out.append(P(deck(1), optional=True))
        closing = P(closing_text)
    else:
        for n in range(1, rng.randrange(2, 10) + 1):
            text = deck(rng.randrange(1, 4))
            out.append(P(f"- {text}" if layout == 1 else f"{n}. {text}", optional=True))
        closing = P(closing_text)
    return out + [closing]


def _sign_plan(rng, spec: AdminKind, iss: C.Issuer, vals, layout: int) -> dict:
    """Every random choice of the signature area, made once so that it
    measures (draw=False) and draws alike."""
    plan = dict(layout=layout, gap_mm=rng.uniform(18, 26) if layout == 1 else
                rng.uniform(29, 34), scribble=rng.random() < 0.85,
                scribble2=rng.random() < 0.85)
    if spec.key == "bien_ban":  # two signers: the secretary (left) and the chair (right)
        plan.update(minutes=True, secretary=vals["secretary"],
                    titles=("THƯ KÝ", "CHỦ TRÌ") if layout == 1 else
                    ("THƯ KÝ CUỘC HỌP", "CHỦ TRÌ CUỘC HỌP"))
        return plan
    head, r = iss.head, rng.random()
    by_office = spec.key in ("cong_van", "thong_bao", "giay_moi") and not iss.council
    if iss.collective:
        rows = [iss.collective, head] if r < 0.45 else \
            [f"TL. {head}", "CHÁNH VĂN PHÒNG"] if r >= 0.85 and by_office else \
            [iss.collective, f"KT. {head}", iss.deputy]
    else:
        rows = [head] if r < 0.4 else [f"KT. {head}", iss.deputy] if r < 0.75 else \
            [f"TL. {head}", "CHÁNH VĂN PHÒNG"] if r >= 0.9 and by_office else [f"Q. {head}"]
    plan.update(minutes=False, rows=rows,
                recips=rng.sample(C.RECIPIENTS, rng.randrange(1, 4)) + [rng.choice(C.ARCHIVE)])
    return plan


def _signer(cv, rng, rows, name, pt, x0, width, top, gap, *, draw, scribble, seal_on_title):
    """Title rows, a signature and the name, centred in a column; returns
    (bottom, seal centre)."""
    y, _ = _column(cv, [(r, "bold", pt) for r in rows], x0, width, top, draw=draw)
    if seal_on_title:  # over the left end of the title rows, clear of the name
        widest = max(cv.text_width(r, "bold", pt) for r in rows)
        seal = (round(x0 + width / 2 - widest / 2 + min(cv.mm(8), widest * 0.15)),
                round(y + cv.mm(2.5)))
    else:
        seal = (round(x0 + width / 2 - cv.mm(14)), round(y + gap / 2))
    if draw and scribble:
        _scribble(cv, rng, x0 + width / 2, y + gap / 2, cv.mm(22))
    y, _ = _column(cv, [(name, "bold", pt)], x0, width, y + gap, draw=draw)
    return y, seal


def _recipients(cv, items: list[str], x0, width, top, *, draw, label_style, size) -> float:
    if draw:
        cv.draw_line(cv.wrap([("Nơi nhận:", label_style)], 12, width)[0], 12, x0=x0,
                     width=width, baseline=top + cv.pt(12))
    y = top + cv.pt(12) * 1.3
    for line in items:
        y = cv.paragraph(line, size, x0=x0, width=width, top=y, align="left", spacing=1.15,
                         draw=draw)
    return y


def _sign_variant(cv, rng, plan: dict, signer: str, pt, left, right, top, *, draw: bool,
                  articles: int = 0):
    """The signature area of layouts 1 (signer, then the recipients under it)
    and 2 (recipients left of the signer, the seal over the signer's title);
    a biên bản has the secretary's and the chair's signatures side by side.
    Returns (height, seal centre)."""
    width = right - left
    rw = width * 0.5
    rx0 = right - rw
    gap = cv.mm(plan["gap_mm"])
    on_title = plan["layout"] == 2
    if plan["minutes"]:
        sec, chair = plan["titles"]
        y_l, _ = _signer(cv, rng, [sec], plan["secretary"], pt, left, rw, top, gap, draw=draw,
                         scribble=plan["scribble2"], seal_on_title=False)
        if draw:
            cv.new_block()
        y, seal = _signer(cv, rng, [chair], signer, pt, rx0, rw, top, gap, draw=draw,
                          scribble=plan["scribble"], seal_on_title=on_title)
        return max(y, y_l) - top, seal
    items = [f"- Như Điều {articles};" if articles else "- Như trên;"] + plan["recips"]
    if plan["layout"] == 1 and not plan.get("beside"):
        y, seal = _signer(cv, rng, plan["rows"], signer, pt, rx0, rw, top, gap, draw=draw,
                          scribble=plan["scribble"], seal_on_title=False)
        if draw:
            cv.new_block()
        y = _recipients(cv, items, left, width * 0.6, y + cv.pt(pt) * 0.6, draw=draw,
                        label_style="bold_italic", size=11)
        return y - top, seal
    y_l = _recipients(cv, items, left, width * 0.45, top, draw=draw, label_style="bold",
                      size=10.5)
    if draw:
        cv.new_block()
    y, seal = _signer(cv, rng, plan["rows"], signer, pt, rx0, rw, top, gap, draw=draw,
                      scribble=plan["scribble"], seal_on_title=on_title)
    return max(y, y_l) - top, seal
