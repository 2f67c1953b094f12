"""Line geometry from OCR words, aligned with the page text's lines."""

from __future__ import annotations

import statistics
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
