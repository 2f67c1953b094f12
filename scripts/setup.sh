#!/usr/bin/env bash
# Installs what hoso needs on Debian/Ubuntu: system packages (when missing)
# and the Python packages into .venv/ at the project root. Idempotent.
# Usage: scripts/setup.sh [--test] [--bench]
set -euo pipefail
cd "$(dirname "$0")/.."

extras=""
for arg in "$@"; do
  case "$arg" in
    --test) extras="${extras:+$extras,}test" ;;
    --bench) extras="${extras:+$extras,}bench" ;;
  esac
done

apt_packages=(
  tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd   # OCR engine, Vietnamese model, orientation
  poppler-utils                                       # pdftoppm, pdftotext, pdfimages
  icc-profiles-free                                   # sRGB output intent of the archive PDFs
  redis-server                                        # the queue (service)
  postgresql                                          # the store's production database; tests run on it too
  python3-venv python3-dev
  # fonts with Vietnamese glyphs, for the generated sample and test pages
  fonts-liberation2 fonts-dejavu-core fonts-freefont-ttf fonts-noto-core
)
missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
if [ -n "$extras" ]; then
  .venv/bin/python -m pip install -q -e ".[$extras]"
else
  .venv/bin/python -m pip install -q -e .
fi
