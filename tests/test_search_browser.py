"""Search as people type it, on the test project's pages (tests/project/: 青川 qingchuan and
白河 baihe in 岚江省, 云溪 yunxi in 北陵省, all invented, so a correction to a real city cannot
break these tests): pinyin city names, traditional characters, other words for the same thing
(tests/project/content/search-terms.yaml), whole questions, parts of addresses and phone
numbers — on the built site's search page, in chromium. How well search answers on the real
guide's pages is measured by test_search_quality.py."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from conftest import IMG, SCRIPT, SITE_PATH

TOP = 3


def search(page, server, query: str, city: str = "") -> list[dict]:
    """Open /search/?q=… as a shared link would, wait for the answer, return the results."""
    url = f"/search/?q={quote(query)}" + (f"&city={quote(city)}" if city else "")
    page.goto(server(url))
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


def about(word: str):
    """A page whose title names `word` and whose passage marks it."""
    return lambda r: word in r["title"] and word in r["marks"]


@pytest.mark.parametrize("query,pinyin,city", [
    ("qingchuan", "qingchuan", "青川"), ("Qingchuan", "qingchuan", "青川"), ("青川", "qingchuan", "青川"),
    ("青川市", "qingchuan", "青川"), ("baihe", "baihe", "白河"),
])
def test_city_by_pinyin_or_name(page, page_log, site, query, pinyin, city):
    found = search(page, site, query)
    assert_top(found, lambda r: r["path"].startswith(f"/{pinyin}/"), query)
    assert all(r["path"].startswith(f"/{pinyin}/") for r in found[:TOP]), describe(found)
    assert city in found[0]["text"] or city in found[0]["title"]
    assert page.input_value("#q") == query  # what was typed stays in the box
    page_log.assert_clean()


def test_traditional_characters(page, page_log, site):
    found = search(page, site, "醫保")
    top = assert_top(found, lambda r: "医保" in r["marks"], "醫保")
    assert "医保" in top["text"]
    found = search(page, site, "補繳")
    top = assert_top(found, path_ends("/backpay/"), "補繳")
    assert "补缴" in top["marks"]
    found = search(page, site, "青川 醫保卡")
    assert_top(found, path_is("/qingchuan/card/"), "青川 醫保卡")
    found = search(page, site, "雲溪")  # a city's name in traditional characters
    top = assert_top(found, lambda r: r["path"].startswith("/yunxi/"), "雲溪")
    assert "云溪" in top["marks"]
    assert page.inner_text("#status").startswith("云溪的结果：")
    page_log.assert_clean()


# the groups of tests/project/content/search-terms.yaml
@pytest.mark.parametrize("query,want,word", [
    ("补交", path_is("/qingchuan/backpay/"), "补缴"),
    ("社保卡", path_ends("/card/"), "医保卡"),
    ("社会保障卡", path_ends("/card/"), None),
    ("报销", path_ends("/benefits/"), None),
    ("待遇", path_ends("/benefits/"), None),
    ("断缴", path_ends("/backpay/"), None),
    ("中断", path_ends("/backpay/"), "断缴"),  # one group with 断缴, 断保, 欠费
    ("交费", about("缴费"), None),  # the 缴费 calculators come before the 缴费 pages
    ("缴费", about("缴费"), None),
    ("微信交费", path_is("/qingchuan/pay/"), "缴费"),  # 青川's 小程序 「青川居民医保缴费」
    ("丢失", path_ends("/card/"), "挂失"),
    ("刚出生", path_ends("/newborn/"), "新生儿"),
    ("给家人交", path_is("/qingchuan/mutual-aid/"), "共济"),
])
def test_other_words_for_the_same_thing(page, page_log, site, query, want, word):
    found = search(page, site, query)
    top = assert_top(found, want, query)
    if word:
        assert word in top["marks"], (query, top)
    page_log.assert_clean()


def test_question_about_a_lost_card(page, page_log, site):
    found = search(page, site, "医保卡丢了怎么办")
    assert_top(found, path_is("/qingchuan/card/"), "医保卡丢了怎么办")
    page_log.assert_clean()


def test_question_about_newborns(page, page_log, site):
    found = search(page, site, "新生儿怎么参保")
    top = assert_top(found, lambda r: "新生儿" in r["text"] and ("参保" in r["text"] or "出生" in r["text"]),
                     "新生儿怎么参保")
    assert "新生儿" in top["marks"]
    page_log.assert_clean()


def test_city_field_puts_its_city_first(page, page_log, site):
    found = search(page, site, "电话", city="青川")
    assert found, "no 青川 results for 电话"
    assert all(r["path"].startswith("/qingchuan/") for r in found), describe(found)  # it has more than five
    assert_top(found, path_is("/qingchuan/query/", "/qingchuan/offices/", "/qingchuan/"), "电话 青川")
    assert page.input_value("#city") == "青川"
    # changing the city re-runs the search and keeps the address shareable; 白河 has fewer
    # pages with 电话 than are shown: its own come first, then other cities' marked as such
    page.fill("#city", "白河")
    page.press("#city", "Enter")
    page.wait_for_function("document.getElementById('status').textContent.startsWith('白河的结果：')")
    found = results(page)
    own = [r["path"].startswith("/baihe/") for r in found]
    assert own[0] and own == sorted(own, reverse=True), describe(found)
    assert all(r["text"].startswith("其他城市：") for r, mine in zip(found, own) if not mine), describe(found)
    assert parse_qs(urlsplit(page.url).query) == {"q": ["电话"], "city": ["白河"]}
    page_log.assert_clean()


def test_a_city_the_guide_does_not_have_is_named_in_the_answer(page, page_log, site):
    found = search(page, site, "电话", city="火星")
    assert found == []
    assert "火星" in page.inner_text("#status") and "城市" in page.inner_text("#status")
    # and the cities it has are offered, each a link that searches again in that city
    choices = page.eval_on_selector_all("#note a", "as => as.map(a => [a.textContent, a.getAttribute('href')])")
    assert ("青川", f"?q={quote('电话')}&city={quote('青川')}") in [tuple(c) for c in choices], choices
    assert {c[0] for c in choices} == {"青川", "白河", "云溪"}, choices
    page.locator("#note").get_by_role("link", name="白河").click()
    page.wait_for_function("document.querySelectorAll('#results a').length > 0")
    assert results(page)[0]["path"].startswith("/baihe/")
    page_log.assert_clean()


@pytest.mark.parametrize("typed,query,want,city", [
    ("青川市", "补缴", "/qingchuan/backpay/", "青川"),
    ("Qingchuan", "补缴", "/qingchuan/backpay/", "青川"),
    ("qingchuan", "补缴", "/qingchuan/backpay/", "青川"),
    ("柳湾区", "补缴", "/qingchuan/backpay/", "青川"),  # one of its districts
    (" 青川 ", "补缴", "/qingchuan/backpay/", "青川"),
    ("雲溪", "新生儿", "/yunxi/newborn/", "云溪"),
])
def test_the_city_field_takes_a_city_however_it_is_written(page, page_log, site, typed, query, want, city):
    found = search(page, site, query, city=typed)
    assert found and found[0]["path"] == want, describe(found)
    assert page.inner_text("#status").startswith(f"{city}的结果：")
    page_log.assert_clean()


def test_the_city_field_offers_the_cities_without_javascript(nojs_page, site):
    nojs_page.goto(site("/search/"))
    options = nojs_page.eval_on_selector_all("#city-names option", "os => os.map(o => o.value)")
    assert sorted(options) == sorted(["青川", "白河", "云溪"])
    assert nojs_page.get_attribute("#city", "list") == "city-names"
    assert "需要浏览器开启 JavaScript" in nojs_page.inner_text("main")


@pytest.mark.parametrize("query,city,want", [
    ("白河刚出生的宝宝怎么办医保", "白河", "/baihe/newborn/"),
    ("青川醫保卡丟了", "青川", "/qingchuan/card/"),
    ("baihe yibaoka", "白河", "/baihe/card/"),
    ("柳湾区医保中心", "青川", "/qingchuan/offices/"),  # a district names its city
    ("河口区医保中心", "白河", "/baihe/offices/"),
])
def test_a_city_named_in_the_query_leads(page, page_log, site, query, city, want):
    found = search(page, site, query)
    assert found[0]["path"] == want, describe(found)
    assert page.inner_text("#status").startswith(f"{city}的结果：")
    page_log.assert_clean()


@pytest.mark.parametrize("query,city,pinyin,number", [
    ("白河补缴", "白河", "baihe", "0408-87654321"),  # the number of its office
    ("云溪补缴", "云溪", "yunxi", "12393"),  # its sections are empty, it has no number: the national line
])
def test_a_city_with_nothing_on_it_says_so_then_shows_other_cities(page, page_log, site, query, city, pinyin,
                                                                    number):
    found = search(page, site, query)
    note = page.inner_text("#note")
    assert f"{city}暂无“补缴”的资料" in note and number in note, note
    assert found and not any(r["path"].startswith(f"/{pinyin}/") for r in found), describe(found)
    assert found[0]["path"].startswith("/qingchuan/"), describe(found)  # the one city with 补缴
    assert found[0]["text"].startswith("其他城市："), describe(found)
    page_log.assert_clean()


@pytest.mark.parametrize("query", ["yibaoka", "yi bao ka", "yibao ka diu le", "YiBaoKa DiuLe"])
def test_pinyin_finds_topics(page, page_log, site, query):
    found = search(page, site, query)
    assert_top(found, path_ends("/card/"), query)
    page_log.assert_clean()


def test_the_count_and_the_marks_are_of_words_not_characters(page, page_log, site):
    query = "外地户籍的职工能在青川补缴医保吗"
    found = search(page, site, query)
    status = page.inner_text("#status")
    own = int(re.search(r"找到 (\d+) 个青川的页面", status).group(1))
    other = re.search(r"另有 (\d+) 个", status)
    total = own + (int(other.group(1)) if other else 0)
    assert total < 30, status  # of 59 pages, nearly all of which have 的, 在 or 能
    assert_top(found, path_is("/qingchuan/backpay/"), query)
    marks = {m for r in found for m in r["marks"]}
    assert marks and all(len(m) >= 2 for m in marks), marks
    page_log.assert_clean()


@pytest.mark.parametrize("query,want", [
    ("湾区", path_is("/qingchuan/offices/")),         # part of 柳湾区, not a word of its own
    ("长青", path_is("/qingchuan/offices/")),         # part of a street (柳湾区长青路88号)
    ("4548", path_is("/qingchuan/offices/")),         # part of a phone number (0409-64548926)
    ("2310", path_is("/qingchuan/offices/", "/qingchuan/query/")),  # 0409-62310001
    ("柳", lambda r: r["path"].startswith("/qingchuan/")),  # one character: 柳湾区
])
def test_any_part_of_the_text_finds_its_page(page, page_log, site, query, want):
    found = search(page, site, query)
    assert_top(found, want, query)
    page_log.assert_clean()


def test_more_results_on_request(page, page_log, site):
    found = search(page, site, "医保")
    assert len(found) == 5
    status = page.inner_text("#status")
    total = int(re.search(r"找到 (\d+) 个", status).group(1))
    assert total > 10
    page.get_by_role("button", name="显示更多结果").click()
    page.wait_for_function("document.querySelectorAll('#results > li').length === 10")
    assert len({r["path"] for r in results(page)}) == 10
    page_log.assert_clean()


def test_nothing_found_says_so(page, page_log, site):
    found = search(page, site, "火星移民")
    assert found == []
    assert "没有找到" in page.inner_text("#status")
    page_log.assert_clean()


@pytest.mark.parametrize("path", ["/", "/qingchuan/offices/", "/qingchuan/calculators/backpay/", "/compare/",
                                  "/articles/how-to-read/", "/404.html"])
def test_header_search_box_submits_to_the_search_page(page, page_log, site, path):
    page.goto(site(path))
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


def test_typing_on_the_search_page_searches(page, page_log, site):
    page.goto(site("/search/"))
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


def ask_in_header(page, url: str, query: str) -> None:
    """Type `query` into the header's search box of the page at `url` and wait for the answer."""
    page.goto(url)
    page.fill("#site-q", query)
    page.press("#site-q", "Enter")
    page.wait_for_url("**/search/?*")
    page.wait_for_function("/找到|没有找到/.test(document.getElementById('status').textContent)", timeout=20_000)


def test_the_search_box_on_a_city_s_page_puts_that_city_first(page, page_log, site):
    """Asked in the header of 白河's page, a question that names no city is about 白河; the
    page says so and offers all cities. A question that names another city is about that one."""
    ask_in_header(page, site("/baihe/offices/"), "医保卡丢了怎么办")
    assert page.locator("#status").inner_text().startswith("白河的结果："), page.locator("#status").inner_text()
    found = results(page)
    assert found[0]["path"].startswith("/baihe/"), describe(found)
    assert page.input_value("#city") == ""  # the field stays the reader's own
    assert parse_qs(urlsplit(page.url).query)["from"] == ["白河"]
    page.get_by_role("link", name="看所有城市的结果").click()
    page.wait_for_function("!document.getElementById('status').textContent.startsWith('白河')"
                           " && /找到/.test(document.getElementById('status').textContent)", timeout=20_000)
    assert "from" not in parse_qs(urlsplit(page.url).query)
    ask_in_header(page, site("/baihe/"), "青川医保卡丢了怎么办")
    assert page.locator("#status").inner_text().startswith("青川的结果："), page.locator("#status").inner_text()
    assert "您是从" not in page.locator("#note").inner_text()
    page_log.assert_clean()


def test_a_city_hint_the_site_does_not_have_is_left_out(page, page_log, site):
    page.goto(site("/search/?q=%E5%8C%BB%E4%BF%9D%E5%8D%A1&from=%E7%81%AB%E6%98%9F"))  # 医保卡, from 火星
    page.wait_for_function("/找到|没有找到/.test(document.getElementById('status').textContent)", timeout=20_000)
    assert page.locator("#status").inner_text().startswith("找到"), page.locator("#status").inner_text()
    assert results(page)
    page_log.assert_clean()
