"""Every fact of a city as one flat list: which city, where on the site (section, item,
field — in words), the value and its unit, the sources it rests on with their dates, and
when it was last checked.

One list feeds `yibao diff` (what a change does to the facts), the open data files
(/data/) and `yibao report`. Field labels are the Chinese titles of
generator/schema/city.schema.json, so a fact's place reads as the editor's schema names
it and nobody sees a YAML key. `key` identifies a fact across two versions of a file;
it is for comparing only and never printed.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any, Iterable, Union

from generator.core import chinese
from generator.core.citations import take_markers
from generator.source.labels import labels
from generator.views.caveats import caveat
from generator.output.rule_facts import add_rules
from generator.views.citations import source_date
from generator.model.city import City, Conflict, MonthDay, Provenance, Source, Uncertain
from generator.core.topics import MONEY_TOPIC, PROCEDURE_TOPIC, section_topic

Value = Union[str, int, float, bool, dt.date, tuple]

UNKNOWN_DATE = "日期不详"
LIST_SEPARATOR = "；"

# None is the city's home page.
# Where each section is shown: the topic pages of topics.TOPICS (procedures and money
# items go by their kind and topic, topics.PROCEDURE_TOPIC and MONEY_TOPIC).
ENROL, OFFICES, QUERY = section_topic("schemes"), section_topic("offices"), section_topic("channels")
WINDOWS, COVER, BENEFITS = section_topic("windows"), section_topic("cover"), section_topic("benefits")


@dataclass(frozen=True)
class SourceInfo:
    """A source as a fact cites it: what the public may see — no editor notes, no ids, no
    file names."""

    title: str
    publisher: str | None
    url: str | None
    kind: str  # 政府网站, 官方转载, 新闻报道, 内容聚合网站 or 论坛帖子
    date: str | None  # "2024-10-16", "2024-10" or "2024" (printed or estimated); None when unknown
    estimated: bool  # the year is our estimate, the source prints none
    before: bool  # we only know the source is no later than `date`
    date_text: str  # as the site prints it: "2024年10月16日", "约2012年", "2015年以前", "日期不详"
    latest_day: dt.date | None  # the last day the source can be from

    @classmethod
    def of(cls, source: Source) -> "SourceInfo":
        return cls(source.title, source.publisher, source.url, source.kind, source.dated,
                   bool(source.estimated and not source.published), source.estimated_before,
                   source_date(source), source.latest())

    def cite(self) -> str:
        """'《标题》（发布者，2024年10月16日）' — how diff and report name a source."""
        by = f"{self.publisher}，{self.date_text}" if self.publisher else self.date_text
        return f"《{self.title}》（{by}）"


@dataclass(frozen=True)
class Fact:
    city: str
    pinyin: str
    section: str  # in words: "经办机构"
    item: str  # the thing the fact is about, in words: an office's name; "" for the section itself
    field: str  # the schema's Chinese title: "电话"
    value: Value
    unit: str | None
    sources: tuple[SourceInfo, ...]
    verified: dt.date
    topic: str | None  # the topic page that shows it (topics.TOPICS), None for the city's home page
    key: tuple[str, str, str]  # (section, item, field) as the city file names them: for comparing only
    uncertain: str | None = None  # why the figure is not certain, in words

    @property
    def item_key(self) -> tuple[str, str]:
        return self.key[:2]

    @property
    def place(self) -> str:
        return " · ".join(p for p in (self.section, self.item, self.field) if p)

    @functools.cached_property
    def newest_source(self) -> SourceInfo | None:
        dated = [s for s in self.sources if s.latest_day]
        return max(dated, key=lambda s: s.latest_day) if dated else None

    @property
    def source_date(self) -> str | None:
        """The date of the newest of its sources: the date of the information."""
        newest = self.newest_source
        return newest.date if newest else None

    @property
    def source_date_text(self) -> str:
        newest = self.newest_source
        return newest.date_text if newest else UNKNOWN_DATE

    def shown(self) -> str:
        """The value as the site prints it: '385 元/年', '8%', '9月1日', '是'."""
        return shown(self.value, self.unit)


def shown(value: Value, unit: str | None = None) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        if unit == "%":
            return f"{chinese.number(value, 4)}%"
        return f"{chinese.number(value, 4)} {unit}" if unit else chinese.number(value, 4)
    if isinstance(value, dt.date):
        return chinese.date(value)
    if isinstance(value, tuple):
        return LIST_SEPARATOR.join(shown(v) for v in value)
    return str(value)


def plain(value: Value) -> Any:
    """The value as JSON holds it: lists for tuples, ISO text for dates."""
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# --- the list ----------------------------------------------------------------------

def site_facts(cities: Iterable[City]) -> list[Fact]:
    return [fact for city in sorted(cities, key=lambda c: c.pinyin) for fact in city_facts(city)]


def city_facts(city: City) -> list[Fact]:
    return _Collector(city).collect()


class _Collector:
    def __init__(self, city: City):
        self.city = city
        self.labels = labels()
        self.out: list[Fact] = []
        self.scheme_names = {s.id: s.name for s in city.schemes.items} if city.schemes else {}
        self.by_source_id = {s.id: s for s in city.sources}
        self.infos = {s.id: SourceInfo.of(s) for s in city.sources}

    # one fact; empty values are no facts
    def add(self, path: tuple[str, ...], item_key: str, item: str, field: str, value: Value,
            provenance: Provenance, own: tuple[Source, ...] = (), topic: str | None = None,
            unit: str | None = None, label: str | None = None, uncertain: str | None = None) -> None:
        if value is None or value == () or value == "":
            return
        if isinstance(value, list):
            value = tuple(value)
        value, cited = take_markers(value)
        if cited := [self.by_source_id[i] for i in cited if i in self.by_source_id]:
            own = tuple(cited)  # sentences with their own markers rest on the sources they name
        section = self.labels.title(path[0])
        if path[0] == "calculators":
            section += " · " + self.labels.title(*path[:2])
        self.out.append(Fact(
            self.city.name, self.city.pinyin, section, item,
            label or self.labels.title(*path, field), value, unit,
            tuple(self.infos[s.id] for s in (own or provenance.sources)), provenance.verified,
            topic, ("/".join(path), item_key, field), uncertain))

    def fields(self, path: tuple[str, ...], item_key: str, item: str, obj: Any, names: Iterable[str],
               provenance: Provenance, own: tuple[Source, ...] = (), topic: str | None = None) -> None:
        for name in names:
            self.add(path, item_key, item, name, self.value(name, getattr(obj, name)), provenance, own, topic)

    def value(self, name: str, value: Any) -> Value:
        if name == "scheme" and value:
            return self.scheme_names.get(value, value)
        if isinstance(value, MonthDay):
            return chinese.month_day(value.month, value.day)
        return value

    def note(self, path: tuple[str, ...], provenance: Provenance, topic: str | None = None) -> None:
        self.add(path, "", "", "note", provenance.note, provenance, topic=topic)

    def conflicts(self, path: tuple[str, ...], item_key: str, item: str, conflicts: tuple[Conflict, ...],
                  provenance: Provenance, topic: str | None) -> None:
        for conflict in conflicts:
            label = conflict.title or self.conflict_label(path, conflict.field)
            for index, claim in enumerate(conflict.values, 1):
                self.add(path, item_key, item, f"conflict:{conflict.field}:{index}", claim.value,
                         provenance, (claim.source,), topic, label=f"{label}(说法之{_ordinal(index)})")

    def conflict_label(self, path: tuple[str, ...], field: str) -> str:
        from generator.views.citations import FIELD_NAMES

        try:
            return self.labels.title(*path, field.replace("-", "_"))
        except KeyError:
            return FIELD_NAMES.get(field, "说法不一的内容")

    # --- sections --------------------------------------------------------------------
    def collect(self) -> list[Fact]:
        c = self.city
        path = ("city",)
        if c.identity:  # None for a new city (yibao new) whose identity cites no source yet
            self.fields(path, "", "", c, ("name", "province", "area_code", "districts", "summary"), c.identity)
            self.note(path, c.identity)
        if c.schemes:
            self.schemes()
        if c.materials:
            self.materials()
        if c.procedures:
            self.procedures()
        if c.offices:
            self.offices()
        if c.channels:
            self.channels()
        if c.enrolment:
            self.enrolment()
        if c.money:
            self.money()
        if c.benefits:
            self.benefits()
        if c.tips:
            self.tips()
        for calc in c.calculators:
            self.calculator(calc)
        add_rules(self, c.rules)
        return self.out

    def schemes(self) -> None:
        section = self.city.schemes
        path = ("schemes", "items")
        self.note(("schemes",), section.provenance, ENROL)
        for scheme in section.items:
            self.fields(path, scheme.id, scheme.name, scheme, ("name", "summary", "note"),
                        section.provenance, scheme.sources, topic=ENROL)
            for category in scheme.categories:
                self.fields(path + ("categories",), f"{scheme.id}/{category.id}",
                            f"{scheme.name} · {category.name}", category, ("name", "who", "note"),
                            section.provenance, scheme.sources, topic=ENROL)

    def materials(self) -> None:
        section = self.city.materials
        path = ("materials", "items")
        self.note(("materials",), section.provenance, ENROL)
        procedures = {p.id: p.title for p in self.city.procedures.items} if self.city.procedures else {}
        categories = self.city.categories()
        for m in section.items:
            key = f"{m.procedure}/{m.category or ''}/{m.title}"
            self.add(path, key, m.title, "procedure", procedures.get(m.procedure, m.procedure),
                     section.provenance, m.sources, topic=ENROL)
            if m.category:
                category = categories.get(m.category)
                self.add(path, key, m.title, "category", category.name if category else m.category,
                         section.provenance, m.sources, topic=ENROL)
            self.fields(path, key, m.title, m, ("documents", "note"), section.provenance, m.sources, topic=ENROL)

    def procedures(self) -> None:
        section = self.city.procedures
        path = ("procedures", "items")
        self.note(("procedures",), section.provenance)
        for p in section.items:
            topic = PROCEDURE_TOPIC[p.kind]
            self.add(path, p.id, p.title, "kind", self.labels.choice(p.kind, *path, "kind"),
                     section.provenance, p.sources, topic)
            # an inference or general knowledge in the item is told with its title (a note may cite [s001])
            self.add(path, p.id, p.title, "title", p.title, section.provenance, p.sources, topic,
                     uncertain=caveat(p.uncertain))
            self.fields(path, p.id, p.title, p, ("scheme", "handled_by", "duration", "steps", "note"),
                        section.provenance, p.sources, topic)
            self.conflicts(path, p.id, p.title, p.conflicts, section.provenance, topic)

    def offices(self) -> None:
        section = self.city.offices
        path = ("offices", "items")
        self.note(("offices",), section.provenance, OFFICES)
        for o in section.items:
            self.add(path, o.id, o.name, "name", o.name, section.provenance, o.sources, OFFICES,
                     uncertain=caveat(o.uncertain))
            self.fields(path, o.id, o.name, o, ("address", "district", "phones", "hours", "handles",
                                                 "serves", "note"), section.provenance, o.sources, OFFICES)
            if o.primary:
                self.add(path, o.id, o.name, "primary", True, section.provenance, o.sources, OFFICES)
            self.conflicts(path, o.id, o.name, o.conflicts, section.provenance, OFFICES)

    def channels(self) -> None:
        section = self.city.channels
        path = ("channels", "items")
        self.note(("channels",), section.provenance, QUERY)
        for ch in section.items:
            key = f"{ch.kind}/{ch.name}"
            self.add(path, key, ch.name, "kind", self.labels.choice(ch.kind, *path, "kind"),
                     section.provenance, ch.sources, QUERY, uncertain=caveat(ch.uncertain))
            self.fields(path, key, ch.name, ch, ("phone", "url", "sms_to", "sms_command", "can", "note"),
                        section.provenance, ch.sources, QUERY)
            if ch.hotline:
                self.add(path, key, ch.name, "hotline", True, section.provenance, ch.sources, QUERY)
            self.conflicts(path, key, ch.name, ch.conflicts, section.provenance, QUERY)

    def enrolment(self) -> None:
        e = self.city.enrolment
        self.note(("enrolment",), e.provenance)
        windows = self.labels.title("enrolment", "windows")
        for w in e.windows:
            path = ("enrolment", "windows")
            self.fields(path, f"windows/{w.scheme}/{w.name}", f"{windows} · {w.name}", w,
                        ("scheme", "start", "end", "note"), e.provenance, w.sources, topic=WINDOWS)
        years = self.labels.title("enrolment", "benefit_years")
        for b in e.benefit_years:
            path = ("enrolment", "benefit_years")
            self.fields(path, f"benefit_years/{b.applies_to}", f"{years} · {b.applies_to}", b,
                        ("start", "end", "note"), e.provenance, b.sources, topic=COVER)
        for rule in e.rules:
            self.add(("enrolment", "rules"), f"rules/{rule.case}", rule.case, "text", rule.text,
                     e.provenance, rule.sources, topic=COVER, uncertain=caveat(rule.uncertain))

    def money(self) -> None:
        section = self.city.money
        path = ("money", "items")
        self.note(("money",), section.provenance)
        for m in section.items:
            key = f"{m.scheme or ''}/{m.label}"
            topic = MONEY_TOPIC.get(m.topic or "")
            self.add(path, key, m.label, "value", m.value, section.provenance, m.sources, topic, unit=m.unit,
                     uncertain=caveat(m.uncertain, m.label))
            self.add(path, key, m.label, "scheme", self.value("scheme", m.scheme),
                     section.provenance, m.sources, topic)
            self.add(path, key, m.label, "from", m.effective, section.provenance, m.sources, topic)
            self.add(path, key, m.label, "note", m.note, section.provenance, m.sources, topic)

    def benefits(self) -> None:
        section = self.city.benefits
        path = ("benefits", "items")
        self.note(("benefits",), section.provenance, BENEFITS)
        for b in section.items:
            self.fields(path, b.title, b.title, b, ("scheme",), section.provenance, b.sources, BENEFITS)
            self.add(path, b.title, b.title, "text", b.text, section.provenance, b.sources, BENEFITS,
                     uncertain=caveat(b.uncertain))

    def tips(self) -> None:
        section = self.city.tips
        path = ("tips", "items")
        self.note(("tips",), section.provenance)
        for t in section.items:
            topic = None if t.topic == "general" else t.topic
            self.add(path, t.text, self.labels.choice(t.kind, *path, "kind"), "text", t.text,
                     section.provenance, t.sources, topic, uncertain=caveat(t.uncertain))

    def calculator(self, calc) -> None:
        base = ("calculators", calc.kind)
        self.note(base, calc.provenance, "calculators")
        path = base + ("versions",)
        for version in calc.versions:
            own = tuple(self.by_source_id[i] for i in version.get("sources", ()) if i in self.by_source_id)
            key = version["from"]
            item = f"自{chinese.date(dt.date.fromisoformat(version['from']))}起"
            doubts = {u.field: u for u in calc.uncertain(version) if u.field}
            self.calc_fields(path, key, item, version, calc.provenance, own, version, doubts)

    def calc_fields(self, path: tuple[str, ...], key: str, item: str, data: dict[str, Any],
                    provenance: Provenance, own: tuple[Source, ...], version: dict[str, Any],
                    doubts: dict[str, Uncertain]) -> None:
        for name, value in data.items():
            if name in ("from", "sources", "id", "name", "uncertain"):
                continue
            node = self.labels.node(path + (name,))
            if isinstance(value, list) and value and isinstance(value[0], dict):
                for index, element in enumerate(value, 1):
                    part = element.get("name") or f"第 {index} 档"
                    self.calc_fields(path + (name,), f"{key}/{name}/{element.get('id', index)}",
                                     f"{item} · {part}", element, provenance, own, version, {})
                continue
            if isinstance(value, dict):  # a month-day window
                value = chinese.period(MonthDay.parse(value["start"]), MonthDay.parse(value["end"]))
            elif name == "tiers" and isinstance(value, list):  # tier ids → their names
                names = {t["id"]: t["name"] for t in version.get("tiers", ())}
                value = tuple(names.get(v, v) for v in value)
            elif isinstance(value, list):  # month numbers
                value = "、".join(str(v) for v in value)
            elif "enum" in node:
                value = self.labels.choice(value, *path, name)
            elif isinstance(value, str) and re.fullmatch(r"[0-9]{2}-[0-9]{2}", value):
                value = chinese.month_day(int(value[:2]), int(value[3:]))
            elif name == "scheme":
                value = self.value(name, value)
            unit = self.labels.unit(*path, name)
            if unit == "%" and isinstance(value, (int, float)) and not isinstance(value, bool):
                value = round(value * 100, 6)
            self.add(path, key, item, name, value, provenance, own, "calculators", unit=unit,
                     uncertain=caveat(doubts.get(name), self.labels.title(*path, name)))


def _ordinal(n: int) -> str:
    return "一二三四五六七八九十"[n - 1] if n <= 10 else str(n)
