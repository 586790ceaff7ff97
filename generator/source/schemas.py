"""The JSON Schemas in `schema/` (the same files volunteers' editors use), read once."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from generator.core.questions import QUESTIONS
from generator.core.topics import AUDIENCES, TIP_TOPICS

SCHEMA_DIR = Path(__file__).parent.parent / "schema"


@lru_cache(maxsize=None)
def schema(name: str) -> dict[str, Any]:
    raw = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    definitions = raw.get("definitions", {})
    if "tipTopic" in definitions:
        definitions["tipTopic"]["enum"] = list(TIP_TOPICS)  # the topic list lives in topics.py
    if "audience" in definitions:
        definitions["audience"]["enum"] = [a.slug for a in AUDIENCES]  # the common cases live in topics.py
    if "question" in definitions:
        definitions["question"]["enum"] = [q.slug for q in QUESTIONS]  # the questions live in questions.py
    return _other_files(raw)


def _other_files(raw: dict[str, Any]) -> dict[str, Any]:
    """A schema that borrows from another (region.schema.json's `city.schema.json#/…`, as
    editors follow them) with the borrowed parts copied in, so that validating needs only
    local references."""
    definitions = raw.setdefault("definitions", {})

    def local(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ".schema.json#/" in ref and not ref.startswith("#"):
                name, pointer = ref.split(".schema.json#/", 1)
                other = schema(name)
                target: Any = other
                for part in pointer.split("/"):
                    target = target[part]
                for key, value in other.get("definitions", {}).items():
                    definitions.setdefault(key, value)
                return {**target, **{k: local(v) for k, v in node.items() if k != "$ref"}}
            return {k: local(v) for k, v in node.items()}
        if isinstance(node, list):
            return [local(v) for v in node]
        return node

    return local(raw)


def names() -> list[str]:
    return sorted(path.name.removesuffix(".schema.json") for path in SCHEMA_DIR.glob("*.schema.json"))
