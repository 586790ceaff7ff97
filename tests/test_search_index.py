"""The index stage on its own: what text of a page is searchable, and the index files."""
from __future__ import annotations

import json

from generator.index import asking, search
from generator.model.searchterms import SearchTerms
from generator.index.text import shard_of

WORDS = SearchTerms((("补缴", "补交"),), ("怎么",), (("丢了", "挂失"),))


def doc(markup: str, url: str = "dalian/card/", title: str = "大连医保 · 医保卡"):
    return search.document(url, title, "大连", "dalian", markup)


def test_only_a_main_marked_searchable_is_a_document():
    assert doc("<main id=main>医保</main>") is None
    assert doc("<p>医保</p>") is None
    assert doc('<main id="main" class="wrap" data-search-body>医保</main>').text == "医保"


def test_the_text_is_what_a_reader_sees_one_block_per_line():
    d = doc("<main data-search-body><h1>大连 · 医保卡</h1><p>挂失&amp;补办：<a href=x>打 <b>12333</b></a></p>"
            "<ul><li>身份证</li><li>户口本<br>原件</li></ul><script>var x = '补缴';</script>"
            "<nav data-search-skip><h2>其他事项</h2><ul><li><a>补缴</a></li></ul></nav>"
            "<p class=stale data-search-skip>资料很旧<span>打电话</span></p><!-- 注释 --><p>最后</p></main>")
    assert d.text.splitlines() == ["挂失&补办：打 12333", "身份证", "户口本", "原件", "最后"]
    assert d.headings == "大连 · 医保卡"  # not the skipped navigation's heading
    assert "补缴" not in d.text and "注释" not in d.text


def test_markup_typed_by_a_volunteer_stays_text():
    d = doc("<main data-search-body><p>中心&lt;script&gt;alert(1)&lt;/script&gt;</p></main>")
    assert d.text == "中心<script>alert(1)</script>"


def test_a_page_of_the_whole_site_has_no_city():
    d = search.document("articles/avoid-scams/", "防诈骗", "", "", "<main data-search-body><p>诈骗</p></main>")
    assert d.city == "" and d.keys == ""


def _docs(n: int) -> list[search.SearchDoc]:
    out = []
    for i in range(n):
        city, pinyin = f"城{i // 3}", f"c{i // 3}"
        kind = ("card", "pay", "backpay")[i % 3]
        out.append(search.SearchDoc(f"{pinyin}/{kind}/", f"{city} · {kind}", city, f"{city} {pinyin}", kind,
                                    f"{city}的{kind}：补缴、挂失，电话 0411-8{i:07d}"))
    return out


def test_index_files_are_deterministic_and_complete():
    docs = _docs(30)
    files = search.index_files(docs, WORDS)
    assert files == search.index_files(list(reversed(docs)), WORDS)
    meta = json.loads(files["search/data/meta.json"])
    assert meta["n"] == 30 and meta["s"] >= 1
    # the traditional forms of the characters the pages use, and only those
    assert meta["t2s"]["補"] == "补" and meta["t2s"]["話"] == "话" and "醫" not in meta["t2s"]
    assert meta["synonyms"] == [["补缴", "补交"]] and meta["phrases"] == {"丢了": "挂失"}
    assert sorted(p for p in files if p.startswith("search/data/d/")) == sorted(
        f"search/data/d/{i}.json" for i in range(30))
    shards = [p for p in files if p.startswith("search/data/t/")]
    assert len(shards) == meta["s"]
    # a term is in the file its hash names, under its own key
    key = "补缴".encode()
    name = f"search/data/t/{shard_of('补缴', meta['s']):0{meta['w']}x}.bin"
    assert bytes([len(key)]) + key in files[name]
    # pages of one kind are neighbours: every card page is in one run
    first = json.loads(files["search/data/d/0.json"])
    assert first["u"].endswith("/backpay/") and first["c"] == "城0"


def test_on_several_cores_the_index_is_the_same(monkeypatch):
    docs = _docs(900)
    alone = search.index_files(docs, WORDS)
    monkeypatch.setattr(search, "PARALLEL_FROM", 10)
    assert search.index_files(docs, WORDS) == alone


def test_a_term_on_most_pages_keeps_its_best_weighted_pages(monkeypatch):
    monkeypatch.setattr(search, "MAX_TERM_BYTES", 8)
    by_class = {15: [(0, 0)], 3: [(i * 2, i * 2) for i in range(1, 50)]}
    entry = search._entry("医保", by_class)
    assert entry.startswith(bytes([6]) + "医保".encode() + bytes([50, 1, 15]))  # df still counts all 50


def test_a_synonym_group_is_one_term_on_every_page_that_says_any_of_its_words():
    docs = [search.SearchDoc(f"c{i}/x/", title, "城", "城 c", "", text) for i, (title, text) in enumerate([
        ("补缴", "补缴的办法"), ("其他", "可以补交"), ("其他", "没有这个词")])]
    postings, _ = search._postings(docs, 0, 10.0, search.synonym_groups(WORDS))
    pages = {i: cls for cls, runs in postings["~补缴"].items() for first, last in runs for i in range(first, last + 1)}
    assert set(pages) == {0, 1}
    assert pages[0] > pages[1]  # in the title as well as the text


def test_the_index_tells_the_search_page_the_cities_and_the_pinyin_of_the_words():
    """What search-core.js needs to know who is asking about which city, and to read pinyin."""
    cities = [asking.CityKey("石家庄", "shijiazhuang", ("长安区",), ("石家庄市医保热线", "0311-12393", "")),
              asking.CityKey("大连", "dalian", ("沙河口区",), None)]
    files = search.index_files(_docs(3), WORDS, cities)
    meta = json.loads(files["search/data/meta.json"])
    # each way of naming a city is an entry in the index file of its first two characters
    for probe, way in [("长安", "长安区"), ("长安", "长安"), ("石家", "石家庄市"), ("shijiazhuang", "shijiazhuang")]:
        shard = files[f"search/data/t/{shard_of(probe, meta['s']):0{meta['w']}x}.bin"]
        assert f"^{way}\x01石家庄\x01shijiazhuang\x01".encode() in shard, way
    assert json.loads(files["search/data/c/shijiazhuang.json"]) == {"n": "石家庄", "call": ["石家庄市医保热线", "0311-12393", ""]}
    assert json.loads(files["search/data/c/dalian.json"])["call"] is None
    # a city's traditional name reads as its own: its characters are in the table even if no page used them
    assert meta["t2s"]["莊"] == "庄"
    # the pinyin of every word of the word lists, made by pypinyin, never typed by hand
    assert meta["py"] == {"bujiao": "补缴", "diule": "丢了", "guashi": "挂失", "zenme": "怎么"}
