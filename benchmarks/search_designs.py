"""Search design comparison: python benchmarks/search_designs.py [--cities N …]

Builds the same pages three ways and measures each on the labelled query set
(tests/search_queries.yaml, the six real cities) and at scale (synthetic cities made by
benchmarks/build.py's make_project):

- baseline: what `yibao build` does today, Pagefind 1.5.2 over a copy of the pages with
  injected index words (zqy…), queried through the site's own search page;
- (a) Pagefind 1.4.0 (pinned: upstream issue #1237, 1.5 segments queries with the
  browser's Intl.Segmenter and recall collapses), indexing the published HTML as is; the
  synonym groups of content/search-terms.yaml become query expansion in the browser;
- (b) Pagefind 1.5.2 through its Python API, fed one custom record a page (url, title,
  the text of <main data-pagefind-body> without its data-pagefind-ignore parts, the city
  as meta and filter); segmentation repair: the text is cut into words by the same
  Intl.Segmenter the browser uses for queries and the words are separated by spaces, so
  Pagefind's jieba only sees words the query side also makes; synonyms as in (a).

(a) and (b) are queried through one small harness page that normalises the query with
the site's own code (static/search.js: traditional characters, pinyin city names, spoken
phrases, question words, known words cut longest first), searches every word of a
word's synonym group, and ranks pages by how many query words they match, then by
Pagefind's score. Pagefind 1.4.0 is pip-installed into a temporary folder for the run.
Everything is made in one temporary folder and removed at the end.

For each design: recall@3 and MRR (overall and per kind), index build time, peak memory
(Python / indexer processes), index size, and the bytes one query fetches (`补缴`, and the
question `怎么查医保余额`). Run runs of 300 cities or more under `flock /work/wt/heavy.lock`.
"""
from __future__ import annotations

import argparse
import asyncio
import fnmatch
import functools
import http.server
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

PINNED = "pagefind_bin_extended==1.4.0"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TOP = 3
SHOWN = 20  # results whose data a query loads, as the search page shows
BYTE_QUERIES = ("补缴", "怎么查医保余额")
DESIGNS = ("baseline", "a", "b")
NAMES = {"baseline": "today: Pagefind 1.5.2 + injected index words",
         "a": "(a) Pagefind 1.4.0, HTML as is, synonyms expanded in the browser",
         "b": "(b) Pagefind 1.5.2 custom records, Intl.Segmenter word breaks"}


# —— pure helpers ————————————————————————————————————————————————

def rank(paths: list[str], answers: list[str]) -> int | None:
    """1-based position of the first result that answers the query, or None
    (as tests/test_search_quality.py counts)."""
    for position, path in enumerate(paths, 1):
        if any(fnmatch.fnmatchcase(path, pattern) for pattern in answers):
            return position
    return None


def quality(ranks: list[tuple[str, int | None]]) -> tuple[float, float]:
    """recall@TOP and mean reciprocal rank of (kind, rank) pairs."""
    recall = sum(1 for _, r in ranks if r and r <= TOP) / len(ranks)
    mrr = sum(1 / r for _, r in ranks if r) / len(ranks)
    return recall, mrr


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_BLOCK = {"address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt",
          "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
          "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul"}
_SKIP = {"script", "style", "template", "noscript"}


class _MainText(HTMLParser):
    """Text of one <main data-pagefind-body>, as Pagefind would index it: without
    data-pagefind-ignore parts, scripts and styles; blocks separated by a line break.
    Collects the first <h1> (Pagefind's default title) and data-pagefind-meta pairs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, hides its text)
        self.text: list[str] = []
        self.title: list[str] | None = None
        self.in_h1 = False
        self.meta: dict[str, str] = {}

    def hidden(self) -> bool:
        return any(hides for _, hides in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-pagefind-meta" in attrs and not self.hidden():
            key, _, value = (attrs["data-pagefind-meta"] or "").partition(":")
            self.meta[key.strip()] = value.strip()
        if tag in _BLOCK:
            self.text.append("\n")
        if tag in _VOID:
            return
        self.stack.append((tag, "data-pagefind-ignore" in attrs or tag in _SKIP))
        if tag == "h1" and self.title is None and not self.hidden():
            self.title, self.in_h1 = [], True

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in _BLOCK:
            self.text.append("\n")
        if tag == "h1":
            self.in_h1 = False
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if self.hidden():
            return
        self.text.append(data)
        if self.in_h1 and self.title is not None:
            self.title.append(data)


def page_record(path: str, markup: str) -> dict | None:
    """The custom record of a built page (its path under the site, e.g. dalian/card/index.html),
    or None when the page has nothing to search (no <main data-pagefind-body>)."""
    start = markup.find("<main")
    if start < 0 or "data-pagefind-body" not in markup[start:markup.index(">", start)]:
        return None
    parser = _MainText()
    parser.feed(markup[start:markup.rindex("</main>") + len("</main>")])
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.text).split("\n"))
    content = "\n".join(line for line in lines if line)
    url = "/" + path[: -len("index.html")] if path.endswith("index.html") else "/" + path
    meta = {"title": " ".join("".join(parser.title or []).split()) or url, **parser.meta}
    return {"url": url, "content": content, "meta": meta}


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
import { rewrite, terms } from "./static/search.js";
const pagefind = await import("./pagefind/pagefind.js");
await pagefind.options({ baseUrl: "/" });
const data = await (await fetch("./pagefind/yibao-query.json")).json();
const words = new Intl.Segmenter("zh-CN", { granularity: "word" });

// Results for one word: the union over its synonym group, each page with its best score
// (a disjunction max; adding the scores instead measured lower for both designs).
async function found(word) {
  const group = data.tokens[word];
  const alternatives = group ? Object.keys(data.tokens).filter((w) => data.tokens[w] === group) : [word];
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
  for (const word of terms(rewrite(query, data), data)) {
    const pages = await found(word);
    if (pages.size || word in data.tokens) {
      perWord.push(pages);
      continue;
    }
    // Text that finds nothing as typed: its words, as the browser cuts them.
    for (const { segment, isWordLike } of words.segment(word)) {
      if (isWordLike) perWord.push(await found(segment));
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


def worker_baseline(project: Path, out: Path) -> dict:
    """`yibao build` as it is, with the time of its index stage taken apart."""
    from generator import build as build_module
    from generator import search

    spent = {"index": 0.0}
    original = search.build_index

    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent["index"] += time.perf_counter() - started

    search.build_index = timed
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


def worker_b(site: Path, out: Path) -> dict:
    """Design (b): records from the built pages, segmented, through Pagefind's Python API."""
    import pagefind.service
    from pagefind.index import IndexConfig, PagefindIndex

    # The API reads its service's replies one per 0.1 s (`await asyncio.sleep(0.1)` before
    # each); 59,000 records would wait 98 minutes on that alone. Measure Pagefind, not the pause.
    pagefind.service.asyncio = _NoPause()
    started = time.perf_counter()
    records = []
    for path in sorted(site.rglob("index.html")):
        record = page_record(path.relative_to(site).as_posix(), path.read_text("utf-8"))
        if record:
            records.append(record)
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


def in_worker(name: str, *args: Path) -> dict:
    """Run a worker in a process of its own, so that its peak memory is its own."""
    done = subprocess.run([sys.executable, __file__, "--worker", name, *map(str, args)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"worker {name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


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


def install_pinned(target: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "--target", str(target), PINNED], check=True, stderr=subprocess.DEVNULL)
    binary = target / "pagefind_bin_extended" / "pagefind_extended"
    if not binary.is_file():
        raise SystemExit(f"{PINNED} installed without its program at {binary}")
    return binary


def setup_design(dist: Path, folder: Path) -> None:
    """A served folder for a harness design: its index in folder/pagefind (already there),
    the site's search.js, the query data, the harness page."""
    (folder / "static").mkdir(parents=True)
    shutil.copy(dist / "static" / "search.js", folder / "static" / "search.js")
    data = json.loads((dist / "pagefind" / "yibao-query.json").read_text("utf-8"))
    data.pop("cityTokens")  # only the injected-token design uses them
    (folder / "pagefind" / "yibao-query.json").write_text(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
    (folder / "harness.html").write_text(HARNESS, "utf-8")


def size_of(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def build_all(project: Path, work: Path, pinned: Path) -> dict:
    """Build the three designs of one project; returns {design: figures} and the folders."""
    dist = work / "dist"
    figures = {"baseline": in_worker("baseline", project, dist)}
    figures["baseline"]["served"] = dist
    figures["baseline"]["index_bytes"] = size_of(dist / "pagefind")
    for design in ("a", "b"):
        folder = work / design
        folder.mkdir()
        figures[design] = run_pinned(pinned, dist, folder) if design == "a" else in_worker("b", dist, folder)
        setup_design(dist, folder)
        figures[design]["served"] = folder
        figures[design]["index_bytes"] = size_of(folder / "pagefind")
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


def _baseline_query(page, base: str, query: str) -> list[str]:
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
    return (_baseline_query if design == "baseline" else _harness_query)(page, base, text)


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
    """Bytes of every response from /pagefind/ that answering one query takes, cache empty."""
    served = Served(folder)
    try:
        context = browser.new_context()
        page = context.new_page()
        sizes: list[int] = []

        def record(response):
            if "/pagefind/" in response.url:
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
    kinds = sorted({r["kind"] for r in results["baseline"]["rows"]})
    head = f"{'queries (recall@3 / MRR)':<24}" + "".join(f"{d:>16}" for d in DESIGNS)
    lines += [head, "-" * len(head)]
    for kind in [None, *kinds]:
        cells = []
        for design in DESIGNS:
            rows = [r for r in results[design]["rows"] if kind is None or r["kind"] == kind]
            recall, mrr = quality([(r["kind"], r["rank"]) for r in rows])
            cells.append(f"{recall:.3f} / {mrr:.3f}")
        n = len([r for r in results["baseline"]["rows"] if kind is None or r["kind"] == kind])
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
            index_s = f["index_s"] if design == "baseline" else f["wall"]
            build_s = f["wall"] if design == "baseline" else figures["baseline"]["wall"] - figures["baseline"]["index_s"] + f["wall"]
            lines.append(f"{cities:>6} {design:<9} {f['indexed']:>6} {index_s:>8.1f} {build_s:>8.1f} "
                         f"{'-' if f['peak_py'] is None else round(f['peak_py']):>10} {f['peak_indexer']:>11.0f} {f['index_bytes'] / 2**20:>9.1f} "
                         + " ".join(f"{f['bytes'][q] / 1024:>12.0f}" for q in BYTE_QUERIES))
        b = figures["b"]
        lines.append(f"{'':>6} (b) split: extract records {b['extract_s']:.1f} s, segment {b['segment_s']:.1f} s, "
                     f"pagefind {b['pagefind_s']:.1f} s")
    lines.append("index s: the index stage alone (baseline: inside yibao build; (a): the CLI; (b): records, "
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
        result = (worker_baseline if name == "baseline" else worker_b)(Path(first), Path(second))
        print(json.dumps(result))
        return

    from playwright.sync_api import sync_playwright
    from build import make_project

    queries = yaml.safe_load((ROOT / "tests" / "search_queries.yaml").read_text("utf-8"))
    results: dict[int, dict] = {}
    with tempfile.TemporaryDirectory(prefix="yibao-designs-") as tmp, sync_playwright() as p:
        tmp = Path(tmp)
        pinned = install_pinned(tmp / "pagefind-1.4.0")
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
