"""Turn a page upright: measure the skew, find the quarter turn, undo both.

Angles follow DOMAIN.md: ``rotation + skew_degrees`` is the counter-clockwise
angle by which the page content is turned away from upright. For a page made
as upright -> turned CCW by ``s`` (|s| < 45) -> turned CCW by a quarter turn
``q``, :func:`straighten` reports ``rotation=q`` and ``skew_degrees=s``.

Skew: ink pixels are projected across a direction ``phi``; the profile is
sharpest when ``phi`` lines up with the text lines. Searching ``phi`` over a
half turn (coarse on a small image, refined on a larger one) gives the skew
(``phi`` modulo 90) and whether the lines run across or up and down.

Up or down: Tesseract OSD, checked against the ink asymmetry of the lines
(tone marks and ascenders lie above the lines' cores); when they disagree or
OSD is unsure, a band of lines is OCRed both ways and the word confidences
decide. A page that Tesseract cannot read either way keeps rotation 0.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
from PIL import Image

from hoso.digitize.model import SourcePage, UprightPage
from hoso.errors import HosoError
from hoso.ocr import tesseract

COARSE_SIDE = 700        # long side (px) of the image for the full-range search
FINE_SIDE = 2000         # long side (px) cap for the refinement
COARSE_STEP = 0.5        # degrees
MID_STEP = 0.1           # degrees
FINE_STEP = 0.025        # degrees
PEAKS = 3                # coarse peaks refined at full resolution ...
PEAK_RATIO = 0.7         # ... when at least this fraction of the highest
STRIPS = 2               # side-by-side profiles while searching (see _scores)
MIN_BLOBS = 30           # fewer ink blobs than this: no text to measure
MIN_CONTRAST = 3.0       # best / median coarse score below this: no text lines
TESS_DPI = 200           # resolution the Tesseract votes work at
A4_LONG_INCHES = 11.69   # to guess a page's dpi from its size
BAND_FRACTION = 0.2      # height of the text lines OCRed both ways, of the page's
STRIP_GAP = 12           # px between those lines
OSD_SURE = 2.0           # Tesseract OSD confidence trusted ...
ASYM_CLEAR = 0.15        # ... unless the ink asymmetry clearly says otherwise
OCR_MARGIN = 5.0         # word confidence gap that decides between up and down ...
OCR_MIN_CONF = 60.0      # ... when the better reading is at least this confident
BACKGROUND_PERCENTILE = 90  # of the edge pixels: the paper's colour ...
BACKGROUND_SIDE = 200    # ... on a copy shrunk to this long side

_TURNS = {90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180,
          270: Image.Transpose.ROTATE_270}  # PIL turns counter-clockwise


# -- public API ---------------------------------------------------------------

def measure_skew(image: Image.Image) -> float:
    """Skew in degrees, in (-45, 45]; positive when text lines rise to the right.

    The same for text lines running across or up and down the image (a page
    turned by a quarter turn has the same skew). 0.0 when there is no text.
    """
    phi = _line_angle(image)
    return 0.0 if phi is None else _wrap45(phi)


def detect_rotation(image: Image.Image, *, dpi: float | None = None,
                    timeout: float = 60.0) -> int:
    """Quarter turn of a (deskewed) page: 0/90/180/270, DOMAIN.md convention.

    The counter-clockwise angle the content is turned away from upright (90:
    text lines run bottom to top). 0 for a page without readable text.
    ``dpi`` (guessed from an A4 page size when None) scales the image for
    Tesseract; ``timeout`` bounds each Tesseract call.
    """
    phi = _line_angle(image)
    return 0 if phi is None else _quarter_turn(image, phi, dpi, timeout)


def straighten(page: SourcePage, *, deskew_threshold: float = 0.1,
               timeout: float = 60.0) -> UprightPage:
    """Turn ``page`` upright: undo the quarter turn (losslessly), then the skew.

    The skew is measured on the page as given; it is corrected only when at
    least ``deskew_threshold`` degrees, but reported anyway. The canvas grows
    so that nothing is cut, filled with the paper's colour; the mode is kept.
    A page needing nothing comes back with the very same image object.
    """
    phi = _line_angle(page.image)
    skew = 0.0 if phi is None else _wrap45(phi)
    rotation = 0 if phi is None else _quarter_turn(page.image, phi, page.dpi, timeout)
    image = _turn(page.image, -rotation)
    deskewed = abs(skew) >= deskew_threshold
    if deskewed:
        image = _rotate(image, -skew, _background(page.image))
    return UprightPage(source=page, image=image, rotation=rotation, skew_degrees=skew,
                       deskewed=deskewed)


# -- skew ---------------------------------------------------------------------

def _wrap45(phi: float) -> float:
    """An angle folded into (-45, 45] (modulo 90)."""
    a = math.fmod(phi, 90.0)
    if a > 45.0:
        a -= 90.0
    elif a <= -45.0:
        a += 90.0
    return a + 0.0  # no -0.0


def _line_angle(image: Image.Image) -> float | None:
    """Direction of the text lines, CCW degrees modulo 180, in [-135, 45); or None.

    In [-45, 45) the lines run across the image, skewed by that angle; in
    [-135, -45) they run up and down. None when there are no text lines.
    """
    grey = _grey(image, FINE_SIDE)
    fine = _ink(grey, MIN_BLOBS)
    coarse = _ink(_shrink(grey, COARSE_SIDE), 1)
    if fine is None or coarse is None:
        return None
    angles = np.arange(-135.0, 45.0, COARSE_STEP)
    scores = _scores(coarse, angles, STRIPS)
    if scores.max() < MIN_CONTRAST * np.median(scores):
        return None
    # Several coarse peaks may compete (columns with offset baselines make
    # false peaks near the true one): the finer image decides.
    best = max((_best(fine, c, COARSE_STEP * 1.5, MID_STEP, strips=STRIPS)
                for c in _peaks(angles, scores)), key=lambda found: found[1])[0]
    return _best(fine, best, MID_STEP * 1.5, FINE_STEP, interpolate=True)[0]


def _peaks(angles: np.ndarray, scores: np.ndarray) -> list[float]:
    """The angles of the highest local maxima (the curve wraps at 180 degrees)."""
    local = (scores >= np.roll(scores, 1)) & (scores >= np.roll(scores, -1))
    order = [i for i in np.argsort(-scores) if local[i]]
    top = scores[order[0]]
    return [float(angles[i]) for i in order[:PEAKS] if scores[i] >= PEAK_RATIO * top]


def _best(points: tuple[np.ndarray, np.ndarray], center: float, half: float,
          step: float, interpolate: bool = False, strips: int = 1) -> tuple[float, float]:
    """(angle, score) of the best score within ``center`` ± ``half``; with
    ``interpolate``, a parabola through the best three samples places the peak."""
    angles = center + np.arange(-half, half + step / 2, step)
    scores = _scores(points, angles, strips)
    i = int(np.argmax(scores))
    angle = float(angles[i])
    if interpolate and 0 < i < len(scores) - 1:
        left, mid, right = scores[i - 1], scores[i], scores[i + 1]
        denom = left - 2 * mid + right
        if denom < 0:
            angle += step * 0.5 * (left - right) / denom
    return angle, float(scores[i])


def _scores(points: tuple[np.ndarray, np.ndarray], angles: np.ndarray,
            strips: int = 1) -> np.ndarray:
    """Profile sharpness of the ink points projected at each angle (degrees).

    A line rising to the right by ``a`` keeps ``y cos a + x sin a`` constant
    (y grows downwards). With ``strips`` > 1 the page is cut into strips
    along the lines, each with its own profile, so that two columns whose
    baselines are offset cannot line up into a sharper profile at a wrong
    angle (but a shorter baseline is less precise). Each point is split
    between its two nearest bins; the score is the sum of squared
    differences of neighbouring bins.
    """
    ys, xs = points
    corners = np.array([[ys.min(), xs.min()], [ys.min(), xs.max()],
                        [ys.max(), xs.min()], [ys.max(), xs.max()]], dtype=np.float64)
    ids = {vertical: np.minimum(((v - v.min()) * (strips / (v.max() - v.min() + 1.0)))
                                .astype(np.int32), strips - 1)
           for vertical, v in ((False, xs), (True, ys))}  # strip of each point
    out = np.empty(len(angles))
    for k, angle in enumerate(angles):
        c, s = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        ends = corners @ (c, s)
        p = ys * np.float32(c) + xs * np.float32(s) - np.float32(ends.min())
        i0 = p.astype(np.int32)
        frac = p - i0
        n = int(ends.max() - ends.min()) + 3
        i0 += ids[not -45.0 <= angle < 45.0] * n
        prof = (np.bincount(i0, weights=1.0 - frac, minlength=strips * n)
                + np.bincount(i0 + 1, weights=frac, minlength=strips * n))
        d = np.diff(prof)
        out[k] = float(np.dot(d, d))
    return out


def _ink(grey: np.ndarray, min_blobs: int) -> tuple[np.ndarray, np.ndarray] | None:
    """Coordinates (y, x) of the text-like ink pixels of a grey array, or None
    when fewer than ``min_blobs`` text-like blobs are found."""
    mask = _binarise(grey)
    if mask is None:
        return None
    mask, blobs = _text_blobs(mask)
    if blobs < min_blobs:
        return None
    ys, xs = np.nonzero(mask)
    # Spread each point over its pixel (fixed seed: same image, same answer),
    # otherwise the profile is sharpest where rows line up with the pixel grid
    # and skews within ~0.05 degrees of 0 snap to 0.
    jitter = np.random.default_rng(0).random((2, len(ys)), dtype=np.float32) - 0.5
    return ys + jitter[0], xs + jitter[1]


def _text_blobs(mask: np.ndarray) -> tuple[np.ndarray, int]:
    """``mask`` without blobs touching the edge (scanner borders), very large
    ones (photos, frames, QR codes) and single pixels; and how many are left."""
    _, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    h, w = mask.shape
    x, y, bw, bh, area = (stats[:, i] for i in range(5))
    big = max(h, w) / 4
    keep = ((x > 0) & (y > 0) & (x + bw < w) & (y + bh < h)
            & (bw < big) & (bh < big) & (area >= 2))
    keep[0] = False
    return keep[labels].astype(np.uint8), int(keep.sum())


# -- up or down ---------------------------------------------------------------

def _quarter_turn(image: Image.Image, phi: float, dpi: float | None, timeout: float) -> int:
    """The quarter turn of a page whose text lines run at ``phi`` (see _line_angle)."""
    across = round((phi - _wrap45(phi)) / 90.0) % 2 * 90
    tess, mask = _level_copy(image, across, _wrap45(phi), dpi)
    verdict = _upside_down(tess, mask, timeout)
    return 0 if verdict is None else (across + (180 if verdict else 0)) % 360


def _level_copy(image: Image.Image, across: int, skew: float,
                dpi: float | None) -> tuple[Image.Image, np.ndarray]:
    """A clean bilevel copy at about 300 dpi with its lines level (across, not
    yet known which way up), and its text ink mask."""
    dpi = dpi or max(image.size) / A4_LONG_INCHES
    grey = _grey(image, 10**9)
    scale = min(max(TESS_DPI / max(dpi, 1.0), 0.25), 3.0)
    if abs(scale - 1.0) > 0.05:
        h, w = grey.shape
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
        grey = cv2.resize(grey, size,
                          interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)
    level = np.asarray(_turn(Image.fromarray(grey), -across))
    if skew:
        level = _rotate_array(level, -skew, 255)
    mask = _binarise(level)
    if mask is None:
        mask = np.zeros_like(level)
    return Image.fromarray((1 - mask) * 255).convert("1"), _text_blobs(mask)[0]


def _upside_down(tess: Image.Image, mask: np.ndarray, timeout: float) -> bool | None:
    """Whether a page with level lines is upside down; None when Tesseract
    reads no text either way (the ink asymmetry only checks OSD)."""
    asym = _asymmetry(mask)
    osd = _osd_vote(tess, timeout)
    if abs(osd) >= OSD_SURE and (abs(asym) < ASYM_CLEAR or (osd > 0) == (asym > 0)):
        return osd < 0
    ocr = _ocr_vote(tess, mask, timeout)
    if ocr:
        return ocr < 0
    return osd < 0 if abs(osd) >= OSD_SURE else None


def _asymmetry(mask: np.ndarray) -> float:
    """How much more ink lies above the text lines' cores than below, in [-1, 1].

    Latin script has more ascenders and capitals than descenders, and
    Vietnamese adds tone marks above: positive on an upright page, the
    opposite upside down.
    """
    prof = mask.sum(axis=1).astype(np.float64)
    above = below = 0.0
    for top, end in _line_runs(prof):
        line = prof[top:end]
        core = np.flatnonzero(line >= 0.5 * line.max())
        above += line[:core[0]].sum()
        below += line[core[-1] + 1:].sum()
    return (above - below) / max(above + below, 1.0)


def _line_runs(prof: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of the runs of inked rows: lines, or paragraphs of touching lines."""
    if not prof.any():
        return []
    edges = np.diff(np.r_[0, (prof > 0.02 * prof.max()).astype(np.int8), 0])
    return list(zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist()))


def _osd_vote(image: Image.Image, timeout: float) -> float:
    """Tesseract OSD: its confidence, positive for upright, negative for upside
    down, 0 when it fails or sees the lines run the other way."""
    try:
        found = tesseract.orientation(image, timeout=timeout)
    except HosoError:
        return 0.0
    return {0: found.confidence, 180: -found.confidence}.get(found.rotation, 0.0)


def _ocr_vote(image: Image.Image, mask: np.ndarray, timeout: float) -> float:
    """Mean word confidence of some text lines read as is minus read upside
    down; 0 when neither reading is confident or the gap is small."""
    strip = _text_strip(image, mask)
    if strip is None:
        return 0.0
    means = []
    for candidate in (strip, strip.transpose(Image.Transpose.ROTATE_180)):
        try:
            read = tesseract.ocr_page(candidate, dpi=TESS_DPI, psm=6, with_pdf=False,
                                      timeout=timeout)
        except HosoError:
            return 0.0
        means.append(read.confidence)
    gap = means[0] - means[1]
    return gap if max(means) >= OCR_MIN_CONF and abs(gap) >= OCR_MARGIN else 0.0


def _text_strip(image: Image.Image, mask: np.ndarray) -> Image.Image | None:
    """The inkiest runs of rows of text-like height (not a photo or a QR code),
    stacked in page order, about BAND_FRACTION of the page high."""
    prof = mask.sum(axis=1)
    runs = _line_runs(prof)
    if not runs:
        return None
    typical = float(np.median([end - top for top, end in runs]))
    texty = [r for r in runs if 0.5 * typical <= r[1] - r[0] <= 2 * typical]
    texty.sort(key=lambda r: -int(prof[r[0]:r[1]].sum()))
    chosen, height = [], 0
    for top, end in texty:
        if height >= BAND_FRACTION * mask.shape[0]:
            break
        chosen.append((top, end))
        height += end - top + STRIP_GAP
    strip = Image.new("1", (image.width, height + STRIP_GAP), 1)
    y = STRIP_GAP
    for top, end in sorted(chosen):
        strip.paste(image.crop((0, top, image.width, end)), (0, y))
        y += end - top + STRIP_GAP
    return strip


# -- image helpers ------------------------------------------------------------

def _turn(image: Image.Image, ccw: int) -> Image.Image:
    """``image`` turned counter-clockwise by a multiple of 90 degrees, losslessly."""
    turn = _TURNS.get(ccw % 360)
    return image.transpose(turn) if turn is not None else image


def _rotate(image: Image.Image, angle: float, fill: int | tuple[int, ...]) -> Image.Image:
    """``image`` turned counter-clockwise by ``angle`` degrees on a grown canvas.

    Bicubic; a bilevel image is turned as grey and thresholded at 128, so
    that it stays bilevel.
    """
    if image.mode == "1":
        grey = _rotate_array(np.asarray(image.convert("L")), angle, 255)
        return Image.fromarray(grey).point([0] * 128 + [255] * 128, "1")
    return Image.fromarray(_rotate_array(np.asarray(image), angle, fill), image.mode)


def _rotate_array(a: np.ndarray, angle: float, fill: int | tuple[int, ...]) -> np.ndarray:
    h, w = a.shape[:2]
    m = cv2.getRotationMatrix2D(((w - 1) / 2, (h - 1) / 2), angle, 1.0)  # CCW on screen
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = math.ceil(h * sin + w * cos - 1e-6), math.ceil(h * cos + w * sin - 1e-6)
    m[0, 2] += (nw - w) / 2
    m[1, 2] += (nh - h) / 2
    border = fill if isinstance(fill, int) else tuple(int(v) for v in fill)
    return cv2.warpAffine(a, m, (nw, nh), flags=cv2.INTER_CUBIC,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=border)


def _background(image: Image.Image) -> int | tuple[int, ...]:
    """The paper's colour: a high percentile of the edge pixels of a shrunk
    copy (shrinking averages the noise away)."""
    if image.mode == "1":
        return 255
    a = _shrink(np.asarray(image), BACKGROUND_SIDE)
    edge = np.ones(a.shape[:2], bool)
    edge[2:-2, 2:-2] = False
    level = np.percentile(a[edge], BACKGROUND_PERCENTILE, axis=0).round().astype(int)
    return int(level) if level.ndim == 0 else tuple(int(v) for v in level)


def _grey(image: Image.Image, long_side: int) -> np.ndarray:
    """A uint8 array, at most ``long_side`` long, where ink is dark. Colour is
    judged by its lightest channel: red or blue stamps and signatures are not ink."""
    if image.mode not in ("L", "RGB"):
        image = image.convert("L")
    a = _shrink(np.asarray(image), long_side)
    if a.ndim == 3:
        a = cv2.max(cv2.max(a[:, :, 0], a[:, :, 1]), a[:, :, 2])
    return a


def _shrink(a: np.ndarray, long_side: int) -> np.ndarray:
    h, w = a.shape[:2]
    scale = long_side / max(h, w)
    if scale >= 1.0:
        return a
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return cv2.resize(a, size, interpolation=cv2.INTER_AREA)


def _binarise(grey: np.ndarray) -> np.ndarray | None:
    """Ink mask (uint8 0/1): Otsu's threshold, kept well below the paper's grey."""
    hist = cv2.calcHist([grey], [0], None, [256], [0, 256]).ravel()
    paper = int(np.searchsorted(np.cumsum(hist), 0.9 * hist.sum()))
    otsu, _ = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    thr = min(otsu, paper - 40)
    if thr < 0:
        return None
    return (grey <= thr).astype(np.uint8)
