"""Anything two items would publish at one address is a `check` problem: the build would
otherwise write one page over the other, or list one city twice, without a word. A city's
pinyin against the site's own names is `addresses.RESERVED_NAMES` (generator/core)."""
from __future__ import annotations

from typing import Any

from generator.core.errors import Problem
from generator.source.load import Document


def _schemes(data: Any) -> list[tuple[int, dict]]:
    schemes = data.get("schemes") if isinstance(data, dict) else None
    items = schemes.get("items") if isinstance(schemes, dict) else None
    return [(i, s) for i, s in enumerate(items) if isinstance(s, dict)] if isinstance(items, list) else []


def shared_checklists(doc: Document, add) -> None:
    """One category id in two schemes: each category has its own checklist page, at
    <拼音>/checklists/<编号>/, so one would be published over the other. (Within one scheme
    the id is a plain duplicate, reported by `_ids`.)"""
    first: dict[str, tuple[tuple, str]] = {}
    for index, scheme in _schemes(doc.data):
        scheme_id = scheme.get("id") if isinstance(scheme.get("id"), str) else "employee"
        name = scheme.get("name") if isinstance(scheme.get("name"), str) else scheme_id
        mine: set[str] = set()
        for c_index, category in enumerate(scheme.get("categories") if isinstance(scheme.get("categories"), list) else []):
            ref = category.get("id") if isinstance(category, dict) else None
            if not isinstance(ref, str) or ref in mine:
                continue
            mine.add(ref)
            if ref in first:
                other, other_name = first[ref]
                line = doc.where(other)[0]
                add(("schemes", "items", index, "categories", c_index, "id"),
                    f"类别编号“{ref}”在险种“{other_name}”里已经用过（第 {line} 行）。每个类别有自己的"
                    f"材料清单页，网址里用的就是这个编号；两个类别同号，一张清单会盖掉另一张。"
                    f"请给这个类别换一个编号（例如 {scheme_id}-{ref}），"
                    "再把 materials 和 procedures 里指这个类别的地方一起改掉。")
            else:
                first[ref] = (("schemes", "items", index, "categories", c_index, "id"), str(name))


def same_city_names(cities: list[tuple[str, str, int, int]]) -> list[Problem]:
    """Two city files with one city name (`北京` and `北京市` count as one): the home
    page, the comparison and the search would list the city twice. `cities`: (file, name,
    line, column of the name), in file order; the later file is the one reported."""
    problems: list[Problem] = []
    seen: dict[str, tuple[str, int]] = {}
    for file, name, line, column in cities:
        key = name.strip().removesuffix("市") or name
        if key in seen:
            other, other_line = seen[key]
            problems.append(Problem(file, line, column, "city.name",
                                    f"城市名称“{name}”和 {other}（第 {other_line} 行）重名了：首页和城市对比会把"
                                    "这个城市列两次。同一个城市只要一个文件，请把两个文件的资料合到一个里，"
                                    "删掉另一个；不同的城市请写各自的名称。"))
        else:
            seen[key] = (file, line)
    return problems
