"""How a text in a city file cites its sources: a marker at the end of a sentence,
`[s001]` or `[s000, s002]` (ids start with a letter, so `[2007]` is never a marker).
`check` finds markers naming no source; pages turn them into numbered links."""
from __future__ import annotations

import re

MARKER = re.compile(r"\[([a-z][a-z0-9-]*(?:\s*[,，、]\s*[a-z][a-z0-9-]*)*)\]")
MARKER_ID = re.compile(r"[a-z][a-z0-9-]*")


def marker_ids(text: str) -> list[str]:
    return [i for m in MARKER.finditer(text) for i in MARKER_ID.findall(m.group(1))]
