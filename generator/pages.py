"""Which pages the site has: one `Page` per output file, with its template and views.

Like Pelican's generators: this decides *what* exists; `render` decides how it looks.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from . import calculators, chinese, opendata
from .site import Site
from .compare import compare_tables, provinces
from .views import TOPICS, TOPIC_TITLES, CityViews


@dataclass(frozen=True)
class Page:
    path: str  # output path under the site root, e.g. "dalian/offices/index.html"
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    title: str = ""
    sitemap: bool = True

    @property
    def url(self) -> str:
        return self.path[: -len("index.html")] if self.path.endswith("index.html") else self.path

    @property
    def root(self) -> str:
        """Relative prefix from this page to the site root, so the site works under any base URL."""
        return "../" * self.path.count("/")


def site_pages(site: Site, today: dt.date) -> list[Page]:
    pages = [
        Page("index.html", "home.html", {"provinces": provinces(site.cities)}, site.config.title),
        Page("compare/index.html", "compare.html", {"tables": compare_tables(site.cities, today)}, "城市对比"),
        Page("search/index.html", "search.html", {"cities": sorted(site.cities, key=lambda c: c.pinyin)}, "搜索", sitemap=False),
        Page("404.html", "404.html", {}, "找不到页面", sitemap=False),
        Page(f"{opendata.FOLDER}/index.html", "data.html",
             {"files": opendata.city_files(site.cities), "csv": opendata.CSV_FILE,
              "schema": opendata.SCHEMA_FILE, "licence": opendata.LICENCE}, "开放数据"),
    ]
    for article in site.articles:
        pages.append(Page(f"articles/{article.slug}/index.html", "article.html",
                          {"article": article, "updated": chinese.date(article.updated)}, article.title))
    for city in site.cities:
        pages.extend(city_pages(site, city, today))
    return pages


def city_pages(site: Site, city, today: dt.date) -> list[Page]:
    calcs = tuple(calculators.views(city, today, site.config.stale_after_years))
    views = CityViews(city, today, site.config.edit_link(city.file), calcs, site.config.stale_after_years)
    hub = views.hub()
    pages = [Page(f"{city.pinyin}/index.html", "city.html", {"page": hub, "city_base": ""}, hub.title)]
    for slug, title, _ in TOPICS:
        page = views.topic(slug)
        pages.append(Page(f"{city.pinyin}/{slug}/index.html", "city.html",
                          {"page": page, "city_base": "../", "topic_title": title}, page.title))
    for calc in calcs:
        pages.append(Page(f"{city.pinyin}/calculators/{calc.slug}/index.html", "calculator.html",
                          {"calc": calc, "city": city, "city_base": "../../",
                           "edit_url": site.config.edit_link(city.file)},
                          f"{city.name} · {calc.title}"))
    return pages


__all__ = ["Page", "site_pages", "TOPIC_TITLES"]
