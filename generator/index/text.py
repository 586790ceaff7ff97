"""How search cuts text into index terms — the one rule the index (Python, here) and the
search page (static/search-core.js) must share. tests/search_vectors.json holds examples
that both implementations are tested against, as the calculators' vectors are.

Chinese is not cut into words: every two neighbouring characters make a term (a
character bigram, as Lucene's CJK analyser does), and every character is a term of its
own for a query of one character. So any run of characters a person types finds the
pages that contain it, whatever a word segmenter would have made of it. Digits are cut
into overlapping triples, so part of a phone number finds it; Latin letters (pinyin,
"IC") make whole-word terms. Nothing crosses punctuation or a space.
"""
from __future__ import annotations

import re
import unicodedata

# Index terms of two kinds no text makes (text terms are letters, digits and characters):
# a synonym group, the prefix and the group's first word (`~补缴`), and a page's city, for
# the search page's city filter (`@大连`). search-core.js `groupTerm` and `cityTerm`.
GROUP_PREFIX = "~"
CITY_PREFIX = "@"

# CJK Unified Ideographs with extension A and the compatibility block.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUNS = re.compile(f"[{_HAN}]+|[a-z]+|[0-9]+")
_PAIRS = re.compile(r"(?=(..))", re.S)


def normalize(text: str) -> str:
    """Full-width letters and digits to ASCII (NFKC), then lower case — what JavaScript's
    `text.normalize("NFKC").toLowerCase()` does."""
    if not unicodedata.is_normalized("NFKC", text):  # most text is: the check is 100 times faster
        text = unicodedata.normalize("NFKC", text)
    return text.lower()


def runs(text: str) -> list[str]:
    """The runs of Chinese characters, of letters and of digits in `text`, normalized."""
    return _RUNS.findall(normalize(text))


def run_terms(run: str, unigrams: bool) -> list[str]:
    """The terms of one run, in order. `unigrams`: also each Chinese character alone
    (the index has them; a query asks for them only when it has a lone character)."""
    first = run[0]
    if "0" <= first <= "9":
        return [run] if len(run) <= 3 else [run[i:i + 3] for i in range(len(run) - 2)]
    if "a" <= first <= "z":
        return [run]
    grams = _PAIRS.findall(run)
    if unigrams or len(run) == 1:
        return [*run, *grams]
    return grams


def terms(text: str) -> list[str]:
    """Every index term of `text`, in order, with repeats (the index counts them)."""
    out: list[str] = []
    for run in runs(text):
        out += run_terms(run, unigrams=True)
    return out


def word_terms(word: str) -> list[str]:
    """The terms a query asks for to find one word: its pairs, or a lone character itself
    (search-core.js `wordTerms`)."""
    out: list[str] = []
    for run in runs(word):
        out += run_terms(run, unigrams=False)
    return out


def group_term(first_word: str) -> str:
    """The index term of the synonym group whose first word is `first_word`."""
    return GROUP_PREFIX + normalize(first_word)


def city_term(city: str) -> str:
    """The index term every page of the city `city` (its Chinese name) has."""
    return CITY_PREFIX + normalize(city)


def shard_of(term: str, shards: int) -> int:
    """Which index file holds `term`: FNV-1a (32 bit) of its UTF-8 bytes, modulo the
    number of files (a power of two). search-core.js computes the same."""
    h = 0x811C9DC5
    for byte in term.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h & (shards - 1)
