"""The pipeline, end to end: load → validate → model (site.load_site) → pages →
render → index → write. `yibao build` and `yibao serve` both call `build`."""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import opendata, search, write
from .pages import site_pages
from .render import render_pages
from .site import load_site
from .today import build_date


@dataclass(frozen=True)
class Summary:
    cities: int
    pages: int
    indexed: int
    seconds: float
    out: Path

    def line(self) -> str:
        indexed = f",其中 {self.indexed} 页编入搜索" if self.indexed else ",未建搜索索引"
        return (f"完成:{self.cities} 个城市,{self.pages} 个页面{indexed},"
                f"用时 {self.seconds:.1f} 秒 → {self.out}")



def build(root: Path, out: Path, base_url: str | None = None, index: bool = True,
          progress: Callable[[str], None] = lambda _: None) -> Summary:
    started = time.perf_counter()
    today = build_date()
    site = load_site(root, today)
    elapsed = lambda: f"{time.perf_counter() - started:.1f} 秒"  # noqa: E731
    progress(f"检查通过:{len(site.cities)} 个城市({elapsed()})。正在生成页面…")
    pages = site_pages(site, today)
    rendered = render_pages(site, pages, root / "templates")
    progress(f"已生成 {len(rendered)} 个页面({elapsed()})。")
    files: dict[str, str | bytes] = dict(rendered)
    files["sitemap.xml"] = sitemap(pages, base_url or site.config.base_url)
    files["robots.txt"] = robots(base_url or site.config.base_url)
    files.update(opendata.files(site.cities, today, base_url or site.config.base_url))
    stage = write.staging_dir(out)
    try:
        write.write_files(stage, files)
        write.copy_static(root / "static", stage)
        indexed = 0
        if index:
            progress(f"已写入文件({elapsed()})。正在建立搜索索引…")
            cities = {c.pinyin: c.name for c in site.cities}
            indexed = search.build_index(rendered, stage, site.terms, cities)
            search.write_query_data(stage, search.query_data(rendered, site.terms, cities))
        write.swap_in(stage, out)
    except BaseException:
        write.discard(stage)
        raise
    return Summary(len(site.cities), len(rendered), indexed, time.perf_counter() - started, out)


def sitemap(pages, base_url: str) -> str:
    base = base_url.rstrip("/") + "/"
    urls = "".join(f"<url><loc>{base}{p.url}</loc></url>\n" for p in sorted(pages, key=lambda p: p.path)
                   if p.sitemap)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + urls + "</urlset>\n")


def robots(base_url: str) -> str:
    return f"User-agent: *\nAllow: /\nSitemap: {base_url.rstrip('/')}/sitemap.xml\n"

