"""Settings from environment variables: the one place that reads them."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    return float(raw) if raw else default


@dataclass(frozen=True, slots=True)
class Limits:
    """What one input may be before it is refused with ``too_large``/``too_small``."""

    max_bytes: int = 1024 * 1024 * 1024        # 1 GiB per file
    max_pages: int = 2000                      # pages per file
    max_page_pixels: int = 200_000_000         # declared pixels of one image page
    max_render_pixels: int = 60_000_000        # pixels we rasterise one PDF page to
    min_side_px: int = 32                      # smaller images are ``too_small``
    min_pixels: int = 10_000


@dataclass(frozen=True, slots=True)
class Settings:
    """Runtime settings; build with :func:`load` to read the environment."""

    data_dir: Path = Path("data")              # HOSO_DATA_DIR; load() makes it absolute
    database_url: str = ""                     # DATABASE_URL; load(): sqlite:///<data_dir>/hoso.db
    lang: str = "vie"
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    ocr_timeout_s: float = 180.0               # per page, Tesseract
    raster_timeout_s: float = 120.0            # per page, poppler
    pdf_render_dpi: int = 300                  # PDF pages without a scan image
    max_render_dpi: int = 400                  # never rasterise a scan finer than this
    default_dpi: int = 300                     # assumed when an image carries none
    limits: Limits = field(default_factory=Limits)

    @property
    def files_dir(self) -> Path:
        """The content-addressed file store (originals, searchable PDFs)."""
        return self.data_dir / "files"


def load() -> Settings:
    """Settings from ``HOSO_*`` and ``DATABASE_URL`` environment variables, defaults otherwise."""
    base = Settings()
    limits = Limits(
        max_bytes=_int("HOSO_MAX_BYTES", base.limits.max_bytes),
        max_pages=_int("HOSO_MAX_PAGES", base.limits.max_pages),
        max_page_pixels=_int("HOSO_MAX_PAGE_PIXELS", base.limits.max_page_pixels),
        max_render_pixels=_int("HOSO_MAX_RENDER_PIXELS", base.limits.max_render_pixels),
    )
    data_dir = Path(os.environ.get("HOSO_DATA_DIR", "").strip() or base.data_dir).expanduser().resolve()
    return Settings(
        data_dir=data_dir,
        database_url=os.environ.get("DATABASE_URL", "").strip() or f"sqlite:///{data_dir / 'hoso.db'}",
        lang=os.environ.get("HOSO_OCR_LANG", base.lang),
        jobs=_int("HOSO_JOBS", base.jobs),
        ocr_timeout_s=_float("HOSO_OCR_TIMEOUT", base.ocr_timeout_s),
        raster_timeout_s=_float("HOSO_RASTER_TIMEOUT", base.raster_timeout_s),
        limits=limits,
    )

