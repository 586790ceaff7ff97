"""Edit-to-browser benchmark of `yibao serve`: python3 benchmarks/preview.py N [N ...]

For each N: makes N synthetic cities (build.py's make_project), starts `yibao serve` on
them, opens one city's offices page in headless chromium, then, ROUNDS times, writes a
new phone number into that city's YAML file and measures the time until the open page
shows it (the watcher's event, the update, the reload message, the browser reloading).
Prints the median and the spread, how long serve took to start, and how long the search
index took to catch up after the last edit (from serve's log).
"""
from __future__ import annotations

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from build import make_project  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CITY = "dalianb"  # make_project's city 1: a copy of Dalian, whose offices page lists this number
PHONE = "0411-83709176"
PAGE = f"/{CITY}/offices/"


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Log:
    """serve's output, kept as it comes, with the time each line arrived."""

    def __init__(self, stream):
        self.lines: list[tuple[float, str]] = []
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in iter(stream.readline, ""):
            self.lines.append((time.perf_counter(), line.rstrip("\n")))

    def wait_for(self, pattern: str, after: float, timeout: float) -> float | None:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            for at, line in list(self.lines):
                if at >= after and re.search(pattern, line):
                    return at
            time.sleep(0.05)
        return None

    def tail(self, n: int = 15) -> str:
        return "\n".join(line for _, line in self.lines[-n:])


def run(n: int, rounds: int, pause: float) -> dict:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="yibao-preview-") as tmp:
        project = Path(tmp) / "project"
        make_project(n, project)
        city_file = project / "cities" / f"{CITY}.yaml"
        port = free_port()
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(project), "serve", "--port", str(port)],
                                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})
        log = Log(proc.stdout)
        times: list[float] = []
        try:
            while True:
                if proc.poll() is not None:
                    raise SystemExit(f"serve exited:\n{log.tail()}")
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}{PAGE}", timeout=5).read()
                    break
                except OSError:
                    time.sleep(0.2)
            startup = time.perf_counter() - started
            indexed_at = log.wait_for("搜索索引已更新", started, 1800)
            first_index = (indexed_at - started) if indexed_at else None
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=[
                    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run"])
                page = browser.new_page(viewport={"width": 360, "height": 800})
                connected = threading.Event()

                def on_socket(ws) -> None:
                    ws.on("framesent", lambda frame: '"info"' in str(frame) and connected.set())

                page.on("websocket", on_socket)
                old = PHONE
                for i in range(rounds):
                    if i == 0:
                        page.goto(f"http://127.0.0.1:{port}{PAGE}")
                    deadline = time.perf_counter() + 30
                    while not connected.is_set():  # the page told the server it waits for reloads
                        assert time.perf_counter() < deadline, "the page did not connect for live reload"
                        page.wait_for_timeout(20)
                    page.wait_for_timeout(200)
                    new = f"0411-8370{1000 + i:04d}"
                    assert old in page.inner_text("body"), old
                    text = city_file.read_text("utf-8")
                    edited = text.replace(f'"{old}"', f'"{new}"', 1)
                    assert edited != text
                    connected.clear()  # the reloaded page connects again
                    t0 = time.perf_counter()
                    city_file.write_text(edited, "utf-8")
                    page.wait_for_function(f"!!document.body && document.body.innerText.includes('{new}')",
                                           polling="raf", timeout=120_000)
                    times.append(time.perf_counter() - t0)
                    print(f"  {n} cities, edit {i + 1}: {times[-1]:.2f} s", flush=True)
                    old = new
                    edited_at = t0
                    page.wait_for_timeout(pause * 1000)
                browser.close()
            caught_up = log.wait_for("搜索索引已更新", edited_at, 1800)
            index_after = (caught_up - edited_at) if caught_up else None
            updates = [line for _, line in log.lines if line.startswith("已更新")]
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    return {"cities": n, "median": statistics.median(times), "min": min(times), "max": max(times),
            "startup": startup, "first_index": first_index, "index_after": index_after,
            "update": updates[-1] if updates else ""}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int, nargs="+", help="number of synthetic cities")
    parser.add_argument("--rounds", type=int, default=5, help="edits per size (default 5)")
    parser.add_argument("--pause", type=float, default=2.0, help="seconds between edits (default 2)")
    args = parser.parse_args()
    rows = [run(n, args.rounds, args.pause) for n in args.n]
    print("cities  edit→browser median_s  min_s  max_s  serve_start_s  index_first_s  index_after_edit_s")
    for r in rows:
        fmt = lambda v: f"{v:.1f}" if v is not None else "n/a"  # noqa: E731
        print(f"{r['cities']:6d}  {r['median']:20.2f}  {r['min']:5.2f}  {r['max']:5.2f}  {r['startup']:13.1f}  "
              f"{fmt(r['first_index']):>13}  {fmt(r['index_after']):>18}")
        print(f"        serve's last update: {r['update']}")


if __name__ == "__main__":
    main()
