"""``python -m tests.synth samples OUTDIR [--count N] [--seed S]``

Writes a few example scans with known ground truth, to show the pipeline:

- ``01-quyet-dinh-skewed.jpg``   colour JPEG, skewed 4.5°, stamped, 300 dpi
- ``02-cong-van-rot90-g4.tif``   bilevel CCITT G4 TIFF, turned 90°, 300 dpi
- ``03-thong-bao-150dpi.png``    grey PNG at 150 dpi (too low for archives)
- ``04-two-documents.pdf``       two documents with a separator sheet between
- ``05-…`` onwards (``--count`` above 4): random benchmark scans

and ``truth.json``: for each file, its pages (kind, rotation, skew, dpi,
text) and the documents the pipeline should find in it (pages, type,
fields, dossier code), in the shape of the result JSON of DOMAIN.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tests.synth.admin import KINDS, render_admin_page
from tests.synth.degrade import degrade, random_scan
from tests.synth.model import Scan
from tests.synth.output import SUFFIX, save_scans
from tests.synth.pages import render_separator


def showcase(seed: int) -> list[tuple[str, str, list[Scan]]]:
    """The fixed examples: (file name, format, pages)."""
    qd = render_admin_page(seed, kind="quyet_dinh")
    cv = render_admin_page(seed + 1, kind="cong_van")
    tb = render_admin_page(seed + 2, kind="thong_bao")
    a = render_admin_page(seed + 3, kind="ke_hoach")
    b = render_admin_page(seed + 4, kind="to_trinh")
    sep = render_separator("HS-2025-000123")
    return [
        ("01-quyet-dinh-skewed.jpg", "jpeg", [degrade(
            qd, seed=seed, skew=4.5, noise=3, blur=0.4, jpeg_quality=80, color=True,
            stamp=True, background=242)]),
        ("02-cong-van-rot90-g4.tif", "tiff-g4", [degrade(
            cv, seed=seed, skew=-1.5, rotation=90, noise=2, bilevel=True, stamp=True)]),
        ("03-thong-bao-150dpi.png", "png", [degrade(
            tb, seed=seed, skew=0.8, dpi=150, noise=4, blur=0.5, background=235)]),
        ("04-two-documents.pdf", "pdf", [
            degrade(a, seed=seed, skew=1.2, dpi=200, noise=3, jpeg_quality=85),
            degrade(sep, seed=seed, skew=-0.7, dpi=200, noise=3, jpeg_quality=85),
            degrade(b, seed=seed, skew=-2.0, rotation=180, bilevel=True, stamp=True)]),
    ]


def expected_documents(scans: list[Scan]) -> list[dict]:
    """Documents as DOMAIN.md splits them: a separator sheet ends one and
    starts the next, carrying its dossier code; no empty documents."""
    docs: list[dict] = []
    current: dict | None = None
    code = None
    for i, s in enumerate(scans, start=1):
        if s.truth.kind == "separator":
            current, code = None, s.truth.fields.get("dossier_code")
            continue
        if current is None:
            kind = s.truth.kind if s.truth.kind in KINDS else "khac"
            current = {"pages": [], "type": kind,
                       "fields": dict(s.truth.fields) if kind in KINDS else {}}
            if code:
                current["dossier_code"] = code
            docs.append(current)
        current["pages"].append(i)
    return docs


def truth_entry(scans: list[Scan]) -> dict:
    return {
        "pages": [{"index": i, "kind": s.truth.kind, "rotation": s.rotation,
                   "skew_degrees": s.skew_degrees, "dpi": s.dpi, "font": s.truth.font,
                   "text": s.truth.text} for i, s in enumerate(scans, start=1)],
        "documents": expected_documents(scans),
    }


def samples(out: Path, count: int = 4, seed: int = 2025) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    files = showcase(seed)[:count]
    for i in range(max(0, count - len(files))):
        s = random_scan(seed + i)
        fmt = "jpeg" if s.jpeg_bytes else "tiff-g4" if s.image.mode == "1" else "png"
        files.append((f"{len(files) + 1:02d}-random-{s.truth.kind}{SUFFIX[fmt]}", fmt, [s]))
    truth = {}
    for name, fmt, scans in files:
        save_scans(scans, out / name, fmt)
        truth[name] = truth_entry(scans)
        print(f"{out / name}  ({len(scans)} page{'s' if len(scans) > 1 else ''})")
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=2) + "\n",
                                    encoding="utf-8")
    print(out / "truth.json")
    return truth


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tests.synth",
                                description="Synthetic Vietnamese document scans.")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("samples", help="write example scans and truth.json")
    s.add_argument("outdir", type=Path)
    s.add_argument("--count", type=int, default=4, help="number of files (default 4)")
    s.add_argument("--seed", type=int, default=2025)
    args = p.parse_args(argv)
    if args.count < 1:
        p.error("--count must be at least 1")
    samples(args.outdir, args.count, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
