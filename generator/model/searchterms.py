"""The search word lists volunteers edit (content/search-terms.yaml): synonym groups,
question words to drop and spoken phrases. Loaded and checked with the rest of the site;
the index stage (search.py) hands them to the search page."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.core.errors import Problem, UserError
from generator.source.load import load_yaml
from generator.check.schema import schema_problems

TERMS_FILE = "content/search-terms.yaml"


@dataclass(frozen=True)
class SearchTerms:
    synonyms: tuple[tuple[str, ...], ...]
    stopwords: tuple[str, ...]
    phrases: tuple[tuple[str, str], ...]
    words: tuple[str, ...] = ()  # more words a query typed in pinyin may hold (医保, 住院)


def load_terms(root: Path) -> SearchTerms:
    path = root / TERMS_FILE
    if not path.exists():
        raise UserError([Problem(TERMS_FILE, 1, 1, "", "缺少搜索词表文件。")])
    doc = load_yaml(path, TERMS_FILE, "search-terms")
    problems = schema_problems(doc, "search-terms")
    if problems:
        raise UserError(problems)
    data = doc.data
    return SearchTerms(tuple(tuple(g) for g in data["synonyms"]), tuple(data.get("stopwords", ())),
                       tuple((k, v) for k, v in (data.get("phrases") or {}).items()),
                       tuple(data.get("words") or ()))
