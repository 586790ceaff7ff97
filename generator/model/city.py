"""The model: a city as typed, immutable objects (generator/model/build.py makes them
from a checked city file)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")

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


@dataclass(frozen=True)
class Provenance:
    """Where a section's facts come from and when someone last checked them against those sources."""

    sources: tuple[Source, ...]
    verified: dt.date
    note: str | None = None

    def newest(self) -> Source | None:
        """The section's most recent source: its date is the date of the information."""
        dated = [s for s in self.sources if s.latest()]
        return max(dated, key=lambda s: s.latest()) if dated else None

    def is_stale(self, today: dt.date, years: int = STALE_AFTER_YEARS) -> bool:
        newest = self.newest()
        if newest is None:
            return True
        try:
            limit = today.replace(year=today.year - years)
        except ValueError:  # 29 February
            limit = today.replace(year=today.year - years, day=28)
        return newest.latest() < limit


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
class Section(Generic[T]):
    items: tuple[T, ...]
    provenance: Provenance


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


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    who: str
    note: str | None = None
    audience: str | None = None  # which common case it is (topics.AUDIENCES), for ordering


@dataclass(frozen=True)
class Scheme:
    id: str
    name: str
    categories: tuple[Category, ...]
    summary: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Material:
    title: str
    procedure: str
    documents: tuple[str, ...]
    category: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Procedure:
    id: str
    kind: str
    title: str
    steps: tuple[str, ...]
    scheme: str | None = None
    handled_by: tuple[str, ...] = ()
    duration: str | None = None
    note: str | None = None
    categories: tuple[str, ...] = ()  # only these applicant categories; () = everyone in `scheme`
    older: bool = False  # an earlier way of doing it, kept for reference
    sources: tuple[Source, ...] = ()
    conflicts: tuple[Conflict, ...] = ()


@dataclass(frozen=True)
class Office:
    id: str
    name: str
    address: str | None = None
    district: str | None = None
    phones: tuple[str, ...] = ()
    hours: str | None = None
    handles: tuple[str, ...] = ()
    serves: str | None = None
    primary: bool = False
    note: str | None = None
    sources: tuple[Source, ...] = ()
    conflicts: tuple[Conflict, ...] = ()


@dataclass(frozen=True)
class Channel:
    kind: str
    name: str
    can: tuple[str, ...]
    phone: str | None = None
    url: str | None = None
    sms_to: str | None = None
    sms_command: str | None = None
    hotline: bool = False
    note: str | None = None
    sources: tuple[Source, ...] = ()
    conflicts: tuple[Conflict, ...] = ()


@dataclass(frozen=True)
class MonthDay:
    month: int
    day: int

    @classmethod
    def parse(cls, text: str) -> "MonthDay":
        return cls(int(text[:2]), int(text[3:]))


@dataclass(frozen=True)
class Window:
    scheme: str
    name: str
    start: MonthDay
    end: MonthDay
    note: str | None = None


@dataclass(frozen=True)
class BenefitYear:
    applies_to: str
    start: MonthDay
    end: MonthDay
    note: str | None = None


@dataclass(frozen=True)
class CoverRule:
    case: str
    text: str


@dataclass(frozen=True)
class Enrolment:
    provenance: Provenance
    windows: tuple[Window, ...] = ()
    benefit_years: tuple[BenefitYear, ...] = ()
    rules: tuple[CoverRule, ...] = ()


@dataclass(frozen=True)
class MoneyItem:
    label: str
    value: float
    unit: str
    topic: str | None = None
    scheme: str | None = None
    effective: dt.date | None = None
    note: str | None = None
    sources: tuple[Source, ...] = ()
    uncertain: Uncertain | None = None


@dataclass(frozen=True)
class BenefitText:
    title: str
    text: str
    scheme: str | None = None
    sources: tuple[Source, ...] = ()
    uncertain: Uncertain | None = None


@dataclass(frozen=True)
class Tip:
    kind: str
    text: str
    topic: str = "general"
    sources: tuple[Source, ...] = ()
    uncertain: Uncertain | None = None


@dataclass(frozen=True)
class CalculatorData:
    """One calculator's parameters as the city file gives them.

    `versions` and `examples` stay plain data: they are checked by the schema and are
    handed, as JSON, to the calculator rules in Python and JavaScript alike.
    """

    kind: str
    provenance: Provenance
    versions: tuple[dict[str, Any], ...]
    examples: tuple[dict[str, Any], ...] = ()
    note: str | None = None

    def uncertain(self, version: dict[str, Any]) -> tuple[Uncertain, ...]:
        return tuple(Uncertain(**u) for u in version.get("uncertain", ()))


@dataclass(frozen=True)
class City:
    name: str
    pinyin: str
    province: str
    identity: Provenance | None  # None for a new city whose identity cites nothing yet
    sources: tuple[Source, ...]
    file: str
    area_code: str | None = None
    districts: tuple[str, ...] = ()
    summary: str | None = None
    schemes: Section[Scheme] | None = None
    materials: Section[Material] | None = None
    procedures: Section[Procedure] | None = None
    offices: Section[Office] | None = None
    channels: Section[Channel] | None = None
    enrolment: Enrolment | None = None
    money: Section[MoneyItem] | None = None
    benefits: Section[BenefitText] | None = None
    tips: Section[Tip] | None = None
    calculators: tuple[CalculatorData, ...] = field(default_factory=tuple)

    def categories(self) -> dict[str, Category]:
        if not self.schemes:
            return {}
        return {c.id: c for s in self.schemes.items for c in s.categories}

    def scheme_of(self, category: str) -> Scheme | None:
        return next((s for s in self.schemes.items if any(c.id == category for c in s.categories)), None) \
            if self.schemes else None

    def hotlines(self) -> tuple[Channel, ...]:
        """The lines to call with a question — decided here for every page: the channels the
        file marks `hotline: true`, or else every telephone line it lists."""
        lines = tuple(ch for ch in (self.channels.items if self.channels else ()) if ch.phone)
        return tuple(ch for ch in lines if ch.hotline) or tuple(ch for ch in lines if ch.kind == "hotline")


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    summary: str
    updated: dt.date
    html: str
    text: str
    file: str
