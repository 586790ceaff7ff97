#!/usr/bin/env bash
# Install everything the tests need (Debian's chromium, Node, CJK fonts; the Python test
# packages into .venv/) and run the whole suite: unit tests, the checker catalogue,
# calculators in Python and JS, and browser tests of the built site in headless chromium.
#   bash scripts/test.sh                      everything
#   bash scripts/test.sh -m "not browser"     all but the tests that open chromium
#   bash scripts/test.sh tests/test_load.py   one file (any pytest arguments)
# A chromium already installed (chromium, chromium-browser or google-chrome, or $CHROMIUM)
# is used as it is; only when there is none is Debian's installed.
set -euo pipefail
cd "$(dirname "$0")/.."
packages=()
if [ -z "${CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1 \
   && ! command -v chromium-browser >/dev/null 2>&1 && ! command -v google-chrome >/dev/null 2>&1; then
  packages+=(chromium)
fi
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v git >/dev/null 2>&1 || packages+=(git)
fc-list 2>/dev/null | grep -qi "cjk" || packages+=(fonts-noto-cjk)
if [ ${#packages[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  # Only what the tests use: without --no-install-recommends chromium also brings a
  # printing stack, avahi, samba libraries and Perl (346 packages onto a minimal Debian 12
  # instead of 195, measured with apt-get -s). The fonts: fonts-noto-cjk for Chinese in
  # screenshots and the A4 PDF of a checklist; DejaVu comes with fontconfig.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi
YIBAO_EXTRAS=test source scripts/venv.sh
python -m pytest "$@"
