"""Search design comparison: python benchmarks/search_designs.py [--cities N …]

Builds the same pages three ways and measures each on the labelled query set
(tests/search_queries.yaml, the six real cities) and at scale (synthetic cities made by
benchmarks/build.py's make_project):

- (c) what `yibao build` does today, the site's own character-bigram index, queried through
  the site's search page;
- (a) Pagefind 1.4.0 (pinned: upstream issue #1237, 1.5 segments queries with the
  browser's Intl.Segmenter and recall collapses), indexing the published HTML as is (the
  site's markers `data-search-body` and `data-search-skip` spelled as Pagefind's
  `data-pagefind-body` and `data-pagefind-ignore`); synonyms as query expansion in the browser;
- (b) Pagefind 1.5.2 through its Python API, fed one custom record a page built from the
  page's view (generator.commands.build.search_docs: address, title, city as meta and filter, the
  text of <main> without its data-search-skip parts); segmentation repair: the text is cut
  into words by the same Intl.Segmenter the browser uses for queries and the words are
  separated by spaces, so Pagefind's jieba only sees words the query side also makes;
  synonyms as in (a).

(a) and (b) are queried through one small harness page that reads the query with the
site's own code (static/search-core.js parseQuery: traditional characters, spoken
phrases, question words, synonym groups cut longest first; pinyin city names become
names first, as the search page did before the bigram index), searches every word of a
synonym group and the rest as typed (text that finds nothing as typed: its words as the
browser cuts them), and ranks pages by how many query words they match, then by
Pagefind's best score. Both Pagefind versions are pip-installed into a temporary folder
for the run; everything is made in one temporary folder and removed at the end.

For each design: recall@3 and MRR (overall and per kind), index build time, peak memory
(Python / indexer processes), index size, and the bytes one query fetches (`补缴`, and the
question `怎么查医保余额`). Run it with 300 cities or more, on a machine doing nothing else
(its timings are what it compares).
"""
from __future__ import annotations

import argparse
import asyncio
import functools
import http.server
import importlib.util
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

PINNED = {"a": "pagefind_bin_extended==1.4.0", "b": "pagefind[extended]==1.5.2"}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TOP = 3
SHOWN = 5  # results whose data a query loads, as the search page shows at first
BYTE_QUERIES = ("补缴", "怎么查医保余额")
DESIGNS = ("c", "a", "b")
SERVED = ("/pagefind/", "/search/data/")  # what a query fetches, in every design
NAMES = {"c": "(c) today: the site's character-bigram index",
         "a": "(a) Pagefind 1.4.0, HTML as is, synonyms expanded in the browser",
         "b": "(b) Pagefind 1.5.2 custom records, Intl.Segmenter word breaks"}


# —— pure helpers ————————————————————————————————————————————————

def _search_quality():
    """tests/test_search_quality.py, whose `rank` counts a result as the test does."""
    spec = importlib.util.spec_from_file_location("search_quality", ROOT / "tests" / "test_search_quality.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


rank = _search_quality().rank


def quality(ranks: list[tuple[str, int | None]]) -> tuple[float, float]:
    """recall@TOP and mean reciprocal rank of (kind, rank) pairs."""
    recall = sum(1 for _, r in ranks if r and r <= TOP) / len(ranks)
    mrr = sum(1 / r for _, r in ranks if r) / len(ranks)
    return recall, mrr


# Cuts text into words with the browser's own segmenter and separates them by spaces.
SEGMENT_JS = r"""
const seg = new Intl.Segmenter("zh-CN", { granularity: "word" });
const lines = require("readline").createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on("line", (line) => {
  if (!line) return;
  const words = Array.from(seg.segment(JSON.parse(line)), (s) => s.segment);
  process.stdout.write(JSON.stringify(words.join(" ").replace(/\s+/g, " ").trim()) + "\n");
});
"""

# The harness page of designs (a) and (b): the site's own query normalisation, synonym
# groups as query expansion, pages ranked by query words matched, then Pagefind's score.
HARNESS = r"""<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>harness</title>
<script type="module">
import { parseQuery } from "./static/search-core.js";
const pagefind = await import("./pagefind/pagefind.js");
await pagefind.options({ baseUrl: "/" });
const meta = await (await fetch("./search/data/meta.json")).json();
// The pages hold a city's name, not its pinyin: the query's pinyin city names become names.
const cities = await (await fetch("./search/data/cities.json")).json();
const named = (query) => Object.entries(cities).reduce(
  (q, [pinyin, name]) => q.replace(new RegExp(`\\b${pinyin}\\b`, "g"), ` ${name} `), query.toLowerCase());
const words = new Intl.Segmenter("zh-CN", { granularity: "word" });

// The query's words: a synonym group's words, or a run of text as typed.
function queryWords(query) {
  const out = [];
  for (const clause of parseQuery(named(query), meta)) {
    const alternatives = clause.run === undefined ? clause.words : [clause.run];
    const key = alternatives.join(" ");
    if (!out.some((w) => w.key === key)) out.push({ key, alternatives, typed: clause.run !== undefined });
  }
  return out;
}

// Results for one word: the union over its alternatives, each page with its best score
// (a disjunction max; adding the scores instead measured lower for both designs).
async function found(alternatives) {
  const pages = new Map();
  for (const alternative of alternatives) {
    for (const r of (await pagefind.search(alternative)).results) {
      if (!pages.has(r.id) || pages.get(r.id).score < r.score) pages.set(r.id, r);
    }
  }
  return pages;
}

window.runQuery = async (query) => {
  const perWord = [];
  for (const word of queryWords(query)) {
    const pages = await found(word.alternatives);
    if (pages.size || !word.typed) {
      perWord.push(pages);
      continue;
    }
    // Text that finds nothing as typed: its words, as the browser cuts them.
    for (const { segment, isWordLike } of words.segment(word.key)) {
      if (isWordLike) perWord.push(await found([segment]));
    }
  }
  const scores = new Map();
  for (const pages of perWord) {
    for (const [id, r] of pages) {
      const entry = scores.get(id) || { r, hits: 0, score: 0 };
      entry.hits += 1;
      entry.score += r.score;
      scores.set(id, entry);
    }
  }
  const ranked = [...scores.values()].sort((x, y) => y.hits - x.hits || y.score - x.score).slice(0, %(shown)d);
  const items = await Promise.all(ranked.map((e) => e.r.data()));
  return items.map((item) => new URL(item.url, location.href).pathname);
};
window.harnessReady = true;
</script></html>
""" % {"shown": SHOWN}


# —— building ————————————————————————————————————————————————————

def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def worker_c(project: Path, out: Path) -> dict:
    """`yibao build` as it is, with the time of its index stage (documents and files) taken apart."""
    from generator.commands import build as build_module
    from generator.index import search

    spent = {"index": 0.0}

    def timed(function):
        def run(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent["index"] += time.perf_counter() - started
        return run

    build_module.search_docs = timed(build_module.search_docs)
    search.index_files = timed(search.index_files)
    started = time.perf_counter()
    summary = build_module.build(project, out)
    return {"wall": time.perf_counter() - started, "index_s": spent["index"], "pages": summary.pages,
            "indexed": summary.indexed, "peak_py": peak_mb(resource.RUSAGE_SELF),
            "peak_indexer": peak_mb(resource.RUSAGE_CHILDREN)}


class _NoPause:
    """asyncio, except that sleep only yields."""

    def __getattr__(self, name):
        return getattr(asyncio, name)

    @staticmethod
    async def sleep(delay, result=None):
        return await asyncio.sleep(0, result)


def worker_b(project: Path, out: Path) -> dict:
    """Design (b): records from the pages' views, segmented, through Pagefind's Python API."""
    import pagefind.service
    from pagefind.index import IndexConfig, PagefindIndex

    # The API reads its service's replies one per 0.1 s (`await asyncio.sleep(0.1)` before
    # each); 59,000 records would wait 98 minutes on that alone. Measure Pagefind, not the pause.
    pagefind.service.asyncio = _NoPause()
    from generator.commands.build import search_docs
    from generator.views.pages import site_pages
    from generator.render.pages import render_pages
    from generator.model.site import load_site
    from generator.core.today import build_date

    today = build_date()
    site = load_site(project, today)
    pages = site_pages(site, today, site.config.base_url)
    rendered = render_pages(site, pages, project / "templates")  # every design renders: not timed
    started = time.perf_counter()
    records = []
    for doc in search_docs(site, pages, rendered):
        meta = {"title": doc.title, **({"city": doc.city} if doc.city else {})}
        # the page's <h1> is its title, which the view's text leaves out; Pagefind indexes content only
        records.append({"url": "/" + doc.url, "content": f"{doc.title}\n{doc.text}", "meta": meta})
    extracted = time.perf_counter()
    lines = "".join(json.dumps(r["content"], ensure_ascii=False) + "\n" for r in records)
    done = subprocess.run(["node", "-e", SEGMENT_JS], input=lines.encode(), capture_output=True, check=True)
    segmented = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert len(segmented) == len(records)
    cut = time.perf_counter()

    async def index() -> None:
        config = IndexConfig(output_path=str(out / "pagefind"))
        async with PagefindIndex(config=config) as pf:
            for i in range(0, len(records), 256):
                await asyncio.gather(*(
                    pf.add_custom_record(url=r["url"], content=text, language="zh-cn", meta=r["meta"],
                                         filters={"city": [r["meta"]["city"]]} if "city" in r["meta"] else None)
                    for r, text in zip(records[i:i + 256], segmented[i:i + 256])))

    asyncio.run(index())
    ended = time.perf_counter()
    return {"wall": ended - started, "extract_s": extracted - started, "segment_s": cut - extracted,
            "pagefind_s": ended - cut, "indexed": len(records), "peak_py": peak_mb(resource.RUSAGE_SELF),
            "peak_indexer": peak_mb(resource.RUSAGE_CHILDREN)}


def in_worker(name: str, *args: Path, path: Path | None = None) -> dict:
    """Run a worker in a process of its own, so that its peak memory is its own."""
    env = dict(os.environ, PYTHONPATH=str(path)) if path else None
    done = subprocess.run([sys.executable, __file__, "--worker", name, *map(str, args)],
                          capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(f"worker {name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# The site marks what search reads with its own attributes; Pagefind's have the same meaning.
MARKERS = {"data-search-body": "data-pagefind-body", "data-search-skip": "data-pagefind-ignore"}


def pagefind_markup(markup: str) -> str:
    """A page with the site's search markers spelled as Pagefind's (text untouched)."""
    start = markup.find("<main")
    if start < 0:
        return markup
    for ours, theirs in MARKERS.items():
        markup = markup[:start] + markup[start:].replace(f" {ours}", f" {theirs}")
    return markup


def pages_for_pagefind(dist: Path, target: Path) -> None:
    for path in dist.rglob("index.html"):
        markup = path.read_text("utf-8")
        if "data-search-body" in markup:
            copy = target / path.relative_to(dist)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(pagefind_markup(markup), "utf-8")


def run_pinned(binary: Path, site: Path, out: Path) -> dict:
    """Design (a): the pinned Pagefind CLI over the published pages as they are."""
    started = time.perf_counter()
    proc = subprocess.Popen([str(binary), "--site", str(site), "--output-path", str(out / "pagefind"),
                             "--force-language", "zh-cn", "--silent"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    log = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"pagefind 1.4.0 failed: {log.decode()[-2000:]}")
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    return {"wall": time.perf_counter() - started, "peak_py": None, "peak_indexer": usage.ru_maxrss / 1024,
            "indexed": sum(lang["page_count"] for lang in entry["languages"].values())}


def install_pinned(target: Path) -> dict[str, Path]:
    """Both Pagefind versions, each in a folder of its own under `target`."""
    for design, requirement in PINNED.items():
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "--target", str(target / design), requirement], check=True, stderr=subprocess.DEVNULL)
    binary = target / "a" / "pagefind_bin_extended" / "pagefind_extended"
    if not binary.is_file():
        raise SystemExit(f"{PINNED['a']} installed without its program at {binary}")
    return {"a": binary, "b": target / "b"}


def city_names(dist: Path) -> dict[str, str]:
    """pinyin → name of every city, from the pages' search records."""
    names = {}
    for path in (dist / "search" / "data" / "d").glob("*.json"):
        record = json.loads(path.read_text("utf-8"))
        if record["c"]:
            names[record["u"].split("/")[0]] = record["c"]
    return dict(sorted(names.items()))


def setup_design(dist: Path, folder: Path, cities: dict[str, str]) -> None:
    """A served folder for a harness design: its index in folder/pagefind (already there),
    the site's query reading (search-core.js) and word lists (meta.json), the harness page."""
    (folder / "static").mkdir(parents=True)
    shutil.copy(dist / "static" / "search-core.js", folder / "static" / "search-core.js")
    (folder / "search" / "data").mkdir(parents=True)
    shutil.copy(dist / "search" / "data" / "meta.json", folder / "search" / "data" / "meta.json")
    (folder / "search" / "data" / "cities.json").write_text(json.dumps(cities, ensure_ascii=False), "utf-8")
    (folder / "harness.html").write_text(HARNESS, "utf-8")


def size_of(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def build_all(project: Path, work: Path, pinned: dict[str, Path]) -> dict:
    """Build the three designs of one project; returns {design: figures}."""
    dist = work / "dist"
    figures = {"c": in_worker("c", project, dist)}
    figures["c"]["served"] = dist
    figures["c"]["index_bytes"] = size_of(dist / "search" / "data")
    cities = city_names(dist)
    pages = work / "pages"
    pages_for_pagefind(dist, pages)
    for design in ("a", "b"):
        folder = work / design
        folder.mkdir()
        figures[design] = (run_pinned(pinned["a"], pages, folder) if design == "a"
                           else in_worker("b", project, folder, path=pinned["b"]))
        figures[design]["index_bytes"] = size_of(folder / "pagefind")
        setup_design(dist, folder, cities)
        figures[design]["served"] = folder
    shutil.rmtree(pages)
    return figures


# —— querying ————————————————————————————————————————————————————

class Served:
    def __init__(self, folder: Path):
        handler = functools.partial(_Quiet, directory=str(folder))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_port}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _site_query(page, base: str, query: str) -> list[str]:
    from urllib.parse import quote
    page.goto(f"{base}/search/?q={quote(query)}")
    page.wait_for_function("/找到|没有找到|请输入/.test(document.getElementById('status').textContent)",
                           timeout=60_000)
    return page.eval_on_selector_all("#results > li a", "as => as.map(a => new URL(a.href).pathname)")


def _harness_query(page, base: str, query: str) -> list[str]:
    if not page.url.endswith("/harness.html"):
        page.goto(f"{base}/harness.html")
        page.wait_for_function("window.harnessReady === true", timeout=60_000)
    return page.evaluate("q => window.runQuery(q)", query)


def query(page, design: str, base: str, text: str) -> list[str]:
    return (_site_query if design == "c" else _harness_query)(page, base, text)


def measure_queries(browser, design: str, folder: Path, queries: list[dict]) -> list[dict]:
    served = Served(folder)
    try:
        page = browser.new_page()
        rows = []
        for q in queries:
            paths = query(page, design, served.base, q["q"])
            rows.append({"q": q["q"], "kind": q["kind"], "rank": rank(paths, q["answers"]), "top": paths[:TOP]})
        page.close()
        return rows
    finally:
        served.close()


def fetched_bytes(browser, design: str, folder: Path, text: str) -> int:
    """Bytes of every response from the index that answering one query takes, cache empty."""
    served = Served(folder)
    try:
        context = browser.new_context()
        page = context.new_page()
        sizes: list[int] = []

        def record(response):
            if any(part in response.url for part in SERVED):
                try:
                    sizes.append(len(response.body()))
                except Exception:  # a response without a body
                    pass

        page.on("response", record)
        query(page, design, served.base, text)
        page.wait_for_load_state("networkidle")
        context.close()
        return sum(sizes)
    finally:
        served.close()


# —— the run ————————————————————————————————————————————————————

def measure(project: Path, work: Path, pinned: Path, browser, queries: list[dict] | None) -> dict:
    figures = build_all(project, work, pinned)
    for design in DESIGNS:
        f = figures[design]
        f["bytes"] = {q: fetched_bytes(browser, design, f["served"], q) for q in BYTE_QUERIES}
        if queries:
            f["rows"] = measure_queries(browser, design, f["served"], queries)
    return figures


def report_quality(results: dict) -> list[str]:
    lines = []
    kinds = sorted({r["kind"] for r in results["c"]["rows"]})
    head = f"{'queries (recall@3 / MRR)':<24}" + "".join(f"{d:>16}" for d in DESIGNS)
    lines += [head, "-" * len(head)]
    for kind in [None, *kinds]:
        cells = []
        for design in DESIGNS:
            rows = [r for r in results[design]["rows"] if kind is None or r["kind"] == kind]
            recall, mrr = quality([(r["kind"], r["rank"]) for r in rows])
            cells.append(f"{recall:.3f} / {mrr:.3f}")
        n = len([r for r in results["c"]["rows"] if kind is None or r["kind"] == kind])
        lines.append(f"{(kind or 'all') + f' ({n})':<24}" + "".join(f"{c:>16}" for c in cells))
    for design in DESIGNS:
        misses = [r for r in results[design]["rows"] if not r["rank"] or r["rank"] > TOP]
        lines.append(f"\nmissed by {NAMES[design]} ({len(misses)}):")
        lines += [f"  {r['q']}  → rank {r['rank'] or '-'}; top: {' '.join(r['top']) or '(nothing)'}" for r in misses]
    return lines


def report_scale(all_figures: dict[int, dict]) -> list[str]:
    head = (f"{'cities':>6} {'design':<9} {'pages':>6} {'index s':>8} {'build s':>8} {'peak py MB':>10} "
            f"{'peak idx MB':>11} {'index MB':>9} " + " ".join(f"{'KB ' + q:>12}" for q in BYTE_QUERIES))
    lines = [head, "-" * len(head)]
    for cities, figures in all_figures.items():
        for design in DESIGNS:
            f = figures[design]
            index_s = f["index_s"] if design == "c" else f["wall"]
            build_s = f["wall"] if design == "c" else figures["c"]["wall"] - figures["c"]["index_s"] + f["wall"]
            lines.append(f"{cities:>6} {design:<9} {f['indexed']:>6} {index_s:>8.1f} {build_s:>8.1f} "
                         f"{'-' if f['peak_py'] is None else round(f['peak_py']):>10} {f['peak_indexer']:>11.0f} {f['index_bytes'] / 2**20:>9.1f} "
                         + " ".join(f"{f['bytes'][q] / 1024:>12.0f}" for q in BYTE_QUERIES))
        b = figures["b"]
        lines.append(f"{'':>6} (b) split: extract records {b['extract_s']:.1f} s, segment {b['segment_s']:.1f} s, "
                     f"pagefind {b['pagefind_s']:.1f} s")
    lines.append("index s: the index stage alone ((c): inside yibao build; (a): the CLI; (b): records, "
                 "segmentation and Pagefind API). build s: yibao build without its index stage plus that design's.")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cities", type=int, nargs="*", default=[300, 3000],
                        help="synthetic city counts to measure besides the six real cities (default 300 3000)")
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        name, first, second = args.worker
        result = (worker_c if name == "c" else worker_b)(Path(first), Path(second))
        print(json.dumps(result))
        return

    from playwright.sync_api import sync_playwright
    from build import make_project

    queries = yaml.safe_load((ROOT / "tests" / "search_queries.yaml").read_text("utf-8"))
    results: dict[int, dict] = {}
    with tempfile.TemporaryDirectory(prefix="yibao-designs-") as tmp, sync_playwright() as p:
        tmp = Path(tmp)
        pinned = install_pinned(tmp / "pagefind")
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            (tmp / "6").mkdir()
            results[6] = measure(ROOT, tmp / "6", pinned, browser, queries)
            print("\n".join(report_quality(results[6])), flush=True)
            print("\n" + "\n".join(report_scale(results)), flush=True)
            for n in args.cities:
                work = tmp / str(n)
                work.mkdir()
                make_project(n, work / "project")
                results[n] = measure(work / "project", work, pinned, browser, None)
                shutil.rmtree(work)  # 3,000 cities take gigabytes
                print("\n" + "\n".join(report_scale({n: results[n]})), flush=True)
        finally:
            browser.close()
    print("\n" + "\n".join(report_scale(results)))


if __name__ == "__main__":
    main()
