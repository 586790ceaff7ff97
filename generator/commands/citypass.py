"""The share of a build that belongs to one city, done in one pass, on every core: load
and check the city file, make its pages' views, render and write its pages into the
staging folder, and make its search documents and its share of the open data, so each
piece of work happens once and no page's HTML outlives its own city. The build (build.py)
then assembles only what spans cities: the checks across files, the home and comparison
pages, the sitemap, the open data files that gather all cities, the search index.

Worker processes are forked (generator/core/workers.py) after the parent has loaded the
settings and compiled the templates, so each worker starts with both; a city's results
come back in the order of the files, and a page's bytes do not depend on the process
that made it (tests/test_parallel.py builds the test project with one and with two).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

from jinja2 import Environment

from generator.core.corrections import Corrections
from generator.core.workers import forked_map
from generator.index import search
from generator.model.site import CityLoad, Site, load_cities
from generator.output import opendata, write
from generator.render.pages import render_pages
from generator.views.pages import Page, city_pages
from generator.core.project import TEMPLATES

# The templates of a city's pages: compiled in the parent before the workers are forked.
CITY_TEMPLATES = ("city.html", "folder.html", "checklist.html", "calculator.html")


@dataclass(frozen=True)
class Pass:
    """What every city's pass needs, the same for all cities."""
    root: Path
    today: dt.date
    # the site without its cities (settings, articles, the rules above the cities), or None
    # when the settings have problems or the templates do not compile: then cities are checked only
    site: Site | None
    corrections: Corrections | None
    env: Environment | None
    stage: Path | None  # where the pages go; None: render only (nothing written)
    index: bool  # make the search documents


@dataclass(frozen=True)
class CityWork:
    """One city file's share of a build."""
    load: CityLoad
    pages: tuple[Page, ...] = ()  # without their views
    docs: tuple[search.SearchDoc, ...] = ()
    data: opendata.CityData | None = None
    # what went wrong after the city was checked (rendering): raised by the build only once
    # the checks across all files have passed, as when the build ran stage by stage
    error: BaseException | None = None


_PASS: Pass | None = None  # the pass being run; forked workers inherit it


def run(job: Pass, files: Sequence[Path], workers: int) -> Iterator[CityWork]:
    """Each city file's work, in the order of `files`, on `workers` processes."""
    global _PASS
    _PASS = job
    try:
        chunk = max(1, min(64, len(files) // (workers * 8)))
        yield from forked_map(city_work, list(files), workers, chunk)
    finally:
        _PASS = None


def city_work(path: Path) -> CityWork:
    job = _PASS
    assert job is not None
    load = load_cities(job.root, [path], job.today)[0]
    if load.city is None or job.site is None or job.corrections is None:
        return CityWork(load)
    city = load.city
    try:
        pages = city_pages(job.site, city, job.today, job.corrections)
        rendered = render_pages(job.site, pages, job.root / TEMPLATES, job.env)
        if job.stage is not None:
            writer = write.Writer(job.stage)
            for page in pages:
                writer.write(page.path, rendered[page.path])
        docs: list[search.SearchDoc] = []
        if job.index:
            for page in pages:
                doc = search.document(page.url, page.title, city.name, city.pinyin, rendered[page.path])
                if doc is not None:
                    docs.append(doc)
        data = opendata.city_data(city, job.today)
    except Exception as exc:  # noqa: BLE001 - raised by the build after the checks
        return CityWork(load, error=exc)
    return CityWork(load, tuple(p.without_views() for p in pages), tuple(docs), data)
