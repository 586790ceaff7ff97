"""Stopping `yibao serve` at the wrong moment (issue 16 item 4): Ctrl+C, kill, or kill -9
while it writes a newly added city's pages or while the search index catches up. At every
moment dist/ must be a site the next build accepts (its `.yibao-site` marker lists at
least what is there), a stop that lets serve finish finishes the update it was writing,
and the next build removes whatever a killed serve left beside dist/.

The moments are chosen with hooks a small script puts into the generator before it runs
(a write that kills its own process, a write that takes its time), never with timing."""
from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import PROJECT, build_site, free_port
from generator.output import publish
from tiny import OFFICES, city_text, tiny_project

NEW_CITY = city_text("xinshi", "新市", OFFICES.format(office="新市医保中心"))


def project(tmp_path: Path) -> Path:
    return tiny_project(tmp_path / "project", build=True)


def leftovers(root: Path) -> list[str]:
    return sorted(n for n in os.listdir(root) if n.startswith(".dist.") and n != ".dist.lock")


def accepted_and_rebuilt(root: Path) -> None:
    """The next build takes dist/ (no refusal), cleans up beside it and makes a whole
    site that has the new city."""
    out = root / "dist"
    publish.check_out(root, out)  # raises CannotBuild if the marker does not cover dist/
    build_site(root, out, index=False)
    assert leftovers(root) == []
    assert (out / "xinshi" / "index.html").is_file()
    assert "新市" in (out / "index.html").read_text("utf-8")


# Serve's update of a newly added city, killed (SIGKILL, nothing can finish) just before its
# n-th rename into dist/ (a page, a list page, the open data, the sitemap or the marker).
KILLED_UPDATE = """
import os, signal, sys
from pathlib import Path
root, limit = Path(sys.argv[1]), int(sys.argv[2])
from generator.commands.live import LiveSite
site = LiveSite(root, root / "dist")
site.full()
(root / "cities" / "xinshi.yaml").write_text(sys.stdin.read(), "utf-8")
replace, calls = os.replace, [0]
def dying(src, dst, *args, **kwargs):
    calls[0] += 1
    if calls[0] >= limit:
        os.kill(os.getpid(), signal.SIGKILL)
    return replace(src, dst, *args, **kwargs)
os.replace = dying
site.update([root / "cities" / "xinshi.yaml"])
print(calls[0])
"""


def run_killed_update(root: Path, limit: int) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", KILLED_UPDATE, str(root), str(limit)], input=NEW_CITY,
                          capture_output=True, text=True, cwd=PROJECT, timeout=120)


def test_how_many_renames_an_update_makes(tmp_path):
    """The kill points below cover the whole update: it makes this many renames."""
    done = run_killed_update(project(tmp_path), 10 ** 6)
    assert done.returncode == 0, done.stderr
    assert 10 < int(done.stdout) < 60


@pytest.mark.parametrize("limit", [1, 2, 3, 4, 5, 8, 12, 16, 18, 20])
def test_serve_killed_while_it_writes_a_new_city_leaves_a_site_the_next_build_accepts(tmp_path, limit):
    root = project(tmp_path)
    done = run_killed_update(root, limit)
    assert done.returncode in (-signal.SIGKILL, 0), done.stderr
    accepted_and_rebuilt(root)


# `yibao serve` with every write of the new city's files slowed down, so that the test
# can stop it while it is writing them; a file tells the test when the first is written.
SLOW_SERVE = """
import sys, time
from pathlib import Path
from generator.output import write
flag = Path(sys.argv[2])
original = write.Writer.write
def slow(self, rel, content):
    original(self, rel, content)
    if rel.startswith("xinshi/"):
        flag.touch()
        time.sleep(0.1)
write.Writer.write = slow
from generator.cli import main
sys.exit(main(["--root", sys.argv[1], "serve", "--port", sys.argv[3]]))
"""

# `yibao serve` whose search index never finishes (its child process sleeps); a file says
# when the index has started.
SLOW_INDEX = """
import os, sys, time
from pathlib import Path
from generator.commands import live
flag = Path(sys.argv[2])
def slow(*args, **kwargs):
    flag.write_text(str(os.getpid()))  # the index's child process
    time.sleep(120)
live.index_stage = slow
from generator.cli import main
sys.exit(main(["--root", sys.argv[1], "serve", "--port", sys.argv[3]]))
"""


def start(script: str, root: Path, flag: Path) -> subprocess.Popen:
    log = open(root.parent / "serve.log", "w", encoding="utf-8")
    return subprocess.Popen([sys.executable, "-c", script, str(root), str(flag), str(free_port())], cwd=PROJECT,
                            stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})


def wait_for(condition, proc: subprocess.Popen, root: Path, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert proc.poll() is None, f"serve exited before {what}: {(root.parent / 'serve.log').read_text()}"
        assert time.monotonic() < deadline, f"{what} did not happen: {(root.parent / 'serve.log').read_text()}"
        time.sleep(0.05)


def finish(proc: subprocess.Popen, sig: int) -> None:
    proc.send_signal(sig)
    try:
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_serve_stopped_while_it_writes_a_new_city_finishes_the_update(tmp_path, sig):
    root = project(tmp_path)
    flag = tmp_path / "writing"
    proc = start(SLOW_SERVE, root, flag)
    try:
        wait_for(lambda: (root / "dist" / publish.MARKER).is_file() and not leftovers(root), proc, root, "the build")
        time.sleep(0.5)  # the watcher is up
        (root / "cities" / "xinshi.yaml").write_text(NEW_CITY, "utf-8")
        wait_for(flag.exists, proc, root, "the first page of the new city")
    finally:
        finish(proc, sig)
    out = root / "dist"
    publish.check_out(root, out)
    fresh = tmp_path / "fresh"
    build_site(root, fresh, index=False)
    made = sorted(p.relative_to(fresh).as_posix() for p in (fresh / "xinshi").rglob("*"))
    assert sorted(p.relative_to(out).as_posix() for p in (out / "xinshi").rglob("*")) == made
    assert "新市" in (out / "index.html").read_text("utf-8")  # the lists were written too
    assert (out / publish.MARKER).read_text("utf-8") == (fresh / publish.MARKER).read_text("utf-8")
    assert leftovers(root) == []


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "kill-9"])
def test_serve_stopped_while_the_index_catches_up_leaves_nothing_the_next_build_keeps(tmp_path, sig):
    root = project(tmp_path)
    (root / "cities" / "xinshi.yaml").write_text(NEW_CITY, "utf-8")
    flag = tmp_path / "indexing"
    proc = start(SLOW_INDEX, root, flag)
    try:
        wait_for(lambda: flag.exists() and flag.read_text(), proc, root, "the search index")
        assert [n for n in leftovers(root) if ".index-" in n]
    finally:
        finish(proc, sig)
        if flag.exists() and flag.read_text():  # the index's child process, orphaned by kill -9
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(flag.read_text()), signal.SIGKILL)
    if sig == signal.SIGINT:
        assert leftovers(root) == []  # serve removed its unfinished index on the way out
    accepted_and_rebuilt(root)
