"""Where the model's facts come from: sources with their kind and date, a section's
sources and check day, uncertain figures, and values the sources disagree on."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

STALE_AFTER_YEARS = 2  # default for yibao.yaml's stale_after_years

SOURCE_KINDS = ("政府网站", "官方转载", "新闻报道", "内容聚合网站", "论坛帖子")


@dataclass(frozen=True)
class Source:
    id: str  # for citations inside the city file only; never printed
    title: str
    kind: str
    publisher: str | None = None
    url: str | None = None
    file: str | None = None
    published: str | None = None  # "2024-10-16", "2024-10" or "2024", as printed on the source
    estimated: str | None = None  # a year we inferred, when the source prints none
    estimated_before: bool = False  # we only know it is no later than `estimated`
    editor_note: str | None = None

    @property
    def dated(self) -> str | None:
        return self.published or self.estimated

    def earliest(self) -> dt.date | None:
        """The first day the source can be from: '2012' → 2012-01-01."""
        text = self.dated
        if not text or self.estimated_before:
            return None
        parts = [int(p) for p in text.split("-")] + [1, 1]
        return dt.date(parts[0], parts[1], parts[2])

    def latest(self) -> dt.date | None:
        """The last day the source can be from: '2012' → 2012-12-31, '2024-10' → 2024-10-31."""
        text = self.dated
        if not text:
            return None
        parts = [int(p) for p in text.split("-")]
        if len(parts) == 3:
            return dt.date(*parts)
        if len(parts) == 2:
            following = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        return dt.date(parts[0], 12, 31)


def newest(sources: tuple[Source, ...]) -> Source | None:
    """The newest of `sources`, whose date is the date of what they say. A source known only
    to be older than some year (“2026年以前”) counts only when none has a date of its own:
    an undated page saved in 2026 does not make a rule of 2021 news."""
    dated = [s for s in sources if s.earliest()] or [s for s in sources if s.latest()]
    return max(dated, key=lambda s: s.latest()) if dated else None


@dataclass(frozen=True)
class Provenance:
    """Where a section's facts come from and when someone last checked them against those sources."""

    sources: tuple[Source, ...]
    verified: dt.date
    note: str | None = None

    def newest(self) -> Source | None:
        """The most recent of these sources. For one item, its date is the date of the
        information; a section of items is dated item by item (views/citations.provenance_view)."""
        return newest(self.sources)

    def is_stale(self, today: dt.date, years: int = STALE_AFTER_YEARS) -> bool:
        return is_old(self.newest(), today, years)


def is_old(newest_source: Source | None, today: dt.date, years: int = STALE_AFTER_YEARS) -> bool:
    """Information whose newest source is more than `years` before `today` (or undated)."""
    if newest_source is None:
        return True
    try:
        limit = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        limit = today.replace(year=today.year - years, day=28)
    return newest_source.latest() < limit


@dataclass(frozen=True)
class Uncertain:
    """A figure the sources do not give cleanly: read from damaged text, inferred from the
    sources (推断), or general knowledge."""

    kind: str  # "damaged", "inference" or "general"
    field: str | None = None
    what: str | None = None
    quote: str | None = None
    editor_note: str | None = None


@dataclass(frozen=True)
class ConflictValue:
    value: str
    source: Source


@dataclass(frozen=True)
class Conflict:
    field: str
    values: tuple[ConflictValue, ...]
    note: str | None = None
    title: str | None = None
