"""Build benchmark: python3 benchmarks/build.py N [N ...] [--repeat K]

Makes N synthetic cities from the real ones (distinct names and slugs), builds them with
`yibao build` (search included), then, in the same run, has the Pagefind CLI alone index
the very same built pages (`pagefind --site <built site> --output-path <temporary>`),
and prints both side by side:

- pages, wall time, pages per second;
- peak memory: the build's Python process and its largest child (worker or indexer), each
  its own maximum resident set; and, for the build and for Pagefind, the peak of the whole
  process tree (sum of proportional set sizes, sampled every 0.1 s, so pages forked
  processes share count once);
- the copy floor: the wall time of copying the built site (`cp -r`) to a new folder on the
  same disk, the least any build that writes these files could take, and the build as a
  multiple of it;
- index size: the build's search folder and Pagefind's output;
- the bytes the search page fetches to answer one query (headless chromium, when installed).

Each build runs in a fresh Python process, so one run's memory does not carry into the
next. With --repeat K every N runs K times and the medians are printed. --no-search builds
without the search stage (for profiling the rest).
"""
from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import re
import shutil
import statistics
import string
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

sys.path.insert(0, str(ROOT))
# The folder of the built site that holds what the search page fetches: the bytes of the
# responses under it are what one query costs, and its size is the index size.
from generator.core.addresses import SEARCH_INDEX as SEARCH_FOLDER  # noqa: E402
SEARCH_PREFIX = f"/{SEARCH_FOLDER}/"

# Runs one build in a fresh interpreter and reports, as JSON on its last line, what only
# that process knows: its summary, and the peak memory of itself and of its largest child.
BUILD_CHILD = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from generator.commands.build import build
from pathlib import Path
started = time.perf_counter()
summary = build(Path(sys.argv[2]), Path(sys.argv[3]), index=sys.argv[4] == "1")
wall = time.perf_counter() - started
usage = resource.getrusage
print(json.dumps({"wall": wall, "cities": summary.cities, "pages": summary.pages, "indexed": summary.indexed,
                  "peak_py": usage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "peak_child": usage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


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


def pagefind_program() -> Path:
    """The `pagefind` program of the installed pagefind_bin_extended package, found as
    generator/indexer.py finds it (through the pagefind package)."""
    from pagefind.service import get_executable

    found = get_executable()
    if found is None or not os.access(found, os.X_OK):
        sys.exit("Pagefind is not installed: pip install -e '.[bench]'")
    return Path(found)


class TreeMemory:
    """Samples the summed proportional set size (PSS) of a process and all its
    descendants while it runs; `peak` is the largest sum seen, in MB."""

    def __init__(self, pid: int, interval: float = 0.1):
        self.pid, self.interval, self.peak = pid, interval, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(_pss_kb(p) for p in _tree(self.pid)) / 1024)
            self._stop.wait(self.interval)


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    stat = f.read()
            except OSError:
                continue
            ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def measured(command: list[str]) -> tuple[float, float, float, str]:
    """Runs `command`; returns its wall seconds, its own maximum resident set (MB, with
    its descendants'), the peak PSS of its process tree (MB), and its output."""
    out = tempfile.TemporaryFile()
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    sampler = TreeMemory(proc.pid)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    tree = sampler.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)
    out.seek(0)
    text = out.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        sys.exit(f"{command[0]} failed ({proc.returncode}):\n{text[-2000:]}")
    return wall, usage.ru_maxrss / 1024, tree, text


def folder_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) if folder.is_dir() else 0


def search_bytes(site: Path, query: str) -> int | None:
    """Bytes the search page fetches from SEARCH_PREFIX to answer one query."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path("/usr/bin/chromium").exists() or not (site / SEARCH_FOLDER).is_dir():
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
                if SEARCH_PREFIX in response.url:
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


def run(n: int, query: str, search: bool) -> dict:
    with tempfile.TemporaryDirectory(prefix="yibao-bench-") as tmp:
        project, alone = Path(tmp) / "project", Path(tmp) / "pagefind-alone"
        site = project / "dist"
        make_project(n, project)
        wall_total, _, tree, text = measured([sys.executable, "-c", BUILD_CHILD, str(ROOT), str(project), str(site),
                                              "1" if search else "0"])
        r = json.loads(text.strip().splitlines()[-1])
        r.update(tree=tree, index=folder_size(site / SEARCH_FOLDER))
        # the floor: the same files copied to a new folder on the same disk
        r["copy"], _, _, _ = measured(["cp", "-r", str(site), str(Path(tmp) / "copy")])
        shutil.rmtree(Path(tmp) / "copy")
        # the Pagefind CLI alone, on the very same built pages
        pf_wall, pf_peak, pf_tree, _ = measured([str(pagefind_program()), "--site", str(site), "--output-path",
                                                  str(alone), "--force-language", "zh-cn", "--silent"])
        entry = json.loads((alone / "pagefind-entry.json").read_text("utf-8"))
        r.update(pf_wall=pf_wall, pf_peak=pf_peak, pf_tree=pf_tree, pf_index=folder_size(alone),
                 pf_pages=sum(lang["page_count"] for lang in entry["languages"].values()))
        r["search"] = search_bytes(site, query) if search else None
    return r


COLUMNS = [  # (heading, key, format)
    ("cities", "cities", "{:.0f}"), ("pages", "pages", "{:.0f}"),
    ("build_s", "wall", "{:.1f}"), ("pages/s", "pps", "{:.0f}"),
    ("py_MB", "peak_py", "{:.0f}"), ("child_MB", "peak_child", "{:.0f}"), ("tree_MB", "tree", "{:.0f}"),
    ("index_MB", "index", "{:.1f}"), ("search_KB", "search", "{:.0f}"),
    ("| copy_s", "copy", "{:.1f}"), ("build/copy", "copy_ratio", "{:.1f}"),
    ("| pf_pages", "pf_pages", "{:.0f}"), ("pf_s", "pf_wall", "{:.1f}"), ("pf_MB", "pf_peak", "{:.0f}"),
    ("pf_tree_MB", "pf_tree", "{:.0f}"), ("pf_index_MB", "pf_index", "{:.1f}"),
    ("| build/pf time", "time_ratio", "{:.2f}"), ("mem", "mem_ratio", "{:.2f}"),
]


def median_row(runs: list[dict]) -> dict:
    row = {}
    for key in runs[0]:
        values = [r[key] for r in runs if r[key] is not None]
        row[key] = statistics.median(values) if values else None
    row["pps"] = row["pages"] / row["wall"]
    row["index"] = row["index"] / 1024 / 1024
    row["pf_index"] = row["pf_index"] / 1024 / 1024
    row["search"] = row["search"] / 1024 if row["search"] is not None else None
    row["time_ratio"] = statistics.median(r["wall"] / r["pf_wall"] for r in runs)
    row["mem_ratio"] = statistics.median(r["tree"] / r["pf_tree"] for r in runs)
    row["copy_ratio"] = statistics.median(r["wall"] / r["copy"] for r in runs)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, nargs="+", help="number of synthetic cities")
    parser.add_argument("--query", default="补缴", help="query whose fetched bytes are measured")
    parser.add_argument("--repeat", type=int, default=1, help="runs per N; medians are printed")
    parser.add_argument("--no-search", action="store_true", help="build without the search stage")
    args = parser.parse_args()
    print("  ".join(heading for heading, _, _ in COLUMNS), flush=True)
    rows = []
    for n in args.n:
        row = median_row([run(n, args.query, not args.no_search) for _ in range(args.repeat)])
        rows.append(row)
        print("  ".join(("n/a" if row[key] is None else fmt.format(row[key])).rjust(len(heading))
                        for heading, key, fmt in COLUMNS), flush=True)
    print("build_s: yibao build, wall; py_MB / child_MB: maximum resident set of its Python process / "
          "of its largest child; tree_MB: peak PSS of the whole process tree; copy_s: cp -r of the built site "
          "to a new folder on the same disk (the floor), build/copy: the build as a multiple of it. pf_*: the Pagefind CLI alone "
          f"on the same pages. Medians of {args.repeat} run(s).")
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        growth = (last["wall"] / first["wall"]) / (last["cities"] / first["cities"])
        print(f"time per city, largest vs smallest run: ×{growth:.2f} (1.00 = linear)")


if __name__ == "__main__":
    main()
