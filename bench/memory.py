"""Benchmark: memory stays flat however long the scan is.

    .venv/bin/python bench/memory.py [--small 20] [--large 500] [--jobs 2]

Builds two multi-page archive scans (bilevel G4 pages at 200 dpi, as
archive boxes are often scanned) of ``--small`` and ``--large`` pages,
runs ``hoso process`` on each and reads the peak resident memory of its
largest process (hoso itself; each Tesseract is far smaller) from rusage. Prints pages,
seconds, pages/min and peak RSS; exits 1 when the large run's peak is more
than 1.5 × the small run's.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
from pathlib import Path

import img2pdf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.synth import degrade, render_admin_page, render_prose_page  # noqa: E402


def _pages(count: int) -> list[bytes]:
    distinct = []
    for seed in range(8):
        render = render_admin_page if seed % 2 else render_prose_page
        scan = degrade(render(seed, dpi=200), seed=seed, skew=(seed - 4) * 0.7, bilevel=True)
        buf = io.BytesIO()
        scan.image.save(buf, format="TIFF", compression="group4", dpi=(200, 200))
        distinct.append(buf.getvalue())
    return [distinct[i % len(distinct)] for i in range(count)]


def _run(pdf: Path, out: Path, jobs: int) -> tuple[float, float]:
    """(seconds, peak RSS in MiB of the largest process of the run)."""
    script = ("import resource, subprocess, sys, time;"
              "t = time.perf_counter();"
              "rc = subprocess.call(sys.argv[1:]);"
              "dt = time.perf_counter() - t;"
              "self_ = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss;"
              "print(dt, self_)")
    cmd = [sys.executable, "-c", script, sys.executable, "-m", "hoso", "process", str(pdf),
           "--out", str(out), "--jobs", str(jobs)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    seconds, rss_kib = proc.stdout.split()[-2:]
    return float(seconds), int(rss_kib) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", type=int, default=20)
    parser.add_argument("--large", type=int, default=500)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hoso-mem-"))
    rows = []
    for count in (args.small, args.large):
        pdf = work / f"box-{count}.pdf"
        pdf.write_bytes(img2pdf.convert(_pages(count)))
        seconds, peak = _run(pdf, work / f"out-{count}", args.jobs)
        rows.append((count, seconds, peak))
    print(f"{'pages':>6} {'seconds':>9} {'pages/min':>10} {'peak RSS MiB':>13}")
    for count, seconds, peak in rows:
        print(f"{count:6d} {seconds:9.1f} {60 * count / seconds:10.1f} {peak:13.1f}")
    ratio = rows[1][2] / rows[0][2]
    print(f"peak RSS ratio large/small: {ratio:.2f} (bar ≤ 1.5)")
    return 0 if ratio <= 1.5 else 1


if __name__ == "__main__":
    sys.exit(main())
