"""Stage 5 — index: a static Chinese search index with Pagefind (extended build, which
segments Chinese), plus the small data files the search page uses to understand what
people type: synonyms, question words, traditional characters and pinyin city names.

The HTML that is published stays as rendered; only the copy handed to Pagefind carries,
after every word of a synonym group, that group's index word (`zqyaaa`, `zqyaab`, …), and
the search page looks for those index words. So `补交` finds a page that says `补缴`, and
neither depends on how a browser's or Pagefind's segmenter happens to cut Chinese words
(Chromium cuts 挂失 into 挂|失 and 补缴 into 补|缴, which then match 失业 and 补办).
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from . import indexer
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
    doc = load_yaml(path, TERMS_FILE, "search-terms")
    problems = schema_problems(doc, "search-terms")
    if problems:
        raise UserError(problems)
    data = doc.data
    return SearchTerms(tuple(tuple(g) for g in data["synonyms"]), tuple(data.get("stopwords", ())),
                       tuple((k, v) for k, v in (data.get("phrases") or {}).items()))


def _index_word(prefix: str, i: int) -> str:
    """'zqy' + three letters: no Chinese or English word starts like this, and all have one
    length, so Pagefind's prefix matching never takes one index word for another."""
    return prefix + "".join(chr(97 + (i // 26 ** k) % 26) for k in (2, 1, 0))


def fold(text: str) -> str:
    """The one case rule of search: Unicode lower case, as search.js's toLowerCase()
    folds a query. A page's word counts as a synonym word when both fold alike."""
    return text.lower()


def term_tokens(terms: SearchTerms) -> dict[str, str]:
    """Every word of every synonym group (folded) → the index word of its (first) group."""
    tokens: dict[str, str] = {}
    for i, group in enumerate(terms.synonyms):
        for word in group:
            tokens.setdefault(fold(word), _index_word("zqy", i))
    return tokens


def city_tokens(cities: dict[str, str]) -> dict[str, str]:
    """City name → the index word every page of that city carries (the search page's city
    filter). Not a Pagefind filter: Pagefind writes its filter files in a different order
    on every build, and a build must give the same bytes twice."""
    return {cities[pinyin]: _index_word("zqc", i) for i, pinyin in enumerate(sorted(cities))}


# Markup that holds no indexable text of its own: tags, and scripts and styles whole.
_MARKUP = re.compile(r"(<script\b.*?</script\s*>|<style\b.*?</style\s*>|<[^>]+>)", re.S | re.I)


@functools.lru_cache(maxsize=8)
def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    # re.I only finds candidates quickly; `fold` decides (re.I takes ı and İ for i, fold does not)
    return re.compile("|".join(re.escape(w) for w in words), re.I)


def with_terms(markup: str, tokens: dict[str, str], city_token: str | None = None) -> str:
    """The page with, inside <main>, each synonym-group word followed by its group's index
    word, and its city's index word first.

    Words are matched longest first, as search.js cuts a query, so `补缴费` counts once."""
    start, end = markup.find("<main"), markup.rfind("</main>")
    if start < 0 or end < 0:
        return markup
    opened = markup.index(">", start) + 1
    body = markup[opened:end]
    if tokens:
        words = _words_pattern(tuple(sorted(tokens, key=lambda w: (-len(w), w))))
        parts = _MARKUP.split(body)
        for i in range(0, len(parts), 2):  # even places hold text, odd places markup
            # no space after the index word: Pagefind would then drop the ". " it puts between blocks
            parts[i] = words.sub(lambda m: _tagged(m.group(0), tokens), parts[i])
        body = "".join(parts)
    if city_token:
        body = f"{city_token} {body}"
    return markup[:opened] + body + markup[end:]


def _tagged(word: str, tokens: dict[str, str]) -> str:
    token = tokens.get(fold(word))
    return f"{word} {token}" if token else word


def query_data(rendered: dict[str, str], terms: SearchTerms, cities: dict[str, str]) -> dict:
    """What search.js needs to rewrite a query before asking Pagefind."""
    import opencc  # imported here: only builds with search need it

    seen: set[str] = set()
    for markup in rendered.values():
        seen.update(markup)  # markup holds no Chinese that the text does not
    chars = sorted(ch for ch in seen if "\u4e00" <= ch <= "\u9fff")
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
        "tokens": term_tokens(terms),
        "cityTokens": city_tokens(cities),
        "stopwords": list(terms.stopwords),
        "phrases": dict(terms.phrases),
        "t2s": dict(sorted(t2s.items())),
    }


def build_index(rendered: dict[str, str], out: Path, terms: SearchTerms, cities: dict[str, str],
                source: Path, timeout: float | None = None) -> int:
    """Index every page that has content to find into `out/pagefind`; returns how many
    pages were indexed. `cities` maps each city's pinyin (its folder) to its name;
    `source` is an empty folder for the copy of the pages Pagefind reads (with their
    index words); `timeout` defaults to `indexer.time_limit`."""
    pages = {path: markup for path, markup in rendered.items() if "data-pagefind-body" in markup}
    tokens = term_tokens(terms)
    by_name = city_tokens(cities)
    by_folder = {pinyin: by_name[name] for pinyin, name in cities.items()}
    for path, markup in pages.items():
        target = source / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(with_terms(markup, tokens, by_folder.get(path.split("/")[0])), encoding="utf-8")
    indexer.run(source, out / "pagefind", timeout or indexer.time_limit(len(pages)))
    return indexer.check(out / "pagefind", len(pages))


def write_query_data(out: Path, data: dict) -> None:
    target = out / "pagefind" / "yibao-query.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                      encoding="utf-8")
