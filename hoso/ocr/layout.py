"""Reading order of recognised words on a page.

Tesseract reads a line straight across the page even when it holds two
columns, as the header of every Decree 30 document does (issuing body on
the left, national motto on the right, ``Số: …`` beside ``Bắc Ninh,
ngày …``). Here each Tesseract line is split where a gap is far wider than
a word space, the pieces are regrouped into blocks of vertically adjacent,
horizontally overlapping lines, and blocks are read band by band (blocks
side by side: left column first), top to bottom.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field, replace
from itertools import groupby

from hoso.digitize.model import Word

GAP_FACTOR = 3.0        # a gap wider than this × line height splits a line, or
REL_GAP_FACTOR = 3.0    # wider than this × the line's median gap (and 1.2 × height)
LINE_GAP_FACTOR = 2.0   # lines closer than this × line height belong to one block
MIN_OVERLAP = 0.3       # horizontal overlap (share of the narrower) to share a column
MARK_CONFIDENCE = 70    # a mark without letters below this confidence is a speck
INDENT_SHARE = 0.25     # stacked lines start within this share of the wider one
ALIGN_FACTOR = 2.0      # ... or share their centre within this × line height
STACK_OVERLAP = 0.3     # horizontal overlap (share of the wider) to stack lines in a block


@dataclass(slots=True)
class _Segment:
    words: list[Word]
    left: int
    top: int
    right: int
    bottom: int
    height: float


@dataclass(slots=True)
class _Block:
    segments: list[_Segment] = field(default_factory=list)

    @property
    def left(self) -> int:
        return min(s.left for s in self.segments)

    @property
    def right(self) -> int:
        return max(s.right for s in self.segments)

    @property
    def top(self) -> int:
        return min(s.top for s in self.segments)

    @property
    def bottom(self) -> int:
        return max(s.bottom for s in self.segments)


def _segment(words: list[Word]) -> _Segment:
    return _Segment(words, min(w.left for w in words), min(w.top for w in words),
                    max(w.left + w.width for w in words), max(w.top + w.height for w in words),
                    float(statistics.median(w.height for w in words)))


def _is_speck(word: Word) -> bool:
    """A doubtful mark with no letter or digit: a rule, a speck, a stamp's edge."""
    return word.confidence < MARK_CONFIDENCE and not any(ch.isalnum() for ch in word.text)


def _split_points(line: list[Word]) -> list[int]:
    """Indexes in ``line`` (letters/digits only) where a column gap starts."""
    height = statistics.median(w.height for w in line)
    gaps = [b.left - (a.left + a.width) for a, b in zip(line, line[1:])]
    typical = statistics.median(gaps) if len(gaps) >= 3 else None
    return [i + 1 for i, gap in enumerate(gaps)
            if gap > GAP_FACTOR * height
            or (typical is not None and gap > 1.2 * height and gap > REL_GAP_FACTOR * max(typical, 1))]


def _split_lines(words: tuple[Word, ...]) -> list[_Segment]:
    """Tesseract's lines, cut where a gap is far wider than a word space.

    Doubtful marks (specks) do not bridge a gap, and one alone in a column
    gap is dropped.
    """
    segments = []
    for _, group in groupby(words, key=lambda w: (w.block, w.paragraph, w.line)):
        line = sorted(group, key=lambda w: w.left)
        core = [w for w in line if not _is_speck(w)] or line
        cuts = _split_points(core)
        pieces = [core[a:b] for a, b in zip([0, *cuts], [*cuts, len(core)])]
        for speck in (w for w in line if w not in core):
            centre = speck.left + speck.width / 2
            for piece in pieces:
                if piece[0].left <= centre <= piece[-1].left + piece[-1].width:
                    piece.append(speck)
        segments.extend(_segment(sorted(p, key=lambda w: w.left)) for p in pieces)
    return segments


def _overlap(a_left: int, a_right: int, b_left: int, b_right: int) -> float:
    narrower = max(1, min(a_right - a_left, b_right - b_left))
    return max(0, min(a_right, b_right) - max(a_left, b_left)) / narrower


def _similar_span(a: _Segment, b: _Segment) -> bool:
    """Lines of one block: they overlap widely, start together (give or take a
    paragraph indent) or share their centre (centred headings)."""
    wider = max(1, a.right - a.left, b.right - b.left)
    shared = max(0, min(a.right, b.right) - max(a.left, b.left))
    if shared < STACK_OVERLAP * wider:
        return False
    centres = abs((a.left + a.right) - (b.left + b.right)) / 2
    return abs(a.left - b.left) <= INDENT_SHARE * wider or centres <= ALIGN_FACTOR * max(a.height, b.height)


def _group_blocks(segments: list[_Segment]) -> list[_Block]:
    """Stack each line under the nearest line above it, when they belong together.

    A line joins a block only through the line right above it: never by
    skipping over another line, never when it sits under two columns, and
    never when the block above spans two columns that start beside it.
    """
    blocks: list[_Block] = []
    placed: list[tuple[_Segment, _Block]] = []
    ordered = sorted(segments, key=lambda s: (s.top, s.left))
    for seg in ordered:
        above = [(s, b) for s, b in placed
                 if s.bottom <= seg.top + 0.5 * seg.height
                 and _overlap(seg.left, seg.right, s.left, s.right) >= MIN_OVERLAP]
        target = None
        if above:
            nearest = max(s.bottom for s, _ in above)
            near = [(s, b) for s, b in above if s.bottom >= nearest - 0.5 * seg.height]
            last, block = max(near, key=lambda sb: sb[0].bottom)
            gap = seg.top - last.bottom
            if len({id(b) for _, b in near}) == 1 and _similar_span(seg, last) \
                    and gap <= LINE_GAP_FACTOR * max(seg.height, last.height) \
                    and not _column_beside(seg, block, ordered):
                target = block
        if target is None:
            target = _Block([])
            blocks.append(target)
        target.segments.append(seg)
        placed.append((seg, target))
    return blocks


def _column_beside(seg: _Segment, block: _Block, segments: list[_Segment]) -> bool:
    """Another line level with ``seg`` also lies under ``block``: columns begin."""
    middle = (seg.top + seg.bottom) / 2
    left, right = block.left, block.right
    return any(other is not seg and abs((other.top + other.bottom) / 2 - middle) < 0.5 * seg.height
               and _overlap(other.left, other.right, left, right) >= MIN_OVERLAP
               for other in segments)


def _bands(blocks: list[_Block]) -> list[list[_Block]]:
    """Blocks grouped into bands whose vertical extents overlap."""
    bands: list[list[_Block]] = []
    bottom = None
    for block in sorted(blocks, key=lambda b: b.top):
        if bands and bottom is not None and block.top < bottom:
            bands[-1].append(block)
            bottom = max(bottom, block.bottom)
        else:
            bands.append([block])
            bottom = block.bottom
    return bands


def _columns(band: list[_Block]) -> list[_Block]:
    """A band's blocks in reading order: columns left to right, top to bottom in each."""
    columns: list[list[_Block]] = []
    for block in sorted(band, key=lambda b: b.left):
        for column in columns:
            if any(_overlap(block.left, block.right, b.left, b.right) >= MIN_OVERLAP for b in column):
                column.append(block)
                break
        else:
            columns.append([block])
    columns.sort(key=lambda col: min(b.left for b in col))
    return [b for col in columns for b in sorted(col, key=lambda b: b.top)]


def reading_order(words: tuple[Word, ...]) -> tuple[Word, ...]:
    """``words`` renumbered (block, line) and reordered into reading order."""
    if not words:
        return words
    ordered: list[Word] = []
    blocks = _group_blocks(_split_lines(words))
    for number, block in enumerate((b for band in _bands(blocks) for b in _columns(band)), start=1):
        for line_no, seg in enumerate(sorted(block.segments, key=lambda s: s.top), start=1):
            ordered.extend(replace(w, block=number, paragraph=1, line=line_no) for w in seg.words)
    return tuple(ordered)
