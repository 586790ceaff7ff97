"""`yibao report`: where the guide is thin and where it is old, for maintainers.

A city × topic matrix of how many facts each topic page has, how many facts rest on
sources older than 2, 5 and 10 years (by the newest source of each fact, against the
build's today), the sources by kind, the figures marked uncertain, and the offices
without opening hours. Built on the same flat list of facts as `yibao diff`.
"""
from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from generator.core import chinese
from generator.commands.diff import md
from generator.output.facts import Fact, city_facts
from generator.model.city import SOURCE_KINDS
from generator.commands.versions import Version
from generator.core.questions import QUESTIONS
from generator.core.topics import TOPICS
from generator.model.city import NATIONAL, City, Region
from generator.views.rules import answer, from_items, newer_first

AGES = (2, 5, 10)


@dataclass(frozen=True)
class AgeRow:
    city: str
    facts: int
    older: tuple[int, ...]  # facts whose newest source is older than each of AGES years
    undated: int


@dataclass(frozen=True)
class Report:
    today: dt.date
    cities: tuple[str, ...]
    coverage: tuple[tuple[int, ...], ...]  # per city, facts per topic of TOPICS
    ages: tuple[AgeRow, ...]
    kinds: tuple[str, ...]
    sources: tuple[tuple[int, ...], ...]  # per city, sources per kind
    uncertain: tuple[tuple[str, str, str, str], ...]  # city, place, value, why
    no_hours: tuple[tuple[str, str], ...]  # city, office
    failed: tuple[tuple[str, int], ...]  # file, number of problems
    overtaken: tuple[tuple[str, str, str, str], ...] = ()  # city, question, its own answer's date, the newer rule


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _years_before(today: dt.date, years: int) -> dt.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def overtaken(city: City, regions: tuple[Region, ...], today: dt.date) -> list[tuple[str, str, str, str]]:
    """The city's own answers to a question that a newer rule of the nation or its province
    answers too: the city's facts to check against the newer rule first."""
    above = [r for region in regions if region.level == NATIONAL or region.name == city.province
             for r in region.rules]
    rows = []
    for question in QUESTIONS:
        newer = min((r for r in above if r.question == question.slug), key=newer_first, default=None)
        if newer is None:
            continue
        for own in city.rules + from_items(city):
            if own.question == question.slug and own.when() < newer.when():
                mine, theirs = answer(own, today), answer(newer, today)
                rows.append((city.name, question.ask, f"{mine.when}：{_short(own.text, 24)}", theirs.badge))
    return rows


def maintainers_report(version: Version, today: dt.date, regions: tuple[Region, ...] = ()) -> Report:
    cities = [version.cities[name] for name in sorted(version.cities)]
    per_city: list[list[Fact]] = [city_facts(c) for c in cities]
    limits = tuple(_years_before(today, years) for years in AGES)
    ages = []
    for city, facts in zip(cities, per_city):
        days = [f.newest_source.latest_day if f.newest_source else None for f in facts]
        ages.append(AgeRow(city.name, len(facts),
                           tuple(sum(1 for d in days if d and d < limit) for limit in limits),
                           sum(1 for d in days if d is None)))
    kinds_of = [[s.kind for s in c.sources] for c in cities]
    kinds = tuple(k for k in SOURCE_KINDS if any(k in ks for ks in kinds_of))
    return Report(
        today,
        tuple(c.name for c in cities),
        tuple(tuple(sum(1 for f in facts if f.topic == t.slug) for t in TOPICS) for facts in per_city),
        tuple(ages),
        kinds,
        tuple(tuple(ks.count(k) for k in kinds) for ks in kinds_of),
        tuple((f.city, f.place, _short(f.shown()), f.uncertain) for facts in per_city for f in facts if f.uncertain),
        tuple((c.name, o.name) for c in cities if c.offices for o in c.offices.items if not o.hours),
        tuple((f"cities/{name}.yaml", len(problems)) for name, problems in sorted(version.failed.items())),
        tuple(row for c in cities for row in overtaken(c, regions, today)),
    )


def _sections(report: Report) -> list[tuple[str, str, list[str], list[tuple[str, ...]], str]]:
    """(title, explanation, table headers, rows, text when there are no rows)."""
    cell = lambda n: str(n) if n else "—"  # noqa: E731
    total = sum(row.facts for row in report.ages)
    return [
        ("各主题的资料条数", "“—”表示这个主题页没有资料，网站上显示“暂无资料”。",
         ["城市", *(t.title for t in TOPICS)],
         [(name, *(cell(n) for n in counts)) for name, counts in zip(report.cities, report.coverage)], ""),
        ("来源的年代",
         f"按每条事实最新的来源日期，与 {chinese.date(report.today)} 相比；共 {total} 条事实。",
         ["城市", "事实", *(f"超过 {y} 年" for y in AGES), "来源日期不详"],
         [(r.city, str(r.facts), *(str(n) for n in r.older), str(r.undated)) for r in report.ages], ""),
        ("来源类型", "每个城市文件列出的来源，按类型计数。",
         ["城市", *report.kinds],
         [(name, *(cell(n) for n in counts)) for name, counts in zip(report.cities, report.sources)], ""),
        ("标为不确定的数字", "来源残缺或只是一般常识的数字，请找更好的来源核实。",
         ["城市", "位置", "数值", "原因"], [tuple(row) for row in report.uncertain], "没有标为不确定的数字。"),
        ("没有办公时间的经办机构", "请找来源补上办公时间。",
         ["城市", "经办机构"], [tuple(row) for row in report.no_hours], "每个经办机构都有办公时间。"),
        ("比全国或省的规定旧的本市资料", "同一个问题，全国或省里有更新的规定：请找本市较新的资料核实，或在城市文件里加上本市的新规定。",
         ["城市", "问题", "本市的资料", "较新的规定"], [tuple(row) for row in report.overtaken],
         "没有比全国或省的规定旧的本市资料。"),
    ]


def _heading(report: Report) -> tuple[str, str | None]:
    title = f"维护者报告（{chinese.date(report.today)}）"
    failed = None
    if report.failed:
        failed = ("以下城市文件没有通过检查，没有计入报告（运行 yibao check 查看）："
                  + "、".join(f"{file}（{n} 个问题）" for file, n in report.failed))
    return title, failed


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def as_text(report: Report) -> str:
    title, failed = _heading(report)
    out = [title, f"{len(report.cities)} 个城市。"]
    if failed:
        out.append(failed)
    for number, (name, note, headers, rows, empty) in enumerate(_sections(report), 1):
        out += ["", f"{'一二三四五六七八九'[number - 1]}、{name}", note]
        if not rows:
            out.append(empty)
            continue
        widths = [max(_width(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
        for row in [headers, *rows]:
            out.append("  ".join(_pad(str(v), w) for v, w in zip(row, widths)).rstrip())
    return "\n".join(out) + "\n"


def as_markdown(report: Report) -> str:
    title, failed = _heading(report)
    out = [f"### {md(title)}", "", md(f"{len(report.cities)} 个城市。")]
    if failed:
        out += ["", md(failed)]
    for name, note, headers, rows, empty in _sections(report):
        out += ["", f"#### {md(name)}", "", md(note), ""]
        if not rows:
            out.append(md(empty))
            continue
        out.append("| " + " | ".join(md(h) for h in headers) + " |")
        out.append("|" + "|".join(" --- " if i == 0 else " ---: " if _numeric(rows, i) else " --- "
                                  for i in range(len(headers))) + "|")
        out += ["| " + " | ".join(md(str(v)) for v in row) + " |" for row in rows]
    return "\n".join(out) + "\n"


def _numeric(rows: list[tuple[str, ...]], column: int) -> bool:
    return all(str(r[column]).isdigit() or r[column] == "—" for r in rows)
