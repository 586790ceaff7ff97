#!/usr/bin/env bash
# Sourced by build.sh and test.sh: make sure the project's own virtual environment
# (.venv/, ignored by git) exists and has the project installed, then put it first on PATH.
# Debian and Ubuntu refuse `pip install` into the system Python (PEP 668), so everything
# goes into .venv; python3-venv is installed when the system Python lacks it.
#   YIBAO_LOCKED=1: install the dependencies exactly as requirements.lock pins them (versions
#   and sha256 hashes, pip --require-hashes), then the project itself without resolving
#   anything: what the published site is built with (.github/workflows/pages.yml).
#   YIBAO_EXTRAS: the pip extras to install, e.g. YIBAO_EXTRAS=test (optional). Only this
#   variable names extras: a sourced script sees its caller's arguments as $1, $2…, and
#   `build.sh serve` or `build.sh --out DIR` must not reach pip as extras.
set -euo pipefail

_yibao_sudo() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

_yibao_make_venv() {
  if python3 -m venv .venv >/dev/null 2>&1 && [ -x .venv/bin/python ] \
     && .venv/bin/python -m pip --version >/dev/null 2>&1; then
    return 0
  fi
  rm -rf .venv
  echo "正在安装 python3-venv(系统的 Python 缺少创建虚拟环境的模块)…" >&2
  local version
  version="$(python3 -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
  _yibao_sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive _yibao_sudo apt-get install -y -qq --no-install-recommends python3-venv >/dev/null \
    || DEBIAN_FRONTEND=noninteractive _yibao_sudo apt-get install -y -qq --no-install-recommends "python${version}-venv" >/dev/null
  python3 -m venv .venv
}

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys' >/dev/null 2>&1; then
  rm -rf .venv
  _yibao_make_venv
fi

if [ -n "${YIBAO_LOCKED:-}" ]; then
  _yibao_want="$(cat pyproject.toml requirements.lock | sha256sum | cut -d' ' -f1)"
  if [ ! -f .venv/.yibao-installed-locked ] || [ "$(cat .venv/.yibao-installed-locked)" != "$_yibao_want" ]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
      -r requirements.lock
    # setuptools comes from the lock too: no build environment fetches anything unpinned
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
    echo "$_yibao_want" > .venv/.yibao-installed-locked
  fi
fi

_yibao_extras="${YIBAO_EXTRAS:-}"
_yibao_spec="."
[ -n "$_yibao_extras" ] && _yibao_spec=".[${_yibao_extras}]"
# Reinstall only when pyproject.toml (or the extras asked for) changed since last time.
_yibao_stamp=".venv/.yibao-installed${_yibao_extras:+-$_yibao_extras}"
_yibao_want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ -n "${YIBAO_LOCKED:-}" ] && [ -z "$_yibao_extras" ]; then
  :  # installed from the lock above
elif [ ! -f "$_yibao_stamp" ] || [ "$(cat "$_yibao_stamp")" != "$_yibao_want" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e "$_yibao_spec"
  echo "$_yibao_want" > "$_yibao_stamp"
fi
export PATH="$PWD/.venv/bin:$PATH"
export VIRTUAL_ENV="$PWD/.venv"
