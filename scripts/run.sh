#!/usr/bin/env bash
# Sets up hoso and runs the pipeline over a few generated sample scans:
# samples/ (inputs with their ground truth) → out/ (NAME.json + searchable NAME.pdf).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
.venv/bin/python -m tests.synth samples samples
status=0
.venv/bin/hoso process samples --out out || status=$?
echo
echo "Kết quả / results in out/:"
ls -l out
exit "$status"
