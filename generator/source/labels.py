"""Chinese names for the city file's fields and coded values, read from the titles of
generator/schema/city.schema.json: a fact's place reads as the editor's schema names it,
and nobody sees a YAML key."""
from __future__ import annotations

import functools
import re
from typing import Any

from generator.source import schemas

# a title's trailing "(元/年)" or "(月-日)" says how to write the value, which a fact
# says with its unit or its printed date
_FORMAT_HINT = re.compile(r"\((?:元(?:/人)?(?:/年|/月)?|月-日)\)$")
_CHOICE = re.compile(r"([a-z][a-z0-9-]*) ([^、;,;,]+)")


class Labels:
    """Chinese names from the city schema: field titles, units (`x-unit`) and the names of
    coded values, which each enum's description lists as 'code 名称、code 名称'."""

    def __init__(self, schema: dict[str, Any]):
        self.schema = schema
        self.definitions = schema.get("definitions", {})
        self._nodes: dict[tuple[str, ...], dict[str, Any]] = {}
        self._choices: dict[tuple[str, ...], dict[str, str]] = {}
        self._titles: dict[tuple[str, ...], str] = {}

    def _resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            target = self.definitions[node["$ref"].rsplit("/", 1)[-1]]
            node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        return node

    def node(self, path: tuple[str, ...]) -> dict[str, Any]:
        if path not in self._nodes:
            node = self._resolve(self.schema)
            for key in path:
                while node.get("type") == "array" and "items" in node:
                    node = self._resolve(node["items"])
                node = self._resolve(node["properties"][key])
            self._nodes[path] = node
        return self._nodes[path]

    def title(self, *path: str) -> str:
        if path not in self._titles:
            title = self.node(path).get("title")
            if not title:
                raise KeyError(f"city.schema.json: {'.'.join(path)} has no title")
            self._titles[path] = _FORMAT_HINT.sub("", title)
        return self._titles[path]

    def unit(self, *path: str) -> str | None:
        unit = self.node(path).get("x-unit")
        return "%" if unit == "比例" else unit

    def choices(self, *path: str) -> dict[str, str]:
        if path not in self._choices:
            node = self.node(path)
            names = {code: re.sub(r"\([^)]*\)", "", name).strip()
                     for code, name in _CHOICE.findall(node.get("description", ""))}
            self._choices[path] = {code: names[code] for code in node.get("enum", ()) if code in names}
        return self._choices[path]

    def choice(self, value: str, *path: str) -> str:
        return self.choices(*path)[value]


@functools.lru_cache(maxsize=1)
def labels() -> Labels:
    return Labels(schemas.schema("city"))
