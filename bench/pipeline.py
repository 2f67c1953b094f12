"""Benchmark: ``hoso process`` against OCRmyPDF on the same degraded pages.

    .venv/bin/python bench/pipeline.py [--pages 30] [--jobs 2] [--keep DIR]

Generates varied degraded scans with known truth (tests.synth.random_scan:
fonts, layouts, 150-300 dpi, skew within ±15°, quarter turns, noise, blur,
JPEG, bilevel), binds them into one PDF (each page's image kept as is),
and runs both tools on that PDF in the same run:

    hoso process scans.pdf --out DIR --jobs N
    ocrmypdf --deskew --rotate-pages -l vie --jobs N scans.pdf out.pdf

Prints pages/min, mean CER (text vs truth; OCRmyPDF's via pdftotext),
hoso's angle MAE and quarter-turn accuracy, PDF bytes/page, and ratios.
Exits 1 below the bar: CER ≤ 0.3 × OCRmyPDF's, throughput ≥ 1.5 × OCRmyPDF's.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import img2pdf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.synth import cer, random_scan  # noqa: E402


def _page_bytes(scan) -> bytes:
    """The scan as the bytes a scanner would send (JPEG kept, bilevel as G4)."""
    if scan.jpeg_bytes:
        return scan.jpeg_bytes
    buf = io.BytesIO()
    if scan.image.mode == "1":
        scan.image.save(buf, format="TIFF", compression="group4", dpi=(scan.dpi, scan.dpi))
    else:
        scan.image.save(buf, format="PNG", dpi=(scan.dpi, scan.dpi))
    return buf.getvalue()


def _pdftotext_pages(pdf: Path, count: int) -> list[str]:
    return [subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(i), "-l", str(i), str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout for i in range(1, count + 1)]


def _timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"{cmd[0]} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="keep inputs and outputs here")
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="hoso-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    scans = [random_scan(args.seed + i) for i in range(args.pages)]
    src = work / "scans.pdf"
    src.write_bytes(img2pdf.convert([_page_bytes(s) for s in scans]))
    truth = [s.truth.text for s in scans]

    hoso_out = work / "hoso"
    shutil.rmtree(hoso_out, ignore_errors=True)
    t_hoso = _timed([sys.executable, "-m", "hoso", "process", str(src), "--out", str(hoso_out),
                     "--jobs", str(args.jobs)])
    result = json.loads((hoso_out / "scans.json").read_text(encoding="utf-8"))
    pages = result["pages"]
    hoso_cer = [cer(t, p["text"]) for t, p in zip(truth, pages)]
    hoso_pdf_text = _pdftotext_pages(hoso_out / "scans.pdf", len(scans))
    hoso_layer_cer = [cer(t, x) for t, x in zip(truth, hoso_pdf_text)]
    angle_err = [abs(((p["rotation"] + p["skew_degrees"]) - (s.rotation + s.skew_degrees) + 180) % 360 - 180)
                 for s, p in zip(scans, pages)]
    quarter_ok = sum(p["rotation"] == s.rotation for s, p in zip(scans, pages))
    hoso_bytes = (hoso_out / "scans.pdf").stat().st_size

    ocrmypdf = shutil.which("ocrmypdf")
    if not ocrmypdf:
        sys.exit("ocrmypdf is not installed (apt-get install ocrmypdf, or scripts/setup.sh --bench)")
    omp_out = work / "ocrmypdf.pdf"
    t_omp = _timed([ocrmypdf, "--deskew", "--rotate-pages", "-l", "vie", "--jobs", str(args.jobs),
                    "--output-type", "pdf", str(src), str(omp_out)])
    omp_cer = [cer(t, x) for t, x in zip(truth, _pdftotext_pages(omp_out, len(scans)))]
    omp_bytes = omp_out.stat().st_size

    n = len(scans)
    rows = [
        ("pages", n, n),
        ("seconds", t_hoso, t_omp),
        ("pages/min", 60 * n / t_hoso, 60 * n / t_omp),
        ("mean CER (JSON text)", statistics.mean(hoso_cer), None),
        ("mean CER (PDF text layer)", statistics.mean(hoso_layer_cer), statistics.mean(omp_cer)),
        ("median CER (PDF text layer)", statistics.median(hoso_layer_cer), statistics.median(omp_cer)),
        ("angle MAE (deg)", statistics.mean(angle_err), None),
        ("quarter turns right", f"{quarter_ok}/{n}", None),
        ("PDF bytes/page", hoso_bytes / n, omp_bytes / n),
        ("input bytes/page", src.stat().st_size / n, src.stat().st_size / n),
    ]
    print(f"{'metric':30} {'hoso':>12} {'OCRmyPDF':>12}")
    for label, a, b in rows:
        fa = f"{a:12.3f}" if isinstance(a, float) else f"{a!s:>12}"
        fb = "" if b is None else (f"{b:12.3f}" if isinstance(b, float) else f"{b!s:>12}")
        print(f"{label:30} {fa} {fb}")
    cer_ratio = statistics.mean(hoso_layer_cer) / max(statistics.mean(omp_cer), 1e-9)
    speed_ratio = t_omp / t_hoso
    print(f"\nCER ratio hoso/OCRmyPDF: {cer_ratio:.3f} (bar ≤ 0.3)")
    print(f"throughput ratio hoso/OCRmyPDF: {speed_ratio:.2f} (bar ≥ 1.5)")
    print(f"size ratio hoso/OCRmyPDF: {hoso_bytes / omp_bytes:.2f}; hoso/input: {hoso_bytes / src.stat().st_size:.2f}")
    worst = sorted(range(n), key=lambda i: -hoso_layer_cer[i])[:3]
    for i in worst:
        s = scans[i]
        print(f"  worst page {i + 1}: CER {hoso_layer_cer[i]:.3f} rot {s.rotation} skew {s.skew_degrees:.1f} "
              f"dpi {s.dpi} → got rot {pages[i]['rotation']} skew {pages[i]['skew_degrees']}")
    ok = cer_ratio <= 0.3 and speed_ratio >= 1.5
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
