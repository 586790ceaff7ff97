"""The model: a city as typed, immutable objects (generator/model/build.py makes them
from a checked city file)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from generator.model.rules import CITY, NATIONAL, PROVINCE, Line, Region, Rule  # noqa: F401 - the model's vocabulary
from generator.model.sources import (SOURCE_KINDS, STALE_AFTER_YEARS, Conflict, ConflictValue,  # noqa: F401
                                     Provenance, Source, Uncertain, newest)

T = TypeVar("T")

@dataclass(frozen=True)
class Section(Generic[T]):
    items: tuple[T, ...]
    provenance: Provenance


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
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Material:
    title: str
    procedure: str
    documents: tuple[str, ...]
    category: str | None = None
    note: str | None = None
    sources: tuple[Source, ...] = ()


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
    question: str | None = None  # the public's question it answers (core/questions.py), when a rule may replace it
    uncertain: Uncertain | None = None


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
    uncertain: Uncertain | None = None


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
    question: str | None = None  # the public's question it answers (core/questions.py), when a rule may replace it
    uncertain: Uncertain | None = None


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
    question: str | None = None  # the public's question it answers (core/questions.py), when a rule may replace it
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class BenefitYear:
    applies_to: str
    start: MonthDay
    end: MonthDay
    note: str | None = None
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class CoverRule:
    case: str
    text: str
    question: str | None = None  # the public's question it answers (core/questions.py), when a rule may replace it
    sources: tuple[Source, ...] = ()
    uncertain: Uncertain | None = None


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
    question: str | None = None  # the public's question it answers (core/questions.py), when a rule may replace it


@dataclass(frozen=True)
class BenefitText:
    title: str
    text: str
    scheme: str | None = None
    sources: tuple[Source, ...] = ()
    uncertain: Uncertain | None = None
    question: str | None = None  # the public's question it answers (core/questions.py), when a rule may replace it


@dataclass(frozen=True)
class Tip:
    kind: str
    text: str
    topic: str = "general"
    sources: tuple[Source, ...] = ()
    uncertain: Uncertain | None = None
    question: str | None = None  # the public's question it answers (core/questions.py), when a rule may replace it


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
    rules: tuple[Rule, ...] = ()  # the city's own rules (`rules:`), beside those of its province and the nation

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

    def main_office(self) -> Office | None:
        """The office the hub and the checklists name first: the one marked primary, or the first."""
        if not self.offices:
            return None
        return next((o for o in self.offices.items if o.primary), self.offices.items[0])

    def numbers_to_call(self) -> tuple[tuple[str, str, Channel | Office], ...]:
        """(name, number, where it is from) of the city's own numbers to ring with a question,
        best first — the one answer for every page, warning and checklist: its hotlines, or
        else its main office (the one marked primary, or the first with a telephone)."""
        lines = tuple((ch.name, self.dialled(ch.phone), ch) for ch in self.hotlines() if ch.phone)
        if lines or not self.offices:
            return lines
        office = next((o for o in self.offices.items if o.primary and o.phones),
                      next((o for o in self.offices.items if o.phones), None))
        return tuple((office.name, self.dialled(n), office) for n in office.phones[:1]) if office else ()

    def reach(self, line: Line) -> tuple[str, str]:
        """(name, number) of a line for the whole country as a caller here dials it: 12393 with
        the city's area code reaches the city's own service, “国家医保服务热线（打到大连）”."""
        if line.with_area_code and self.area_code:
            return f"{line.name}（打到{self.name}）", f"{self.area_code}-{line.number}"
        return line.name, line.number

    def dialled(self, number: str) -> str:
        """A five-digit service line of the city (12333) as a caller elsewhere must dial it:
        with the city's area code (0411-12333), which reaches the city's own service."""
        if self.area_code and len(number) == 5 and number.isascii() and number.isdigit():
            return f"{self.area_code}-{number}"
        return number


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    summary: str
    updated: dt.date
    html: str
    text: str
    file: str
