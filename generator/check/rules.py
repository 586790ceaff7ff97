"""Stage 2 — validate, second half: the checks a JSON Schema cannot express.

Phone numbers, URLs, real dates, windows, duplicates, references between sections,
source dates and citation markers. `validate.py` runs the schema first; both return
every problem found and raise nothing.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from generator.core.errors import Problem
from generator.source.load import Document
from generator.core import phones
from generator.source import places
from generator.calculators.common import FIRST_YEAR, LAST_YEAR
from generator.core.addresses import RESERVED_NAMES, reserved_name
from generator.check.addresses import shared_checklists
from generator.check.data import _complete, _items, _list, month_day, real_date, walk  # noqa: F401
from generator.check.sources import _check_citations, _check_item_sources, _check_source_dates, _missing_source


# Policy dates, check dates and publication dates all fall in the calculators' years.
_YEAR_RANGE = f"“{{value}}”的年份不对：日期要在 {FIRST_YEAR} 年到 {LAST_YEAR} 年之间。"


def semantic_problems(doc: Document, today: dt.date) -> list[Problem]:
    data = doc.data
    if not isinstance(data, dict):
        return []
    problems: list[Problem] = []
    add = lambda path, msg, key=False: problems.append(doc.problem(path, msg, key))  # noqa: E731

    city = data.get("city") if isinstance(data.get("city"), dict) else {}
    stem = Path(doc.file).stem
    if isinstance(city.get("pinyin"), str) and city["pinyin"] != stem:
        add(("city", "pinyin"), f"拼音“{city['pinyin']}”与文件名 {stem}.yaml 不一致。"
                                f"请把文件改名为 {city['pinyin']}.yaml，或把拼音改为 {stem}。")
    if isinstance(city.get("pinyin"), str) and city["pinyin"] in RESERVED_NAMES:
        add(("city", "pinyin"), reserved_name(city["pinyin"]))
    area_code = city.get("area_code") if isinstance(city.get("area_code"), str) else None

    source_ids = _ids(data.get("sources"), "sources", add, "来源编号")
    check_sources = _complete(data.get("sources"))

    for path, value in walk(data):
        last = path[-1] if path else None
        if last in ("verified", "from", "published") and isinstance(value, str):
            if last == "published" and re.fullmatch(r"[0-9]{4}(-[0-9]{2})?", value):
                if len(value) == 7 and not 1 <= int(value[5:]) <= 12:
                    add(path, f"“{value}”不是真实的月份。")
                elif not FIRST_YEAR <= int(value[:4]) <= LAST_YEAR:
                    add(path, _YEAR_RANGE.format(value=value))
                continue
            day = real_date(value) if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value) else None
            if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value) and day is None:
                add(path, f"“{value}”不是真实存在的日期。请检查月份和日子。")
            elif day and not FIRST_YEAR <= day.year <= LAST_YEAR:
                add(path, _YEAR_RANGE.format(value=value))
            elif day and last == "verified" and day > today:
                add(path, f"核实日期 {value} 在今天之后（今天是 {today.isoformat()}）。请写实际对照来源核实的那一天。")
        if (last in ("start", "end", "benefit_year_start") and isinstance(value, str)
                and re.fullmatch(r"[0-9]{2}-[0-9]{2}", value)):
            if month_day(value) is None:
                add(path, f"“{value}”不是真实的日子。请写成“月-日”，例如 \"09-01\"。")
        if last == "url" and isinstance(value, str):
            parsed = urlparse(value.strip())
            if parsed.scheme not in ("http", "https") or not parsed.netloc:
                add(path, f"网址“{value[:60]}”不对：只能用 http:// 或 https:// 开头的完整网址，"
                          "例如 https://ybj.ln.gov.cn/。")
        if isinstance(value, str) and (last in ("phone", "sms_to") or (len(path) >= 2 and path[-2] == "phones")):
            message = phones.problem(value, area_code, sms=(last == "sms_to"))
            if message:
                add(path, message)
        if (last == "sources" and path != ("sources",)) and isinstance(value, list) and check_sources:
            for index, ref in enumerate(value):
                if isinstance(ref, str) and ref not in source_ids:
                    add(path + (index,), _missing_source(ref, source_ids))
        if last == "source" and isinstance(value, str) and value not in source_ids and check_sources:
            add(path, _missing_source(value, source_ids))
        if isinstance(value, list) and path != ("sources",):
            _repeated_texts(doc, path, value, add)

    _check_sections(data, add)
    shared_checklists(doc, add)
    if isinstance(data.get("city"), dict):
        _check_item_sources(data, add)
    _repeated_names(doc, add)
    _check_source_dates(data, add)
    if check_sources:  # with a source missing its id, every citation of it would be reported again
        _check_citations(data, source_ids, add)
    return problems


def _repeated_texts(doc: Document, path: tuple, values: list, add) -> None:
    """The same text twice in one list (a document to bring, a district, a source)."""
    first: dict[str, int] = {}
    for index, value in enumerate(values):
        if not isinstance(value, str):
            continue
        if value in first:
            line = doc.where(path + (first[value],))[0]
            add(path + (index,), f"“{value}”在同一个列表里写了两次（第 {first[value] + 1} 个在第 {line} 行，"
                                 f"第 {index + 1} 个在这里）。请删掉一个。")
        first.setdefault(value, index)


def _repeated_names(doc: Document, add) -> None:
    """Two offices (channels, schemes, a scheme's categories) with one name: a copy-paste
    slip, or two places the public could not tell apart."""
    data = doc.data
    lists = [((section, "items"), data[section].get("items"))
             for section in ("offices", "channels", "schemes") if isinstance(data.get(section), dict)]
    lists += [(("schemes", "items", index, "categories"), scheme.get("categories"))
              for index, scheme in _items(data.get("schemes"))]
    for base, items in lists:
        if not isinstance(items, list):
            continue
        what = places.noun(base, doc.schema or "city") or "项"
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            name = item.get("name") if isinstance(item, dict) else None
            if not isinstance(name, str):
                continue
            if name in seen:
                line = doc.where(base + (seen[name], "name"))[0]
                add(base + (index, "name"),
                    f"{what}“{name}”重复了：第 {seen[name] + 1} 个和第 {index + 1} 个{what}同名"
                    f"（第 {seen[name] + 1} 个在第 {line} 行）。同一个{what}请只写一次；"
                    f"不同的{what}请写全称，让人分得清。")
            seen.setdefault(name, index)


def _ids(items: Any, base: tuple | str, add, label: str, key: str = "id") -> set[str]:
    """Collect ids from a list of mappings, reporting duplicates."""
    base = (base,) if isinstance(base, str) else base
    seen: set[str] = set()
    if not isinstance(items, list):
        return seen
    for index, item in enumerate(items):
        if isinstance(item, dict) and isinstance(item.get(key), str):
            if item[key] in seen:
                add(base + (index, key), f"{label}“{item[key]}”重复了。每个{label}只能用一次。")
            seen.add(item[key])
    return seen


# channel kinds that are no line to ask a question on (an unknown kind is the schema's to report)
NOT_A_HOTLINE = ("voice", "website", "wechat-miniprogram", "wechat-account", "sms", "window", "app", "agency")


def _check_sections(data: dict, add) -> None:
    schemes = data.get("schemes")
    scheme_ids = _ids(schemes.get("items") if isinstance(schemes, dict) else None,
                      ("schemes", "items"), add, "险种编号")
    category_ids: set[str] = set()
    for index, scheme in _items(schemes):
        category_ids |= _ids(scheme.get("categories"), ("schemes", "items", index, "categories"),
                             add, "类别编号")

    procedures = data.get("procedures")
    procedure_ids = _ids(procedures.get("items") if isinstance(procedures, dict) else None,
                         ("procedures", "items"), add, "事项编号")

    offices = data.get("offices")
    office_items = offices.get("items") if isinstance(offices, dict) else None
    _ids(office_items, ("offices", "items"), add, "机构编号")
    primaries = 0
    for index, office in _items(offices):
        if office.get("primary") is True:
            primaries += 1
            if primaries > 1:
                add(("offices", "items", index, "primary"), "只能有一个机构标为 primary: true（城市首页显示的主要机构）。")

    categories_complete = all(_complete(scheme.get("categories")) for _, scheme in _items(schemes))
    procedures_complete = _complete(procedures.get("items") if isinstance(procedures, dict) else None)
    for index, item in _items(data.get("materials")):
        ref = item.get("category")
        if isinstance(ref, str) and ref not in category_ids and categories_complete:
            add(("materials", "items", index, "category"),
                f"申请人类别“{ref}”不存在。schemes 里的类别有：{'、'.join(sorted(category_ids)) or '（空）'}。")
        ref = item.get("procedure")
        if isinstance(ref, str) and ref not in procedure_ids and procedures_complete:
            add(("materials", "items", index, "procedure"),
                f"办理事项“{ref}”不存在。procedures 里的事项有：{'、'.join(sorted(procedure_ids)) or '（空）'}。")

    for index, item in _items(procedures):
        for j, ref in enumerate(_list(item.get("categories"))):
            if isinstance(ref, str) and ref not in category_ids:
                add(("procedures", "items", index, "categories", j),
                    f"申请人类别“{ref}”不存在。schemes 里的类别有:{'、'.join(sorted(category_ids)) or '(空)'}。")

    scheme_refs = [(("procedures", "items", i, "scheme"), it.get("scheme")) for i, it in _items(procedures)]
    scheme_refs += [(("enrolment", "windows", i, "scheme"), it.get("scheme"))
                    for i, it in _items(data.get("enrolment"), "windows")]
    if scheme_ids and _complete(schemes.get("items") if isinstance(schemes, dict) else None):
        for path, ref in scheme_refs:
            if isinstance(ref, str) and ref not in scheme_ids:
                add(path, f"险种“{ref}”不存在。schemes 里的险种有：{'、'.join(sorted(scheme_ids))}。")

    for index, window in _items(data.get("enrolment"), "windows"):
        start, end = month_day(window.get("start")), month_day(window.get("end"))
        if start and end and end <= start:
            add(("enrolment", "windows", index, "end"),
                f"结束日期 {window['end']} 不在开始日期 {window['start']} 之后。跨年的期间请分成两段写。")

    for index, channel in _items(data.get("channels")):
        if channel.get("hotline") is True and channel.get("kind") in NOT_A_HOTLINE:
            add(("channels", "items", index, "hotline"),
                "只有有人接听的咨询电话（kind: hotline）才能标 hotline: true。自助语音电话（kind: voice）"
                "只能按键查询，不能当作咨询电话显示在城市首页；请删掉 hotline: true。")
    calculators = data.get("calculators")
    if isinstance(calculators, dict):
        for name, block in calculators.items():
            if isinstance(block, dict):
                _check_versions(("calculators", name), block, add)


def _check_versions(base: tuple, block: dict, add) -> None:
    versions = block.get("versions")
    if not isinstance(versions, list):
        return
    previous = None
    for index, version in enumerate(versions):
        if not isinstance(version, dict):
            continue
        day = real_date(version.get("from")) if isinstance(version.get("from"), str) else None
        if day and previous and day <= previous:
            add(base + ("versions", index, "from"),
                "各版本的生效日期要从早到晚排列，且不能相同。")
        previous = day or previous
        for key in ("tiers", "levels", "groups", "cases"):
            _ids(version.get(key), base + ("versions", index, key), add, "编号")
        tier_ids = {t["id"] for t in version["tiers"] if isinstance(t, dict) and isinstance(t.get("id"), str)} \
            if isinstance(version.get("tiers"), list) else set()
        for e_index, exempt in enumerate(_list(version.get("exempt"))):
            if isinstance(exempt, dict) and isinstance(exempt.get("tiers"), list):
                for t_index, ref in enumerate(exempt["tiers"]):
                    if isinstance(ref, str) and ref not in tier_ids and _complete(version.get("tiers")):
                        add(base + ("versions", index, "exempt", e_index, "tiers", t_index),
                            f"档次“{ref}”不存在。tiers 里有：{'、'.join(sorted(str(t) for t in tier_ids))}。")
        bands = version.get("bands")
        if isinstance(bands, list):
            ages = [b.get("max_age") for b in bands if isinstance(b, dict)]
            for b_index, age in enumerate(ages[:-1]):
                if not isinstance(age, int):
                    add(base + ("versions", index, "bands", b_index),
                        "除最后一档外，每一档都要写 max_age（年龄上限）。")
            if ages and ages[-1] is not None:
                add(base + ("versions", index, "bands", len(ages) - 1, "max_age"),
                    "最后一档不写 max_age，表示“以上所有年龄”。")
            numbers = [a for a in ages if isinstance(a, int)]
            if numbers != sorted(set(numbers)):
                add(base + ("versions", index, "bands"), "各档的 max_age 要从小到大排列，且不能相同。")
        for c_index, case in enumerate(_list(version.get("cases"))):
            if isinstance(case, dict):
                window = case.get("window")
                if isinstance(window, dict):
                    start, end = month_day(window.get("start")), month_day(window.get("end"))
                    if start and end and end <= start:
                        add(base + ("versions", index, "cases", c_index, "window", "end"),
                            "结束日期要在开始日期之后。")
                if case.get("starts") == "payment-wait" and not isinstance(case.get("wait_months"), int):
                    add(base + ("versions", index, "cases", c_index),
                        "starts 是 payment-wait 时必须写 wait_months（等待几个月）。")
