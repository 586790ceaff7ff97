#!/usr/bin/env bash
# Write requirements.lock: every package the generator needs (pyproject.toml's
# dependencies, and setuptools to install the project), pinned to one version with the
# sha256 hashes of its files, for Python 3.10 and newer on any platform. The published site
# is built from it (YIBAO_LOCKED=1 bash scripts/venv.sh). Run after changing the
# dependencies in pyproject.toml, or to take newer versions; review the diff like code.
set -euo pipefail
cd "$(dirname "$0")/.."
tool="$(mktemp -d)"
trap 'rm -rf "$tool"' EXIT
python3 -m venv "$tool/venv"
"$tool/venv/bin/python" -m pip install --quiet --disable-pip-version-check uv
echo "setuptools>=68" > "$tool/build.in"
"$tool/venv/bin/uv" pip compile pyproject.toml "$tool/build.in" --universal --python-version 3.10 \
  --generate-hashes --no-header --quiet -o requirements.lock
sed -i "s|-r $tool/build.in|the build backend (pyproject.toml [build-system])|" requirements.lock
echo "requirements.lock: $(grep -c '==' requirements.lock) pins" >&2
