"""Rules above the city and the city's own: each answers one of the public's questions
(core/questions.py) and is dated by its own sources."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.model.sources import Conflict, Source, Uncertain, newest

# The levels a rule can come from, as the page names them before the rule's date.
NATIONAL = "national"
PROVINCE = "province"
CITY = "city"


@dataclass(frozen=True)
class Rule:
    """A rule that answers one of the public's questions (core/questions.py), at the level
    of the whole country, a province or a city, dated by its own sources."""

    question: str
    text: str
    level: str  # NATIONAL, PROVINCE or CITY
    place: str  # 全国, 福建省, 福州: what the page prints before the date
    sources: tuple[Source, ...]
    verified: dt.date
    effective: dt.date | None = None  # `from`: the day it applies from, when a source says
    from_note: str | None = None
    applies_to: str | None = None
    uncertain: Uncertain | None = None
    conflicts: tuple[Conflict, ...] = ()
    file: str = ""

    def newest_source(self) -> Source | None:
        return newest(self.sources)

    def when(self) -> dt.date:
        """What makes one rule newer than another: the day it applies from, or else the date
        of its newest source — a printed date as printed, an estimated year as its first day
        (so “约2024年” does not outrank 2024年11月17日), and a page known only to be older
        than some year (“2026年以前”) as undated, below every dated rule."""
        if self.effective:
            return self.effective
        newest = self.newest_source()
        if newest is None or newest.estimated_before:
            return dt.date.min
        return newest.latest() if newest.published else (newest.earliest() or dt.date.min)


@dataclass(frozen=True)
class Line:
    """A telephone line for the whole country or a province (12393, 12333), with what it
    can and cannot do."""

    name: str
    number: str
    can: tuple[str, ...]
    sources: tuple[Source, ...]
    verified: dt.date
    cannot: tuple[str, ...] = ()
    with_area_code: bool = False
    hours: str | None = None


@dataclass(frozen=True)
class Region:
    """The whole country (national.yaml) or one province (provinces/<拼音>.yaml)."""

    name: str
    pinyin: str
    level: str  # NATIONAL or PROVINCE
    sources: tuple[Source, ...]
    rules: tuple[Rule, ...]
    file: str
    summary: str | None = None
    note: str | None = None
    lines: tuple[Line, ...] = ()
    calculators: tuple = ()  # CalculatorData: rules that change how a city's calculator computes
