"""`yibao diff OLD NEW`: what a change does to the facts, for the person reviewing it.

Both versions become flat lists of facts (facts.py); facts are matched by their place in
the city file, so a moved line, a new comment or different quoting changes nothing here.
What is left is said in words: which fact changed from what to what and on which
sources, which offices, materials or steps were added or removed, which cities.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.output.facts import Fact, city_facts, shown
from generator.commands.versions import Version

FORMATTING_ONLY = "只改了格式，事实没有变化。"
NO_CITY_FILE_CHANGED = "两个版本的城市文件（cities/*.yaml）一字不差，事实没有变化。"
SOURCES_ONLY = "只改了来源的事实（值没有变）"
_SHORT = 60  # a list value longer than this (steps, documents) is compared line by line
SUMMARY_LIMIT = 1_000_000  # bytes: GitHub drops a job summary over 1 MiB (1,048,576 bytes) whole


@dataclass(frozen=True)
class Entry:
    verb: str  # 修改 / 新增 / 删除 / 改了来源
    title: str  # the place within its section, in words
    lines: tuple[tuple[str, str], ...]  # (label, text)


@dataclass(frozen=True)
class SectionDiff:
    title: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class CityDiff:
    name: str
    file: str
    status: str  # "changed", "added", "removed" or "unreadable"
    sections: tuple[SectionDiff, ...] = ()
    notes: tuple[str, ...] = ()
    facts: int = 0  # facts of an added or removed city


@dataclass
class Counts:
    changed: int = 0
    added: int = 0
    removed: int = 0
    sources_only: int = 0  # facts whose sources changed, not their values

    def line(self) -> str:
        also = f"；另有 {self.sources_only} 条事实只改了来源" if self.sources_only else ""
        return f"修改 {self.changed} 条事实，新增 {self.added} 条，删除 {self.removed} 条{also}"


@dataclass(frozen=True)
class Diff:
    old: str
    new: str
    cities: tuple[CityDiff, ...]
    counts: Counts = field(default_factory=Counts)
    same_files: bool = False  # every city file byte for byte the same on both sides

    @property
    def unchanged(self) -> bool:
        return not self.cities

    @property
    def complete(self) -> bool:
        return not any(c.status == "unreadable" for c in self.cities)


def compare(old: Version, new: Version) -> Diff:
    counts = Counts()
    cities: list[CityDiff] = []
    for name in sorted(old.names | new.names):
        file = f"cities/{name}.yaml"
        if name in old.failed or name in new.failed:
            cities.append(_unreadable(name, file, old, new))
            continue
        if name not in old.cities:
            facts = city_facts(new.cities[name])
            counts.added += len(facts)
            cities.append(CityDiff(new.cities[name].name, file, "added", facts=len(facts)))
            continue
        if name not in new.cities:
            facts = city_facts(old.cities[name])
            counts.removed += len(facts)
            cities.append(CityDiff(old.cities[name].name, file, "removed", facts=len(facts)))
            continue
        sections = _compare_city(city_facts(old.cities[name]), city_facts(new.cities[name]), counts)
        if sections:
            cities.append(CityDiff(new.cities[name].name, file, "changed", sections))
    same = bool(old.digests) and old.digests == new.digests and not old.failed and not new.failed
    return Diff(old.label, new.label, tuple(cities), counts, same_files=same)


def _unreadable(name: str, file: str, old: Version, new: Version) -> CityDiff:
    notes = []
    for version, which in ((old, "旧版本"), (new, "新版本")):
        if name in version.failed:
            problems = version.failed[name]
            notes.append(f"{which}（{version.label}）的 {file} 没有通过检查，有 {len(problems)} 个问题，"
                         "这个城市无法比较。请先运行 yibao check 改正：")
            notes.extend(f"  {p}" for p in problems[:10])
            if len(problems) > 10:
                notes.append(f"  ……还有 {len(problems) - 10} 个问题")
        elif name not in version.cities:
            notes.append(f"{which}（{version.label}）没有这个城市的文件。")
    city = new.cities.get(name) or old.cities.get(name)
    return CityDiff(city.name if city else name, file, "unreadable", notes=tuple(notes))


def _compare_city(old: list[Fact], new: list[Fact], counts: Counts) -> tuple[SectionDiff, ...]:
    old_by = {f.key: f for f in old}
    new_by = {f.key: f for f in new}
    old_items = {f.item_key for f in old if f.item}
    new_items = {f.item_key for f in new if f.item}
    entries: dict[str, list[Entry]] = {}
    order = list(dict.fromkeys(f.section for f in new + old))
    # facts whose sources changed but not their values, by (sources before, after): shown
    # after every change of a value, as one entry per change of sources (a correction of one
    # phone that adds a source to its office listed six such facts before the phone)
    sources_only: dict[tuple, list[str]] = {}

    def add(section: str, entry: Entry) -> None:
        entries.setdefault(section, []).append(entry)

    # whole items (an office, a material list, a procedure, a tier) added or removed; each
    # fact looked at once (a search of all facts per added item took 41 s for 8,000 offices)
    for verb, items, facts in (("新增", new_items - old_items, new), ("删除", old_items - new_items, old)):
        groups: dict[tuple[str, str], list[Fact]] = {}
        for f in facts:
            if f.item_key in items:
                groups.setdefault(f.item_key, []).append(f)
        for group in groups.values():
            lines = tuple((f.field, f.shown()) for f in group) + (("来源", _cite(_sources(group))),)
            add(group[0].section, Entry(verb, group[0].item, lines))
            if verb == "新增":
                counts.added += len(group)
            else:
                counts.removed += len(group)
    # single facts changed, added to or removed from an item both versions have
    whole = new_items ^ old_items
    for fact in new + [f for f in old if f.key not in new_by]:
        before, after = old_by.get(fact.key), new_by.get(fact.key)
        if (before or after).item_key in whole:
            continue
        title = " · ".join(p for p in (fact.item, fact.field) if p)
        if before and after:
            if (before.value, before.unit) != (after.value, after.unit):
                add(fact.section, Entry("修改", title, _values(before, after) + _both_sources(before, after)))
                counts.changed += 1
            elif before.sources != after.sources:
                sources_only.setdefault((before.sources, after.sources), []).append(
                    " · ".join(p for p in (fact.section, title) if p))
                counts.sources_only += 1
        elif after:
            add(fact.section, Entry("新增", title, (("值", after.shown()), ("来源", _cite(after.sources)))))
            counts.added += 1
        else:
            add(fact.section, Entry("删除", title, (("原来的值", before.shown()), ("来源", _cite(before.sources)))))
            counts.removed += 1
    # when someone last checked each section
    checked_old = {f.section: f.verified for f in old}
    for section, day in dict.fromkeys((f.section, f.verified) for f in new):
        if section in checked_old and checked_old[section] != day:
            add(section, Entry("核实日期", "", (("", f"{shown(checked_old[section])} → {shown(day)}"),)))
    sections = [SectionDiff(s, tuple(entries[s])) for s in order if s in entries]
    if sources_only:
        sections.append(SectionDiff(SOURCES_ONLY, tuple(
            Entry("改了来源", f"{len(facts)} 条事实", (("事实", "；".join(facts)),
                                                     ("原来的来源", _cite(before)), ("现在的来源", _cite(after))))
            for (before, after), facts in sources_only.items())))
    return tuple(sections)


def _values(before: Fact, after: Fact) -> tuple[tuple[str, str], ...]:
    if isinstance(before.value, tuple) and isinstance(after.value, tuple) \
            and len(before.shown()) + len(after.shown()) > _SHORT:
        gone = tuple(("删除的一条", shown(v)) for v in before.value if v not in after.value)
        came = tuple(("增加的一条", shown(v)) for v in after.value if v not in before.value)
        if gone or came:
            return gone + came
        return (("顺序", "只调整了顺序"), ("现在", after.shown()))
    return (("原来", before.shown()), ("现在", after.shown()))


def _both_sources(before: Fact, after: Fact) -> tuple[tuple[str, str], ...]:
    if before.sources == after.sources:
        return (("来源（前后相同）", _cite(after.sources)),)
    return (("原来的来源", _cite(before.sources)), ("现在的来源", _cite(after.sources)))


def _sources(facts: list[Fact]):
    return tuple(dict.fromkeys(s for f in facts for s in f.sources))


def _cite(sources) -> str:
    return "；".join(s.cite() for s in sources) or "没有注明来源"


# --- printing ------------------------------------------------------------------------

def _summary(diff: Diff) -> list[str]:
    if diff.unchanged:
        return [NO_CITY_FILE_CHANGED if diff.same_files else FORMATTING_ONLY]
    parts = []
    changed = [c for c in diff.cities if c.status == "changed"]
    if changed:
        parts.append(f"{len(changed)} 个城市的事实有变化")
    for status, word in (("added", "新增城市"), ("removed", "删除城市"), ("unreadable", "无法比较的城市")):
        names = [c.name for c in diff.cities if c.status == status]
        if names:
            parts.append(f"{word}：{'、'.join(names)}")
    lines = ["；".join(parts) + "。", f"共{diff.counts.line()}。"]
    if not changed and not diff.counts.added and not diff.counts.removed and not diff.counts.sources_only \
            and not diff.complete:
        lines.append("能比较的城市里，事实没有变化。")
    return lines


def _city_heading(city: CityDiff) -> str:
    if city.status == "added":
        return f"新增城市：{city.name}（{city.file}），共 {city.facts} 条事实"
    if city.status == "removed":
        return f"删除城市：{city.name}（{city.file}），原有 {city.facts} 条事实"
    return f"{city.name}（{city.file}）"


def as_text(diff: Diff) -> str:
    out = [f"事实变化：{diff.old} → {diff.new}", *_summary(diff)]
    for city in diff.cities:
        out += ["", _city_heading(city)]
        out += [f"  {note}" for note in city.notes]
        for section in city.sections:
            out.append(f"  {section.title}")
            for entry in section.entries:
                out.append(f"    {entry.verb}：{entry.title}" if entry.title else f"    {entry.verb}")
                out += [f"        {label}：{text}" if label else f"        {text}" for label, text in entry.lines]
    return "\n".join(out) + "\n"


_MARKDOWN_SPECIAL = set("\\`*_{}[]()<>#+-.!|~&")
# An address in a text: made a CommonMark autolink <…>, where nothing is escaped, so that
# it stays a live link to exactly what it says (escaping its dots and underscores made
# GitHub link to https://ybj%5C.ln%5C.gov…). ASCII only: it ends at Chinese punctuation.
_URL = re.compile(r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
_URL_TRAILING = ".,:;!?'\"*_~"
# A word joiner after every @ outside addresses: GitHub makes name@host.org a mailto:
# link and @name a mention that notifies that account; with it, neither happens and the
# text reads the same.
_AT = "@\u2060"


def _url_end(url: str) -> str:
    """The address without the punctuation after it (as GitHub's autolinks end): trailing
    . , : ; ! ? and a closing parenthesis that opens nowhere inside."""
    while url:
        if url[-1] in _URL_TRAILING:
            url = url[:-1]
        elif url[-1] == ")" and url.count("(") < url.count(")"):
            url = url[:-1]
        else:
            break
    return url


def _escape(text: str) -> str:
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else _AT if ch == "@" else ch for ch in text)


def md(text: str) -> str:
    """Text from a city file, shown as text in Markdown (a job summary renders HTML too):
    Markdown's characters escaped, http(s) addresses live links that show where they go,
    no e-mail address or @mention made live."""
    text = " ".join(str(text).split())
    out, at = [], 0
    for found in _URL.finditer(text):
        url = _url_end(found.group())
        if len(url) <= len("https://"):
            continue
        out += [_escape(text[at:found.start()]), f"<{url}>"]
        at = found.start() + len(url)
    out.append(_escape(text[at:]))
    return "".join(out)


def as_markdown(diff: Diff, limit: int = SUMMARY_LIMIT) -> str:
    """The diff for a GitHub job summary: at most `limit` bytes in UTF-8 (GitHub drops a
    summary over 1 MiB whole). When the changes do not fit, the first ones are listed and
    a note under the summary says how many were left out and how to see them all."""
    head = [f"### 事实变化：{md(diff.old)} → {md(diff.new)}"]
    for line in _summary(diff):
        head += ["", md(line)]
    room = limit - _size(head) - _NOTE_ROOM
    body: list[str] = []
    left_entries = left_cities = 0
    for city in diff.cities:
        if left_entries or left_cities:  # out of room: only count
            left_cities += 1
            left_entries += sum(len(s.entries) for s in city.sections)
            continue
        block = ["", f"#### {md(_city_heading(city))}", ""]
        if city.notes:
            block += ["```", *[note.replace("```", "\'\'\'") for note in city.notes], "```"]
        if _size(block) > room:
            left_cities += 1
            left_entries += sum(len(s.entries) for s in city.sections)
            continue
        body += block
        room -= _size(block)
        for section in city.sections:
            lines = [f"**{md(section.title)}**", ""]
            size = _size(lines) + 1  # and the blank line after the section
            for index, entry in enumerate(section.entries):
                item = [f"- {md(entry.verb)}：{md(entry.title)}" if entry.title else f"- {md(entry.verb)}"]
                item += [f"  - {md(label)}：{md(text)}" if label else f"  - {md(text)}" for label, text in entry.lines]
                if size + _size(item) > room:
                    left_entries += len(section.entries) - index
                    break
                lines += item
                size += _size(item)
            if len(lines) > 2:
                body += lines + [""]
                room -= size
            if left_entries:
                left_entries += sum(len(s.entries) for s in city.sections[city.sections.index(section) + 1:])
                break
    if left_entries or left_cities:
        cities = f"（其中 {left_cities} 个城市整个没有列出）" if left_cities else ""
        head += ["", f"**摘要太长，下面只列出前面的变化，省略了 {left_entries} 条{cities}。**"
                     "GitHub 的摘要最多 1 MiB，超过就整个不显示。要看全部变化，请在本地运行 "
                     f"`yibao diff {diff.old.replace('`', '')} {diff.new.replace('`', '')}`。"]
    return "\n".join(head + body).rstrip("\n") + "\n"


_NOTE_ROOM = 1024  # bytes kept for the note that says what was left out


def _size(lines: list[str]) -> int:
    return sum(len(line.encode("utf-8")) + 1 for line in lines)
