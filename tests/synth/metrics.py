"""Scores for OCR and geometry against the generator's ground truth."""

from __future__ import annotations

import unicodedata
from collections import Counter

from rapidfuzz.distance import Levenshtein


def normalize_text(text: str) -> str:
    """NFC with every whitespace run (newlines included) made one space,
    and no leading or trailing space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def cer(truth: str, hypothesis: str) -> float:
    """Character error rate: edit distance / length of the truth, both
    normalised by :func:`normalize_text`. An empty truth scores 0.0 against
    an empty hypothesis and 1.0 against anything else. May exceed 1."""
    t, h = normalize_text(truth), normalize_text(hypothesis)
    if not t:
        return 0.0 if not h else 1.0
    return Levenshtein.distance(t, h) / len(t)


def angle_error(expected: float, measured: float, period: float = 360.0) -> float:
    """Smallest absolute difference between two angles in degrees, modulo
    ``period`` (360 for a full page angle, 90 for skew alone)."""
    d = (measured - expected) % period
    return min(d, period - d)


def page_angle(rotation: int, skew_degrees: float) -> float:
    """The total counter-clockwise turn (DOMAIN.md: rotation + skew)."""
    return (rotation + skew_degrees) % 360.0


def word_bag_error(truth: str, hypothesis: str) -> float:
    """Order-free word error: words of the truth missing from the
    hypothesis, or extra words in it (multisets of NFC words), whichever is
    more, over the number of truth words. Unlike :func:`cer` it does not
    punish a different reading order (two header columns read across)."""
    t = Counter(normalize_text(truth).split())
    h = Counter(normalize_text(hypothesis).split())
    n = sum(t.values())
    if not n:
        return 0.0 if not h else 1.0
    return max(sum((t - h).values()), sum((h - t).values())) / n
