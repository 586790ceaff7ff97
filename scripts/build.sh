#!/usr/bin/env bash
# Install the generator into the project's virtual environment (.venv/) and build the
# guide into dist/.
#   bash scripts/build.sh          build
#   bash scripts/build.sh serve    build, then serve on http://127.0.0.1:8000 and rebuild on changes
# Afterwards `.venv/bin/yibao check` (or `yibao check` after `source .venv/bin/activate`)
# checks the city files.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh
if [ "${1:-}" = "serve" ]; then
  shift
  exec python -m generator serve "$@"
fi
exec python -m generator build "$@"
