"""`yibao serve`'s site: built whole once, then kept up to date file by file.

Saving `cities/<x>.yaml` loads and checks that file alone, assembles the site again from
the parts kept in memory (`site.assemble`, with the checks across the whole project),
renders that city's pages and the pages that list cities, and writes only those, the
city's open data file, the open data and sitemap that gather all cities into the served
folder; a city file added or removed adds or removes its folder. A template, an article,
`yibao.yaml` or the search terms change every page: a full build. A file in `static/`:
`static/` is copied again and swapped in whole.

Writing into the served folder keeps publish.py's rules: its lock, a folder this project
built (checked again before every write), every path inside it and never through a link,
each file replaced in one step, the marker file kept true. The changed files are loaded,
checked and the city's pages rendered before the first file is written, so a change that
fails a check leaves the served pages as they were. The city's own pages are written
first and the open tabs showing them reload at once; the pages that list cities follow
(at 3,000 cities the comparison page alone takes longer to render than the city's pages).

The search index catches up afterwards (`index_in_background`): `build.index_stage` runs in
a child process over the pages as served, and its folder is swapped in when it is done.
"""
from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import sys
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

from jinja2 import Environment

from generator.output import opendata, publish, sitemap, write
from generator.commands.build import Built, full_build, index_stage
from generator.core.errors import CannotBuild
from generator.core.project import CITIES, CONFIG, CONTENT, NATIONAL_FILE, PROVINCES, STATIC, TEMPLATES
from generator.core.addresses import LISTS_CITIES, NOT_FOUND, OPEN_DATA, OPEN_DATA_CSV, SEARCH_INDEX
from generator.views.pages import Page, city_pages, common_pages
from generator.render.pages import environment, render_pages
from generator.model.site import CityLoad, Site, assemble, city_files, load_cities

# What a build reads, by the first part of its path; anything else in the project is not watched.
WHOLE = (TEMPLATES, CONTENT, CONFIG, NATIONAL_FILE, PROVINCES)  # a change here changes every page
WATCHED = (CITIES, STATIC, *WHOLE)
MANY = 100  # more city files changed at once (a git checkout): a full build uses every core


@dataclass(frozen=True)
class Done:
    """What one update did, for the log."""
    what: str
    changed: bool = True  # False: nothing of the site changed, no need to reload the page

    def line(self) -> str:
        return self.what


class LiveSite:
    def __init__(self, root: Path, out: Path, progress: Callable[[str], None] = lambda _: None):
        self.root = root
        self.out = Path(os.path.abspath(out))
        self.progress = progress
        self.built: Built | None = None  # the last full build that got through
        self.whole = True  # the served site must be built whole before anything else
        self.loads: dict[str, CityLoad] = {}  # by file, e.g. "cities/dalian.yaml"
        self.site: Site | None = None
        self.pages: dict[str, tuple[Page, ...]] = {}  # a city's pinyin → its pages (no views)
        self.common: tuple[Page, ...] = ()  # the pages of no one city
        self.data: dict[str, opendata.CityData] = {}
        self.sitemap: dict[str, str] = {}  # page path → its line of sitemap.xml
        self.stale: set[str] = set()  # city files loaded again since their pages were written
        self.generation = 0  # counts the versions of the served site
        # called with the paths of the pages an update has written, as it goes (serve reloads the tabs showing them)
        self.pages_written: Callable[[set[str]], None] = lambda paths: None
        self.templates: Environment | None = None
        self.writing = threading.Lock()  # one writer into the served folder at a time

    # --- what changed ----------------------------------------------------------------
    def update(self, changed: Iterable[Path]) -> Done:
        """Bring the served site up to date with the files in `changed` (paths under the
        project). Raises UserError, CannotBuild or anything a build raises; the served
        site is then as it was, and the next update tries again what is still to do."""
        parts = {self._part(Path(path)) for path in changed} - {None}
        if self.whole or parts & set(WHOLE):
            return self.full()
        done = []
        if STATIC in parts:
            done.append(self._static())
        if CITIES in parts:
            done.append(self._cities({Path(p) for p in changed}))
        if not any(d.changed for d in done):
            return Done("没有变化。", changed=False)
        return Done("".join(d.what for d in done))

    def _part(self, path: Path) -> str | None:
        try:
            first = Path(os.path.abspath(path)).relative_to(self.root.absolute()).parts[0]
        except (ValueError, IndexError):
            return None
        return first if first in WATCHED else None

    # --- everything ----------------------------------------------------------------
    def full(self) -> Done:
        self.whole = True
        with self.writing:
            gc.unfreeze()  # the previous build's objects may go now
            built = full_build(self.root, self.out, index=False, progress=self.progress)
            cities = {city.pinyin for city in built.site.cities}
            pages: dict[str, list[Page]] = {}
            common = []
            for page in built.pages:
                first = page.path.split("/")[0]
                if "/" in page.path and first in cities:
                    pages.setdefault(first, []).append(page)
                else:
                    common.append(page)
            self.built, self.site = built, built.site
            self.loads = {load.file: load for load in built.loads}
            self.pages = {pinyin: tuple(own) for pinyin, own in pages.items()}
            self.common = tuple(common)
            self.data = {d.pinyin: d for d in built.data}
            self.templates = environment(self.root / TEMPLATES)  # compiled on first use, kept till they change
            self.sitemap = sitemap.sitemap_entries(built.pages, built.base_url)
            self.stale.clear()
            self.whole = False
            self.generation += 1
            # What a build made lives as long as the preview: keep the collector from walking it
            # again and again (at 3,000 cities one such walk took longer than an update).
            gc.collect()
            gc.freeze()
        return Done(built.summary.line())

    # --- static/ -------------------------------------------------------------------
    def _static(self) -> Done:
        assert self.built is not None
        assemble(self.root, self.built.settings, list(self.loads.values()))  # links, FIFOs: refused
        with self._writing() as writer, publish.scratch(self.out, "new") as new:
            write.copy_static(self.root / STATIC, new)
            write.fill_folders(new / STATIC, self._not_found_page())
            if (new / STATIC).is_dir():
                writer.announce(STATIC)
                publish.swap_folder(self.out, STATIC, new / STATIC)
            else:
                publish.remove(self.out, STATIC)
        self.generation += 1
        return Done("已更新 static/。")

    # --- cities/ -------------------------------------------------------------------
    def _cities(self, changed: set[Path]) -> Done:
        assert self.built is not None and self.site is not None
        built = self.built
        files = {path.relative_to(self.root).as_posix(): path for path in city_files(self.root)}
        shown = {Path(os.path.abspath(p)).relative_to(self.root.absolute()).as_posix() for p in changed}
        again = [path for name, path in files.items() if name in shown or name not in self.loads]
        if len(again) > MANY:
            return self.full()
        for load in load_cities(self.root, again, built.today):
            self.loads[load.file] = load
            self.stale.add(load.file)
        for name in [name for name in self.loads if name not in files]:
            del self.loads[name]
        self.loads = {name: self.loads[name] for name in files}  # in the order of the files
        site = assemble(self.root, built.settings, list(self.loads.values()))
        fresh = [self.loads[name].city for name in sorted(self.stale) if name in self.loads]
        gone = set(self.pages) - {city.pinyin for city in site.cities}
        if not fresh and not gone:
            self.site = site
            return Done("", changed=False)

        corrections = site.config.corrections(built.base_url)
        pages = {pinyin: own for pinyin, own in self.pages.items() if pinyin not in gone}
        own_pages: list[Page] = []
        for city in fresh:
            assert city is not None
            own = city_pages(site, city, built.today, corrections)
            own_pages += own
            pages[city.pinyin] = tuple(p.without_views() for p in own)
        rendered = render_pages(site, own_pages, self.root / TEMPLATES, self.templates)
        data = {pinyin: d for pinyin, d in self.data.items() if pinyin not in gone}
        data.update({city.pinyin: opendata.city_data(city, built.today) for city in fresh if city})

        # The city's own pages first (what its editor looks at), then the pages that list
        # cities, then the files that gather all cities; open pages reload as theirs are written.
        with self._writing() as writer:
            for pinyin in sorted(gone):
                publish.remove(self.out, pinyin)
                publish.remove(self.out, f"{OPEN_DATA}/{pinyin}.json")
            for city in fresh:
                assert city is not None
                now = {p.path for p in pages[city.pinyin]}
                for page in self.pages.get(city.pinyin, ()):
                    if page.path not in now:  # e.g. a checklist whose category was removed
                        _remove_page(self.out, page.path)
            for path, html in rendered.items():
                writer.write(path, html)
            self.pages_written(set(rendered))
            lists = [p for p in common_pages(site, built.today, built.base_url) if p.path in LISTS_CITIES]
            rendered = render_pages(site, lists, self.root / TEMPLATES, self.templates)
            for path, html in rendered.items():
                writer.write(path, html)
            self.pages_written(set(rendered))
            for city in fresh:
                assert city is not None
                writer.write(f"{OPEN_DATA}/{city.pinyin}.json", data[city.pinyin].json)
            writer.write(f"{OPEN_DATA}/{OPEN_DATA_CSV}", opendata.csv_bytes([data[k].csv for k in sorted(data)]))
            entries = dict(self.sitemap)
            for pinyin in {*gone, *(city.pinyin for city in fresh if city)}:
                for page in self.pages.get(pinyin, ()):
                    entries.pop(page.path, None)
            for city in fresh:
                entries.update(sitemap.sitemap_entries(pages[city.pinyin], built.base_url))
            if built.base_url:
                writer.write("sitemap.xml", sitemap.sitemap_of(entries))
        self.site, self.pages, self.data, self.sitemap = site, pages, data, entries
        self.stale.clear()
        self.generation += 1
        names = "、".join(city.name for city in fresh if city)
        removed = f"去掉了 {len(gone)} 个城市。" if gone else ""
        return Done((f"已更新{names}的 {sum(len(pages[c.pinyin]) for c in fresh if c)} 个页面和城市列表。"
                     if fresh else "") + removed)

    @contextlib.contextmanager
    def _writing(self) -> Iterator[write.Writer]:
        """A writer into the served folder, under publish.py's lock and rules."""
        publish.check_out(self.root, self.out)
        with self.writing, publish.locked(self.out, self.progress):
            publish.check_out(self.root, self.out)  # another build may have changed it meanwhile
            with publish.scratch(self.out, "new") as spare:
                try:
                    # what is new at the top goes into the marker before it is made, and what
                    # was removed comes out of it afterwards: the marker never lists less than
                    # the folder holds, whenever serve is stopped
                    yield write.Writer(self.out, spare, before_new=lambda name: publish.mark(
                        self.out, {name}, spare))
                finally:
                    publish.mark(self.out, spare=spare)

    def _not_found_page(self) -> bytes:
        """The served 404 page, for the folders of files (write.fill_folders)."""
        page = publish.within(self.out, NOT_FOUND)
        return page.read_bytes() if page.is_file() and not page.is_symlink() else b""

    # --- the search index ------------------------------------------------------------
    def index_in_background(self) -> tuple[int, int]:
        """Index the site as it is served now, in a child process (so the preview never
        waits for it), and swap the index in. Returns (the version of the site it
        indexed, pages indexed); raises CannotBuild when indexing failed."""
        with self.writing:  # a site and its pages that belong together
            site, generation, common, pages = self.site, self.generation, self.common, self.pages
        if site is None:
            raise CannotBuild("网站还没有生成，无法建立搜索索引。")
        every = [*common, *(p for own in pages.values() for p in own)]
        with publish.scratch(self.out, "index") as target:
            served = _Served(self.out, [p.path for p in every])
            indexed = _in_child(lambda: index_stage(site, every, served, write.Writer(target)))
            write.fill_folders(target / SEARCH_INDEX, self._not_found_page())
            with self.writing, publish.locked(self.out, self.progress):
                publish.check_out(self.root, self.out)
                write.Writer(self.out, target, lambda name: publish.mark(self.out, {name}, target)).announce(
                    SEARCH_INDEX)
                publish.swap_folder(self.out, SEARCH_INDEX, target / SEARCH_INDEX)
                publish.mark(self.out, spare=target)
        return generation, indexed


def _remove_page(out: Path, path: str) -> None:
    """Remove a page that is no longer part of the site, and its folder if that is now empty."""
    publish.remove(out, path)
    folder = publish.within(out, path).parent
    while folder != out:
        try:
            folder.rmdir()
        except OSError:
            break
        folder = folder.parent


class _Served(Mapping[str, str]):
    """The HTML of the served pages, read when asked for."""

    def __init__(self, out: Path, paths: list[str]):
        self.out, self.paths = out, paths

    def __getitem__(self, path: str) -> str:
        return publish.within(self.out, path).read_text("utf-8")

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)


CHILDREN: set[int] = set()  # the indexing processes running now: `yibao serve` stops them when it stops


def _in_child(work: Callable[[], int]) -> int:
    """`work()` in a forked child process at low priority: it has the parent's memory
    (the site) without copying it, and neither the parent's lock on Python (GIL) nor its
    threads. Raises CannotBuild with the child's reason if it failed."""
    read, send = os.pipe()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # Python 3.12 warns of fork with threads
        pid = os.fork()
    if pid == 0:  # the child: never returns, prints nothing (another thread may have held stdout)
        code = 0
        try:
            os.close(read)
            # stopped (serve ends): SystemExit, so the indexer stops what it started
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            os.nice(10)
            try:
                result: tuple = ("ok", work())
            except CannotBuild as exc:
                result = ("error", str(exc))
            except BaseException as exc:  # noqa: BLE001 - reported to the parent, which logs it
                result = ("error", f"生成器内部出错（{type(exc).__name__}: {exc}）")
            payload = pickle.dumps(result)
            while payload:
                payload = payload[os.write(send, payload):]
        except BaseException:  # noqa: BLE001
            code = 1
        finally:
            os._exit(code)
    os.close(send)
    CHILDREN.add(pid)
    chunks = []
    try:
        while chunk := os.read(read, 1 << 16):
            chunks.append(chunk)
    finally:
        os.close(read)
        os.waitpid(pid, 0)
        CHILDREN.discard(pid)
    if not chunks:
        raise CannotBuild("建立搜索索引的子进程意外退出。")
    kind, value = pickle.loads(b"".join(chunks))
    if kind != "ok":
        raise CannotBuild(value)
    return value
