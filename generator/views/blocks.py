"""The sections of a city's topic pages. generator/core/topics.py says which sections each
page shows, in order (`Show`); here is one builder per kind of section, and the view
objects the templates print."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Callable
from urllib.parse import quote

from generator.calculators.common import in_force, version_start
from generator.core import chinese
from generator.core.corrections import CorrectionLink, Corrections
from generator.core.phones import PhoneView, phone_view
from generator.core.topics import BY_SLUG, Show, Topic
from generator.model.city import (STALE_AFTER_YEARS, Channel, City, Line, Material, MoneyItem, Office,
                                  Procedure, Provenance, Rule, Source)
from generator.views.caveats import caveat
from generator.views.checklists import Checklist
from generator.views.citations import (ConflictView, ProvenanceView, cited_ids, city_contact, conflict_views, info_date,
                                      provenance_view)
from generator.views.rules import first_call, question_views, rules_provenance

CHANNEL_KINDS = {
    "hotline": "电话", "voice": "自助语音电话", "website": "网站", "wechat-miniprogram": "微信小程序",
    "wechat-account": "微信公众号", "sms": "短信", "window": "窗口", "app": "手机应用",
    "agency": "代办机构",
}
SCHEME_NAMES_FALLBACK = {"resident": "城乡居民医保", "employee": "职工医保"}


@dataclass(frozen=True)
class Block:
    """One section of a topic page: a heading, what to print, and where it comes from."""

    id: str
    title: str
    kind: str  # which partial prints `items`
    items: tuple = ()
    provenance: ProvenanceView | None = None
    intro: str | None = None


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    href: str | None = None
    detail: str | None = None
    caveat: str | None = None  # uncertain, in words


@dataclass(frozen=True)
class OfficeView:
    office: Office
    phones: tuple[PhoneView, ...]
    map_url: str | None
    conflicts: tuple[ConflictView, ...]
    caveat: str | None = None  # an inference or general knowledge, in words


@dataclass(frozen=True)
class ChannelView:
    channel: Channel
    kind_name: str
    phone: PhoneView | None
    conflicts: tuple[ConflictView, ...]
    caveat: str | None = None


@dataclass(frozen=True)
class ProcedureView:
    procedure: Procedure
    scheme_name: str | None
    materials: tuple[Material, ...]
    conflicts: tuple[ConflictView, ...]
    caveat: str | None = None


@dataclass(frozen=True)
class MoneyView:
    label: str
    value: str
    effective: str | None
    note: str | None
    caveat: str | None = None  # the figure is uncertain, in words


@dataclass(frozen=True)
class TipView:
    kind: str
    text: str
    sources: tuple[Source, ...]
    caveat: str | None = None


@dataclass(frozen=True)
class BenefitView:
    title: str
    text: str
    caveat: str | None = None


class Sections:
    """The sections of one city's pages: `section(show, topic)` builds what `show` asks for."""

    def __init__(self, city: City, today: dt.date, corrections: Corrections, calculators: tuple = (),
                 checklists: tuple[Checklist, ...] = (), stale_after_years: int = STALE_AFTER_YEARS,
                 rules: tuple[Rule, ...] = (), lines: tuple[Line, ...] = ()):
        self.rules = rules if rules else city.rules  # the nation's, the province's and the city's own
        self.lines = lines  # the nation's telephone lines (12393, 12333)
        self.contact = city_contact(city, lines)  # whom an old-information warning says to ring
        self.city = city
        self.today = today
        self.corrections = corrections
        self.calculators = calculators
        self.checklists = checklists
        self.stale_after_years = stale_after_years
        self.scheme_names = {s.id: s.name for s in city.schemes.items} if city.schemes else {}

    # --- helpers ---------------------------------------------------------------
    def prov(self, p: Provenance, extra: tuple[Source, ...] = (), anchor: str = "src",
             items: object = (), item_sources: tuple[tuple[Source, ...] | None, ...] | None = None) -> ProvenanceView:
        return provenance_view(p, self.today, extra, anchor=anchor, contact=self.contact,
                               cited=cited_ids(items) + cited_ids(p.note), all_sources=self.city.sources,
                               stale_after_years=self.stale_after_years, items=item_sources)

    def block(self, block_id: str, title: str, kind: str, items: tuple, p: Provenance,
              extra: tuple[Source, ...] = (), item_sources: tuple[tuple[Source, ...], ...] | None = None) -> Block:
        """A section whose notes' citations number into its own source list; with
        `item_sources` (what each item cites, in order) each item carries its own date."""
        return Block(block_id, title, kind, items, self.prov(p, extra, f"{block_id}-src", items, item_sources))

    def correction(self, topic: str, section: str | None = None) -> CorrectionLink:
        """The 纠错 link for a section of a topic page ("" for the hub), or for the whole page."""
        place = BY_SLUG[topic].title if topic else "城市首页"
        label = f"{place} · {section}" if section and section != place else place
        return self.corrections.link(self.city.name, f"{self.city.pinyin}/{topic + '/' if topic else ''}", label)

    def _with_corrections(self, topic: str, blocks: tuple[Block, ...]) -> tuple[Block, ...]:
        return tuple(replace(b, provenance=replace(b.provenance, correction=self.correction(topic, b.title)))
                     if b.provenance else b for b in blocks)

    def _procedures(self, kinds: tuple[str, ...]) -> tuple[ProcedureView, ...]:
        """The procedures of these kinds, current ways before older ones. A material list
        for one applicant category is on that category's checklist, not here."""
        c = self.city
        if not c.procedures:
            return ()
        materials = c.materials.items if c.materials else ()
        listed = sorted((p for p in c.procedures.items if p.kind in kinds), key=lambda p: p.older)
        return tuple(
            ProcedureView(p, self.scheme_names.get(p.scheme or ""),
                          tuple(m for m in materials if m.procedure == p.id and not m.category),
                          conflict_views(p.conflicts), caveat(p.uncertain))
            for p in listed)

    def _procedure_block(self, block_id: str, title: str, kinds: tuple[str, ...]) -> Block | None:
        views = self._procedures(kinds)
        if not views:
            return None
        own = tuple(v.procedure.sources + tuple(s for m in v.materials for s in m.sources) for v in views)
        extra = tuple(s for sources in own for s in sources)
        if self.city.materials and any(v.materials for v in views):
            extra += self.city.materials.provenance.sources
        return self.block(block_id, title, "procedures", views, self.city.procedures.provenance, extra, own)

    def _money(self, topics: tuple[str, ...]) -> Block | None:
        m = self.city.money
        if not m:
            return None
        chosen = tuple(i for i in m.items if i.topic in topics)
        if not chosen:
            return None
        extra = tuple(s for i in chosen for s in i.sources)
        provenance = _narrowed(m.provenance, chosen)
        rows = tuple(MoneyView(i.label, _amount(i), chinese.date(i.effective) if i.effective else None, i.note,
                               caveat=caveat(i.uncertain, i.label)) for i in chosen)
        return self.block("money-" + topics[0], "金额与比例", "money", rows, provenance, extra,
                          tuple(i.sources for i in chosen))

    def _tips(self, topic: str) -> Block | None:
        t = self.city.tips
        if not t:
            return None
        rows = tuple(TipView(i.kind, i.text, i.sources, caveat(i.uncertain)) for i in t.items if i.topic == topic)
        if not rows:
            return None
        return self.block("tips-" + topic, "注意事项", "tips", rows, _narrowed(t.provenance, rows),
                          tuple(s for i in rows for s in i.sources), tuple(i.sources for i in rows))

    def _calc_links(self, kinds: tuple[str, ...]) -> Block | None:
        links = tuple(c for c in self.calculators if c.kind in kinds)
        if not links:
            return None
        return Block("calculators", "算一算", "calc-links", links)

    def sections(self, show: Show, topic: Topic) -> tuple[Block, ...]:
        made = _BUILDERS[show.kind](self, show, topic)
        return made if isinstance(made, tuple) else ((made,) if made else ())

    # --- one builder per kind of section (topics.Show.kind) ------------------------
    def _rules(self, show: Show, topic: Topic) -> tuple[Block, ...]:
        """One section per question of the topic that a rule answers, newest rule first."""
        found = question_views(self.city, self.rules, topic.slug, self.today, first_call(self.city, self.lines),
                               self.stale_after_years)
        return tuple(self.block(f"q-{view.question.slug}", view.question.ask, "question", (view,),
                                rules_provenance(rules)) for view, rules in found)

    def _iam(self, show: Show, topic: Topic) -> Block | None:
        if not self.checklists:
            return None
        return Block("iam", "我是……", "iam", self.checklists,
                     intro="选一项，看要带什么材料、去哪里办、打什么电话；每一项都能打印成一页。")

    def _schemes(self, show: Show, topic: Topic) -> Block | None:
        c = self.city
        if not c.schemes:
            return None
        return self.block("who", "谁可以参保", "schemes", c.schemes.items, c.schemes.provenance,
                          tuple(s for i in c.schemes.items for s in i.sources), tuple(i.sources for i in c.schemes.items))

    def _windows(self, show: Show, topic: Topic) -> Block | None:
        c = self.city
        if not (c.enrolment and c.enrolment.windows):
            return None
        return self.block("windows", "什么时候办", "windows", tuple(
            Fact(w.name, f"每年 {chinese.period(w.start, w.end)}", detail=join_parts(self.scheme_names.get(w.scheme), w.note))
            for w in c.enrolment.windows), c.enrolment.provenance,
            tuple(s for w in c.enrolment.windows for s in w.sources), tuple(w.sources for w in c.enrolment.windows))

    def _channels(self, show: Show, topic: Topic) -> Block | None:
        c = self.city
        if not c.channels:
            return None
        views = tuple(ChannelView(ch, CHANNEL_KINDS[ch.kind], phone_view(ch.phone) if ch.phone else None,
                                  conflict_views(ch.conflicts), caveat(ch.uncertain)) for ch in c.channels.items)
        return self.block("channels", "查询和办理渠道", "channels", views,
                          c.channels.provenance, tuple(s for ch in c.channels.items for s in ch.sources),
                          tuple(ch.sources for ch in c.channels.items))

    def _cover(self, show: Show, topic: Topic) -> Block | None:
        c = self.city
        if not (c.enrolment and (c.enrolment.rules or c.enrolment.benefit_years)):
            return None
        e = c.enrolment
        facts = tuple(Fact(r.case, r.text, caveat=caveat(r.uncertain)) for r in e.rules)
        facts += tuple(Fact(f"待遇年度（{b.applies_to}）", chinese.period(b.start, b.end), detail=b.note)
                       for b in e.benefit_years)
        own = tuple(r.sources for r in e.rules) + tuple(b.sources for b in e.benefit_years)
        return self.block("cover", "从什么时候开始享受待遇", "facts", facts, e.provenance,
                          tuple(s for o in own for s in o), own)

    def _benefits(self, show: Show, topic: Topic) -> Block | None:
        c = self.city
        if not c.benefits:
            return None
        items = tuple(BenefitView(b.title, b.text, caveat(b.uncertain)) for b in c.benefits.items)
        return self.block("benefits", "待遇和报销规定", "benefits", items,
                          c.benefits.provenance, tuple(s for b in c.benefits.items for s in b.sources),
                          tuple(b.sources for b in c.benefits.items))

    def _offices(self, show: Show, topic: Topic) -> Block | None:
        c = self.city
        if not c.offices:
            return None
        views = tuple(OfficeView(o, tuple(phone_view(p) for p in o.phones), _map_url(c, o),
                                 conflict_views(o.conflicts), caveat(o.uncertain)) for o in c.offices.items)
        return self.block("offices", "经办机构", "offices", views,
                          c.offices.provenance, tuple(s for o in c.offices.items for s in o.sources),
                          tuple(o.sources for o in c.offices.items))

    def _procedure_section(self, show: Show, topic: Topic) -> Block | None:
        return self._procedure_block(show.id, show.title, show.of)

    def _money_section(self, show: Show, topic: Topic) -> Block | None:
        return self._money(show.of)

    def _tips_section(self, show: Show, topic: Topic) -> Block | None:
        return self._tips(topic.slug)

    def _calc_section(self, show: Show, topic: Topic) -> Block | None:
        return self._calc_links(show.of or tuple(calc.kind for calc in self.calculators))

    def _premium_section(self, show: Show, topic: Topic) -> Block | None:
        return self._premium_block()

    def _premium_block(self) -> Block | None:
        calc = next((k for k in self.city.calculators if k.kind == "resident_premium"), None)
        if not calc:
            return None
        version = in_force(calc.versions, self.today)
        rows = [Fact(t["name"], chinese.yuan(t["personal"]) + "/年",
                     detail=f"自{version_start(version)}起")
                for t in version["tiers"]]
        if "government_subsidy" in version:
            rows.append(Fact("政府补助", chinese.yuan(version["government_subsidy"]) + "/人/年"))
        for exempt in version.get("exempt", ()):
            rows.append(Fact(exempt["name"], "个人缴费部分由政府全额补助"))
        cited = tuple(s for s in self.city.sources if s.id in version.get("sources", ()))
        return self.block("premium", "城乡居民医保保费（个人缴费）", "facts", tuple(rows), calc.provenance,
                          cited, tuple(cited for _ in rows))


_BUILDERS: dict[str, Callable[[Sections, Show, Topic], Block | tuple[Block, ...] | None]] = {
    "iam": Sections._iam, "schemes": Sections._schemes, "windows": Sections._windows,
    "channels": Sections._channels, "cover": Sections._cover, "benefits": Sections._benefits,
    "offices": Sections._offices, "procedures": Sections._procedure_section, "money": Sections._money_section,
    "tips": Sections._tips_section, "calc-links": Sections._calc_section, "premium": Sections._premium_section,
    "rules": Sections._rules,
}


def _narrowed(p: Provenance, items: tuple) -> Provenance:
    """A section shown in part (the money figures of one topic, say): when every item shown
    names its sources, those are the sources, and their dates the date of what is shown."""
    if items and all(i.sources for i in items):
        return Provenance((), p.verified, p.note)
    return p


def join_parts(*parts: str | None) -> str | None:
    text = "；".join(p for p in parts if p)
    return text or None


def _amount(item: MoneyItem) -> str:
    if item.unit == "%":
        return f"{chinese.number(item.value)}%"
    return f"{chinese.number(item.value)} {item.unit}"


def _map_url(city: City, office: Office) -> str | None:
    if not office.address:
        return None
    keyword = office.address if office.address.startswith(city.name) else city.name + office.address
    return "https://uri.amap.com/search?keyword=" + quote(keyword) + "&city=" + quote(city.name)

