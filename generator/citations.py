"""How a section cites its sources and says when it was last checked."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import chinese
from .model import Provenance, Source


@dataclass(frozen=True)
class SourceView:
    id: str  # shown beside the title: volunteers' notes refer to sources by id
    title: str
    publisher: str | None
    published: str | None
    url: str | None
    file: str | None
    note: str | None


@dataclass(frozen=True)
class ProvenanceView:
    sources: tuple[SourceView, ...]
    verified: str
    stale: bool
    edit_url: str
    note: str | None = None



def provenance_view(p: Provenance, today: dt.date, edit_url: str,
                    extra: tuple[Source, ...] = ()) -> ProvenanceView:
    seen: dict[str, Source] = {}
    for source in p.sources + extra:
        seen.setdefault(source.id, source)
    return ProvenanceView(
        tuple(SourceView(s.id, s.title, s.publisher, chinese.partial_date(s.published) if s.published else None,
                         s.url, s.file, s.note) for s in seen.values()),
        chinese.date(p.verified), p.is_stale(today), edit_url, p.note)
