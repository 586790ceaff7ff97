"""Stage 5 — index: a static Chinese search index with Pagefind (extended build, which
segments Chinese), plus the small data files the search page uses to understand what
people type: synonyms, question words, traditional characters and pinyin city names.

The HTML that is published stays as rendered; only the copy handed to Pagefind carries
the extra synonym words, so `补交` finds a page that says `补缴`.
"""
from __future__ import annotations

import asyncio
import html
import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem, UserError
from .load import load_yaml
from .validate import schema_problems

TERMS_FILE = "content/search-terms.yaml"


@dataclass(frozen=True)
class SearchTerms:
    synonyms: tuple[tuple[str, ...], ...]
    stopwords: tuple[str, ...]
    phrases: tuple[tuple[str, str], ...]


def load_terms(root: Path) -> SearchTerms:
    path = root / TERMS_FILE
    if not path.exists():
        raise UserError([Problem(TERMS_FILE, 1, 1, "", "缺少搜索词表文件。")])
    doc = load_yaml(path, TERMS_FILE)
    problems = schema_problems(doc, "search-terms")
    if problems:
        raise UserError(problems)
    data = doc.data
    return SearchTerms(tuple(tuple(g) for g in data["synonyms"]), tuple(data.get("stopwords", ())),
                       tuple((k, v) for k, v in (data.get("phrases") or {}).items()))


_TAG = re.compile(r"<[^>]+>")


def page_text(markup: str) -> str:
    return html.unescape(_TAG.sub(" ", markup))


def with_synonyms(markup: str, terms: SearchTerms) -> str:
    """The page with, inside <main>, the other spellings of every term it uses."""
    text = page_text(markup)
    extra = [w for group in terms.synonyms if any(v in text for v in group) for w in group if w not in text]
    if not extra or "</main>" not in markup:
        return markup
    block = "<p>" + " ".join(html.escape(w) for w in extra) + "</p>"
    return markup.replace("</main>", block + "</main>", 1)


def query_data(rendered: dict[str, str], terms: SearchTerms, cities: dict[str, str]) -> dict:
    """What search.js needs to rewrite a query before asking Pagefind."""
    import opencc  # imported here: only builds with search need it

    chars = sorted({ch for markup in rendered.values() for ch in page_text(markup) if "\u4e00" <= ch <= "\u9fff"})
    to_trad = opencc.OpenCC("s2t")
    to_tw = opencc.OpenCC("s2tw")
    t2s: dict[str, str] = {}
    for ch in chars:
        for variant in {to_trad.convert(ch), to_tw.convert(ch)}:
            if variant != ch and len(variant) == 1:
                t2s[variant] = ch
    return {
        "cities": cities,
        "synonyms": [list(g) for g in terms.synonyms],
        "stopwords": list(terms.stopwords),
        "phrases": dict(terms.phrases),
        "t2s": dict(sorted(t2s.items())),
    }


def build_index(rendered: dict[str, str], out: Path, terms: SearchTerms) -> int:
    """Index every page that has content to find; returns how many pages were indexed."""
    return asyncio.run(_index(rendered, out, terms))


async def _index(rendered: dict[str, str], out: Path, terms: SearchTerms) -> int:
    from pagefind.index import IndexConfig, PagefindIndex

    pages = {path: markup for path, markup in rendered.items() if "data-pagefind-body" in markup}
    config = IndexConfig(output_path=str(out / "pagefind"), force_language="zh-cn")
    # One add_directory call over a copy of the pages (with their synonyms): the Python
    # wrapper polls for each reply every 0.1 s, so adding pages one by one costs 0.1 s a page.
    with tempfile.TemporaryDirectory(prefix="yibao-index-") as source:
        for path, markup in pages.items():
            target = Path(source) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(with_synonyms(markup, terms), encoding="utf-8")
        async with PagefindIndex(config=config) as index:
            result = await index.add_directory(path=source)
            await index.write_files(output_path=str(out / "pagefind"))
    indexed = result.get("page_count", len(pages)) if isinstance(result, dict) else len(pages)
    if indexed != len(pages):
        raise RuntimeError(f"Pagefind indexed {indexed} of {len(pages)} pages")
    return indexed


def write_query_data(out: Path, data: dict) -> None:
    target = out / "pagefind" / "yibao-query.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                      encoding="utf-8")
