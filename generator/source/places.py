"""Where a problem is, in words a volunteer reads: `offices.items[2].phones[0]` becomes
经办机构“沙河口区医保中心”的 phones 第 1 个.

An item of a list is named by its own name (name, label, id or title) and what it is (the
schema's title for one item); an item without one by its position, counted from 1 as
people count. Keys stay as they are written in the file: that is what a volunteer looks
for. The line and column printed before it remain the exact place.
"""
from __future__ import annotations

from typing import Any

from generator.source.schemas import schema

NAMING_KEYS = ("name", "label", "id", "title", "case", "applies_to", "text")  # a source by its id: its title is long; a tip by its text
_LONGEST = 20


def describe(path: tuple, data: Any, schema_name: str = "") -> str:
    """`path` in words; "" for the whole file."""
    if not path:
        return ""
    nodes, subschemas = _along(path, data, schema(schema_name) if schema_name else None)
    for k in range(len(path) - 1, -1, -1):
        if not isinstance(path[k], int):
            continue
        name = _name_of(nodes[k + 1], path[k + 1] if k + 1 < len(path) else None)
        noun = (subschemas[k + 1] or {}).get("title")
        if name and noun:
            named = f"“{name}”" if noun in name else f"{noun}“{name}”"
            return named + _words(path[k + 1:], after_item=True)
    return _words(path, after_item=False)


def noun(list_path: tuple, schema_name: str) -> str | None:
    """What one item of the list at `list_path` is (the schema's title for it)."""
    _, subschemas = _along(list_path + (0,), None, schema(schema_name) if schema_name else None)
    return (subschemas[-1] or {}).get("title")


def _name_of(item: Any, reported_key: Any) -> str | None:
    """The item's name, unless the problem is about that very field."""
    if not isinstance(item, dict):
        return None
    for key in NAMING_KEYS:
        value = item.get(key)
        if isinstance(value, str) and value.strip() and key != reported_key:
            value = value.strip()
            return value if len(value) <= _LONGEST else value[:_LONGEST] + "…"
    return None


def _words(path: tuple, after_item: bool) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f" 第 {part + 1} 个"
            after_item = True
        else:
            out += f"的 {part}" if after_item else (f".{part}" if out else str(part))
            after_item = False
    return out.strip()


def _along(path: tuple, data: Any, root: dict | None) -> tuple[list[Any], list[dict | None]]:
    """The data and the schema at each step of `path` (None where there is none)."""
    definitions = (root or {}).get("definitions", {})

    def resolve(node: Any) -> dict | None:
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            target = definitions.get(node["$ref"].rsplit("/", 1)[-1])
            node = {**target, **{k: v for k, v in node.items() if k != "$ref"}} if target else None
        return node if isinstance(node, dict) else None

    nodes, subschemas = [data], [resolve(root)]
    for part in path:
        node, sub = nodes[-1], subschemas[-1]
        if isinstance(part, int):
            nodes.append(node[part] if isinstance(node, list) and 0 <= part < len(node) else None)
            subschemas.append(resolve(sub.get("items")) if sub else None)
        else:
            nodes.append(node.get(part) if isinstance(node, dict) else None)
            subschemas.append(resolve(sub.get("properties", {}).get(part)) if sub else None)
    return nodes, subschemas
