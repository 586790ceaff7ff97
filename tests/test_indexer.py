"""The search indexer (Pagefind) missing, broken, hung or leaving a truncated index: the
build stops with a Chinese sentence naming the fix, and the previous site stays as it was.
Stand-ins for Pagefind come in through PAGEFIND_BINARY_PATH, which the pagefind package
honours, so these tests are fast."""
from __future__ import annotations

import hashlib
import os
import sys
import time
from pathlib import Path

import pytest

from conftest import build_site, copy_project
from generator import cli


def snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".dist.") and p.name != ".dist.lock")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A project with a site already built (with its index), and that site's snapshot."""
    root = copy_project(tmp_path_factory.mktemp("indexer") / "project")
    build_site(root, root / "dist")
    return root, snapshot(root / "dist")


def script(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(body, "utf-8")
    path.chmod(0o755)
    return path


def real_pagefind() -> str:
    from pagefind_bin_extended import get_executable

    return str(get_executable())


def damaging(folder: Path, damage: str) -> Path:
    """Pagefind itself, followed by `damage` done to the index it wrote; exits 0."""
    return script(folder, "pagefind-damaging", f"""#!{sys.executable}
import subprocess, sys
from pathlib import Path
subprocess.run([{real_pagefind()!r}, *sys.argv[1:]], check=True)
out = Path(sys.argv[sys.argv.index("--output-path") + 1])
{damage}
""")


def run_build(root: Path, capsys, *extra: str) -> tuple[int, str, float]:
    capsys.readouterr()
    started = time.monotonic()
    code = cli.main(["--root", str(root), "build", *extra])
    captured = capsys.readouterr()
    return code, captured.out + captured.err, time.monotonic() - started


def assert_untouched(root: Path, before: dict[str, str], code: int, text: str) -> None:
    assert code == 1, text
    assert "Traceback" not in text
    assert "网站没有更新" in text, text
    assert snapshot(root / "dist") == before
    assert leftovers(root) == []


def test_pagefind_missing(built, tmp_path, capsys, monkeypatch):
    root, before = built
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    code, text, _ = run_build(root, capsys)
    assert_untouched(root, before, code, text)
    assert "找不到" in text and "Pagefind" in text
    assert "bash scripts/build.sh" in text and "--no-search" in text


def test_pagefind_package_not_installed(built, capsys, monkeypatch):
    root, before = built
    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    for name in ("pagefind", "pagefind.service", "pagefind.index"):
        monkeypatch.setitem(sys.modules, name, None)  # `import` now raises ImportError
    code, text, _ = run_build(root, capsys)
    assert_untouched(root, before, code, text)
    assert "找不到" in text and "bash scripts/build.sh" in text


def test_pagefind_that_fails(built, tmp_path, capsys, monkeypatch):
    root, before = built
    fake = script(tmp_path, "pagefind-broken", "#!/bin/sh\necho 'error: index exploded' >&2\nexit 3\n")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    code, text, seconds = run_build(root, capsys, "--index-timeout", "20")
    assert_untouched(root, before, code, text)
    assert "Pagefind" in text and "出错" in text and "index exploded" in text
    assert "bash scripts/build.sh" in text
    assert seconds < 15


def test_pagefind_that_hangs_is_stopped_after_the_time_limit(built, tmp_path, capsys, monkeypatch):
    root, before = built
    pidfile = tmp_path / "pid"
    fake = script(tmp_path, "pagefind-hangs", f"#!/bin/sh\necho $$ > '{pidfile}'\nsleep 120\n")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    code, text, seconds = run_build(root, capsys, "--index-timeout", "1")
    assert_untouched(root, before, code, text)
    assert "1 秒" in text and "--index-timeout" in text, text
    assert seconds < 10
    pid = int(pidfile.read_text())
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):  # stopped, not left running
        os.kill(pid, 0)


@pytest.mark.parametrize("damage", [
    "(out / 'pagefind-entry.json').write_text('')",
    "(out / 'pagefind-entry.json').write_text('{\"version\": \"1\", \"languages\": {}}')",
    "next((out / 'fragment').iterdir()).write_bytes(b'')",
    "next((out / 'index').iterdir()).write_bytes(b'')",
    "next(out.glob('pagefind.*.pf_meta')).unlink()",
    "next(out.glob('wasm.*.pagefind')).write_bytes(b'')",
    "next((out / 'fragment').iterdir()).unlink()",
], ids=["empty-entry", "no-language", "empty-fragment", "empty-index", "no-meta", "empty-wasm",
        "fragment-missing"])
def test_a_truncated_index_is_never_published(built, tmp_path, capsys, monkeypatch, damage):
    root, before = built
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(damaging(tmp_path, damage)))
    code, text, _ = run_build(root, capsys)
    assert_untouched(root, before, code, text)
    assert "搜索索引不完整" in text, text


def test_the_time_limit_is_generous_by_default():
    from generator import indexer

    assert indexer.time_limit(0) >= 600
    assert indexer.time_limit(36_000) > indexer.time_limit(700) >= 600


def test_a_bad_index_timeout_is_refused(built, capsys):
    root, before = built
    for value in ("0", "-5", "abc", "nan"):
        capsys.readouterr()
        try:
            code = cli.main(["--root", str(root), "build", "--index-timeout", value])
        except SystemExit as exc:  # argparse's way of refusing an argument
            code = exc.code
        text = "".join(capsys.readouterr())
        assert code in (1, 2) and "Traceback" not in text, (value, text)
        assert "index-timeout" in text, text
        assert snapshot(root / "dist") == before
