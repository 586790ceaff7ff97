"""Build benchmark: python3 benchmarks/build.py N [N ...]

Makes N synthetic cities from the real ones (distinct names and slugs), builds them with
the search index, and prints cities, pages, wall time, pages per second, peak memory and
the search bytes one query fetches (measured in headless chromium when it is installed).
Several N show whether the cost grows faster than the number of cities.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import re
import resource
import shutil
import string
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.build import build  # noqa: E402


def slug_suffix(i: int) -> str:
    letters = string.ascii_lowercase
    out = ""
    while True:
        out = letters[i % 26] + out
        i = i // 26 - 1
        if i < 0:
            return out


def make_project(n: int, target: Path) -> None:
    for name in ("templates", "static", "content"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copy(ROOT / "yibao.yaml", target / "yibao.yaml")
    (target / "cities").mkdir()
    (target / "generator" / "schema").mkdir(parents=True)  # for the $schema comment only
    real = sorted((ROOT / "cities").glob("*.yaml"))
    for i in range(n):
        source = real[i % len(real)]
        text = source.read_text(encoding="utf-8")
        pinyin = source.stem + slug_suffix(i)
        text = re.sub(r"^(  pinyin: )\S+", rf"\g<1>{pinyin}", text, count=1, flags=re.M)
        text = re.sub(r"^(  name: )(\S+)", rf"\g<1>\g<2>{i}", text, count=1, flags=re.M)
        (target / "cities" / f"{pinyin}.yaml").write_text(text, encoding="utf-8")


def search_bytes(site: Path, query: str) -> int | None:
    """Bytes the search page fetches from /pagefind/ to answer one query."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path("/usr/bin/chromium").exists():
        return None
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    total = 0
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"])
            page = browser.new_page()
            sizes: list[int] = []

            def record(response):
                if "/pagefind/" in response.url:
                    try:
                        sizes.append(len(response.body()))
                    except Exception:  # a response without a body (redirect)
                        pass

            page.on("response", record)
            page.goto(f"http://127.0.0.1:{server.server_port}/search/?q={query}")
            page.wait_for_selector("#results li", timeout=30000)
            page.wait_for_load_state("networkidle")
            total = sum(sizes)
            browser.close()
    finally:
        server.shutdown()
    return total


def run(n: int, query: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="yibao-bench-") as tmp:
        project = Path(tmp) / "project"
        make_project(n, project)
        before_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        started = time.perf_counter()
        summary = build(project, project / "dist")
        wall = time.perf_counter() - started
        peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        peak_child = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before_children) / 1024
        fetched = search_bytes(project / "dist", query)
        index_size = sum(f.stat().st_size for f in (project / "dist" / "pagefind").rglob("*") if f.is_file())
    return {"cities": summary.cities, "pages": summary.pages, "wall": wall, "pps": summary.pages / wall,
            "peak_py": peak_self, "peak_indexer": peak_child, "search": fetched, "index": index_size}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int, nargs="+", help="number of synthetic cities")
    parser.add_argument("--query", default="补缴", help="query whose fetched bytes are measured")
    args = parser.parse_args()
    print("cities  pages   wall_s  pages/s  peak_py_MB  peak_indexer_MB  index_MB  search_KB(q)")
    rows = []
    for n in args.n:
        r = run(n, args.query)
        rows.append(r)
        search = f"{r['search'] / 1024:.0f}" if r["search"] is not None else "n/a"
        print(f"{r['cities']:6d}  {r['pages']:6d}  {r['wall']:7.1f}  {r['pps']:7.0f}  {r['peak_py']:10.0f}  "
              f"{r['peak_indexer']:15.0f}  {r['index'] / 1024 / 1024:8.1f}  {search}", flush=True)
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        growth = (last["wall"] / first["wall"]) / (last["cities"] / first["cities"])
        print(f"time per city, largest vs smallest run: ×{growth:.2f} (1.00 = linear)")


if __name__ == "__main__":
    main()
