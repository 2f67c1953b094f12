"""Turn a page upright: measure the skew, find the quarter turn, undo both.

Angles follow DOMAIN.md: ``rotation + skew_degrees`` is the counter-clockwise
angle by which the page content is turned away from upright. For a page made
as upright -> turned CCW by ``s`` (|s| < 45) -> turned CCW by a quarter turn
``q``, :func:`straighten` reports ``rotation=q`` and ``skew_degrees=s``.

The skew is found with projection profiles: ink pixels are projected on a
line at angle ``phi`` and the profile's "sharpness" (sum of squared
differences of neighbouring bins) peaks when ``phi`` lines up with the text
lines. Searching ``phi`` over a half turn finds both the skew (``phi``
modulo 90) and whether the lines run across or up and down the image.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
from PIL import Image

COARSE_SIDE = 700        # long side (px) of the image for the full-range search
FINE_SIDE = 2000         # long side (px) cap for the refinement
COARSE_STEP = 0.5        # degrees
FINE_STEP = 0.05         # degrees
MIN_COMPONENTS = 30      # fewer ink blobs than this: no text to measure


def measure_skew(image: Image.Image) -> float:
    """Skew in degrees, in (-45, 45]; positive when text lines rise to the right.

    Works for text lines running across or up and down the image (a page
    turned by a quarter turn has the same skew). 0.0 when there is no text.
    """
    found = _line_angle(image)
    return 0.0 if found is None else _wrap45(found)


def _wrap45(phi: float) -> float:
    """An angle folded into (-45, 45] (modulo 90)."""
    a = math.fmod(phi, 90.0)
    if a > 45.0:
        a -= 90.0
    elif a <= -45.0:
        a += 90.0
    return 0.0 if abs(a) < 1e-9 else a


def _line_angle(image: Image.Image) -> float | None:
    """Angle ``phi`` in [-135, 45) of the text lines' normal projection, or None.

    ``phi`` in [-45, 45): lines run across the image, skewed by ``phi``;
    ``phi`` in [-135, -45): lines run up and down, skewed by ``phi + 90``.
    """
    coarse = _ink(image, COARSE_SIDE)
    if coarse is None:
        return None
    angles = np.arange(-135.0, 45.0, COARSE_STEP)
    best = float(angles[int(np.argmax(_scores(coarse, angles)))])
    fine = _ink(image, FINE_SIDE)
    if fine is None:
        return best
    return _refine(fine, best, COARSE_STEP * 1.5, FINE_STEP)


def _refine(points: tuple[np.ndarray, np.ndarray], center: float, half: float,
            step: float) -> float:
    """The score's maximum near ``center``, interpolated with a parabola."""
    angles = center + np.arange(-half, half + step / 2, step)
    scores = _scores(points, angles)
    i = int(np.argmax(scores))
    if 0 < i < len(scores) - 1:
        left, mid, right = scores[i - 1], scores[i], scores[i + 1]
        denom = left - 2 * mid + right
        if denom < 0:
            return float(angles[i] + step * 0.5 * (left - right) / denom)
    return float(angles[i])


def _scores(points: tuple[np.ndarray, np.ndarray], angles: np.ndarray) -> np.ndarray:
    """Profile sharpness of the ink points projected at each angle (degrees)."""
    ys, xs = points
    out = np.empty(len(angles))
    for k, angle in enumerate(angles):
        t = math.radians(float(angle))
        p = ys * math.cos(t) + xs * math.sin(t)
        p -= p.min()
        i0 = p.astype(np.int32)
        frac = p - i0
        n = int(i0.max()) + 2
        prof = (np.bincount(i0, weights=1.0 - frac, minlength=n)
                + np.bincount(i0 + 1, weights=frac, minlength=n))
        out[k] = float(np.dot(d := np.diff(prof), d))
    return out


def _ink(image: Image.Image, long_side: int) -> tuple[np.ndarray, np.ndarray] | None:
    """Coordinates (y, x) of text-like ink pixels of ``image`` scaled to ``long_side``.

    Colour is judged by the lightest channel, so that red or blue stamps and
    signatures do not count as ink; blobs touching the edge (scanner borders)
    and very large ones (photos, frames) are left out. None when there are too
    few ink blobs to call it text.
    """
    grey = _darkness_source(image, long_side)
    mask = _binarise(grey)
    if mask is None:
        return None
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    h, w = mask.shape
    x, y, bw, bh, area = (stats[:, i] for i in range(5))
    big = max(h, w) / 4
    keep = ((x > 0) & (y > 0) & (x + bw < w) & (y + bh < h)
            & (bw < big) & (bh < big) & (area >= 2))
    keep[0] = False
    if int(keep.sum()) < MIN_COMPONENTS:
        return None
    ys, xs = np.nonzero(keep[labels])
    return ys.astype(np.float32), xs.astype(np.float32)


def _darkness_source(image: Image.Image, long_side: int) -> np.ndarray:
    """A uint8 grey array (lightest channel for colour), at most ``long_side`` long."""
    if image.mode not in ("L", "RGB"):
        image = image.convert("L")
    a = np.asarray(image)
    h, w = a.shape[:2]
    scale = long_side / max(h, w)
    if scale < 1.0:
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
        a = cv2.resize(a, size, interpolation=cv2.INTER_AREA)
    return a.max(axis=2) if a.ndim == 3 else a


def _binarise(grey: np.ndarray) -> np.ndarray | None:
    """Ink mask (uint8 0/1) by Otsu, kept well below the paper's brightness."""
    paper = float(np.percentile(grey, 90))
    thr, _ = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    thr = min(thr, paper - 40.0)
    if thr <= 0:
        return None
    return (grey < thr).astype(np.uint8)
