"""How a text in a city file cites its sources: a marker at the end of a sentence,
`[s001]` or `[s000, s002]` (ids start with a letter, so `[2007]` is never a marker).
`check` finds markers naming no source; pages turn them into numbered links."""
from __future__ import annotations

import re

MARKER = re.compile(r"\[([a-z][a-z0-9-]*(?:\s*[,，、]\s*[a-z][a-z0-9-]*)*)\]")
MARKER_ID = re.compile(r"[a-z][a-z0-9-]*")


def marker_ids(text: str) -> list[str]:
    return [i for m in MARKER.finditer(text) for i in MARKER_ID.findall(m.group(1))]


def without_markers(text: str) -> str:
    """The text as a reader of a table sees it: the markers taken out (with a space that
    stood before one), the sentence otherwise unchanged."""
    return re.sub(r"\s*" + MARKER.pattern, "", text).strip()


def take_markers(value):
    """A text (or a tuple of texts and numbers) without its markers, and the ids they name,
    each once, in order."""
    texts = [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)] \
        if isinstance(value, tuple) else []
    ids = list(dict.fromkeys(i for t in texts for i in marker_ids(t)))
    if not ids:
        return value, ids
    if isinstance(value, str):
        return without_markers(value), ids
    return tuple(without_markers(v) if isinstance(v, str) else v for v in value), ids
