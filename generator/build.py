"""The pipeline, end to end: load → validate → model (site.load_site) → pages →
render → index → write. `yibao build` and `yibao serve` both call `build`."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import opendata, publish, search, siteurl, write
from .pages import Page, site_pages
from .render import render_pages
from .site import Site, load_site
from .today import build_date


@dataclass(frozen=True)
class Summary:
    cities: int
    pages: int
    indexed: int
    seconds: float
    out: Path

    def line(self) -> str:
        indexed = f"，其中 {self.indexed} 页编入搜索" if self.indexed else "，未建搜索索引"
        return (f"完成：{self.cities} 个城市，{self.pages} 个页面{indexed}，"
                f"用时 {self.seconds:.1f} 秒 → {self.out}")



def search_docs(site: Site, pages: list[Page], rendered: dict[str, str]) -> list[search.SearchDoc]:
    """The searchable view of every page that has something to find."""
    cities = {c.pinyin: c for c in site.cities}
    docs = []
    for page in pages:
        city = cities.get(page.path.split("/")[0]) if "/" in page.path else None
        doc = search.document(page.url, page.title, city.name if city else "", city.pinyin if city else "",
                              rendered[page.path])
        if doc is not None:
            docs.append(doc)
    return docs


def build(root: Path, out: Path, base_url: str | None = None, index: bool = True,
          progress: Callable[[str], None] = lambda _: None) -> Summary:
    """Check everything under `root` and publish the site to `out`. Refuses (CannotBuild)
    an output folder it may not replace, before reading anything; see publish.py."""
    started = time.perf_counter()
    out = Path(os.path.abspath(out))
    publish.check_out(root, out)
    if base_url is not None:
        siteurl.check_option(base_url)
    today = build_date()
    site = load_site(root, today)
    base_url = base_url or site.config.base_url
    elapsed = lambda: f"{time.perf_counter() - started:.1f} 秒"  # noqa: E731
    progress(f"检查通过：{len(site.cities)} 个城市（{elapsed()}）。正在生成页面…")
    pages = site_pages(site, today, base_url)
    rendered = render_pages(site, pages, root / "templates")
    progress(f"已生成 {len(rendered)} 个页面（{elapsed()}）。")
    indexed = 0
    with publish.publishing(root, out, progress) as stage:
        writer = write.Writer(stage)
        for page in pages:
            writer.write(page.path, rendered[page.path])
        if base_url:  # a sitemap lists absolute URLs: without the site's address there is none
            writer.write("sitemap.xml", siteurl.sitemap(pages, base_url))
        writer.write("robots.txt", siteurl.robots(base_url))
        for rel, content in opendata.files(site.cities, today, base_url).items():
            writer.write(rel, content)
        writer.reserve("static")
        write.copy_static(root / "static", stage)
        if index:
            progress(f"已写入文件（{elapsed()}）。正在建立搜索索引…")
            docs = search_docs(site, pages, rendered)
            for rel, content in search.index_files(docs, site.terms).items():
                writer.write(rel, content)
            indexed = len(docs)
    return Summary(len(site.cities), len(rendered), indexed, time.perf_counter() - started, out)
