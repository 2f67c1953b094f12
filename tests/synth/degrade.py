"""Turn a clean :class:`Rendered` page into a realistic scan.

The steps run in a fixed order, each optional: seal (stamp) → skew →
quarter turn → resample to the scan dpi → blur → noise → paper tint →
bilevel threshold or JPEG round trip. Angles follow DOMAIN.md: both the
skew and the quarter turn are counter-clockwise turns of the content, so a
positive skew makes text lines rise to the right and ``rotation=90`` makes
them run bottom to top.
"""

from __future__ import annotations

import io
import math
import random

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from tests.synth import fonts
from tests.synth.admin import render_admin_page
from tests.synth.model import Rendered, Scan
from tests.synth.pages import render_prose_page

QUARTER_TURNS = {90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180,
                 270: Image.Transpose.ROTATE_270}  # PIL's ROTATE_* turn counter-clockwise

SEAL_COLORS = [(205, 32, 40), (190, 20, 50), (220, 50, 45), (35, 55, 165)]


def degrade(r: Rendered, *, seed: int = 0, skew: float = 0.0, rotation: int = 0,
            dpi: int | None = None, noise: float = 0.0, blur: float = 0.0,
            jpeg_quality: int | None = None, bilevel: bool = False, color: bool = False,
            stamp: bool = False, background: int = 255) -> Scan:
    """Scan ``r``. ``skew`` in degrees counter-clockwise, ``rotation`` one of
    0/90/180/270 counter-clockwise, ``dpi`` the scan resolution (default:
    the page's), ``blur`` a Gaussian sigma in scan pixels, ``noise`` the
    Gaussian noise std in grey levels (plus a little salt and pepper),
    ``background`` the paper's grey level (255: white). ``color`` gives an
    RGB scan; ``bilevel`` a mode-"1" one (not with ``color`` or JPEG)."""
    if rotation not in (0, 90, 180, 270):
        raise ValueError(f"rotation must be 0, 90, 180 or 270, not {rotation!r}")
    if bilevel and (color or jpeg_quality is not None):
        raise ValueError("a bilevel scan is neither colour nor JPEG")
    if not 0 <= background <= 255:
        raise ValueError("background is a grey level 0-255")
    rng = np.random.default_rng(seed)
    prng = random.Random(seed)
    dpi = dpi or r.dpi
    img = r.image.convert("RGB" if color else "L")
    white = (255, 255, 255) if color else 255

    if stamp:
        img = _press_seal(img, r, prng)
    if skew:
        img = img.rotate(skew, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=white)
    if rotation:
        img = img.transpose(QUARTER_TURNS[rotation])
    if dpi != r.dpi:
        size = (max(1, round(img.width * dpi / r.dpi)), max(1, round(img.height * dpi / r.dpi)))
        img = img.resize(size, Image.Resampling.LANCZOS)
    if blur > 0:
        img = img.filter(ImageFilter.GaussianBlur(blur))  # PIL's radius is the sigma
    if noise > 0 or background < 255:
        img = _noise_and_tint(img, rng, noise, background, color)

    jpeg = None
    if bilevel:
        cut = max(1, round(background * 0.55))
        img = img.point(lambda v: 255 if v >= cut else 0).convert("1", dither=Image.Dither.NONE)
    elif jpeg_quality is not None:
        buf = io.BytesIO()
        img.save(buf, format="JPEG", quality=int(jpeg_quality), dpi=(dpi, dpi))
        jpeg = buf.getvalue()
        decoded = Image.open(io.BytesIO(jpeg))
        decoded.load()
        img = decoded.copy()
        img.info.clear()
    return Scan(image=img, dpi=dpi, rotation=rotation, skew_degrees=float(skew), truth=r,
                jpeg_bytes=jpeg)


def _noise_and_tint(img: Image.Image, rng: np.random.Generator, noise: float,
                    background: int, color: bool) -> Image.Image:
    a = np.array(img, dtype=np.float32)
    if noise > 0:
        g = rng.standard_normal(a.shape[:2], dtype=np.float32)
        g *= np.float32(noise)
        a += g[..., None] if a.ndim == 3 else g
        frac = min(0.002, noise * 2e-5)   # salt and pepper: dust and pinholes
        n = int(frac * a.shape[0] * a.shape[1])
        ys, xs = rng.integers(0, a.shape[0], n), rng.integers(0, a.shape[1], n)
        sp = np.where(rng.random(n) < 0.5, 0.0, 255.0).astype(np.float32)
        a[ys, xs] = sp[:, None] if a.ndim == 3 else sp
    if background < 255:
        if color:  # slightly warm paper
            tint = np.array([background, max(0, background - 4), max(0, background - 14)],
                            dtype=np.float32) / np.float32(255.0)
        else:
            tint = np.float32(background / 255.0)
        a *= tint
    a += np.float32(0.5)
    np.maximum(a, 0, out=a)
    np.minimum(a, 255, out=a)
    return Image.fromarray(a.astype(np.uint8), img.mode)


def _press_seal(img: Image.Image, r: Rendered, prng: random.Random) -> Image.Image:
    """A round seal, semi-transparent, over part of the signature (or
    somewhere in the lower half of a page without one). Not ground truth."""
    radius = round(prng.uniform(16, 20) * r.dpi / 25.4)
    if r.seal_xy:
        cx = r.seal_xy[0] + prng.randint(-radius // 4, radius // 4)
        cy = r.seal_xy[1] + prng.randint(-radius // 4, radius // 4)
    else:
        cx = prng.randint(radius, max(radius, img.width - radius))
        cy = prng.randint(img.height // 2, max(img.height // 2, img.height - radius))
    ring = r.issuer or "ỦY BAN NHÂN DÂN TỈNH BẮC NINH"
    mask = seal_mask(radius, ring, r.dpi, prng)
    color = prng.choice(SEAL_COLORS)
    # uneven inking: the ink density varies smoothly over the seal
    rng = np.random.default_rng(prng.randrange(2**32))
    lo = rng.random((8, 8)).astype(np.float32)
    density = np.asarray(Image.fromarray((lo * 255).astype(np.uint8)).resize(
        mask.size, Image.Resampling.BICUBIC), dtype=np.float32) / 255.0
    alpha = np.asarray(mask, dtype=np.float32) / 255.0 * (0.55 + 0.35 * density)
    x0, y0 = cx - mask.width // 2, cy - mask.height // 2
    box = (max(0, x0), max(0, y0), min(img.width, x0 + mask.width),
           min(img.height, y0 + mask.height))
    if box[2] <= box[0] or box[3] <= box[1]:
        return img
    alpha = alpha[box[1] - y0:box[3] - y0, box[0] - x0:box[2] - x0]
    region = np.asarray(img.crop(box), dtype=np.float32)
    if img.mode == "RGB":
        ink = np.array(color, dtype=np.float32)
        alpha = alpha[..., None]
    else:
        ink = np.float32(0.299 * color[0] + 0.587 * color[1] + 0.114 * color[2])
    # ink darkens what is under it, never lightens it (multiply-like)
    out = np.minimum(region, region * (1 - alpha) + ink * alpha)
    img = img.copy()
    img.paste(Image.fromarray(np.clip(out + 0.5, 0, 255).astype(np.uint8), img.mode), box[:2])
    return img


def seal_mask(radius: int, ring_text: str, dpi: int, prng: random.Random) -> Image.Image:
    """The seal's shape as a mode-"L" mask (255: ink): two rings, the body's
    name around the edge and a star in the middle, turned at random."""
    size = 2 * radius + 8
    m = Image.new("L", (size, size), 0)
    d = ImageDraw.Draw(m)
    c = size / 2
    w = max(2, round(radius * 0.045))
    d.ellipse((c - radius, c - radius, c + radius, c + radius), outline=255, width=w)
    ri = radius * 0.68
    d.ellipse((c - ri, c - ri, c + ri, c + ri), outline=255, width=max(1, w // 2))
    star = [(c + (radius * (0.3 if k % 2 == 0 else 0.12)) * math.sin(k * math.pi / 5),
             c - (radius * (0.3 if k % 2 == 0 else 0.12)) * math.cos(k * math.pi / 5))
            for k in range(10)]
    d.polygon(star, fill=255)
    fam = next((f for f in fonts.available() if not f.serif), fonts.available()[0])
    font = fonts.load(fam.bold, radius * 0.2)
    _ring_text(m, f"{ring_text} ★ ".replace("★", "*"), font, c, radius * 0.84)
    return m.rotate(prng.uniform(0, 360), resample=Image.Resampling.BICUBIC)


def _ring_text(m: Image.Image, text: str, font: ImageFont.FreeTypeFont, c: float,
               r: float) -> None:
    """Write ``text`` clockwise around a circle, letters upright outwards."""
    total = sum(font.getlength(ch) for ch in text)
    scale = 2 * math.pi * r / total  # spread the text over the whole circle
    angle = -math.pi / 2
    for ch in text:
        adv = font.getlength(ch) * scale
        mid = angle + adv / (2 * r)
        if ch.strip():
            size = round(font.size * 1.8)
            g = Image.new("L", (size, size), 0)
            ImageDraw.Draw(g).text((size / 2, size / 2), ch, font=font, fill=255, anchor="mm")
            g = g.rotate(-math.degrees(mid) - 90, resample=Image.Resampling.BICUBIC)
            x, y = c + r * math.cos(mid), c + r * math.sin(mid)
            m.paste(255, (round(x - size / 2), round(y - size / 2)), g)
        angle += adv / r


def random_scan(seed: int, *, page_dpi: int = 300) -> Scan:
    """A varied benchmark scan: an administrative page (or, one time in
    six, prose) in a random font, scanned at 150/200/240/300 dpi with a
    skew in ±15°, any quarter turn, mild noise and blur, as JPEG (grey or
    colour), bilevel or plain grey, sometimes stamped and on tinted paper.
    The page is drawn at ``page_dpi`` (lower it only to make quick tests)."""
    rng = random.Random(seed)
    page_seed = rng.randrange(2**31)
    if rng.random() < 1 / 6:
        page = render_prose_page(page_seed, dpi=page_dpi)
    else:
        page = render_admin_page(page_seed, dpi=page_dpi)
    dpi = rng.choice([150, 200, 240, 300])
    mode = rng.choice(["jpeg", "jpeg", "bilevel", "grey"])
    color = mode == "jpeg" and rng.random() < 0.35
    return degrade(
        page, seed=rng.randrange(2**31), skew=round(rng.uniform(-15.0, 15.0), 2),
        rotation=rng.choice([0, 90, 180, 270]), dpi=dpi, noise=rng.uniform(0.0, 6.0),
        blur=rng.choice([0.0, rng.uniform(0.3, 0.9)]),
        jpeg_quality=rng.randrange(55, 93) if mode == "jpeg" else None,
        bilevel=mode == "bilevel", color=color,
        stamp=page.kind != "prose" and rng.random() < 0.4,
        background=255 if mode == "bilevel" or rng.random() < 0.5 else rng.randrange(225, 251))
