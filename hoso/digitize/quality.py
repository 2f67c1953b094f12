"""Per-page quality checks: blank, too dark or light, blurred, low resolution.

Measured on a grey copy normalised to ``_WORK_DPI`` so that thresholds
mean the same at 150 and 600 dpi. Pure functions of the image and its dpi.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

_WORK_DPI = 150
LOW_RESOLUTION_DPI = 200
BLANK_INK_FRACTION = 0.0015    # share of ink pixels below which a page is blank
TOO_DARK_BACKGROUND = 110      # paper darker than this (0-255) is too dark
TOO_LIGHT_CONTRAST = 70        # ink barely darker than paper
BLUR_SHARPNESS = 0.45          # edge steepness (per pixel, relative to contrast) below this is blurred


@dataclass(frozen=True, slots=True)
class Quality:
    """What the checks measured, and the DOMAIN.md warnings that follow."""

    background: float     # paper grey level (0-255)
    contrast: float       # paper minus ink grey level
    ink_fraction: float   # share of pixels that are ink
    sharpness: float      # steepest edges relative to contrast; ~0.5 sharp, <0.2 blurred
    warnings: tuple[str, ...]

    @property
    def blank(self) -> bool:
        return "blank" in self.warnings


def low_resolution(dpi: float) -> bool:
    """Below the 200 dpi that archives and OCR need (DOMAIN.md ``low_resolution``)."""
    return dpi < LOW_RESOLUTION_DPI - 0.5


def grey_at(image: Image.Image, dpi: float, target_dpi: float = _WORK_DPI) -> np.ndarray:
    """The image as a uint8 grey array resampled to ``target_dpi`` (never upsampled)."""
    grey = np.asarray(image.convert("L"), dtype=np.uint8)
    factor = min(1.0, target_dpi / max(dpi, 1.0))
    if factor < 0.99:
        size = (max(1, round(grey.shape[1] * factor)), max(1, round(grey.shape[0] * factor)))
        grey = cv2.resize(grey, size, interpolation=cv2.INTER_AREA)
    return grey


def _sharpness(grey: np.ndarray, ink: np.ndarray, contrast: float) -> float:
    """Median of the strongest gradients at ink borders, relative to contrast."""
    if contrast <= 0 or ink.sum() < 50:
        return 1.0
    gx = cv2.Sobel(grey, cv2.CV_32F, 1, 0, ksize=3) / 4.0
    gy = cv2.Sobel(grey, cv2.CV_32F, 0, 1, ksize=3) / 4.0
    magnitude = np.hypot(gx, gy)
    border = cv2.dilate(ink.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    values = magnitude[border]
    if values.size == 0:
        return 1.0
    return float(np.percentile(values, 90) / contrast)


def assess(image: Image.Image, dpi: float) -> Quality:
    """Measure one upright page and name what is wrong with it."""
    grey = grey_at(image, dpi)
    smooth = cv2.medianBlur(grey, 3)
    background = float(np.percentile(smooth, 90))
    darkest = float(np.percentile(smooth, 0.5))
    contrast = background - darkest
    ink = smooth < background - max(30.0, 0.5 * contrast)
    ink = cv2.morphologyEx(ink.astype(np.uint8), cv2.MORPH_OPEN, np.ones((2, 2), np.uint8)) > 0
    ink_fraction = float(ink.mean())
    sharpness = _sharpness(grey, ink, contrast)

    warnings: list[str] = []
    if low_resolution(dpi):
        warnings.append("low_resolution")
    if background < TOO_DARK_BACKGROUND:
        warnings.append("too_dark")
    if ink_fraction < BLANK_INK_FRACTION and "too_dark" not in warnings:
        warnings.append("blank")
    elif contrast < TOO_LIGHT_CONTRAST and "too_dark" not in warnings:
        warnings.append("too_light")
    if "blank" not in warnings and "too_dark" not in warnings and sharpness < BLUR_SHARPNESS:
        warnings.append("blurred")
    return Quality(background, contrast, ink_fraction, sharpness, tuple(warnings))
