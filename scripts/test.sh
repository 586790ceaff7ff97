#!/usr/bin/env bash
# Install everything the tests need (Debian's chromium, Python test packages) and run
# the whole suite: unit tests, the checker catalogue, calculators in Python and JS,
# and browser tests of the built site in headless chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
packages=()
command -v chromium >/dev/null 2>&1 || packages+=(chromium)
command -v node >/dev/null 2>&1 || packages+=(nodejs)
fc-list 2>/dev/null | grep -qi "cjk" || packages+=(fonts-noto-cjk)
if [ ${#packages[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${packages[@]}" >/dev/null
fi
python3 -m pip install --quiet --disable-pip-version-check -e '.[test]'
python3 -m pytest "$@"
