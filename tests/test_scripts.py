"""The set-up scripts as a newcomer runs them (scripts/build.sh, scripts/venv.sh), and the
repository as a clone receives it."""
from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, copy_project


@pytest.fixture()
def project_with_venv(tmp_path) -> Path:
    """A copy of the project whose .venv is already set up: its python is the one running
    the tests, and it writes down every pip command instead of running it (so the test
    sees what the scripts would install, and installs nothing)."""
    root = copy_project(tmp_path / "project", parts=(
        "cities", "content", "templates", "static", "yibao.yaml", "generator", "scripts",
        "pyproject.toml", "national.yaml", "provinces"))
    bin_dir = root / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    python = bin_dir / "python"
    python.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "-m" ] && [ "$2" = "pip" ]; then\n'
        f'  echo "$*" >> "{root}/pip-calls.log"; exit 0\n'
        "fi\n"
        f'exec "{sys.executable}" "$@"\n')
    python.chmod(python.stat().st_mode | stat.S_IXUSR)
    # The project is installed already, as after a first `bash scripts/build.sh`.
    digest = hashlib.sha256((root / "pyproject.toml").read_bytes()).hexdigest()
    (root / ".venv" / ".yibao-installed").write_text(digest + "\n")
    return root


def run_script(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "YIBAO_EXTRAS")}
    return subprocess.run(["bash", "scripts/build.sh", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)


def pip_calls(root: Path) -> str:
    log = root / "pip-calls.log"
    return log.read_text() if log.exists() else ""


def test_build_sh_passes_its_out_folder_to_the_build_not_to_pip(project_with_venv, tmp_path):
    out = tmp_path / "elsewhere"
    result = run_script(project_with_venv, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert pip_calls(project_with_venv) == ""
    assert (out / "index.html").is_file()
    assert "extra" not in result.stderr


def test_build_sh_serve_does_not_ask_pip_for_an_extra_named_serve(project_with_venv):
    # `serve --help` stops after parsing its arguments, so no server is left running.
    result = run_script(project_with_venv, "serve", "--help")
    assert result.returncode == 0, result.stderr
    assert pip_calls(project_with_venv) == ""
    assert "extra" not in result.stderr
    assert "--port" in result.stdout


def test_venv_sh_installs_the_extras_named_in_yibao_extras(project_with_venv):
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    result = subprocess.run(
        ["bash", "-c", "YIBAO_EXTRAS=test source scripts/venv.sh"],
        cwd=project_with_venv, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "-e .[test]" in pip_calls(project_with_venv)


def tracked_files() -> list[str]:
    if shutil.which("git") is None or not (PROJECT / ".git").exists():
        pytest.skip("not a git checkout")
    out = subprocess.run(["git", "ls-files", "-s", "-z"], cwd=PROJECT, capture_output=True,
                         check=True).stdout.decode("utf-8")
    return [entry for entry in out.split("\0") if entry]


def test_nothing_tracked_by_git_is_a_symbolic_link():
    # `git ls-files -s` shows mode 120000 for a link: in a clone it points at a path on
    # the machine it was committed from.
    entries = tracked_files()
    assert entries
    links = [entry.split("\t", 1)[1] for entry in entries if entry.startswith("120000 ")]
    assert links == [], f"symbolic links tracked by git: {links}"


def test_test_sh_installs_debian_packages_without_recommends():
    """scripts/test.sh installs what the browser tests use, not what those packages
    recommend (a printing stack, avahi, samba libraries): measured with apt-get -s on a
    minimal Debian 12, 195 packages instead of 346. The CJK fonts stay: without them a
    screenshot or the checklist PDF shows boxes instead of Chinese."""
    script = (PROJECT / "scripts" / "test.sh").read_text("utf-8")
    setup = (PROJECT / "scripts" / "venv.sh").read_text("utf-8")
    installs = [line for line in (script + setup).splitlines()
                if "apt-get install" in line and not line.lstrip().startswith("#")]
    assert len(installs) == 3
    for line in installs:
        assert "--no-install-recommends" in line, line
    for package in ("chromium", "fonts-noto-cjk", "nodejs", "git"):
        assert f"packages+=({package})" in script
