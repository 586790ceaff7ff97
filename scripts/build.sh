#!/usr/bin/env bash
# Install the generator and build the guide into dist/.
#   bash scripts/build.sh          build
#   bash scripts/build.sh serve    build, then serve on http://127.0.0.1:8000 and rebuild on changes
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check -e .
if [ "${1:-}" = "serve" ]; then
  shift
  exec python3 -m generator serve "$@"
fi
exec python3 -m generator build "$@"
