"""One checklist per applicant category: who it is for, what to bring, where to go, when,
and how old the information is — a page a person prints on one sheet and takes along.

Which procedures and materials belong to a category is decided here, from the city file:
a procedure applies to the categories it names (`categories:`), or else to everyone in its
scheme; materials apply to their own category, and those without one to everyone whose
procedure they belong to. Only enrolment (kind `enrol`) makes a checklist.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from generator.core import chinese
from generator.core.corrections import Corrections
from generator.views.citations import ItemDate, ProvenanceView, cited_ids, city_contact, provenance_view
from generator.model.city import STALE_AFTER_YEARS, Category, City, Office, Procedure, Provenance, Source
from generator.model.city import Line as NationalLine
from generator.core.phones import PhoneView, phone_view
from generator.core.topics import AUDIENCE_ORDER


@dataclass(frozen=True)
class HowTo:
    """One way of enrolling that applies to the person, with what to bring for it."""

    title: str
    older: bool  # an earlier way, printed as such
    handled_by: tuple[str, ...]
    documents: tuple[str, ...]
    notes: tuple[str, ...]  # notes of the material lists (e.g. "no photo listed")
    duration: str | None
    sources: tuple[Source, ...] = ()  # what the procedure and its material lists cite
    date: ItemDate | None = None  # their date


@dataclass(frozen=True)
class Line:
    name: str
    phone: PhoneView


@dataclass(frozen=True)
class Checklist:
    slug: str  # the category id: used in the address only, never printed
    name: str  # 老年居民
    scheme: str | None  # 城乡居民基本医疗保险
    who: str
    note: str | None
    current: tuple[HowTo, ...]
    older: tuple[HowTo, ...]
    office: Office | None
    office_phones: tuple[PhoneView, ...]
    lines: tuple[Line, ...]  # the hotline(s) to ask
    when: tuple[str, ...]  # enrolment windows of the scheme, printed
    provenance: ProvenanceView
    who_date: ItemDate | None = None  # each part dated by its own sources
    where_date: ItemDate | None = None
    when_date: ItemDate | None = None
    audience: str | None = None  # core/topics.AUDIENCES: whose rules above the list apply

    @property
    def has_list(self) -> bool:
        """Whether the sources say what this person must bring."""
        return any(h.documents for h in self.current + self.older)

    @property
    def link_text(self) -> str:
        return f"我是{self.name}"

def own_lines(city: City) -> tuple[Line, ...]:
    """The city's own numbers to ring with a question (`City.numbers_to_call`), at most two."""
    return tuple(Line(name, phone_view(number)) for name, number, _ in city.numbers_to_call()[:2])


def ask_lines(city: City, lines: tuple[NationalLine, ...]) -> tuple[Line, ...]:
    """Whom to ring with a question the guide cannot answer: the city's own numbers, or
    else the first two lines for the whole country (`lines`, national.yaml's: 12393, 12333)
    as a caller in the city dials them."""
    return own_lines(city) or tuple(Line(*_reached(city, line)) for line in lines[:2])


def _reached(city: City, line: NationalLine) -> tuple[str, PhoneView]:
    name, number = city.reach(line)
    return name, phone_view(number)


def _applies(p: Procedure, category: Category, scheme: str | None, by_materials: set[str]) -> bool:
    if p.categories:
        return category.id in p.categories
    return (p.scheme is not None and p.scheme == scheme) or p.id in by_materials


def _order(city: City) -> list[Category]:
    listed = list(city.categories().values())
    return sorted(listed, key=lambda c: (AUDIENCE_ORDER.get(c.audience or "", len(AUDIENCE_ORDER)),
                                         listed.index(c)))


def checklists(city: City, today: dt.date, corrections: Corrections,
               stale_after_years: int = STALE_AFTER_YEARS, national: tuple[NationalLine, ...] = ()) -> tuple[Checklist, ...]:
    """Every applicant category's checklist, most common cases first."""
    if not city.schemes:
        return ()
    procedures = tuple(p for p in (city.procedures.items if city.procedures else ()) if p.kind == "enrol")
    materials = city.materials.items if city.materials else ()
    office = city.main_office()
    lines = own_lines(city)  # the nation's lines follow on the page (templates/partials/calls.html)
    contact = city_contact(city, national)
    out = []
    for category in _order(city):
        scheme = city.scheme_of(category.id)
        scheme_id = scheme.id if scheme else None
        own = {m.procedure for m in materials if m.category == category.id}
        ways: list[HowTo] = []
        used: list[Provenance] = [city.schemes.provenance]
        extra: list[Source] = []
        for p in procedures:
            if not _applies(p, category, scheme_id, own):
                continue
            lists = [m for m in materials if m.procedure == p.id and m.category in (None, category.id)]
            ways.append(HowTo(p.title, p.older, p.handled_by,
                              tuple(d for m in lists for d in m.documents),
                              tuple(m.note for m in lists if m.note), p.duration,
                              p.sources + tuple(s for m in lists for s in m.sources)))
            used.append(city.procedures.provenance)
            extra += p.sources
            if lists:
                used.append(city.materials.provenance)
        windows = ()
        window_sources: tuple[Source, ...] = ()
        if city.enrolment:
            chosen = tuple(w for w in city.enrolment.windows if w.scheme in (scheme_id, None))
            windows = tuple(f"{w.name}：每年 {chinese.period(w.start, w.end)}" + (f"。{w.note}" if w.note else "")
                            for w in chosen)
            window_sources = tuple(s for w in chosen for s in w.sources)
            if windows:
                used.append(city.enrolment.provenance)
        if office:
            used.append(city.offices.provenance)
        if lines and city.channels and city.hotlines():  # else the lines are the office's
            used.append(city.channels.provenance)
        oldest = min(used, key=lambda p: p.verified)
        sources = tuple(dict.fromkeys(s for p in used for s in p.sources))
        # each part dated by what it cites: who may enrol, each way, where to go, when
        where = (office.sources if office else ()) + (
            tuple(s for ch in city.hotlines() for s in ch.sources) if lines and city.channels and city.hotlines() else ())
        parts: list[tuple[Source, ...] | None] = [scheme.sources if scheme else None]
        parts += [w.sources for w in ways]
        parts += [where or None, window_sources or None]
        extra += [s for part in parts if part for s in part]
        # 资料时间 (the span of the parts' dates) and the old-information warning as on every section
        provenance = provenance_view(Provenance(sources, oldest.verified), today, tuple(extra),
                                     contact=contact, cited=cited_ids((category, ways)),
                                     all_sources=city.sources, stale_after_years=stale_after_years,
                                     items=tuple(parts))
        dates = provenance.item_dates
        ways = [replace(w, date=d) for w, d in zip(ways, dates[1:1 + len(ways)])]
        correction = corrections.link(city.name, f"{city.pinyin}/checklists/{category.id}/",
                                      f"参保清单 · {category.name}")
        out.append(Checklist(
            category.id, category.name, scheme.name if scheme else None, category.who, category.note,
            tuple(w for w in ways if not w.older), tuple(w for w in ways if w.older),
            office, tuple(phone_view(n) for n in office.phones) if office else (), lines, windows,
            replace(provenance, correction=correction), dates[0], dates[-2], dates[-1], category.audience))
    return tuple(out)
