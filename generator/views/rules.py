"""What a city's pages say about the questions rules answer (core/questions.py): for each
question, the newest rule first — of the nation, the province or the city, whichever is
newest — with its level and date, then the earlier ones as history; and, where the newest
rule is not the city's own, that the guide does not know how the city applies it and
whom to ask. Also the “打电话” list: which number can do what."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.core import chinese
from generator.core.phones import PhoneView, phone_view
from generator.core.questions import Question, of_topic
from generator.model.city import CITY, NATIONAL, PROVINCE, STALE_AFTER_YEARS, City, Line, Provenance, Rule, newest
from generator.model.sources import is_old
from generator.views.caveats import caveat
from generator.views.citations import ConflictView, conflict_views, source_date

# Source kinds that are not enough alone for a figure or a rule: the page says so.
WEAK_KINDS = ("内容聚合网站", "论坛帖子")


def weak_sources(kinds: tuple[str, ...]) -> str:
    """“只有内容聚合网站这样说” when every source is of a weak kind, else ""."""
    if not kinds or not all(k in WEAK_KINDS for k in kinds):
        return ""
    return "只有" + "和".join(k for k in WEAK_KINDS if k in kinds) + "这样说"


@dataclass(frozen=True)
class Answer:
    level: str  # 全国 / 福建省 / 大连
    when: str  # 2025年1月1日起 / 资料时间 约2024年
    text: str
    applies_to: str | None
    from_note: str | None
    kinds: str  # 来源：官方转载、新闻报道
    weak: str  # “只有内容聚合网站这样说”: when only aggregators or forums say it
    caveat: str | None
    conflicts: tuple[ConflictView, ...] = ()
    local: bool = False  # the city's own rule (a national one reads the same on every city's page)

    @property
    def badge(self) -> str:
        return f"{self.level} · {self.when}"


@dataclass(frozen=True)
class QuestionView:
    question: Question
    current: Answer
    unknown_here: str | None  # the city's own practice is not known: say so
    earlier: tuple[Answer, ...]
    label: str = "现行规定"  # or, when the newest rule found is old and says no day it applies from, less


# The newest rule found, when it is old and gives no day it applies from: the guide cannot
# say it is still in force.
NEWEST_FOUND = "本指南找到的最新规定"


def answer(rule: Rule, today: dt.date) -> Answer:
    if rule.effective:
        when = f"{chinese.date(rule.effective)}{'起' if rule.effective <= today else '起执行'}"
    else:
        newest = rule.newest_source()
        when = f"资料时间 {source_date(newest)}" if newest else "日期不详"
    kinds = tuple(dict.fromkeys(s.kind for s in rule.sources))
    return Answer(rule.place, when, rule.text, rule.applies_to, rule.from_note, "来源：" + "、".join(kinds),
                  weak_sources(kinds), caveat(rule.uncertain),
                  conflict_views(rule.conflicts), rule.level == CITY)


def from_items(city: City) -> tuple[Rule, ...]:
    """The city's own items that say which question they answer (`question:` on a money
    figure, a tip, a window …), as rules of the city dated by their own sources: so that a
    newer national rule on the same question is shown before them, and they as history."""
    found: list[Rule] = []

    def add(question: str | None, text: str, item_sources: tuple, provenance: Provenance,
            effective: dt.date | None = None, uncertain=None) -> None:
        if question:
            found.append(Rule(question, text, CITY, city.name, item_sources or provenance.sources,
                              provenance.verified, effective, uncertain=uncertain, file=city.file))

    if city.money:
        for m in city.money.items:
            amount = f"{chinese.number(m.value)}%" if m.unit == "%" else f"{chinese.number(m.value)} {m.unit}"
            add(m.question, f"{m.label}：{amount}。" + (m.note or ""), m.sources, city.money.provenance,
                m.effective, m.uncertain)
    for section, text in ((city.tips, lambda i: i.text), (city.benefits, lambda i: f"{i.title}：{i.text}"),
                          (city.procedures, lambda i: f"{i.title}：" + "；".join(i.steps) + "。"),
                          (city.channels, lambda i: f"{i.name}" + (f" {i.phone}" if i.phone else "") +
                           ("：" + "、".join(i.can) if i.can else "") + "。")):
        for item in section.items if section else ():
            add(item.question, text(item), item.sources, section.provenance,
                uncertain=getattr(item, "uncertain", None))
    if city.enrolment:
        for w in city.enrolment.windows:
            add(w.question, f"{w.name}：每年 {chinese.period(w.start, w.end)}。" + (w.note or ""),
                getattr(w, "sources", ()), city.enrolment.provenance)
        for r in city.enrolment.rules:
            add(r.question, f"{r.case}：{r.text}", getattr(r, "sources", ()), city.enrolment.provenance)
    return tuple(found)


# Of two rules of the same year, the nearer one leads: it usually says how the wider one is
# applied here, and many sources give only a year.
NEARER = {CITY: 0, PROVINCE: 1, NATIONAL: 2}


def newer_first(rule: Rule) -> tuple:
    when = rule.when()
    return (-when.year, NEARER[rule.level], -when.toordinal())


def question_views(city: City, rules: tuple[Rule, ...], topic: str, today: dt.date, call: str,
                   stale_after_years: int = STALE_AFTER_YEARS) -> tuple[tuple[QuestionView, tuple[Rule, ...]], ...]:
    """Each question of `topic` that some rule answers, with the rules it rests on.
    `call`: whom to ask, “0411-12393（国家医保服务热线，打到大连）”."""
    out = []
    rules = rules + from_items(city)
    for question in of_topic(topic):
        answers = sorted((r for r in rules if r.question == question.slug), key=newer_first)
        if not answers:
            continue
        # a rule that starts later than today is news, not the rule in force: it leads, and says when
        current = answers[0]
        unknown = None
        if current.level != CITY:
            unknown = (f"{city.name}具体怎么执行，本指南暂无资料：上面是{current.place}的规定，"
                       f"各地可能有自己的细则。办理前请打{call}问清楚。")
        old = current.effective is None and is_old(current.newest_source(), today, stale_after_years)
        out.append((QuestionView(question, answer(current, today), unknown,
                                 tuple(answer(r, today) for r in answers[1:]), NEWEST_FOUND if old else "现行规定"),
                    tuple(answers)))
    return tuple(out)


def rules_provenance(rules: tuple[Rule, ...]) -> Provenance:
    """The sources of a question's rules, checked on the oldest of their check days."""
    sources = tuple(dict.fromkeys(s for r in rules for s in r.sources))
    return Provenance(sources, min(r.verified for r in rules))


@dataclass(frozen=True)
class Call:
    name: str
    phone: PhoneView
    can: tuple[str, ...] = ()
    cannot: tuple[str, ...] = ()
    hours: str | None = None
    date: str = ""  # 资料时间 of the number
    weak: str = ""  # “只有内容聚合网站这样说”


def calls(city: City, lines: tuple[Line, ...]) -> tuple[Call, ...]:
    """The numbers to ring, the city's own first (City.numbers_to_call: its hotlines, or
    else its main office), then the nation's — 12393 with the city's area code, so that it
    reaches the city's own service."""
    out = [Call(name, phone_view(number), can, date=date)
           for name, number, can, date in _city_numbers(city)]
    own = {c.phone.text.replace("-", "").removeprefix(city.area_code or "-") for c in out}
    for line in lines:
        if line.number in own:  # the city's own line is this one (大连's “(0411)12333”)
            continue
        name, number = city.reach(line)
        latest = newest(line.sources)
        out.append(Call(name, phone_view(number), line.can, line.cannot, line.hours,
                        source_date(latest) if latest else "",
                        weak_sources(tuple(dict.fromkeys(s.kind for s in line.sources)))))
    return tuple(out)


def _city_numbers(city: City) -> list[tuple[str, str, tuple[str, ...], str]]:
    out = []
    for name, number, item in city.numbers_to_call()[:2]:
        latest = newest(item.sources)
        can = tuple(getattr(item, "can", ()) or ())
        out.append((name, number, can, source_date(latest) if latest else ""))
    return out


def first_call(city: City, lines: tuple[Line, ...]) -> str:
    """Whom to ask, in one phrase: the city's own line, or 12393 with its area code."""
    options = calls(city, lines)
    national = next((c for c in options if c.name.endswith(f"（打到{city.name}）")), None)
    chosen = national or (options[0] if options else None)
    if not chosen:
        return "当地医保经办机构"
    return f"{chosen.phone.text}（{chosen.name.replace('（', '，').replace('）', '')}）"
