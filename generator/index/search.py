"""Stage 6 — index: the site's own Chinese search index, built from the pages.

Each page that has something to find (its <main> carries `data-search-body`) becomes a
`SearchDoc`: its address, title and city from the page's view, its headings and text from
the rendered <main>, less the parts marked `data-search-skip` (navigation, source lists,
the repeated old-information warning). The index maps every term (searchtext.py: Chinese
character pairs and single characters, digit triples, Latin words) to the pages that
hold it, each with a weight class (title and headings count more, long pages less, as
BM25 scores). It is cut into many small files by a hash of the term, so a query fetches
only the files of its own terms; each page's text is a file of its own, fetched for the
results shown, to cut the excerpt from.

What the search page does with a query (synonyms, spoken phrases, question words,
traditional characters) lives in static/search-core.js only; this module writes the word
lists it needs into search/data/meta.json.

Files (all under search/data/):
  meta.json         counts, the version, the word lists, the traditional→simplified map and
                    the pinyin of the search words (asking.py)
  t/<hex>.bin       terms whose hash falls in that file; see `_entry` for the layout. Also the
                    ways of naming each city (`^…` entries with no pages, asking.py
                    `city_entries`), each in the file of its first two characters
  d/<id>.json       one page: {"u": address, "t": title, "c": city, "x": text}
  c/<pinyin>.json   one city's number to ring, for “……暂无……的资料”
"""
from __future__ import annotations

import hashlib
import html
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, Sequence

from generator.core.addresses import SEARCH_INDEX
from generator.core.workers import can_fork, forked_map, worker_count
from generator.model.searchterms import SearchTerms
from generator.index.asking import CityKey, city_entries, city_files, pinyin_table
from generator.index.text import city_term, group_term, shard_of, terms, word_terms

# How much a term weighs on a page: BM25 (saturation K1, length normalization B) of its
# count in the text, a heading counting HEADING times, plus TITLE when the page's title
# (or its city's name or pinyin) has it. Kept as one of CLASSES steps of TOP / (CLASSES - 1).
# B is low (BM25's usual 0.75 punished the topic pages, which now open with the national and
# provincial rules and are long, against short calculators: 缴费 found the calculators first;
# on the 261 labelled queries recall@3 0.958 → 0.977, MRR 0.914 → 0.915).
HEADING = 2
K1, B = 1.2, 0.3
TITLE = 1.5
TOP = K1 + 1 + TITLE
CLASSES = 16
SHARD_BYTES = 2048  # aim for index files about this big: a query fetches a few of them
MAX_TERM_BYTES = 16 * 1024  # a term found on most pages keeps its best-weighted pages only
MAX_TEXT = 4000  # characters of a page's text kept for its excerpt
PARALLEL_FROM = 4000  # pages: below this, starting worker processes costs more than it saves


@dataclass(frozen=True)
class SearchDoc:
    url: str  # address under the site root, e.g. "dalian/card/"
    title: str
    city: str  # the city's name, or "" for a page of the whole site
    keys: str  # words that count as title: the city's name and pinyin
    headings: str
    text: str  # the page's visible text, one block per line


# --- page → SearchDoc -----------------------------------------------------------------
_TAG = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>", re.S)
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
_BLOCK = frozenset(("address article aside blockquote br caption dd details div dl dt fieldset figcaption "
                    "figure footer form h1 h2 h3 h4 h5 h6 header hr label legend li main nav ol option p pre "
                    "section summary table td th tr ul").split())
_HEADINGS = frozenset(("h1", "h2", "h3", "h4"))
_NEVER_TEXT = frozenset(("script", "style", "template", "noscript"))
_SPACE = re.compile(r"\s+")


def _main(markup: str) -> str | None:
    start = markup.find("<main")
    if start < 0:
        return None
    opened = markup.find(">", start)
    if "data-search-body" not in markup[start:opened]:
        return None
    end = markup.rfind("</main>")
    return markup[opened + 1:end] if end > opened else None


def page_text(body: str) -> tuple[str, str]:
    """(headings, text) of the markup inside <main>: the text as a reader sees it, one block
    per line, without the elements marked `data-search-skip` and without scripts. The <h1>
    counts as a heading only: the search page shows it as the result's title already.

    The markup is the site's own rendered templates (well-formed; tests parse every page
    strictly), in which anything from a volunteer's file or an article is escaped text, so
    tags can be told from text by `<`."""
    blocks: list[str] = []
    heads: list[str] = []
    line: list[str] = []
    head: list[str] | None = None
    in_h1 = False
    depth = 0
    skip_at = -1  # depth of the element being skipped, or -1
    pos = 0
    for m in _TAG.finditer(body):
        if skip_at < 0 and m.start() > pos:
            chunk = body[pos:m.start()]
            if not in_h1:
                line.append(chunk)
            if head is not None:
                head.append(chunk)
        pos = m.end()
        name = (m.group(2) or "").lower()
        if not name:  # a comment
            continue
        closing = m.group(1) == "/"
        if name in _BLOCK and skip_at < 0:
            blocks.append("".join(line))
            line = []
        if closing:
            depth -= 1
            if depth == skip_at:
                skip_at = -1
            if name in _HEADINGS and head is not None:
                heads.append("".join(head))
                head = None
                in_h1 = False
            continue
        if name in _VOID or m.group(3).rstrip().endswith("/"):
            continue
        if skip_at < 0 and (name in _NEVER_TEXT or "data-search-skip" in m.group(3)):
            skip_at = depth
        elif skip_at < 0 and name in _HEADINGS:
            head = []
            in_h1 = name == "h1"
        depth += 1
    if skip_at < 0:
        line.append(body[pos:])
    blocks.append("".join(line))
    text = "\n".join(b for b in (_SPACE.sub(" ", html.unescape(b)).strip() for b in blocks) if b)
    headings = "\n".join(_SPACE.sub(" ", html.unescape(h)).strip() for h in heads)
    return headings, text


def document(url: str, title: str, city_name: str, city_pinyin: str, markup: str) -> SearchDoc | None:
    """The searchable view of one rendered page, or None for a page with nothing to find."""
    body = _main(markup)
    if body is None:
        return None
    headings, text = page_text(body)
    return SearchDoc(url, title, city_name, f"{city_name} {city_pinyin}".strip(), headings, text)


# --- SearchDocs → index files ---------------------------------------------------------------
def _order(doc: SearchDoc) -> tuple[str, str]:
    """Pages of one kind (every city's card page…) sit side by side, so a term that all of
    them share is one run of consecutive numbers in the index, a few bytes long."""
    first, _, rest = doc.url.partition("/")
    return (f"*/{rest}", first) if doc.city else (doc.url, "")


Runs = list  # [(first, last), ...]: consecutive page numbers, ascending


Part = tuple[dict[str, dict[int, Runs]], set[str]]


Groups = tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]  # (term, the terms of each word)


def synonym_groups(words: SearchTerms) -> Groups:
    """Each synonym group as an index term of its own (`~` and its first word), and the
    terms of each of its words. A page has the group when it has all terms of one of its
    words, weighed as that word's best-weighted way: so a query for any word of the group
    fetches one term, not every pair of every word."""
    return tuple((group_term(group[0]), tuple(t for t in (tuple(word_terms(w)) for w in group) if t))
                 for group in words.synonyms)


def _postings(docs: Sequence[SearchDoc], first: int, average: float, groups: Groups = ()) -> Part:
    """The index of `docs`, numbered from `first` (term → weight class → runs of pages),
    and the characters they use."""
    postings: dict[str, dict[int, Runs]] = {}
    chars: set[str] = set()
    for i, doc in enumerate(docs, first):
        chars.update(doc.title, doc.text)
        counts = Counter(terms(doc.text))
        for term in terms(doc.headings):
            counts[term] += HEADING - 1  # the text has the headings once already
        titled = set(terms(f"{doc.title}\n{doc.keys}"))
        norm = K1 * (1 - B + B * len(doc.text) / average)
        classes: dict[tuple[int, bool], int] = {}
        for term in titled.difference(counts):
            counts[term] = 0
        grouped: dict[str, int] = {}
        for group, ways in groups:
            best = -1
            for way in ways:
                if all(t in counts for t in way):
                    count, title = min(counts[t] for t in way), all(t in titled for t in way)
                    best = max(best, _class(count, title, norm, classes))
            if best > 0:
                grouped[group] = best
        if doc.city:  # the search page's city filter
            counts[city_term(doc.city)] = 0
        for term, cls in (*((t, _class(c, t in titled, norm, classes)) for t, c in counts.items()),
                          *grouped.items()):
            runs = postings.setdefault(term, {}).setdefault(cls, [])
            if runs and runs[-1][1] == i - 1:
                runs[-1] = (runs[-1][0], i)
            else:
                runs.append((i, i))
    return postings, chars


def _class(count: int, titled: bool, norm: float, known: dict[tuple[int, bool], int]) -> int:
    """The weight class of a term `count` times in a page's text (and in its title or not);
    `known` remembers the classes of one page, whose length `norm` reflects."""
    cls = known.get((count, titled))
    if cls is None:
        impact = count * (K1 + 1) / (count + norm) + (TITLE if titled else 0)
        cls = known[(count, titled)] = max(1, min(CLASSES - 1, round(impact / TOP * (CLASSES - 1))))
    return cls


def _merge(into: dict[str, dict[int, Runs]], part: dict[str, dict[int, Runs]]) -> None:
    """Add the index of the next pages (higher numbers) to `into`."""
    for term, by_class in part.items():
        mine = into.get(term)
        if mine is None:
            into[term] = by_class
            continue
        for cls, runs in by_class.items():
            have = mine.get(cls)
            if have is None:
                mine[cls] = runs
            elif have[-1][1] + 1 == runs[0][0]:
                have[-1] = (have[-1][0], runs[0][1])
                have.extend(runs[1:])
            else:
                have.extend(runs)


_SHARED: tuple[Sequence[SearchDoc], Groups] = ((), ())  # for the worker processes (inherited by fork)


def _part(span: tuple[int, int, float]) -> Part:
    start, end, average = span
    docs, groups = _SHARED
    return _postings(docs[start:end], start, average, groups)


def _index(ordered: Sequence[SearchDoc], average: float, groups: Groups) -> Part:
    """The whole index, on every core for a large site. Parts are merged in page order, so
    the result is the same however many processes made it."""
    workers = min(worker_count(), 8)
    if workers < 2 or len(ordered) < PARALLEL_FROM or not can_fork():
        return _postings(ordered, 0, average, groups)
    global _SHARED
    size = max(500, len(ordered) // (workers * 4))
    spans = [(start, min(start + size, len(ordered)), average) for start in range(0, len(ordered), size)]
    _SHARED = (ordered, groups)
    try:
        merged: dict[str, dict[int, Runs]] = {}
        chars: set[str] = set()
        for part, used in forked_map(_part, spans, workers):
            _merge(merged, part)
            chars |= used
    finally:
        _SHARED = ((), ())
    return merged, chars


def _varint(n: int, out: bytearray) -> None:
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def _runs(runs: Runs, out: bytearray) -> None:
    """Runs of consecutive page numbers: their count, then per run the gap from the end of
    the previous run and the run's length less one."""
    _varint(len(runs), out)
    end = 0
    for first, last in runs:
        _varint(first - end, out)
        _varint(last - first, out)
        end = last + 1


def _entry(term: str, by_class: dict[int, Runs]) -> bytes:
    """One term: key length and UTF-8 key, the number of pages that hold it, the number of
    weight classes, then per class (best first) the class and its pages as runs."""
    key = term.encode("utf-8")
    df = sum(last - first + 1 for runs in by_class.values() for first, last in runs)
    parts: list[bytes] = []
    size = 0
    for cls in sorted(by_class, reverse=True):
        part = bytearray()
        _varint(cls, part)
        _runs(by_class[cls], part)
        if parts and size + len(part) > MAX_TERM_BYTES:
            break  # the pages it weighs least on: too many to be worth fetching
        parts.append(bytes(part))
        size += len(part)
    out = bytearray()
    _varint(len(key), out)
    out += key
    _varint(df, out)
    _varint(len(parts), out)
    for part in parts:
        out += part
    return bytes(out)


def index_files(docs: Iterable[SearchDoc], words: SearchTerms,
                cities: Sequence[CityKey] = ()) -> dict[str, bytes]:
    """Every file of the search index, by its path under the site root."""
    ordered = sorted(docs, key=_order)
    average = max(1.0, sum(len(doc.text) for doc in ordered) / max(1, len(ordered)))
    postings, chars = _index(ordered, average, synonym_groups(words))
    entries = {term: _entry(term, by_class) for term, by_class in postings.items()}
    probes = {}
    for probe, key in city_entries(cities):
        entries[key] = _entry(key, {})
        probes[key] = probe
    total = sum(map(len, entries.values()))
    shards = 1 << max(0, math.ceil(math.log2(max(1, total / SHARD_BYTES))))
    grouped: dict[int, list[str]] = defaultdict(list)
    for term in entries:
        grouped[shard_of(probes.get(term, term), shards)].append(term)
    width = max(1, len(f"{shards - 1:x}"))
    files: dict[str, bytes] = {}
    for shard in range(shards):
        files[f"{SEARCH_INDEX}/t/{shard:0{width}x}.bin"] = b"".join(entries[t] for t in sorted(grouped.get(shard, ())))
    for i, doc in enumerate(ordered):
        record = {"u": doc.url, "t": doc.title, "c": doc.city, "x": doc.text[:MAX_TEXT]}
        files[f"{SEARCH_INDEX}/d/{i}.json"] = _json(record)
    for pinyin, record in city_files(cities).items():
        files[f"{SEARCH_INDEX}/c/{pinyin}.json"] = _json(record)
    version = hashlib.sha256()
    for path in sorted(files):
        version.update(path.encode() + b"\0" + files[path])
    files[f"{SEARCH_INDEX}/meta.json"] = _json({
        "v": version.hexdigest()[:12], "n": len(ordered), "s": shards, "w": width, "top": TOP / (CLASSES - 1),
        "synonyms": [list(g) for g in words.synonyms], "stopwords": list(words.stopwords),
        "phrases": dict(words.phrases), "t2s": traditional(chars | {c for city in cities for c in city.name}),
        "py": pinyin_table(words),
    })
    return files


def traditional(seen: Iterable[str]) -> dict[str, str]:
    """Traditional (and Taiwan) forms of the Chinese characters the pages use → the form the
    pages use, so a query typed in traditional characters finds them."""
    import opencc  # only the index needs it

    to_trad, to_tw = opencc.OpenCC("s2t"), opencc.OpenCC("s2tw")
    t2s: dict[str, str] = {}
    for ch in sorted(c for c in seen if "\u4e00" <= c <= "\u9fff"):
        for variant in sorted({to_trad.convert(ch), to_tw.convert(ch)}):
            if variant != ch and len(variant) == 1:
                t2s.setdefault(variant, ch)
    return t2s


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
