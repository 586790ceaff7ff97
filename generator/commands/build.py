"""The pipeline, end to end: load → validate → model (site.load_site) → pages →
render → index → write. `yibao build` calls `build`; `yibao serve` calls `full_build`
and keeps what it made, to redo later only what a changed file touches (live.py)."""
from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Mapping

from jinja2 import Environment

from generator.core.addresses import NOT_FOUND, SEARCH_INDEX, STATIC, base_url_option, repo_url_option
from generator.output import opendata, publish, sitemap, write
from generator.index import search
from generator.commands import citypass
from generator.views.pages import Page, common_pages
from generator.views.rules import calls
from generator.render.pages import environment, render_pages
from generator.model.site import CityLoad, Settings, Site, assemble, city_files, load_settings
from generator.core.today import build_date
from generator.core.workers import worker_count
from generator.core.project import STATIC as STATIC_FOLDER, TEMPLATES


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


@dataclass(frozen=True)
class Built:
    """A whole build, as `yibao serve` keeps it: the parts the site was assembled from,
    its pages (without their views) and each city's share of the open data."""
    summary: Summary
    site: Site
    settings: Settings
    loads: tuple[CityLoad, ...]
    today: dt.date
    base_url: str
    pages: tuple[Page, ...]
    data: tuple[opendata.CityData, ...]


def build(root: Path, out: Path, base_url: str | None = None, index: bool = True,
          progress: Callable[[str], None] = lambda _: None, repo_url: str | None = None) -> Summary:
    """Check everything under `root` and publish the site to `out`. Refuses (CannotBuild)
    an output folder it may not replace, before reading anything; see publish.py.
    `repo_url` (--repo-url): the repository the 纠错 links open, instead of yibao.yaml's."""
    return full_build(root, out, base_url, index, progress, repo_url).summary


def full_build(root: Path, out: Path, base_url: str | None = None, index: bool = True,
               progress: Callable[[str], None] = lambda _: None, repo_url: str | None = None) -> Built:
    started = time.perf_counter()
    out = Path(os.path.abspath(out))
    publish.check_out(root, out)
    if base_url is not None:
        base_url_option(base_url)
    if repo_url is not None:
        repo_url_option(repo_url)
    workers = worker_count()
    today = build_date()
    settings = load_settings(root, today)
    if repo_url is not None and settings.config is not None:
        settings = replace(settings, config=replace(settings.config, repo_url=repo_url))
    elapsed = lambda: f"{time.perf_counter() - started:.1f} 秒"  # noqa: E731
    with publish.publishing(root, out, progress) as stage:
        # each city checked, rendered, written, indexed and its open data made in one pass, on every core
        shared, env, template_error = _shared(root, settings, base_url)
        corrections = shared.config.corrections(base_url) if shared else None
        job = citypass.Pass(root, today, shared, corrections, env, stage, index)
        works = list(citypass.run(job, city_files(root), workers))
        loads = [work.load for work in works]
        site = assemble(root, settings, loads)  # raises UserError with every problem of every file
        if template_error is not None:
            raise template_error
        for work in works:
            if work.error is not None:
                raise work.error
        base_url = base_url or site.config.base_url
        progress(f"检查通过：{len(site.cities)} 个城市，已生成城市的页面（{elapsed()}）。正在生成其余页面…")
        common = common_pages(site, today, base_url)
        pages = [*common, *(page for work in works for page in work.pages)]
        rendered = render_pages(site, common, root / TEMPLATES, env)
        writer = write.Writer(stage)
        for work in works:
            for page in work.pages:
                writer.claim(page.path)  # written by the city's pass; a path taken twice stops the build
        for page in common:
            writer.write(page.path, rendered[page.path])
        data = [work.data for work in works if work.data is not None]
        for rel, content in site_files(pages, data, base_url).items():
            writer.write(rel, content)
        writer.reserve(STATIC)
        write.copy_static(root / STATIC_FOLDER, stage)
        progress(f"已写入 {len(pages)} 个页面（{elapsed()}）。")
        indexed = 0
        if index:
            progress("正在建立搜索索引…")
            docs = search_docs(site, common, rendered) + [doc for work in works for doc in work.docs]
            indexed = index_docs(site, docs, writer)
        for folder in (STATIC, SEARCH_INDEX):
            write.fill_folders(stage / folder, rendered[NOT_FOUND].encode("utf-8"))
    summary = Summary(len(site.cities), len(pages), indexed, time.perf_counter() - started, out)
    return Built(summary, site, settings, tuple(loads), today, base_url, tuple(p.without_views() for p in pages),
                 tuple(data))


def _shared(root: Path, settings: Settings, base_url: str | None) -> tuple[Site | None, Environment | None,
                                                                           Exception | None]:
    """What every city's pages are made with: the site without its cities and the compiled
    templates, or None when the settings have problems (the cities are then checked only)
    and, when a template does not compile, why (raised after the checks, as before)."""
    if settings.config is None or settings.terms is None:
        return None, None, None
    env = environment(root / TEMPLATES)
    try:
        for name in citypass.CITY_TEMPLATES:
            env.get_template(name)
    except Exception as exc:  # noqa: BLE001 - a broken template: raised after the checks
        return None, None, exc
    site = Site(settings.config, (), settings.articles, settings.terms, root, settings.regions)
    return site, env, None


def site_files(pages: Iterable[Page], data: list[opendata.CityData], base_url: str) -> dict[str, str | bytes]:
    """What the build writes beside the pages: sitemap.xml (only with the site's address:
    a sitemap lists absolute URLs), robots.txt and the open data files."""
    files: dict[str, str | bytes] = {}
    if base_url:
        files["sitemap.xml"] = sitemap.sitemap(pages, base_url)
    files["robots.txt"] = sitemap.robots(base_url)
    files.update(opendata.assemble(data, base_url))
    return files


def search_docs(site: Site, pages: Iterable[Page], rendered: Mapping[str, str]) -> list[search.SearchDoc]:
    """The searchable view of every page that has something to find (the city pass makes
    those of a city's pages as it renders them: citypass.py)."""
    cities = {c.pinyin: c for c in site.cities}
    docs = []
    for page in pages:
        city = cities.get(page.path.split("/")[0]) if "/" in page.path else None
        doc = search.document(page.url, page.title, city.name if city else "", city.pinyin if city else "",
                              rendered[page.path])
        if doc is not None:
            docs.append(doc)
    return docs


def _first_call(site: Site, city) -> tuple[str, str, str] | None:
    """The number the search page gives when a city has nothing on what was asked: the
    first of the city page's 打电话问 list (its own line, or 12393 with its area code)."""
    options = calls(city, site.lines())
    return (options[0].name, options[0].phone.text, options[0].phone.href or "") if options else None


def index_stage(site: Site, pages: Iterable[Page], rendered: Mapping[str, str], writer: write.Writer) -> int:
    """The search index of `pages` (their HTML in `rendered`), written by `writer` under
    addresses.SEARCH_INDEX; returns how many pages it indexed. `yibao serve` calls it after
    a change, in the background (live.py); a build makes the documents in the city pass."""
    return index_docs(site, search_docs(site, pages, rendered), writer)


def index_docs(site: Site, docs: list[search.SearchDoc], writer: write.Writer) -> int:
    """The search index of `docs`, written by `writer` under addresses.SEARCH_INDEX."""
    cities = [search.CityKey(c.name, c.pinyin, c.districts, _first_call(site, c)) for c in site.cities]
    for rel, content in search.index_files(docs, site.terms, cities).items():
        writer.write(rel, content)
    return len(docs)
