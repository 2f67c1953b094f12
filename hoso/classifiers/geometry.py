"""Line geometry from OCR words, aligned with the page text's lines."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, replace
from itertools import groupby

from hoso.digitize.model import Word


def line_gaps(words: tuple[Word, ...]) -> list[float]:
    """Per line of ``words_to_text(words)`` (blank block separators included),
    the vertical space above it in units of its height; 0 for the first line
    and for blank lines."""
    gaps: list[float] = []
    previous_bottom = None
    current_block = None
    for (block, _, _), group in groupby(words, key=lambda w: (w.block, w.paragraph, w.line)):
        line = list(group)
        if current_block is not None and block != current_block:
            gaps.append(0.0)  # the blank line between blocks
        top = min(w.top for w in line)
        height = max(1.0, statistics.median(w.height for w in line))
        gaps.append(0.0 if previous_bottom is None else max(0.0, (top - previous_bottom) / height))
        previous_bottom = max(w.top + w.height for w in line)
        current_block = block
    return gaps


ROW_OVERLAP = 0.5    # share of the lower height two words must overlap vertically to share a row
CELL_GAP = 2.5       # a horizontal gap wider than this × height splits a row into cells
ROW_BREAK = 1.2      # a vertical gap wider than this × height starts a new block
_RULE = re.compile(r"[|¦]+")  # a table's vertical rule read as (part of) a word


@dataclass(frozen=True, slots=True)
class Cell:
    """Words of one row that stand together; box in page pixels."""

    text: str
    left: int
    right: int
    top: int
    bottom: int

    def overlap(self, other: Cell) -> float:
        """Horizontal overlap as a share of the narrower of the two."""
        shared = min(self.right, other.right) - max(self.left, other.left)
        return max(0, shared) / max(1, min(self.right - self.left, other.right - other.left))


def _cell(words: list[Word]) -> Cell:
    return Cell(" ".join(w.text for w in words), min(w.left for w in words),
                max(w.left + w.width for w in words), min(w.top for w in words),
                max(w.top + w.height for w in words))


def _rows(words: tuple[Word, ...]) -> list[list[Word]]:
    """Words grouped into printed rows: a word joins the row whose vertical
    band it overlaps by at least ROW_OVERLAP of the lower of the two (so a
    bold value in a larger size stays beside its label)."""
    rows: list[list[Word]] = []
    band = (0.0, 0.0)
    for word in sorted(words, key=lambda w: w.top + w.height / 2):
        top, bottom = word.top, word.top + word.height
        shared = min(bottom, band[1]) - max(top, band[0])
        if rows and shared >= ROW_OVERLAP * min(word.height, band[1] - band[0]):
            rows[-1].append(word)
            band = (statistics.median(w.top for w in rows[-1]),
                    statistics.median(w.top + w.height for w in rows[-1]))
        else:
            rows.append([word])
            band = (top, bottom)
    return rows


def page_rows(words: tuple[Word, ...]) -> list[list[Cell]]:
    """The page read as printed rows, whatever the reading order: each row
    (top to bottom) as its cells (left to right: runs of words split at wide
    gaps or at a table rule "|"); an empty row stands for a wide vertical gap.

    A form whose labels and values stand in two columns comes out as
    ``[[Cell("Họ và tên"), Cell("Nguyễn Văn An")], …]``, where reading order
    would give the column of labels, then the column of values."""
    out: list[list[Cell]] = []
    previous_bottom: float | None = None
    for row in _rows(words):
        row.sort(key=lambda w: w.left)
        height = max(1.0, statistics.median(w.height for w in row))
        top = min(w.top for w in row)
        if previous_bottom is not None and top - previous_bottom > ROW_BREAK * height:
            out.append([])
        previous_bottom = max(w.top + w.height for w in row)
        cells: list[list[Word]] = [[]]
        last_right: int | None = None
        for word in row:
            if last_right is not None and word.left - last_right > CELL_GAP * height:
                cells.append([])
            last_right = word.left + word.width
            parts = _RULE.split(word.text)  # "đất|" and "|" are a cell's end
            if parts[0]:
                cells[-1].append(replace(word, text=parts[0]) if len(parts) > 1 else word)
            if len(parts) > 1:
                cells.append([])
                if parts[-1]:
                    cells[-1].append(replace(word, text=parts[-1]))
        out.append([_cell(c) for c in cells if c])
    return out
