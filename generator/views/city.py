"""A city's pages: its hub and one page per topic (generator/core/topics.py), built from
the sections of generator/views/blocks.py. Templates hold no logic beyond loops and ifs
over these; every choice about what to show is made here or there.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, replace

from generator.core import chinese
from generator.core.corrections import CorrectionLink
from generator.core.phones import phone_view
from generator.core.topics import BY_SLUG, TOPICS
from generator.calculators.common import in_force
from generator.model.city import City, Provenance, Source, newest
from generator.model.sources import is_old
from generator.views.blocks import Block, Fact, Sections, join_parts
from generator.views.checklists import Line, ask_lines
from generator.views.citations import ProvenanceView
from generator.views.jsonld import offices_json_ld
from generator.views.rules import Call, calls


@dataclass(frozen=True)
class TopicLink:
    slug: str
    title: str
    summary: str
    available: bool


@dataclass(frozen=True)
class CityPage:
    city: City
    topic: str  # "" for the hub
    title: str
    blocks: tuple[Block, ...]
    topics: tuple[TopicLink, ...]
    quick: tuple[Fact, ...] = ()
    quick_provenance: ProvenanceView | None = None
    json_ld: str | None = None
    correction: CorrectionLink | None = None  # 纠错 for the page as a whole
    ask: tuple[Line, ...] = ()  # whom to ring when the page has nothing to say
    calls: tuple[Call, ...] = ()  # 打电话: the city's own line, 12393 and 12333, each with what it can do

    @property
    def empty(self) -> bool:
        """A topic page with nothing of its own to say (links to calculators are not an answer)."""
        return bool(self.topic) and not has_content(self.topic, self.blocks)


def has_content(topic: str, blocks: tuple[Block, ...]) -> bool:
    return any(b.kind != "calc-links" or topic == "calculators" for b in blocks)


class CityViews(Sections):
    """Builds every page of one city."""

    def topic_blocks(self, topic: str) -> tuple[Block, ...]:
        """The sections of a topic page, made once a city (the topic links of every page ask
        whether each topic has any)."""
        made = self._blocks.get(topic)
        if made is None:
            t = BY_SLUG[topic]
            made = self._blocks[topic] = tuple(b for show in t.shows for b in self.sections(show, t))
        return made

    @functools.cached_property
    def _blocks(self) -> dict[str, tuple[Block, ...]]:
        return {}

    @functools.cached_property
    def _ask(self) -> tuple[Line, ...]:
        return ask_lines(self.city, self.lines)

    @functools.cached_property
    def _calls(self) -> tuple[Call, ...]:
        return calls(self.city, self.lines)

    @functools.cached_property
    def _topic_links(self) -> tuple[TopicLink, ...]:
        return tuple(TopicLink(t.slug, t.title, t.summary, has_content(t.slug, self.topic_blocks(t.slug)))
                     for t in TOPICS)

    def topic_links(self) -> tuple[TopicLink, ...]:
        return self._topic_links

    def quick_facts(self) -> tuple[tuple[Fact, ...], ProvenanceView | None]:
        """The hub's answers at a glance, each dated by its own sources, and where they come
        from (the oldest check of the sections they are taken from)."""
        c = self.city
        facts: list[Fact] = []
        own: list[tuple[Source, ...] | None] = []  # what each answer cites: its date
        used: list[Provenance] = []
        for ch in c.hotlines()[:2]:
            view = phone_view(c.dialled(ch.phone))
            facts.append(Fact("咨询电话", view.text, view.href, join_parts(ch.name, ch.note)))
            own.append(ch.sources)
            used.append(c.channels.provenance)
        main = c.main_office()
        if main:
            detail = main.address or ("地址各来源说法不一，见经办机构页" if main.conflicts else None)
            facts.append(Fact("主要经办机构", main.name, "offices/", detail))
            own.append(main.sources)
            used.append(c.offices.provenance)
        premium = self._premium_block()
        if premium:
            calc = next(k for k in c.calculators if k.kind == "resident_premium")
            version = in_force(calc.versions, self.today)
            cited = tuple(s for s in c.sources if s.id in version.get("sources", ()))
            # an amount of years ago, in large type at the top, reads as this year's: say it is not
            old = is_old(newest(cited or calc.provenance.sources), self.today, self.stale_after_years)
            facts.append(Fact("居民医保保费", "；".join(f"{f.label} {f.value}" for f in premium.items[:3]), "pay/",
                              caveat="这是多年前的金额，现在交多少请以当地当年的通知为准，或打电话问。" if old else None))
            own.append(cited)
            used.append(calc.provenance)
        if c.enrolment and c.enrolment.windows:
            w = c.enrolment.windows[0]
            facts.append(Fact("参保时间", f"每年 {chinese.period(w.start, w.end)}", "enrol/", w.name))
            own.append(w.sources)
            used.append(c.enrolment.provenance)
        if any(k.kind == "cover_start" for k in self.calculators):
            facts.append(Fact("我的医保生效了吗？", "用计算器算一算待遇从哪天开始",
                              "calculators/cover-start/"))
            own.append(None)
        elif c.enrolment and c.enrolment.rules:
            facts.append(Fact("我的医保生效了吗？", "看看不同情况下待遇从何时开始", "benefits/"))
            own.append(None)
        if not used:
            return tuple(facts), None
        oldest = min(used, key=lambda p: p.verified)
        sources = tuple(dict.fromkeys(s for p in used for s in p.sources))
        return tuple(facts), self.prov(Provenance(sources, oldest.verified), anchor="quick-src", items=tuple(facts),
                                       item_sources=tuple(own))

    def hub(self) -> CityPage:
        blocks = []
        general = self._tips("general")
        if general:
            blocks.append(general)
        quick, provenance = self.quick_facts()
        if provenance:
            provenance = replace(provenance, correction=self.correction("", "一眼看懂"))
        return CityPage(self.city, "", f"{self.city.name}医保指南", self._with_corrections("", tuple(blocks)),
                        self.topic_links(), quick, provenance, correction=self.correction(""),
                        ask=self._ask, calls=self._calls)

    def topic(self, slug: str) -> CityPage:
        blocks = self.topic_blocks(slug)
        json_ld = offices_json_ld(self.city) if slug == "offices" and self.city.offices else None
        return CityPage(self.city, slug, f"{self.city.name}医保 · {BY_SLUG[slug].title}",
                        self._with_corrections(slug, blocks), self.topic_links(), json_ld=json_ld,
                        correction=self.correction(slug), ask=self._ask, calls=self._calls)


