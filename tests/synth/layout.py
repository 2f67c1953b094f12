"""A small text-layout engine over PIL that records exactly what it draws.

A :class:`Canvas` is one upright page. Text goes in as paragraphs of styled
runs; they are wrapped with the font's own metrics, aligned (left, center,
right or justified) and drawn on baselines. Every drawn line is recorded,
with its ink box, in the current block, so the ground truth is by
construction the text on the page.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from PIL import Image, ImageDraw

from tests.synth.fonts import FontFamily
from tests.synth.model import Box

Run = tuple[str, str]  # (text, style) with style in fonts.STYLES

PAGE_SIZES_MM = {"A4": (210.0, 297.0), "A5": (148.0, 210.0), "Letter": (215.9, 279.4)}


def page_size_mm(page_size: str | tuple[float, float]) -> tuple[float, float]:
    if isinstance(page_size, str):
        try:
            return PAGE_SIZES_MM[page_size]
        except KeyError:
            raise ValueError(f"unknown page size {page_size!r}; "
                             f"use one of {sorted(PAGE_SIZES_MM)} or (w_mm, h_mm)") from None
    w, h = page_size
    return float(w), float(h)


@dataclass(frozen=True)
class Word:
    text: str
    style: str


class Canvas:
    """One page: a white mode-"L" image plus the record of drawn lines."""

    def __init__(self, size_mm: tuple[float, float], dpi: int, family: FontFamily,
                 ink: int = 0):
        self.dpi = dpi
        self.family = family
        self.ink = ink
        w, h = (round(v * dpi / 25.4) for v in size_mm)
        self.image = Image.new("L", (w, h), 255)
        self.draw = ImageDraw.Draw(self.image)
        self.blocks: list[list[tuple[str, Box]]] = [[]]

    # -- units ---------------------------------------------------------
    @property
    def width(self) -> int:
        return self.image.width

    @property
    def height(self) -> int:
        return self.image.height

    def mm(self, v: float) -> int:
        return round(v * self.dpi / 25.4)

    def pt(self, v: float) -> float:
        return v * self.dpi / 72.0

    def font(self, style: str, size_pt: float):
        return self.family.get(style, self.pt(size_pt))

    # -- measuring -----------------------------------------------------
    def text_width(self, text: str, style: str, size_pt: float) -> float:
        return self.font(style, size_pt).getlength(text)

    def _words(self, runs: list[Run] | str) -> list[Word]:
        if isinstance(runs, str):
            runs = [(runs, "regular")]
        words = []
        for text, style in runs:
            text = unicodedata.normalize("NFC", text)
            words.extend(Word(t, style) for t in text.split())
        return words

    def wrap(self, runs: list[Run] | str, size_pt: float, width: float,
             indent: float = 0.0) -> list[list[Word]]:
        """Greedy line breaking; the first line is ``indent`` px narrower.
        A word wider than a whole line is cut between characters."""
        lines: list[list[Word]] = []
        line: list[Word] = []
        used = 0.0
        for word in self._words(runs):
            avail = width - (indent if not lines else 0.0)
            font = self.font(word.style, size_pt)
            w = font.getlength(word.text)
            gap = font.getlength(" ") if line else 0.0
            if line and used + gap + w > avail:
                lines.append(line)
                line, used, gap = [], 0.0, 0.0
                avail = width
            if not line and w > avail:
                pieces = self._cut(word, font, avail)
                lines.extend([p] for p in pieces[:-1])
                line, used = [pieces[-1]], font.getlength(pieces[-1].text)
                continue
            line.append(word)
            used += gap + w
        if line:
            lines.append(line)
        return lines

    @staticmethod
    def _cut(word: Word, font, width: float) -> list[Word]:
        pieces, cur = [], ""
        for ch in word.text:
            if cur and font.getlength(cur + ch) > width:
                pieces.append(Word(cur, word.style))
                cur = ""
            cur += ch
        pieces.append(Word(cur, word.style))
        return pieces

    # -- drawing -------------------------------------------------------
    def new_block(self) -> None:
        if self.blocks[-1]:
            self.blocks.append([])

    def draw_line(self, words: list[Word], size_pt: float, *, x0: float, width: float,
                  baseline: float, align: str = "left", justify: bool = False,
                  indent: float = 0.0, fill: int | None = None) -> Box:
        """Draw one line of words on ``baseline`` inside [x0, x0 + width]."""
        fill = self.ink if fill is None else fill
        fonts = [self.font(w.style, size_pt) for w in words]
        widths = [f.getlength(w.text) for f, w in zip(fonts, words)]
        gaps = [f.getlength(" ") for f in fonts[:-1]]
        natural = sum(widths) + sum(gaps)
        avail = width - indent
        if justify and gaps and natural < avail:
            extra = (avail - natural) / len(gaps)
            gaps = [g + extra for g in gaps]
            natural = avail
        if align == "center":
            x = x0 + indent + (avail - natural) / 2
        elif align == "right":
            x = x0 + width - natural
        else:
            x = x0 + indent
        left = top = 10**9
        right = bottom = -10**9
        for i, (font, word) in enumerate(zip(fonts, words)):
            self.draw.text((x, baseline), word.text, font=font, fill=fill, anchor="ls")
            bl, bt, br, bb = font.getbbox(word.text, anchor="ls")
            left, top = min(left, x + bl), min(top, baseline + bt)
            right, bottom = max(right, x + br), max(bottom, baseline + bb)
            x += widths[i] + (gaps[i] if i < len(gaps) else 0.0)
        box = (int(left), int(top), int(right) + 1, int(bottom) + 1)
        self.blocks[-1].append((" ".join(w.text for w in words), box))
        return box

    def line_pitch(self, size_pt: float, spacing: float) -> float:
        return self.pt(size_pt) * spacing

    def paragraph(self, runs: list[Run] | str, size_pt: float, *, x0: float, width: float,
                  top: float, align: str = "left", indent: float = 0.0,
                  spacing: float = 1.2, draw: bool = True) -> float:
        """Lay out (and unless ``draw`` is false, draw) a paragraph whose
        first line box starts at ``top``; returns the top of the next line."""
        lines = self.wrap(runs, size_pt, width, indent if align in ("left", "justify") else 0)
        pitch = self.line_pitch(size_pt, spacing)
        ascent = self.pt(size_pt) * 0.9 + max(0.0, pitch - self.pt(size_pt)) / 2
        for i, words in enumerate(lines):
            if draw:
                first = i == 0 and align in ("left", "justify")
                self.draw_line(words, size_pt, x0=x0, width=width, baseline=top + ascent,
                               align="left" if align == "justify" else align,
                               justify=align == "justify" and i < len(lines) - 1,
                               indent=indent if first else 0.0)
            top += pitch
        return top

    def rule(self, x_center: float, y: float, length: float, thickness: float | None = None) -> None:
        """A horizontal rule (the short lines under header names); not text."""
        t = max(1, round(thickness or self.pt(0.6)))
        x1 = round(x_center - length / 2)
        self.draw.rectangle((x1, round(y), x1 + round(length), round(y) + t - 1), fill=self.ink)

    # -- ground truth --------------------------------------------------
    def truth(self) -> tuple[str, list[str], list[Box]]:
        blocks = [b for b in self.blocks if b]
        text = "\n\n".join("\n".join(t for t, _ in b) for b in blocks)
        lines = [t for b in blocks for t, _ in b]
        boxes = [box for b in blocks for _, box in b]
        return unicodedata.normalize("NFC", text), lines, boxes
