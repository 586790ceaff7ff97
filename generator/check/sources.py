"""Checks of a file's sources: each is dated, a check day is not before a source's date,
each item cites its own, and citation markers name sources of the file."""
from __future__ import annotations

import datetime as dt
import difflib
import re

from generator.check.data import _items, _list, real_date, walk
from generator.core.citations import MARKER


def _earliest(source: dict) -> dt.date | None:
    """The first day a source can be from; None when only an upper bound is known."""
    text = source.get("published") or source.get("estimated")
    if not isinstance(text, str) or source.get("estimated_before") is True:
        return None
    # ASCII digits only, and any count of them: a date the schema refuses (“年”, “２０１２”)
    # must still not crash the checks that run beside the schema's
    numbers = [int(p) for p in re.findall(r"[0-9]+", text)]
    if not numbers:
        return None
    year, month, day = (numbers + [1, 1])[:3]
    try:
        return dt.date(year, month, day)
    except (ValueError, OverflowError):
        return None


def _check_source_dates(data: dict, add) -> None:
    """Every source says when it is from; `verified` cannot be before a source existed."""
    earliest: dict[str, dt.date] = {}
    for index, source in _items({"items": data.get("sources")}):
        where = ("sources", index)
        if "published" in source and "estimated" in source:
            add(where + ("estimated",), "published（发布日期）和 estimated（推测的年份）只能写一个："
                                         "来源上印着日期就写 published，没有就写 estimated。", True)
        elif "published" not in source and "estimated" not in source:
            add(where, "这个来源缺少日期。来源上印着日期就写 published: 2024-10-16；没有日期就写推测的年份，"
                       "例如 estimated: \"2012\"，并在 editor_note 里写明是怎么推测的。")
        elif "estimated" in source and not source.get("editor_note"):
            add(where, "推测的年份（estimated）要在 editor_note 里写明理由，例如：文中提到“2012年各病种的年度补助限额”。")
        if "estimated_before" in source and "estimated" not in source:
            add(where + ("estimated_before",), "estimated_before 只能和 estimated 一起写。", True)
        day = _earliest(source)
        if isinstance(source.get("id"), str) and day:
            earliest[source["id"]] = day
    sections = [(("city",), data.get("city"))]
    sections += [((key,), data.get(key)) for key in data if key not in ("city", "sources", "calculators")]
    calculators = data.get("calculators")
    if isinstance(calculators, dict):
        sections += [(("calculators", kind), block) for kind, block in calculators.items()]
    for key in ("rules", "phones"):  # each rule and line is checked on its own day
        sections += [((key, index), item) for index, item in _items({"items": data.get(key)})]
    for base, section in sections:
        if not isinstance(section, dict) or not isinstance(section.get("verified"), str):
            continue
        checked = real_date(section["verified"])
        if checked is None:
            continue
        refs: list[str] = []
        for path, value in walk(section):
            if path and path[-1] == "sources" and isinstance(value, list):
                refs += [r for r in value if isinstance(r, str)]
            elif path and path[-1] == "source" and isinstance(value, str):
                refs.append(value)
        late = [(earliest[r], r) for r in dict.fromkeys(refs) if r in earliest and earliest[r] > checked]
        if late:
            day, ref = max(late)
            add(base + ("verified",), f"核实日期 {section['verified']} 早于来源“{ref}”的日期"
                                      f"（{day.isoformat()} 或更晚）。不可能在来源发布之前对照它核实，请改成实际核实的日期。")


# The lists whose every item is a fact of its own, dated by the sources it cites: a page
# shows each item's date beside it, so an item without sources has no date to show.
ITEM_LISTS = (("schemes", "items"), ("materials", "items"), ("procedures", "items"),
              ("offices", "items"), ("channels", "items"), ("money", "items"),
              ("benefits", "items"), ("tips", "items"), ("enrolment", "windows"),
              ("enrolment", "benefit_years"), ("enrolment", "rules"))


def _check_item_sources(data: dict, add) -> None:
    """Every item cites the sources that state it: `sources: [s001]` under the item itself.
    The section's own `sources:` list is where its items' sources are drawn from, not a
    date for each of them."""
    for section, key in ITEM_LISTS:
        block = data.get(section)
        if not isinstance(block, dict):
            continue
        listed = [r for r in _list(block.get("sources")) if isinstance(r, str)]
        example = listed[0] if listed else "s001"
        for index, item in _items(block, key):
            refs = item.get("sources")
            if isinstance(refs, list) and refs:
                continue
            where = (section, key, index) if "sources" not in item else (section, key, index, "sources")
            add(where, f"这一项没有写自己的来源。在这一项下面加 sources: [{example}]，写明是哪份资料说的"
                       f"（一项由几份资料说到，就都写上，例如 sources: [{', '.join(listed[:2]) or 's001'}]）。"
                       "页面上每一项旁边显示的资料时间，按这一项自己的来源计算。")
    calculators = data.get("calculators")
    if isinstance(calculators, dict):
        for name, block in calculators.items():
            if not isinstance(block, dict):
                continue
            listed = [r for r in _list(block.get("sources")) if isinstance(r, str)]
            for index, version in _items(block, "versions"):
                refs = version.get("sources")
                if isinstance(refs, list) and refs:
                    continue
                add(("calculators", name, "versions", index),
                    f"计算器的这个版本没有写自己的来源。在这个版本下面加 sources: [{listed[0] if listed else 's001'}]，"
                    "写明这组数字是哪份资料说的。")


def _check_citations(data: dict, source_ids: set[str], add) -> None:
    """Citation markers such as [s001] in the text must name a source of the file."""
    for path, value in walk(data):
        if not isinstance(value, str) or not path or path[-1] in ("editor_note", "id", "source", "url"):
            continue
        for match in MARKER.finditer(value):
            for ref in re.findall(r"[a-z][a-z0-9-]*", match.group(1)):
                if ref not in source_ids:
                    add(path, f"引用标记[{ref}]里的来源不存在。" + _missing_source(ref, source_ids))




def _missing_source(ref: str, known: set[str]) -> str:
    listing = "、".join(sorted(known)) or "（空）"
    close = difflib.get_close_matches(ref, sorted(known), n=1)
    hint = f"你是不是想写“{close[0]}”？" if close else ""
    return f"来源“{ref}”不存在。{hint}文件开头的 sources 里有：{listing}。"
