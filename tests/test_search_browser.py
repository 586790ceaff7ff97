"""Search as people type it on the real guide's pages (real_server: these tests name real
cities and what their pages say; moving them to tests/project/ is still to do): pinyin city names, traditional characters, other words for
the same thing, whole questions — on the built site's search page, in chromium."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from conftest import IMG, SCRIPT, SITE_PATH

TOP = 3


def search(page, real_server, query: str, city: str = "") -> list[dict]:
    """Open /search/?q=… as a shared link would, wait for the answer, return the results."""
    url = f"/search/?q={quote(query)}" + (f"&city={quote(city)}" if city else "")
    page.goto(real_server(url))
    page.wait_for_function("/找到|没有找到|请输入/.test(document.getElementById('status').textContent)",
                           timeout=20_000)
    return results(page)


def results(page) -> list[dict]:
    return page.eval_on_selector_all("#results > li", """items => items.map(li => {
        const a = li.querySelector('a');
        const p = li.querySelector('p');
        return {path: new URL(a.href).pathname, title: a.textContent, text: p ? p.textContent : '',
                marks: p ? [...p.querySelectorAll('mark')].map(m => m.textContent) : []};
    })""")


def describe(found: list[dict]) -> str:
    return "; ".join(f"{r['path']} [{r['title']}] {r['text'][:50]}" for r in found[:6])


def assert_top(found: list[dict], want, query: str) -> dict:
    """One of the first three results is a page `want` accepts; it shows a marked passage."""
    assert found, f"{query!r}: no results"
    for r in found[:TOP]:
        if want(r):
            assert r["text"].strip(), f"{query!r}: {r['path']} shows no passage"
            assert r["marks"], f"{query!r}: {r['path']} shows no highlighted words: {r['text']}"
            return r
    raise AssertionError(f"{query!r}: none of the top {TOP} is right: {describe(found)}")


def path_is(*paths):
    return lambda r: r["path"] in paths


def path_ends(suffix: str):
    return lambda r: r["path"].endswith(suffix)


@pytest.mark.parametrize("query,city", [("dalian", "大连"), ("fuzhou", "福州"), ("Dalian", "大连"),
                                        ("福州", "福州")])
def test_city_by_pinyin_or_name(page, page_log, real_server, query, city):
    found = search(page, real_server, query)
    pinyin = query.lower() if query.isascii() else "fuzhou"
    assert_top(found, lambda r: r["path"].startswith(f"/{pinyin}/"), query)
    assert all(r["path"].startswith(f"/{pinyin}/") for r in found[:TOP]), describe(found)
    assert city in found[0]["text"] or city in found[0]["title"]
    assert page.input_value("#q") == query  # what was typed stays in the box
    page_log.assert_clean()


def test_traditional_characters(page, page_log, real_server):
    found = search(page, real_server, "醫保")
    top = assert_top(found, lambda r: "医保" in r["marks"], "醫保")
    assert "医保" in top["text"]
    found = search(page, real_server, "補繳")
    top = assert_top(found, path_ends("/backpay/"), "補繳")
    assert "补缴" in top["marks"]
    found = search(page, real_server, "大連 醫保卡")
    assert_top(found, path_is("/dalian/card/"), "大連 醫保卡")
    page_log.assert_clean()


@pytest.mark.parametrize("query,want,word", [
    ("补交", path_is("/dalian/backpay/"), "补缴"),
    ("社保卡", path_ends("/card/"), "医保卡"),
    ("社会保障卡", path_ends("/card/"), None),
    ("报销", path_ends("/benefits/"), None),
    ("待遇", path_ends("/benefits/"), None),
    ("断缴", path_ends("/backpay/"), None),  # every city's page has the national rule on gaps
    ("中断", path_ends("/backpay/"), None),  # a page that says 断保 is found too (one synonym group)
    ("交费", path_ends("/pay/"), "缴费"),
    ("缴费", path_ends("/pay/"), "缴费"),
])
def test_other_words_for_the_same_thing(page, page_log, real_server, query, want, word):
    found = search(page, real_server, query)
    top = assert_top(found, want, query)
    if word:
        assert word in top["marks"], (query, top)
    page_log.assert_clean()


def test_question_about_a_lost_card(page, page_log, real_server):
    found = search(page, real_server, "医保卡丢了怎么办")
    assert_top(found, path_is("/dalian/card/"), "医保卡丢了怎么办")
    page_log.assert_clean()


def test_question_about_newborns(page, page_log, real_server):
    found = search(page, real_server, "新生儿怎么参保")
    top = assert_top(found, lambda r: "新生儿" in r["text"] and ("参保" in r["text"] or "出生" in r["text"]),
                     "新生儿怎么参保")
    assert "新生儿" in top["marks"]
    page_log.assert_clean()


def test_city_field_puts_its_city_first(page, page_log, real_server):
    found = search(page, real_server, "电话", city="沈阳")
    assert found, "no 沈阳 results for 电话"
    assert all(r["path"].startswith("/shenyang/") for r in found), describe(found)  # it has more than five
    assert_top(found, path_is("/shenyang/query/", "/shenyang/offices/", "/shenyang/"), "电话 沈阳")
    assert page.input_value("#city") == "沈阳"
    # changing the city re-runs the search and keeps the address shareable
    page.fill("#city", "大连")
    page.press("#city", "Enter")
    page.wait_for_function("[...document.querySelectorAll('#results a')].length > 0 && "
                           "[...document.querySelectorAll('#results a')].every(a => a.href.includes('/dalian/'))")
    assert parse_qs(urlsplit(page.url).query) == {"q": ["电话"], "city": ["大连"]}
    page_log.assert_clean()


def test_a_city_the_guide_does_not_have_is_named_in_the_answer(page, page_log, real_server):
    found = search(page, real_server, "电话", city="火星")
    assert found == []
    assert "火星" in page.inner_text("#status") and "城市" in page.inner_text("#status")
    # and the cities it has are offered, each a link that searches again in that city
    choices = page.eval_on_selector_all("#note a", "as => as.map(a => [a.textContent, a.getAttribute('href')])")
    assert ("大连", "?q=%E7%94%B5%E8%AF%9D&city=%E5%A4%A7%E8%BF%9E") in [tuple(c) for c in choices], choices
    page.get_by_role("link", name="石家庄").click()
    page.wait_for_function("document.querySelectorAll('#results a').length > 0")
    assert results(page)[0]["path"].startswith("/shijiazhuang/")
    page_log.assert_clean()


@pytest.mark.parametrize("typed", ["大连市", "Dalian", "dalian", "大連", "沙河口区", " 大连 "])
def test_the_city_field_takes_a_city_however_it_is_written(page, page_log, real_server, typed):
    found = search(page, real_server, "补缴", city=typed)
    assert found and found[0]["path"] == "/dalian/backpay/", describe(found)
    assert page.inner_text("#status").startswith("大连的结果：")
    page_log.assert_clean()


def test_the_city_field_offers_the_cities_without_javascript(nojs_page, real_server):
    nojs_page.goto(real_server("/search/"))
    options = nojs_page.eval_on_selector_all("#city-names option", "os => os.map(o => o.value)")
    assert {"大连", "石家庄", "上海"} <= set(options)
    assert nojs_page.get_attribute("#city", "list") == "city-names"
    assert "需要浏览器开启 JavaScript" in nojs_page.inner_text("main")


@pytest.mark.parametrize("query,city,want", [
    ("上海刚出生的宝宝怎么办医保", "上海", "/shanghai/newborn/"),
    ("石家莊醫保卡丟了", "石家庄", "/shijiazhuang/card/"),
    ("shenyang yibaoka", "沈阳", "/shenyang/card/"),
    ("沙河口区医保中心", "大连", "/dalian/offices/"),
])
def test_a_city_named_in_the_query_leads(page, page_log, real_server, query, city, want):
    found = search(page, real_server, query)
    assert found[0]["path"] == want, describe(found)
    assert page.inner_text("#status").startswith(f"{city}的结果：")
    page_log.assert_clean()


def test_a_city_with_nothing_on_it_says_so_then_shows_other_cities(page, page_log, real_server):
    found = search(page, real_server, "沈阳港澳台")
    note = page.inner_text("#note")
    assert "沈阳暂无“港澳台”的资料" in note and "024-" in note, note
    assert found and not any(r["path"].startswith("/shenyang/") for r in found[:1]), describe(found)
    assert found[0]["text"].startswith("其他城市："), describe(found)
    page_log.assert_clean()


@pytest.mark.parametrize("query", ["yibaoka", "yi bao ka", "yibao ka diu le", "YiBaoKa DiuLe"])
def test_pinyin_finds_topics(page, page_log, real_server, query):
    found = search(page, real_server, query)
    assert_top(found, path_ends("/card/"), query)
    page_log.assert_clean()


def test_the_count_and_the_marks_are_of_words_not_characters(page, page_log, real_server):
    found = search(page, real_server, "打工的外地人能在大连交医保吗")
    total = int(re.search(r"找到 (\d+) 个", page.inner_text("#status")).group(1))
    assert total < 60, page.inner_text("#status")
    assert_top(found, path_is("/dalian/enrol/"), "打工的外地人")
    marks = {m for r in found for m in r["marks"]}
    assert marks and all(len(m) >= 2 for m in marks), marks
    page_log.assert_clean()


@pytest.mark.parametrize("query,want", [
    ("河口", path_is("/dalian/offices/")),            # part of 沙河口区, not a word of its own
    ("4548", path_ends("/dalian/offices/")),          # part of a phone number (0411-84548926)
    ("鼓", lambda r: r["path"].startswith("/fuzhou/")),  # one character: 鼓楼区
])
def test_any_part_of_the_text_finds_its_page(page, page_log, real_server, query, want):
    found = search(page, real_server, query)
    assert_top(found, want, query)
    page_log.assert_clean()


def test_more_results_on_request(page, page_log, real_server):
    found = search(page, real_server, "医保")
    assert len(found) == 5
    status = page.inner_text("#status")
    total = int(re.search(r"找到 (\d+) 个", status).group(1))
    assert total > 50
    page.get_by_role("button", name="显示更多结果").click()
    page.wait_for_function("document.querySelectorAll('#results > li').length === 10")
    assert len({r["path"] for r in results(page)}) == 10
    page_log.assert_clean()


def test_nothing_found_says_so(page, page_log, real_server):
    found = search(page, real_server, "火星移民")
    assert found == []
    assert "没有找到" in page.inner_text("#status")
    page_log.assert_clean()


@pytest.mark.parametrize("path", ["/", "/dalian/offices/", "/dalian/calculators/backpay/", "/compare/",
                                  "/articles/how-to-read/", "/404.html"])
def test_header_search_box_submits_to_the_search_page(page, page_log, real_server, path):
    page.goto(real_server(path))
    box = page.get_by_role("searchbox", name="搜索本站")
    box.fill("补缴")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    # the 404 page, served at any address, links from the site's path (yibao.yaml base_url)
    assert urlsplit(page.url).path == (SITE_PATH if path == "/404.html" else "/") + "search/"
    assert parse_qs(urlsplit(page.url).query)["q"] == ["补缴"]
    page.wait_for_function("document.querySelectorAll('#results li').length > 0")
    assert_top(results(page), path_ends("/backpay/"), "补缴 (header)")
    page_log.assert_clean(allow_missing=("/404.html",) if path == "/404.html" else ())


def test_typing_on_the_search_page_searches(page, page_log, real_server):
    page.goto(real_server("/search/"))
    page.fill("#q", "挂失")
    page.wait_for_function("document.querySelectorAll('#results li').length > 0")
    assert_top(results(page), path_ends("/card/"), "挂失 (typed)")
    assert parse_qs(urlsplit(page.url).query)["q"] == ["挂失"]
    page_log.assert_clean()


def test_result_text_is_escaped(page, page_log, pwned_site):
    found = search(page, pwned_site, "望江路 医疗保险管理中心")
    top = assert_top(found, path_is("/qingchuan/offices/", "/qingchuan/"), "望江路")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("#results img, #results script").count() == 0
    assert "window.__pwned" in " ".join(r["text"] for r in found), describe(found)
    # the only markup inside a result's passage is the highlighting
    tags = page.eval_on_selector_all("#results p *", "els => [...new Set(els.map(e => e.tagName.toLowerCase()))]")
    assert set(tags) <= {"mark", "small"}, tags
    page_log.assert_clean(allow_missing=("/x",))
