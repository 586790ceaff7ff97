"""Search on a slow phone: python3 benchmarks/search_speed.py N [N ...] [--site DIR]

Builds N synthetic cities (benchmarks/build.py's `make_project`), or takes a built site,
serves it on localhost and, in headless chromium with its network throttled to 400 kbps
down, 400 kbps up and 400 ms latency (Chrome DevTools Network.emulateNetworkConditions),
opens the search page, waits until it has loaded, types each query and presses Enter
(a fresh browser context each time: nothing cached). Prints, per query, the bytes the
search fetched after Enter (index files and page texts) and the time until the first
result shows, then the medians.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

QUERIES = ["补缴", "医保卡丢了怎么办", "沙河口区", "怎么查医保余额", "0411-83709176", "大連 醫保卡", "灵活就业怎么交医保"]
SLOW = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def measure(site: Path, queries: list[str]) -> list[tuple[str, int, float]]:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for query in queries:
                context = browser.new_context()
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send("Network.emulateNetworkConditions", SLOW)
                sizes: dict[str, int] = {}
                counting = [False]

                def finished(event, sizes=sizes, counting=counting):
                    if counting[0]:
                        sizes[event["requestId"]] = int(event.get("encodedDataLength", 0))

                cdp.on("Network.loadingFinished", finished)
                page.goto(f"http://127.0.0.1:{server.server_port}/search/", wait_until="networkidle")
                counting[0] = True
                page.fill("#q", query)
                started = time.perf_counter()
                page.press("#q", "Enter")
                page.wait_for_selector("#results li", timeout=60_000)
                first = time.perf_counter() - started
                page.wait_for_load_state("networkidle")
                rows.append((query, sum(sizes.values()), first))
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return rows


def report(label: str, rows: list[tuple[str, int, float]]) -> None:
    print(f"{label}: query, KB fetched after Enter, seconds to the first result (400 kbps, 400 ms)")
    for query, size, first in rows:
        print(f"  {query:<16} {size / 1024:7.1f} KB  {first:5.2f} s")
    print(f"  median           {statistics.median(r[1] for r in rows) / 1024:7.1f} KB  "
          f"{statistics.median(r[2] for r in rows):5.2f} s   (max {max(r[1] for r in rows) / 1024:.1f} KB, "
          f"{max(r[2] for r in rows):.2f} s)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int, nargs="*", help="number of synthetic cities")
    parser.add_argument("--site", type=Path, help="a built site to measure instead")
    args = parser.parse_args()
    if args.site:
        report(str(args.site), measure(args.site, QUERIES))
    for n in args.n:
        from build import make_project

        from generator.commands.build import build

        with tempfile.TemporaryDirectory(prefix="yibao-slow-") as tmp:
            project = Path(tmp) / "project"
            make_project(n, project)
            summary = build(project, project / "dist")
            report(f"{n} cities, {summary.pages} pages", measure(project / "dist", QUERIES))


if __name__ == "__main__":
    main()
