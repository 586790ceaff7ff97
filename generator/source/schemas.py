"""The JSON Schemas in `schema/` (the same files volunteers' editors use), read once."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

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
    return raw


def names() -> list[str]:
    return sorted(path.name.removesuffix(".schema.json") for path in SCHEMA_DIR.glob("*.schema.json"))
