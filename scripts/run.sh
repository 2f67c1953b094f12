#!/usr/bin/env bash
# Sets up hoso and runs the whole service on this machine with embedded
# defaults: SQLite and files under ./data, a private redis-server on
# loopback (unless REDIS_URL is set), the workers, and the API on
# http://127.0.0.1:8000. The first start prints the admin's API token.
# Ctrl-C stops everything. Extra arguments go to `hoso up` (see --help).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/hoso up "$@"
