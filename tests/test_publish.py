"""Publishing: readers never find the output half-done or missing, one build at a time
writes to an output folder, and what a killed build left behind is cleaned up."""
from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from conftest import PROJECT, build_site, copy_project
from generator.output import publish

POLLER = textwrap.dedent("""
    import os, sys
    target, stop = sys.argv[1], sys.argv[2]
    checks = missing = 0
    while not os.path.exists(stop):
        for _ in range(200):
            checks += 1
            try:
                with open(target, "rb") as f:
                    if not f.read(15):
                        missing += 1
            except OSError:
                missing += 1
    print(checks, missing)
""")


def snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def leftovers(folder: Path, name: str = "dist") -> list[str]:
    """Our own temporary folders beside the output (the lock file stays, and is not one)."""
    return sorted(p.name for p in folder.iterdir()
                  if p.name.startswith(f".{name}.") and p.name != f".{name}.lock")


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


def test_a_reader_polling_index_html_never_finds_it_missing(project, tmp_path):
    out = project / "dist"
    build_site(project, out, index=False)
    stop = tmp_path / "stop"
    poller = subprocess.Popen([sys.executable, "-c", POLLER, str(out / "index.html"), str(stop)],
                              stdout=subprocess.PIPE, text=True)
    try:
        time.sleep(0.3)
        for _ in range(6):
            build_site(project, out, index=False)
    finally:
        stop.touch()
        result, _ = poller.communicate(timeout=30)
    checks, missing = map(int, result.split())
    assert checks > 1000
    assert missing == 0, f"dist/index.html was missing {missing} times in {checks} reads"


def test_the_swap_never_leaves_the_output_missing(tmp_path):
    """The swap alone, many times over: a reader in another process never misses the site."""
    out = tmp_path / "dist"
    out.mkdir()
    (out / "index.html").write_text("<!doctype html>0", "utf-8")
    stop = tmp_path / "stop"
    poller = subprocess.Popen([sys.executable, "-c", POLLER, str(out / "index.html"), str(stop)],
                              stdout=subprocess.PIPE, text=True)
    try:
        time.sleep(0.3)
        for i in range(300):
            stage = tmp_path / f".dist.new-{i}"
            stage.mkdir()
            (stage / "index.html").write_text(f"<!doctype html>{i}", "utf-8")
            publish.swap_in(stage, out)
            assert not stage.exists()
    finally:
        stop.touch()
        result, _ = poller.communicate(timeout=30)
    checks, missing = map(int, result.split())
    assert missing == 0, f"index.html was missing {missing} times in {checks} reads"
    assert (out / "index.html").read_text("utf-8") == "<!doctype html>299"


# Runs a build that stops for good in its index stage, after the pages are staged.
HANGING_BUILD = """
import os, sys, time
from generator.index import search
def hang(*args, **kwargs):
    with open(sys.argv[1], "w") as f:
        f.write(str(os.getpid()))
    time.sleep(120)
search.index_files = hang
from generator.cli import main
sys.exit(main(["--root", sys.argv[2], "build"]))
"""


def test_a_build_killed_mid_way_leaves_dist_intact_and_the_next_build_cleans_up(project, tmp_path):
    out = project / "dist"
    build_site(project, out, index=False)
    before = snapshot(out)
    pidfile = tmp_path / "build.pid"
    proc = subprocess.Popen([sys.executable, "-c", HANGING_BUILD, str(pidfile), str(project)],
                            cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not (pidfile.exists() and pidfile.read_text().strip()):
            assert proc.poll() is None, "the build ended before it reached the index stage"
            assert time.monotonic() < deadline, "the build never reached the index stage"
            time.sleep(0.05)
        staged = leftovers(project)
        assert any(".new-" in name for name in staged), staged
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert snapshot(out) == before
    assert leftovers(project), "a killed build leaves its staging folder behind"
    (project / ".distro.new-keep").mkdir()  # not ours by name: must survive the clean-up
    build_site(project, out, index=False)
    assert leftovers(project) == []
    assert (project / ".distro.new-keep").is_dir()
    assert (out / "index.html").is_file()


def test_a_second_build_waits_for_the_first(project):
    out = project / "dist"
    build_site(project, out, index=False)
    messages: list[str] = []
    finished = threading.Event()

    def second():
        from generator.commands.build import build

        build(project, out, index=False, progress=messages.append)
        finished.set()

    with publish.locked(out, lambda _: None):
        worker = threading.Thread(target=second)
        worker.start()
        deadline = time.monotonic() + 30
        while not any("等" in m for m in messages) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert any("另一个" in m and "等" in m for m in messages), messages
        time.sleep(0.5)
        assert not finished.is_set(), "the second build did not wait for the lock"
    worker.join(timeout=60)
    assert finished.is_set()
    assert (out / "index.html").is_file()


def test_two_builds_at_once_both_publish_a_whole_search_index(project):
    out = project / "dist"
    results: list[object] = []

    def one():
        try:
            results.append(build_site(project, out))
        except BaseException as exc:  # noqa: BLE001 - reported below
            results.append(exc)

    workers = [threading.Thread(target=one) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=180)
    assert len(results) == 2 and not [r for r in results if isinstance(r, BaseException)], results
    meta = json.loads((out / "search" / "data" / "meta.json").read_text("utf-8"))
    assert meta["n"] > 0
    assert len([p for p in (out / "search" / "data" / "d").iterdir() if p.name != "index.html"]) == meta["n"]
    assert len([p for p in (out / "search" / "data" / "t").iterdir() if p.name != "index.html"]) == meta["s"]
    assert leftovers(project) == []
