"""How a section cites its sources, dates its information and warns when it is old.

A note in a city file cites a source with a marker such as `[s001]` (or `[s000, s002]`);
on the page it becomes a numbered reference, `[1]`, linking to the section's source list.
Source ids never reach a page: a marker that names no source of the section is dropped.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable

from markupsafe import Markup, escape

from generator.core import chinese
from generator.core.citations import MARKER, MARKER_ID, marker_ids
from generator.core.corrections import CorrectionLink
from generator.model.city import STALE_AFTER_YEARS, City, Conflict, Line, Provenance, Source
from generator.model.sources import is_old
from generator.model.sources import newest as newest_source
from generator.core.phones import tel_href

def cited_ids(obj: Any) -> list[str]:
    """Every source id cited by a marker anywhere in a view or model object's text."""
    found: list[str] = []
    if isinstance(obj, str):
        found += marker_ids(obj)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            if f.name != "sources":
                found += cited_ids(getattr(obj, f.name))
    elif isinstance(obj, (tuple, list)):
        for item in obj:
            found += cited_ids(item)
    elif isinstance(obj, dict):
        for item in obj.values():
            found += cited_ids(item)
    return found


def source_date(source: Source) -> str:
    """'2024年10月16日', '约2012年', '2015年以前' or '日期不详'."""
    if source.published:
        return chinese.partial_date(source.published)
    if source.estimated:
        return f"{source.estimated}年以前" if source.estimated_before else f"约{source.estimated}年"
    return "日期不详"


def info_date(source: Source | None) -> str:
    return source_date(source) if source else "日期不详"


@dataclass(frozen=True)
class ItemDate:
    """The date of one item's information: the newest of the sources the item itself cites."""

    date: str  # "约2012年", "2015年以前", "2024年10月16日"
    stale: bool  # older than the site's stale_after_years
    newest: Source | None = None
    marked: bool = False  # printed "资料较旧": an old item among newer ones (when all are old, the warning says so)

    @property
    def latest(self) -> dt.date | None:
        return self.newest.latest() if self.newest else None


def item_date(sources: tuple[Source, ...], today: dt.date,
              stale_after_years: int = STALE_AFTER_YEARS) -> ItemDate:
    newest = newest_source(sources)
    return ItemDate(info_date(newest), is_old(newest, today, stale_after_years), newest)


def date_span(dates: Iterable[ItemDate]) -> str:
    """'约2012年至2024年10月16日' — or one date when every item has the same."""
    dated = sorted({d.date: d for d in dates if d.newest}.values(), key=lambda d: d.latest)
    if not dated:
        return "日期不详"
    first, last = dated[0].date, dated[-1].date
    return first if first == last else f"{first}至{last}"


def _from_when(source: Source | None) -> str:
    """'来自2012年', '大约来自2012年', '来自2015年以前': for the old-information warning."""
    if source is None or not source.dated:
        return "没有写明日期"
    if source.estimated and source.estimated_before:
        return f"来自{source.estimated}年以前"
    if source.estimated:
        return f"大约来自{source.estimated}年"
    return f"来自{(source.published or '')[:4]}年"


@dataclass(frozen=True)
class Contact:
    """Whom to ring before acting on old information: '大连市医保咨询电话', '12333'."""

    label: str
    number: str

    @property
    def href(self) -> str | None:
        return tel_href(self.number)


def city_contact(city: City, lines: tuple[Line, ...]) -> Contact:
    """The number to ring before acting on old information: the first of
    `City.numbers_to_call` (its hotline, else its main office), or else the first line for
    the whole country (`lines`, national.yaml's: 12393) as a caller in the city dials it."""
    numbers = city.numbers_to_call()
    if not numbers:
        return Contact(*city.reach(lines[0])) if lines else NO_NUMBER
    name, number, item = numbers[0]
    if item in city.hotlines():
        return Contact(f"{city.name if city.name.endswith('市') else city.name + '市'}医保咨询电话", number)
    return Contact(name, number)


@dataclass(frozen=True)
class StaleWarning:
    text: str  # "这部分资料来自2012年，可能已经变化。办理前请先打电话确认："
    contact: Contact


# where neither the city file nor national.yaml gives a number to ring
NO_NUMBER = Contact("当地医保经办机构", "")


def stale_warning(newest: Source | None, contact: Contact | None) -> StaleWarning:
    return StaleWarning(f"这部分资料{_from_when(newest)}，可能已经变化。办理前请先打电话确认：",
                        contact or NO_NUMBER)


def partly_stale_warning(oldest: Source | None, count: int, contact: Contact | None) -> StaleWarning:
    """Some items of a section are old, others are not: the old ones are marked."""
    return StaleWarning(f"这部分有 {count} 项资料较旧（最早的{_from_when(oldest)}），已在旁边标出“资料较旧”，"
                        "可能已经变化。办理前请先打电话确认：", contact or NO_NUMBER)


@dataclass(frozen=True)
class SourceView:
    number: int
    anchor: str
    title: str
    kind: str
    publisher: str | None
    date: str
    url: str | None


@dataclass(frozen=True)
class ProvenanceView:
    sources: tuple[SourceView, ...]
    date: str  # 资料时间: "约2012年至2024年10月16日" over the items' own dates, or one date
    verified: str  # when the section was last checked against its sources
    stale: bool  # any of its items is old
    note: str | None = None
    warning: StaleWarning | None = None
    numbers: tuple[tuple[str, int, str], ...] = ()  # (source id, number, anchor), for citations
    correction: CorrectionLink | None = None  # set by the page that shows the section
    item_dates: tuple[ItemDate | None, ...] = ()  # each item's own date, in the order of the section's items

    def item(self, index: int) -> ItemDate | None:
        return self.item_dates[index] if 0 <= index < len(self.item_dates) else None

    def cite(self, text: str | None) -> Markup:
        """`text` escaped, its `[s001]` markers as numbered links to this section's sources."""
        if not text:
            return Markup("")
        known = {i: (n, a) for i, n, a in self.numbers}
        out: list[str] = []
        last = 0
        for m in MARKER.finditer(text):
            out.append(str(escape(text[last:m.start()])))
            refs = sorted({known[i] for i in MARKER_ID.findall(m.group(1)) if i in known})
            out.append("".join(f'<sup class="cite"><a href="#{a}" aria-label="来源{n}">[{n}]</a></sup>'
                               for n, a in refs))
            last = m.end()
        out.append(str(escape(text[last:])))
        return Markup("".join(out).rstrip())


def provenance_view(p: Provenance, today: dt.date,
                    extra: tuple[Source, ...] = (), *, anchor: str = "src",
                    contact: Contact | None = None, cited: Iterable[str] = (),
                    all_sources: tuple[Source, ...] = (),
                    stale_after_years: int = STALE_AFTER_YEARS,
                    items: tuple[tuple[Source, ...] | None, ...] | None = None) -> ProvenanceView:
    """The section's sources (its own, `extra` from its items, and any its notes cite),
    numbered in order, with the date of the information and, when it is old, a warning.

    With `items` (the sources each item cites, in order), every item is dated by its own
    sources: the section's date is the span from its oldest item to its newest, it is
    stale when any item is, and the warning says which are old. Without, the section is
    one piece of information dated by the newest of its sources. An item given as None
    (a link, not a fact) has no date."""
    seen: dict[str, Source] = {}
    by_id = {s.id: s for s in all_sources}
    for source in p.sources + extra + tuple(by_id[i] for i in cited if i in by_id):
        seen.setdefault(source.id, source)
    sources = tuple(seen.values())
    # the facts come from the section's own sources; a note may cite a newer one only to
    # compare ("the 2022 guide lists no materials"), which does not make the facts newer
    whole = Provenance(p.sources + extra, p.verified, p.note)
    stale = whole.is_stale(today, stale_after_years)
    numbers = tuple((s.id, n, f"{anchor}-{n}") for n, s in enumerate(sources, 1))
    views = tuple(SourceView(n, a, s.title, s.kind, s.publisher, source_date(s), s.url)
                  for (_, n, a), s in zip(numbers, sources))
    if items:
        dates = tuple(None if own is None else item_date(own or p.sources, today, stale_after_years)
                      for own in items)
        dated = [d for d in dates if d]
        old = [d for d in dated if d.stale]
        if not old:
            warning = None
        elif len(old) == len(dated):
            warning = stale_warning(newest_source(tuple(d.newest for d in dated if d.newest)), contact)
        else:
            oldest = min((d for d in old if d.newest), key=lambda d: d.latest, default=None)
            warning = partly_stale_warning(oldest.newest if oldest else None, len(old), contact)
            dates = tuple(dataclasses.replace(d, marked=True) if d and d.stale else d for d in dates)
        return ProvenanceView(views, date_span(dated), chinese.date(p.verified), bool(old), p.note,
                              warning, numbers, item_dates=dates)
    newest = whole.newest()
    return ProvenanceView(
        views, info_date(newest), chinese.date(p.verified), stale, p.note,
        stale_warning(newest, contact) if stale else None, numbers)


@dataclass(frozen=True)
class ConflictView:
    field: str  # what the sources disagree on, in words; "" when there is no plain name
    values: tuple[tuple[str, str], ...]  # (value, source title)
    note: str | None


# How the public reads the name of a field that sources disagree on.
FIELD_NAMES = {
    "address": "地址", "phones": "电话", "phone": "电话", "name": "名称", "office-name": "机构名称",
    "hours": "办公时间", "handled-by": "经办单位", "steps": "办理步骤", "sms-command": "短信内容",
    "url": "网址",
}


def conflict_views(conflicts: tuple[Conflict, ...]) -> tuple[ConflictView, ...]:
    # a field name the public would not understand is left out rather than printed
    return tuple(ConflictView(c.title or FIELD_NAMES.get(c.field, ""),
                              tuple((v.value, v.source.title) for v in c.values), c.note)
                 for c in conflicts)
