"""The one place that runs poppler (pdftoppm, pdftotext, pdfimages, pdfinfo).

Every call has a timeout and captures stderr. A tool that cannot be started
or exits non-zero raises :class:`PopplerError` (a ``ToolError`` naming the
tool and the input); one that runs past its limit raises ``ToolTimeout``.
Page numbers are 1-based, as poppler counts them.
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from hoso.errors import ToolError, ToolTimeout

_STDERR_TAIL = 2000


class PopplerError(ToolError):
    """A poppler tool failed; ``returncode`` is its exit status (-1: not started).

    pdftoppm/pdftotext/pdfimages exit with 1 when they cannot open the PDF,
    3 on a permissions problem, 99 on other errors.
    """

    def __init__(self, tool: str, input_name: str, detail: str, returncode: int) -> None:
        self.returncode = returncode
        super().__init__(tool, input_name, detail)


@dataclass(frozen=True, slots=True)
class PdfImage:
    """One row of ``pdfimages -list``."""

    page: int
    kind: str        # image, mask, smask, stencil
    width: int
    height: int
    color: str       # gray, rgb, cmyk, index, icc, lab, devn, sep, -
    comp: int
    bpc: int
    enc: str         # image (raw/flate), jpeg, jpx, jbig2, ccitt
    object_id: tuple[int, int]
    x_ppi: float
    y_ppi: float


def run(tool: str, args: list[str], pdf: Path, timeout_s: float) -> bytes:
    """Run ``tool args... pdf...``; stdout on success, typed errors otherwise."""
    cmd = [tool, *args]
    try:
        proc = subprocess.run(
            cmd, capture_output=True, timeout=timeout_s, stdin=subprocess.DEVNULL, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise ToolTimeout(tool, str(pdf), f"no result after {timeout_s:g} s") from exc
    except OSError as exc:  # not installed, not executable
        raise PopplerError(tool, str(pdf), str(exc), -1) from exc
    if proc.returncode != 0:
        tail = proc.stderr.decode("utf-8", "replace")[-_STDERR_TAIL:]
        raise PopplerError(tool, str(pdf), f"exit {proc.returncode}: {tail}", proc.returncode)
    return proc.stdout


def render_page(pdf: Path, page: int, dpi: float, *, gray: bool, timeout_s: float) -> Image.Image:
    """Rasterise one page as displayed (crop box, /Rotate applied): "L" or "RGB"."""
    with tempfile.TemporaryDirectory(prefix="hoso-ppm-") as tmp:
        root = Path(tmp) / "page"
        args = ["-r", f"{dpi:.2f}", "-f", str(page), "-l", str(page), "-cropbox", "-singlefile"]
        if gray:
            args.append("-gray")
        run("pdftoppm", [*args, str(pdf), str(root)], pdf, timeout_s)
        out = root.with_suffix(".pgm" if gray else ".ppm")
        if not out.exists():
            raise PopplerError("pdftoppm", str(pdf), f"no image written for page {page}", 0)
        img = Image.open(out)
        img.load()                      # reads the pixels and closes the file
        want = "L" if gray else "RGB"
        return img if img.mode == want else img.convert(want)


def page_text(pdf: Path, page: int, *, timeout_s: float) -> str:
    """The page's text layer in poppler's reading order (not ``-layout``)."""
    out = run(
        "pdftotext",
        ["-f", str(page), "-l", str(page), "-enc", "UTF-8", "-nopgbrk", str(pdf), "-"],
        pdf,
        timeout_s,
    )
    return out.decode("utf-8", "replace")


def page_images(pdf: Path, page: int, *, timeout_s: float) -> list[PdfImage]:
    """The images drawn on one page (``pdfimages -list``); unparsable rows are skipped."""
    out = run("pdfimages", ["-list", "-f", str(page), "-l", str(page), str(pdf)], pdf, timeout_s)
    rows = []
    for line in out.decode("utf-8", "replace").splitlines()[2:]:
        row = _parse_image_row(line)
        if row is not None:
            rows.append(row)
    return rows


def _parse_image_row(line: str) -> PdfImage | None:
    # page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio
    f = line.split()
    if len(f) < 14:
        return None
    try:
        return PdfImage(
            page=int(f[0]), kind=f[2], width=int(f[3]), height=int(f[4]), color=f[5],
            comp=int(f[6]), bpc=int(f[7]), enc=f[8], object_id=(int(f[10]), int(f[11])),
            x_ppi=float(f[12]), y_ppi=float(f[13]),
        )
    except ValueError:
        return None


def page_count(pdf: Path, *, timeout_s: float) -> int:
    """Number of pages as poppler sees them (``pdfinfo``); 0 when it does not say."""
    out = run("pdfinfo", [str(pdf)], pdf, timeout_s).decode("utf-8", "replace")
    for line in out.splitlines():
        if line.startswith("Pages:"):
            try:
                return int(line.split(":", 1)[1])
            except ValueError:
                return 0
    return 0
