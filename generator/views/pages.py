"""Which pages the site has: one `Page` per output file, with its template and views.

Like Pelican's generators: this decides *what* exists; `render` decides how it looks.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field, replace
from typing import Any

from generator.views import calculators
from generator.core import chinese
from generator.core.addresses import (ARTICLES, COMPARE, DATA, HOME, LISTS_CITIES, NOT_FOUND, OPEN_DATA_CSV,
                                      OPEN_DATA_SCHEMA, SEARCH, site_path)
from generator.core.corrections import Corrections
from generator.views.compare import compare_tables, provinces
from generator.views.checklists import ask_lines, checklists
from generator.views.folders import articles_folder, checklists_folder
from generator.views.qr import qr_svg
from generator.core.topics import AUDIENCE_TOPIC, TOPICS
from generator.views.city import CityViews
from generator.model.site import Site
from generator.views.opendata import LICENCE, city_files
from generator.views.rules import calls


@dataclass(frozen=True)
class Page:
    path: str  # output path under the site root, e.g. "dalian/offices/index.html"
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    title: str = ""
    sitemap: bool = True
    site_path: str | None = None  # set for a page served at any address (404): links start here


    @property
    def url(self) -> str:
        return self.path[: -len("index.html")] if self.path.endswith("index.html") else self.path

    @property
    def root(self) -> str:
        """Relative prefix from this page to the site root, so the site works under any base URL;
        a page the server shows at any depth (the 404 page) links from the site's own path."""
        if self.site_path is not None:
            return self.site_path
        return "../" * self.path.count("/")

    def without_views(self) -> Page:
        """The page as a list of pages needs it (path, title, sitemap), without the view
        objects it is rendered from."""
        return replace(self, context={})


def site_pages(site: Site, today: dt.date, base_url: str | None = None) -> list[Page]:
    """`base_url`: where this build is published (default: yibao.yaml's), for the 纠错 links."""
    corrections = site.config.corrections(base_url)
    pages = common_pages(site, today, base_url)
    for city in site.cities:
        pages.extend(city_pages(site, city, today, corrections))
    _refuse_duplicates(pages)
    return pages


def common_pages(site: Site, today: dt.date, base_url: str | None = None) -> list[Page]:
    """The pages that belong to no one city: those of LISTS_CITIES, the 404 page and the
    articles."""
    pages = [
        Page(HOME, "home.html", {"provinces": provinces(site.cities),
                                 "city_keys": {c.pinyin: city_keys(c.name, c.pinyin) for c in site.cities}},
             site.config.title),
        Page(COMPARE, "compare.html", {"tables": compare_tables(site.cities, today)}, "城市对比"),
        Page(SEARCH, "search.html", {"cities": [c.name for c in sorted(site.cities, key=lambda c: c.pinyin)]}, "搜索",
             sitemap=False),
        Page(NOT_FOUND, "404.html", {}, "找不到页面", sitemap=False,
             site_path=site_path(base_url or site.config.base_url)),
        Page(DATA, "data.html",
             {"files": city_files(site.cities), "csv": OPEN_DATA_CSV,
              "schema": OPEN_DATA_SCHEMA, "licence": LICENCE}, "开放数据"),
    ]
    for article in site.articles:
        pages.append(Page(f"{ARTICLES}{article.slug}/index.html", "article.html",
                          {"article": article, "updated": chinese.date(article.updated)}, article.title))
    if site.articles:
        folder = articles_folder(site.articles)
        pages.append(Page(f"{ARTICLES}index.html", "folder.html", {"folder": folder}, folder.heading))
    return pages


def city_keys(name: str, pinyin: str) -> str:
    """The names the home page's city finder knows a city by, space-separated: as written,
    in traditional characters (大連, for readers in Hong Kong and Taiwan or with such a
    keyboard) and in pinyin; the finder drops 市, spaces and capitals from what is typed."""
    base = name.removesuffix("市")
    names = [base, pinyin.lower(), *(convert.convert(base) for convert in _traditional())]
    return " ".join(dict.fromkeys(n for n in names if n))


@functools.cache
def _traditional() -> tuple:
    import opencc  # as the search index does for its queries

    return tuple(opencc.OpenCC(config) for config in ("s2t", "s2tw", "s2hk"))


def _refuse_duplicates(pages: list[Page]) -> None:
    """Two pages at one path would leave only the last one written, silently (as Pelican's
    writer refuses to overwrite a file it wrote). `check` keeps users' names off the site's
    own; this catches a generator bug that would still do it."""
    seen: set[str] = set()
    for page in pages:
        if page.path in seen:
            raise RuntimeError(f"two pages would be written to {page.path}")
        seen.add(page.path)


def city_pages(site: Site, city, today: dt.date, corrections: Corrections) -> list[Page]:
    stale = site.config.stale_after_years
    calcs = tuple(calculators.views(city, today, stale, site.regions))
    lists = checklists(city, today, corrections, stale, site.lines())
    call_list = calls(city, site.lines())  # the numbers beside the city's own, on every checklist
    views = CityViews(city, today, corrections, calcs, lists, stale, site.rules_for(city), site.lines())
    hub = views.hub()
    dial = ask_lines(city, site.lines())  # the 长辈版 puts these numbers first on each of the city's pages
    pages = [Page(f"{city.pinyin}/index.html", "city.html", {"page": hub, "city_base": "", "dial": dial}, hub.title)]
    for topic in TOPICS:
        page = views.topic(topic.slug)
        pages.append(Page(f"{city.pinyin}/{topic.slug}/index.html", "city.html",
                          {"page": page, "city_base": "../", "topic_title": topic.title, "dial": dial}, page.title))
    if lists:
        folder = checklists_folder(city.name, lists)
        pages.append(Page(f"{city.pinyin}/checklists/index.html", "folder.html",
                          {"folder": folder, "city_base": "../"}, folder.heading))
    for checklist in lists:
        # the printed sheet leads back to the page: its address in words and as a QR code
        address = corrections.page_address(f"{city.pinyin}/checklists/{checklist.slug}/")
        # a newborn's list shows the rules on newborns of every level, newest first (its topic page's)
        topic = AUDIENCE_TOPIC.get(checklist.audience or "")
        rules = tuple(b for b in views.topic_blocks(topic) if b.kind == "question") if topic else ()
        pages.append(Page(f"{city.pinyin}/checklists/{checklist.slug}/index.html", "checklist.html",
                          {"checklist": checklist, "city": city, "city_base": "../../", "dial": dial,
                           "calls": tuple(c for c in call_list if c.name not in {l.name for l in checklist.lines}),
                           "address": address, "qr": qr_svg(address), "rules": rules,
                           "correction": checklist.provenance.correction},
                          f"{city.name} · {checklist.link_text}：要带的材料"))
    for calc in calcs:
        pages.append(Page(f"{city.pinyin}/calculators/{calc.slug}/index.html", "calculator.html",
                          {"calc": calc, "city": city, "city_base": "../../", "dial": dial,
                           "correction": corrections.link(city.name, f"{city.pinyin}/calculators/{calc.slug}/",
                                                          f"计算器 · {calc.title}")},
                          f"{city.name} · {calc.title}"))
    return pages


__all__ = ["LISTS_CITIES", "Page", "city_keys", "city_pages", "common_pages", "site_pages"]
