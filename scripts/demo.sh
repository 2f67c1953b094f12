#!/usr/bin/env bash
# Sets up hoso and runs the in-process pipeline (no server) over a few generated sample scans:
# samples/ (scans, and truth.json with their ground truth) → out/
# (NAME.json + one searchable PDF per document).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
rm -rf samples out
.venv/bin/python -m tests.synth samples samples
shopt -s nullglob
scans=(samples/*.jpg samples/*.tif samples/*.png samples/*.pdf)
status=0
.venv/bin/hoso process "${scans[@]}" --out out || status=$?
echo
echo "Kết quả / results in out/ (compare with samples/truth.json):"
ls -l out
exit "$status"
