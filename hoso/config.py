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


def _ints(name: str, default: tuple[int, ...]) -> tuple[int, ...]:
    """A comma-separated list of integers, e.g. ``HOSO_RETRY_INTERVALS=10,60,300``."""
    raw = os.environ.get(name, "").strip()
    return tuple(int(part) for part in raw.split(",") if part.strip()) if raw else default


def _default_workers() -> int:
    """Two at least, so that a long batch never holds the only worker a counter upload needs."""
    return max(2, (os.cpu_count() or 1) // 2)


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
    # --- the queue (hoso.queue) ---
    redis_url: str = "redis://127.0.0.1:6379/0"    # REDIS_URL
    workers: int = field(default_factory=_default_workers)  # HOSO_WORKERS: RQ worker processes of `hoso worker`
    job_timeout_s: int = 1800                  # HOSO_JOB_TIMEOUT: one uploaded document
    batch_timeout_s: int = 6 * 3600            # HOSO_BATCH_TIMEOUT: one batch file (thousands of pages)
    job_retries: int = 3                       # HOSO_JOB_RETRIES: retries of a retryable failure
    retry_intervals: tuple[int, ...] = (10, 60, 300)  # HOSO_RETRY_INTERVALS: seconds before retry 1, 2, 3…
    max_attempts: int = 6                      # HOSO_MAX_ATTEMPTS: runs of one document before it is failed
    recovery_interval_s: float = 30.0          # HOSO_RECOVERY_INTERVAL: lost-job sweep of `hoso worker`
    shutdown_grace_s: float = 30.0             # HOSO_SHUTDOWN_GRACE: warm shutdown before workers are killed
    # --- the HTTP API (hoso.api, `hoso serve`) ---
    api_host: str = "127.0.0.1"                # HOSO_API_HOST
    api_port: int = 8000                       # HOSO_API_PORT
    api_threads: int = 8                       # HOSO_API_THREADS: waitress worker threads
    max_upload_bytes: int = 0                  # HOSO_MAX_UPLOAD_BYTES: one request body; 0: see upload_limit_bytes

    @property
    def files_dir(self) -> Path:
        """The content-addressed file store (originals, searchable PDFs)."""
        return self.data_dir / "files"

    @property
    def upload_limit_bytes(self) -> int:
        """The most one API request body may be: ``max_upload_bytes``, or one file of
        ``limits.max_bytes`` plus 1 MiB of multipart framing when that is 0."""
        return self.max_upload_bytes or self.limits.max_bytes + 1024 * 1024


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
        redis_url=os.environ.get("REDIS_URL", "").strip() or base.redis_url,
        workers=_int("HOSO_WORKERS", base.workers),
        job_timeout_s=_int("HOSO_JOB_TIMEOUT", base.job_timeout_s),
        batch_timeout_s=_int("HOSO_BATCH_TIMEOUT", base.batch_timeout_s),
        job_retries=_int("HOSO_JOB_RETRIES", base.job_retries),
        retry_intervals=_ints("HOSO_RETRY_INTERVALS", base.retry_intervals),
        max_attempts=_int("HOSO_MAX_ATTEMPTS", base.max_attempts),
        recovery_interval_s=_float("HOSO_RECOVERY_INTERVAL", base.recovery_interval_s),
        shutdown_grace_s=_float("HOSO_SHUTDOWN_GRACE", base.shutdown_grace_s),
        api_host=os.environ.get("HOSO_API_HOST", "").strip() or base.api_host,
        api_port=_int("HOSO_API_PORT", base.api_port),
        api_threads=_int("HOSO_API_THREADS", base.api_threads),
        max_upload_bytes=_int("HOSO_MAX_UPLOAD_BYTES", base.max_upload_bytes),
    )

