"""The whole input of a build: every city file, every article and the site settings,
each loaded, validated and turned into model objects — or every problem found.

This is what `yibao check` runs, and the first thing `yibao build` does.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from generator.check.config import config_problems
from generator.core.addresses import REPO_URL_EXAMPLE, repository_of_workflow
from generator.core.corrections import Corrections
from generator.core.errors import Problem, UserError
from generator.model.articles import load_article
from generator.core.files import folder_problems, plain_files
from generator.source.load import load_yaml
from generator.model.build import build_city, build_region
from generator.model.city import NATIONAL, STALE_AFTER_YEARS, Article, City, Line, Region, Rule
from generator.model.searchterms import SearchTerms, load_terms
from generator.core.today import build_date
from generator.core.workers import forked_map, worker_count
from generator.check.city import check_document
from generator.check.addresses import same_city_names
from generator.check.region import check_region
from generator.core.project import CITIES, CONFIG, CONTENT, NATIONAL_FILE, PROVINCES
from generator.check.schema import schema_problems


@dataclass(frozen=True)
class Config:
    title: str
    repo_url: str
    description: str = ""
    base_url: str = ""
    stale_after_years: int = STALE_AFTER_YEARS  # a section whose newest source is older opens with a warning
    correction_email: str | None = None

    def corrections(self, base_url: str | None = None) -> Corrections:
        """The 纠错 links of a build published at `base_url` (default: the configured one)."""
        return Corrections(self.repo_url, self.correction_email, base_url or self.base_url)


@dataclass(frozen=True)
class Site:
    config: Config
    cities: tuple[City, ...]
    articles: tuple[Article, ...]
    terms: SearchTerms
    root: Path
    regions: tuple[Region, ...] = ()  # the nation (national.yaml) and the provinces with a file

    def rules_for(self, city: City) -> tuple[Rule, ...]:
        """Every rule that applies to `city`: the nation's, its province's and its own."""
        above = tuple(r for region in self.regions if region.level == NATIONAL or region.name == city.province
                      for r in region.rules)
        return above + city.rules

    def lines(self) -> tuple[Line, ...]:
        """The telephone lines for the whole country (12393, 12333)."""
        return tuple(line for region in self.regions if region.level == NATIONAL for line in region.lines)


@dataclass(frozen=True)
class CityLoad:
    """One city file, loaded and checked on its own: its city, or None and its problems."""
    file: str  # as problems name it: "cities/dalian.yaml"
    city: City | None
    problems: tuple[Problem, ...]
    # the city's name as written, with its line and column, for the checks across files
    # (also when the file has other problems, so that all are listed at once)
    name: str | None = None
    name_at: tuple[int, int] = (1, 1)


@dataclass(frozen=True)
class Settings:
    """Everything a build reads besides the city files: yibao.yaml, the articles and the
    search terms, each with its problems."""
    config: Config | None
    articles: tuple[Article, ...]
    terms: SearchTerms | None
    config_problems: tuple[Problem, ...]
    other_problems: tuple[Problem, ...]
    regions: tuple[Region, ...] = ()


def load_site(root: Path, today: dt.date | None = None, only: list[Path] | None = None) -> Site:
    """Everything under `root`, checked. Raises UserError listing all problems.
    `only`: these city files instead of all (`yibao check cities/dalian.yaml`); the
    settings, the articles and the checks of the project as a whole run all the same."""
    today = today or build_date()
    settings = load_settings(root, today)
    files = city_files(root) if only is None else list(dict.fromkeys(only))
    return assemble(root, settings, load_cities(root, files, today))


def city_files(root: Path) -> list[Path]:
    """The city files a build reads: the ordinary `cities/*.yaml`, in name order."""
    return plain_files(root / CITIES, ".yaml")


def load_cities(root: Path, files: list[Path], today: dt.date) -> list[CityLoad]:
    """Each city file loaded and checked on its own (on every core when there are many)."""
    jobs = [(path, path.relative_to(root).as_posix(), today) for path in files]
    return [CityLoad(job[1], city, tuple(found), name, at)
            for job, (city, found, name, at) in zip(jobs, _map(_load_city_job, jobs))]


def load_settings(root: Path, today: dt.date | None = None) -> Settings:
    config_problems: list[Problem] = []
    config = _load_config(root, config_problems)
    problems: list[Problem] = []
    articles = []
    # hidden ones too: "...md" is refused by name, not skipped
    for path in plain_files(root / CONTENT, ".md", hidden=True):
        article = load_article(path, path.relative_to(root).as_posix(), problems)
        if article:
            articles.append(article)
    terms = None
    try:
        terms = load_terms(root)
    except UserError as exc:
        problems.extend(exc.problems)
    regions = _load_regions(root, today or build_date(), problems)
    return Settings(config, tuple(articles), terms, tuple(config_problems), tuple(problems), regions)


def load_regions(root: Path, today: dt.date) -> tuple[tuple[Region, ...], list[Problem]]:
    """The rules above the cities that load, and the problems of those that do not."""
    problems: list[Problem] = []
    return _load_regions(root, today, problems), problems


def _load_regions(root: Path, today: dt.date, problems: list[Problem]) -> tuple[Region, ...]:
    """national.yaml and provinces/*.yaml, each checked; a missing one is no problem (a
    project may have no rules above its cities yet)."""
    files = [root / NATIONAL_FILE] if (root / NATIONAL_FILE).exists() or (root / NATIONAL_FILE).is_symlink() else []
    files += plain_files(root / PROVINCES, ".yaml")
    for path in plain_files(root / PROVINCES, ".yml"):
        problems.append(Problem(path.relative_to(root).as_posix(), 1, 1, "",
                                f"省的文件扩展名要用 .yaml。请把文件改名为 {path.stem}.yaml。"))
    regions: list[Region] = []
    for path in files:
        display = path.relative_to(root).as_posix()
        try:
            doc = load_yaml(path, display, "region")
        except UserError as exc:
            problems.extend(exc.problems)
            continue
        found = check_region(doc, today)
        problems.extend(found)
        if not found:
            regions.append(build_region(doc.data, display))
    names: dict[str, str] = {}
    for region in regions:
        if region.name in names:
            problems.append(Problem(region.file, 0, 0, "", f"“{region.name}”已经有一个文件 {names[region.name]}。"
                                                           "一个省只用一个文件，请把两个文件的规定合在一起。"))
        names.setdefault(region.name, region.file)
    return tuple(regions)


def assemble(root: Path, settings: Settings, loads: list[CityLoad]) -> Site:
    """The site from its parts, loaded separately (so `yibao serve` reloads only the file
    that changed), with the checks that look at the project as a whole: links and special
    files anywhere, a missing or empty cities/, city files named .yml. Raises UserError
    listing all problems, in the order of the files."""
    problems: list[Problem] = folder_problems(root)
    problems.extend(settings.config_problems)
    city_dir = root / CITIES
    if not loads:
        problems.append(Problem("cities/", 0, 0, "", _NO_CITIES if city_dir.is_dir() else _NO_CITY_FOLDER))
    for load in loads:
        problems.extend(load.problems)
    for path in plain_files(city_dir, ".yml"):
        problems.append(Problem(path.relative_to(root).as_posix(), 1, 1, "",
                                "城市文件的扩展名要用 .yaml。请把文件改名为 "
                                f"{path.stem}.yaml。"))
    problems.extend(settings.other_problems)
    problems.extend(same_city_names([(load.file, load.name, *load.name_at) for load in loads if load.name]))
    if problems:
        raise UserError(list(dict.fromkeys(problems)))  # a file refused twice is listed once
    assert settings.config is not None and settings.terms is not None
    cities = tuple(load.city for load in loads if load.city is not None)
    return Site(settings.config, cities, settings.articles, settings.terms, root, settings.regions)


_START_A_CITY = ("可以复制一个现有城市的文件（例如 cities/dalian.yaml），改名为新城市的拼音再改内容；"
                 "或者运行 yibao new 拼音 --name 城市名 --province 省份，生成一个空白的城市文件。")
_NO_CITIES = "cities 文件夹里还没有城市文件（cities/拼音.yaml）。" + _START_A_CITY
_NO_CITY_FOLDER = "找不到 cities 文件夹。请在项目文件夹里新建一个 cities 文件夹，再放进城市文件：" + _START_A_CITY


PARALLEL_FROM = 40  # below this many cities, starting worker processes costs more than it saves


def _map(function, jobs: list) -> list:
    """`function` over `jobs`, on every core when there are many: checking a city file is
    pure CPU work, and about half of a whole-country build."""
    workers = worker_count()
    if len(jobs) < PARALLEL_FROM or workers < 2:
        return [function(job) for job in jobs]
    return list(forked_map(function, jobs, workers, chunksize=max(1, len(jobs) // (workers * 8))))


def load_city_file(path: Path, display: str, today: dt.date) -> tuple[City | None, list[Problem]]:
    """One city file, checked: the city, or None and its problems. `yibao diff` and
    `yibao report` use this to work with whatever cities load when others do not."""
    problems: list[Problem] = []
    city, _, _ = _load_city(path, display, today, problems)
    return city, problems


def _load_city_job(job: tuple[Path, str, dt.date]) -> tuple[City | None, list[Problem], str | None, tuple[int, int]]:
    problems: list[Problem] = []
    city, name, name_at = _load_city(*job, problems)
    return city, problems, name, name_at


def _load_city(path: Path, display: str, today: dt.date,
               problems: list[Problem]) -> tuple[City | None, str | None, tuple[int, int]]:
    """The city (None when the file has problems), its name as written and where."""
    try:
        doc = load_yaml(path, display, "city")
    except UserError as exc:
        problems.extend(exc.problems)
        return None, None, (1, 1)
    identity = doc.data.get("city") if isinstance(doc.data, dict) else None
    name = identity.get("name") if isinstance(identity, dict) else None
    name, name_at = (name, doc.where(("city", "name"))) if isinstance(name, str) and name.strip() else (None, (1, 1))
    found = check_document(doc, today)
    if found:
        problems.extend(found)
        return None, name, name_at
    return build_city(doc.data, display), name, name_at


def _load_config(root: Path, problems: list[Problem]) -> Config | None:
    path = root / CONFIG
    if not path.exists():
        problems.append(Problem(CONFIG, 1, 1, "", f"缺少网站设置文件 {CONFIG}。"))
        return None
    try:
        doc = load_yaml(path, CONFIG, "config")
    except UserError as exc:
        problems.extend(exc.problems)
        return None
    found = schema_problems(doc, "config") or config_problems(doc)
    problems.extend(found)
    if found:
        return None
    data = dict(doc.data)
    if not data.get("repo_url"):
        data["repo_url"] = repository_of_workflow(os.environ)
        if not data["repo_url"]:
            problems.append(Problem("yibao.yaml", 1, 1, "",
                                    "没有写 repo_url（项目仓库网址，纠错链接打开这个仓库的纠错表单）。"
                                    "在 GitHub Actions 里生成时自动用工作流所在的仓库；在自己的电脑上生成时，"
                                    f"请在 yibao.yaml 里写上，例如 repo_url: {REPO_URL_EXAMPLE}"))
            return None
    return Config(**data)
