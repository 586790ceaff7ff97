"""The index (Python) and the search page (JavaScript) cut text into the same terms, put a
term in the same file and read the bytes that were written: both are run against
tests/search_vectors.json. The search page's reading of queries, ranking and excerpts are
checked in Node by tests/search_vectors.mjs, and on the built site in chromium by
test_search_browser.py and test_search_quality.py."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.index import asking, search
from generator.index.text import city_term, group_term, run_terms, runs, shard_of, terms, word_terms

HERE = Path(__file__).parent
VECTORS = json.loads((HERE / "search_vectors.json").read_text("utf-8"))
NODE = shutil.which("node")


@pytest.mark.parametrize("case", VECTORS["terms"], ids=lambda c: c["text"] or "empty")
def test_python_cuts_text_as_the_vectors_say(case):
    assert sorted(terms(case["text"])) == case["terms"]


def test_terms_are_the_terms_of_each_run():
    for case in VECTORS["terms"]:
        assert sorted(t for run in runs(case["text"]) for t in run_terms(run, True)) == case["terms"]


@pytest.mark.parametrize("case", VECTORS["words"], ids=lambda c: c["word"])
def test_python_asks_for_a_word_as_the_vectors_say(case):
    assert word_terms(case["word"]) == case["terms"]


@pytest.mark.parametrize("case", VECTORS["shards"], ids=lambda c: f"{c['term']}-{c['shards']}")
def test_python_puts_a_term_in_the_file_the_vectors_say(case):
    assert shard_of(case["term"], case["shards"]) == case["shard"]


@pytest.mark.parametrize("case", VECTORS["entries"], ids=lambda c: c["term"])
def test_python_writes_the_bytes_the_vectors_say(case):
    by_class = {}
    for cls, ids in case["classes"]:
        runs_: list[tuple[int, int]] = []
        for i in ids:
            if runs_ and runs_[-1][1] == i - 1:
                runs_[-1] = (runs_[-1][0], i)
            else:
                runs_.append((i, i))
        by_class[cls] = runs_
    assert search._entry(case["term"], by_class).hex() == case["hex"]


def test_python_names_groups_and_cities_in_the_index_as_the_vectors_say():
    """`~补缴` and `@大连`: the terms the search page asks for a synonym group and a city filter."""
    prefixed = VECTORS["prefixed"]
    assert [group_term(c["first"]) for c in prefixed["groups"]] == [c["term"] for c in prefixed["groups"]]
    assert [city_term(c["name"]) for c in prefixed["cities"]] == [c["term"] for c in prefixed["cities"]]


def test_the_index_files_a_page_under_the_group_and_city_terms_the_vectors_name():
    """A page of 大连 that says 补交 only: the index has it under `~补缴` and `@大连`."""
    groups = VECTORS["prefixed"]["groups"]
    doc = search.SearchDoc("dalian/backpay/", "断保以后", "大连", "大连 dalian", "", "断保以后怎样补交")
    group = ((groups[0]["term"], (tuple(word_terms("补缴")), tuple(word_terms("补交")))),)
    postings, _ = search._postings([doc], 0, len(doc.text), group)
    assert {groups[0]["term"], VECTORS["prefixed"]["cities"][0]["term"]} <= set(postings)


@pytest.mark.parametrize("case", VECTORS["cities"], ids=lambda c: c["pinyin"])
def test_python_names_a_city_the_ways_the_vectors_say(case):
    """The city table the index writes for the search page (meta.json `cities`)."""
    city = asking.CityKey(case["name"], case["pinyin"], tuple(case["districts"]))
    assert asking.city_keys(city) == (case["k"], case["d"])


def test_python_keeps_the_ways_of_naming_a_city_where_the_vectors_say():
    """The index entries the search page finds cities by (search-core.js `cityTable` reads them)."""
    extra = VECTORS["city_entries"]["extra"]
    cities = [asking.CityKey(c["name"], c["pinyin"], tuple(c["districts"])) for c in [*VECTORS["cities"], extra]]
    assert [list(e) for e in asking.city_entries(cities)] == VECTORS["city_entries"]["entries"]


@pytest.mark.parametrize("case", VECTORS["pinyin"], ids=lambda c: c["pinyin"])
def test_python_spells_a_word_in_pinyin_as_the_vectors_say(case):
    assert asking.pinyin_of(case["word"]) == case["pinyin"]


def test_the_query_vectors_pinyin_is_what_the_index_would_write():
    """The pinyin table the JavaScript vectors read is the one pypinyin makes of its words."""
    for spelled, word in VECTORS["queries"]["meta"]["py"].items():
        assert asking.pinyin_of(word) == spelled


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_javascript_agrees_with_the_vectors():
    done = subprocess.run([NODE, str(HERE / "search_vectors.mjs")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
