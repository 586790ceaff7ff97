"""Stage 6 — index: what the search page needs to know of who is asking — which city a
query names (a city's name with or without 市, its pinyin, its districts) and the pinyin of
the search words, so a query typed without a Chinese keyboard reads as Chinese. Written
into search/data/meta.json (`cities`, `py`) by search.py; read by static/search-core.js
(`findCities`, `pinyinToHan`), both tested against tests/search_vectors.json."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from generator.model.searchterms import SearchTerms
from generator.index.text import normalize


@dataclass(frozen=True)
class CityKey:
    """What the search page needs to know of one city to tell that a query names it."""
    name: str
    pinyin: str
    districts: tuple[str, ...] = ()
    call: tuple[str, str, str] | None = None  # (the line's name, its number, tel: link or "") to ring


# A district's stem alone (浦东 for 浦东新区) names the city too, unless it is a common word.
_GENERIC_STEMS = re.compile("开发|保税|高新|经济|技术|工业|园|新$")


def city_keys(city: CityKey) -> tuple[list[str], list[str]]:
    """(names, districts): the ways a query may name `city` — its name with or without 市,
    its pinyin — and its districts, with and without their last 区 or 县 when what is left
    is a name of its own (浦东新区, 浦东; not 开发 of 开发区). Traditional characters are
    read as the simplified ones before matching (meta.json `t2s`)."""
    names = sorted({normalize(city.name), normalize(city.name) + "市", normalize(city.pinyin)})
    districts: set[str] = set()
    for d in city.districts:
        d = normalize(d).strip()
        if len(d) < 2:
            continue
        districts.add(d)
        for suffix in ("新区", "区", "县"):
            stem = d[: -len(suffix)]
            if d.endswith(suffix) and len(stem) >= 2 and not _GENERIC_STEMS.search(stem):
                districts.add(stem)
                break
    return names, sorted(districts - set(names))


def city_entries(cities: Sequence[CityKey]) -> list[tuple[str, str]]:
    """The ways a query may name each city, as (probe, key) for the search index: `key` is
    `^` + the way + `\x01` + the city's name + `\x01` + its pinyin + `\x01` + `n` (its name)
    or `d` (a district), stored as a term with no pages in the index file of `probe` — the
    way's first two characters, or the pinyin word itself. A query fetches the files of its
    own pairs anyway, so it finds the cities it names without a list of every city
    (search-core.js `probeTerms`, `cityTable`). A way that names several cities (a district
    name two cities share) names none."""
    ways: dict[str, list[tuple[CityKey, str]]] = {}
    for city in cities:
        names, districts = city_keys(city)
        for way in names:
            ways.setdefault(way, []).append((city, "n"))
        for way in districts:
            ways.setdefault(way, []).append((city, "d"))
    out = []
    for way, owners in sorted(ways.items()):
        if len({c.pinyin for c, _ in owners}) != 1:
            continue
        city, kind = min(owners, key=lambda o: o[1] != "n")
        out.append((probe_of(way), f"^{way}\x01{city.name}\x01{city.pinyin}\x01{kind}"))
    return out


def probe_of(way: str) -> str:
    """The index term in whose file a way of naming a city is kept: its first two
    characters, or a pinyin word whole (search-core.js `probeTerms`)."""
    return way if way.isascii() else way[:2]


def city_files(cities: Sequence[CityKey]) -> dict[str, dict[str, object]]:
    """search/data/c/<pinyin>.json: the number to ring when the city has nothing on what was
    asked, fetched only then."""
    return {city.pinyin: {"n": city.name, "call": list(city.call) if city.call else None} for city in cities}


def pinyin_of(word: str) -> str:
    """A word as pinyin letters without tones or spaces (医保卡 → yibaoka), as people type
    it on a phone whose keyboard has no Chinese: pypinyin's reading of the word as a whole,
    so a character with two readings gets the one the word has."""
    from pypinyin import Style, lazy_pinyin  # only the index needs it

    return re.sub("[^a-z]", "", "".join(lazy_pinyin(normalize(word), style=Style.NORMAL, errors="ignore")))


def pinyin_table(words: SearchTerms) -> dict[str, str]:
    """meta.json `py`: pinyin → the word, for every word of the synonym groups, the spoken
    phrases (and the words they stand for), the question words and the other common words
    (`words:`), so `yibaoka diule` reads
    as 医保卡丢了. The first word to claim a spelling keeps it."""
    table: dict[str, str] = {}
    every = [w for group in words.synonyms for w in group]
    every += [w for pair in words.phrases for w in pair] + list(words.stopwords) + list(words.words)
    for word in every:
        if not re.fullmatch(f"[{_HAN_RANGE}]+", word):  # 医疗IC卡: its letters are typed as they are
            continue
        key = pinyin_of(word)
        if len(key) >= 2:
            table.setdefault(key, word)
    return dict(sorted(table.items()))


_HAN_RANGE = "\u3400-\u4dbf\u4e00-\u9fff"


