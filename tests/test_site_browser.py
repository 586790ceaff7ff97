"""The built test project opened in chromium at phone width, as the public meets it.

The facts each page must show are read from the city files themselves (tests/pagefacts.py),
so a page that drops an office, a phone or a step fails here; the real cities are held to
the same facts without a browser (tests/test_real_cities.py).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ARTIFACTS, IMG, SCRIPT, TEST_PROJECT, html_pages, page_url
from generator.source.load import load_yaml
from generator.core.topics import TOPICS as TOPIC_LIST
from pagefacts import (city_data, expected_hub, expected_topic, full_date, items, number, rule_topics, shown_on,
                       squash, tel)

CITIES = sorted(p.stem for p in (TEST_PROJECT / "cities").glob("*.yaml"))
TOPICS = tuple(t.slug for t in TOPIC_LIST)
PAGES = [""] + list(TOPICS)  # "" is the city's hub


def correction_fields(href: str | None) -> dict[str, str]:
    """The prefilled fields of a 纠错 link to the repository's correction form."""
    from urllib.parse import parse_qsl, urlsplit
    config = load_yaml(TEST_PROJECT / "yibao.yaml", "yibao.yaml").data
    assert href and href.startswith(config["repo_url"].rstrip("/") + "/issues/new?"), href
    return dict(parse_qsl(urlsplit(href).query))


def tel_links(page) -> list[tuple[str, str]]:
    return [tuple(x) for x in page.eval_on_selector_all(
        "main a[href^='tel:']", "els => els.map(e => [e.textContent.trim(), e.getAttribute('href')])")]


# --- (1) facts from the city file ------------------------------------------------------------
@pytest.mark.parametrize("pinyin", CITIES)
@pytest.mark.parametrize("topic", PAGES, ids=lambda t: t or "hub")
def test_page_shows_the_city_files_facts(page, page_log, site, pinyin, topic):
    data = city_data(pinyin)
    page.goto(site(f"/{pinyin}/{topic + '/' if topic else ''}"))
    main = squash(page.inner_text("main"))
    exp = expected_hub(data) if not topic else expected_topic(data, topic)
    # a citation marker in the file, [s001], is a numbered reference on the page, [1]
    missing = [t for t in exp.texts if not shown_on(t, main)]
    assert not missing, f"/{pinyin}/{topic}: not shown: {missing}"
    links = tel_links(page)
    for phone in exp.phones:
        assert (phone, tel(phone)) in links, f"{phone} is not a tel: link on /{pinyin}/{topic} ({links})"
    # numbers are printed the guide's way: "9月1日", never "09月01日" or "2026-11-23"
    assert not re.search(r"(?<!\d)0\d月|月0\d日", main)
    assert not re.search(r"(?<!\d)20\d\d-\d\d-\d\d(?!\d)", main)

    def is_correction(href: str | None) -> bool:
        fields = correction_fields(href)
        return fields["template"] == "correction.yml" and fields["city"] == data["city"]["name"] \
            and fields["page"].endswith(f"/{pinyin}/{topic + '/' if topic else ''}")
    if not topic:
        # every topic card says 暂无资料 exactly when the city file has nothing for it
        for slug in TOPICS:
            card = squash(page.inner_text(f".cards li:has(> a[href='{slug}/'])"))
            own = expected_topic(data, slug, with_calculators=slug == "calculators") or slug in rule_topics(data)
            assert ("暂无资料" in card) == (not own), (slug, card)
    elif expected_topic(data, topic, with_calculators=topic == "calculators") or topic in rule_topics(data):
        assert page.locator("#empty-h").count() == 0
    else:
        empty = page.locator("section.empty")
        assert empty.locator("h2").inner_text() == "暂无资料"
        assert is_correction(empty.locator("a.fix").get_attribute("href"))
        assert is_correction(page.get_by_role("link", name=re.compile("纠错")).first.get_attribute("href"))
    # every section says first how old its information is, then when it was checked
    texts = [(TEST_PROJECT / "cities" / f"{pinyin}.yaml").read_text("utf-8")]
    texts += [f.read_text("utf-8") for f in [TEST_PROJECT / "national.yaml", *(TEST_PROJECT / "provinces").glob("*.yaml")]
              if f.exists()]  # the rules above the city are checked on their own days
    verified = {full_date(v) for text in texts for v in re.findall(r"verified: \"?(\d{4}-\d\d-\d\d)", text)}
    for section in page.locator("main section.block:not(.block-calc-links):not(.block-iam)").all():
        footer = section.locator(":scope > footer.provenance")
        summary = squash(footer.locator("summary").inner_text())
        asof = squash(section.locator(":scope > p.asof").inner_text())
        m = re.fullmatch(r"来源（\d+份） · 资料时间 (\S+)", summary)
        # one date, or the span of its items' own dates (约2012年至2024年10月16日)
        date = r"(?:(?:约)?\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{4}年以前)"
        when = re.fullmatch(rf"资料时间：({date}(?:至{date})?) "
                            r"(\d{4}年\d{1,2}月\d{1,2}日)对照来源核对", asof)
        assert m and when and m.group(1) == when.group(1), (section.get_attribute("id"), summary, asof)
        assert when.group(2) in verified, (section.get_attribute("id"), asof)
        assert footer.locator("details li").count() >= 1
        assert is_correction(footer.locator("a.fix").get_attribute("href"))
    page_log.assert_clean()


@pytest.mark.parametrize("pinyin, office_id, title", [("qingchuan", "city-centre", "市医保中心的地址"),
                                                      ("yunxi", "centre", "地址")])
def test_both_conflicting_addresses_are_shown(page, site, pinyin, office_id, title):
    data = city_data(pinyin)
    centre = next(o for o in items(data, "offices") if o["id"] == office_id)
    addresses = [v["value"] for c in centre["conflicts"] if c["field"] == "address" for v in c["values"]]
    assert len(addresses) == 2
    page.goto(site(f"/{pinyin}/offices/"))
    office = page.locator(f"#office-{office_id}")
    conflict = squash(office.locator(".conflict").inner_text())
    assert "各来源说法不一致" in conflict and title in conflict
    for address in addresses:
        assert address in conflict
    page.goto(site(f"/{pinyin}/"))
    # the hub gives the address the file settles on, or says the sources disagree
    quick = page.inner_text(".quick")
    if centre.get("address"):
        assert centre["address"] in quick
    else:
        assert "地址各来源说法不一，见经办机构页" in quick


def test_hub_quick_facts_link_where_they_say(page, site):
    page.goto(site("/qingchuan/"))
    quick = page.locator(".quick")
    # (the old-information warning above the answers rings the same number)
    assert quick.locator("dl").get_by_role("link", name="12333", exact=True).first.get_attribute("href") == "tel:12333"
    assert "400 元/年" in quick.inner_text() and "310 元/年" in quick.inner_text()
    quick.get_by_role("link", name="青川市医疗保险管理中心").click()
    page.wait_for_url(re.compile(r"/qingchuan/offices/$"))
    assert page.locator("h1").inner_text() == "青川医保 · 经办机构"


def test_enrolment_window_is_printed_as_month_and_day(page, site):
    page.goto(site("/baihe/enrol/"))
    assert "每年 9月1日 至 11月30日" in page.inner_text("#windows")
    page.goto(site("/compare/"))
    row = page.locator("#windows tr", has_text="白河")
    assert "9月1日 至 11月30日" in row.inner_text()


# --- (2) + (3) every page -------------------------------------------------------------------------
def _built_pages():
    """The pages of the test project, known before anything is built (for parametrize)."""
    import datetime as dt

    from generator.views.pages import site_pages
    from generator.model.site import load_site

    site = load_site(TEST_PROJECT)
    return sorted(p.path for p in site_pages(site, dt.date.today()))


ALL_PAGES = _built_pages()


@pytest.mark.parametrize("path", ALL_PAGES)
def test_every_page_is_chinese_local_error_free_accessible_and_fits_360px(page, page_log, site, path, axe):
    page.goto(site(page_url(path)))
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert page.evaluate("document.documentElement.getAttribute('lang')") == "zh-CN"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{path} scrolls sideways at 360 px: {width} px wide ({_too_wide(page)})"
    violations = axe_violations(page, axe)
    assert not violations, f"{path}: axe-core: {violations}"
    page_log.assert_clean()


def _too_wide(page) -> list[str]:
    return page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > 360.5)
        .slice(-5).map(e => e.tagName.toLowerCase() + '.' + e.className)""")


@pytest.fixture(scope="session")
def axe() -> str:
    """axe-core's source, as bundled (locally) in axe-playwright-python."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe().axe_script


def axe_violations(page, axe: str) -> list:
    page.evaluate(axe)
    return page.evaluate("""() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(
        v => [v.id, v.impact, v.help, v.nodes.slice(0, 5).map(n => n.target.join(' '))]))""")


def test_every_built_page_is_covered(built_site):
    assert html_pages(built_site) == ALL_PAGES


# --- (4) without JavaScript ------------------------------------------------------------------------
def test_pages_read_without_javascript(nojs_page, page_log, site):
    page = nojs_page
    data = city_data("qingchuan")
    page.goto(site("/qingchuan/"))
    assert page.evaluate("1") == 1  # evaluate still works from the test; the page's own scripts do not
    main = squash(page.inner_text("main"))
    for text in expected_hub(data).texts:
        assert shown_on(text, main), text
    for topic in ("enrol", "offices", "pay"):
        page.goto(site(f"/qingchuan/{topic}/"))
        main = squash(page.inner_text("main"))
        missing = [t for t in expected_topic(data, topic).texts if not shown_on(t, main)]
        assert not missing, (topic, missing)
    page.goto(site("/search/"))
    assert "搜索需要浏览器开启 JavaScript" in page.inner_text("main")
    # the way on without JavaScript: the home page lists every city
    assert page.locator("main a", has_text="按省份浏览所有城市").first.get_attribute("href") == "../"
    page_log.assert_clean()


@pytest.mark.parametrize("pinyin, kind", [(c, k) for c in CITIES for k in (city_data(c).get("calculators") or {})])
def test_calculator_formula_and_examples_without_javascript(nojs_page, page_log, site, pinyin, kind):
    from generator.calculators import RULES

    page = nojs_page
    data = city_data(pinyin)
    block = data["calculators"][kind]
    page.goto(site(f"/{pinyin}/calculators/{kind.replace('_', '-')}/"))
    main = squash(page.inner_text("main"))
    assert RULES[kind].TITLE in main
    # the formula of the version in force, which may be a national rule's (the 2021 account reform)
    from generator.core.today import build_date
    from generator.model.site import load_site
    from generator.views.calculators import views as calculator_views
    model = load_site(TEST_PROJECT)
    city = next(c for c in model.cities if c.pinyin == pinyin)
    view = next(v for v in calculator_views(city, build_date(), regions=model.regions) if v.kind == kind)
    assert view.formula
    for line in view.formula:
        assert squash(line) in main
    for example in block.get("examples") or ():
        assert example["title"] in main
        for name, value in example["expected"].items():
            shown = f"{number(value)} 元" if isinstance(value, (int, float)) else (
                full_date(value) if re.fullmatch(r"\d{4}-\d\d-\d\d", str(value)) else str(value))
            assert shown in main
    examples = page.locator(".calc-examples tbody tr")
    assert examples.count() >= len(block.get("examples") or ())
    if examples.count():
        assert "元" in examples.first.inner_text() or "日" in examples.first.inner_text()
    page_log.assert_clean()


def test_a_calculator_without_javascript_offers_no_button_that_does_nothing(nojs_page, page_log, site):
    """Without JavaScript the 计算 button only reloaded the page with the form emptied and
    “—” for every result: the form is not shown then, the notice says where the worked
    examples are, and its links lead there."""
    page = nojs_page
    page.goto(site("/qingchuan/calculators/resident-premium/"))
    assert not page.get_by_role("button", name="计算").is_visible()
    assert page.locator("form[data-calc-form]").is_hidden()
    assert page.locator(".calc-output-row").first.is_hidden()
    notice = page.locator("[data-calc-nojs]")
    assert notice.is_visible() and "JavaScript" in notice.inner_text()
    notice.get_by_role("link", name="算例").click()
    assert page.locator(".calc-examples h2").is_visible()
    assert page.locator(".calc-examples tbody tr").first.is_visible()
    visible_buttons = [b for b in page.locator("main button").all() if b.is_visible()]
    assert visible_buttons == []
    page_log.assert_clean()


def test_with_javascript_the_calculator_form_is_shown(page, page_log, site):
    page.goto(site("/qingchuan/calculators/resident-premium/"))
    page.wait_for_selector("[data-calc-nojs][hidden]", state="attached")
    assert page.get_by_role("button", name="计算").is_visible()
    assert page.locator("[data-calc-nojs]").is_hidden()
    page_log.assert_clean()


def test_an_earlier_day_says_its_parameters_are_not_today_s(page, page_log, site):
    """An employee of 40 earning 8,000 元: 160 元 under the 2021 reform; with 更多选项 set to
    a day in 2020 the earlier rule gives 224 元, and the line above the result says those
    parameters are not the city's present ones (it kept naming the 2021 data)."""
    page.goto(site("/qingchuan/calculators/account-credit/?age=40&wage=8000"))
    credit = page.locator("output[name=credit]")
    asof = page.locator("[data-calc-asof]")
    page.wait_for_function("document.querySelector('output[name=credit]').textContent.includes('元')")
    assert credit.inner_text() == "160 元"
    built = asof.inner_text()
    assert "约2021年4月9日" in built and "不是本市现在的规定" not in built
    page.locator("details.calc-more summary").click()
    page.locator("[name=date]").fill("2020-01-01")
    page.wait_for_function("document.querySelector('output[name=credit]').textContent === '224 元'")
    assert "参数自约2011年7月1日起施行，不是本市现在的规定" in asof.inner_text()
    page.locator("[name=date]").fill("2026-01-01")
    page.wait_for_function("document.querySelector('output[name=credit]').textContent === '160 元'")
    assert asof.inner_text() == built
    page_log.assert_clean()


def test_a_retiree_is_told_what_the_guide_does_not_know_not_that_he_made_a_mistake(page, page_log, site):
    page.goto(site("/qingchuan/calculators/account-credit/"))
    page.wait_for_selector("[data-calc-nojs][hidden]", state="attached")
    page.locator("[name=status]").select_option("retiree")
    page.locator("[name=pension]").fill("3000")
    page.get_by_role("button", name="计算").click()
    steps = page.locator("[data-calc-steps]")
    page.wait_for_function("document.querySelector('[data-calc-steps]').textContent.includes('暂无资料')")
    assert "12393" in steps.inner_text() and "改正" not in steps.inner_text()
    assert page.locator("[aria-invalid=true]").count() == 0
    assert [t for t in page.locator(".calc-msg").all_inner_texts() if t.strip()] == []
    page_log.assert_clean()


# --- (5) escaping -------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/qingchuan/offices/", "/qingchuan/"])
def test_markup_in_a_city_file_is_shown_as_text(page, page_log, pwned_site, path):
    page.goto(pwned_site(path))
    page.wait_for_load_state("networkidle")
    main = page.inner_text("main")
    assert f"青川市医疗保险管理中心{SCRIPT}{IMG}" in main
    if path.endswith("offices/"):
        assert f"旧址备注{IMG}{SCRIPT}" in main
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("main img").count() == 0
    assert page.evaluate("[...document.scripts].filter(s => s.textContent.includes('__pwned=1') "
                         "&& s.type !== 'application/ld+json').length") == 0
    page_log.assert_clean(allow_missing=("/x",))


def test_markup_in_a_city_file_stays_text_in_json_ld(page, pwned_site):
    page.goto(pwned_site("/qingchuan/offices/"))
    raw = page.locator("script[type='application/ld+json']").text_content()
    assert "</script" not in raw.lower() and "<img" not in raw.lower()
    names = [e["name"] for e in json.loads(raw)["@graph"]]
    assert f"青川市医疗保险管理中心{SCRIPT}{IMG}" in names
    assert page.evaluate("typeof window.__pwned") == "undefined"


# --- (6) JSON-LD matches what the page shows ------------------------------------------------------
OFFICES_ON_PAGE = """() => [...document.querySelectorAll('main article.office')].map(a => {
  const pairs = {};
  const dts = a.querySelectorAll('dl.pairs > dt');
  for (const dt of dts) {
    const dd = dt.nextElementSibling;
    pairs[dt.textContent.trim()] = dd;
  }
  const address = pairs['地址'] ? [...pairs['地址'].childNodes].filter(n => n.nodeType === 3)
      .map(n => n.textContent).join('').trim() : null;
  const phones = pairs['电话'] ? [...pairs['电话'].querySelectorAll('a.tel')].map(x => x.textContent.trim()) : [];
  const hours = pairs['办公时间'] ? pairs['办公时间'].textContent.trim() : null;
  return {name: a.querySelector('h3').textContent.trim(), address, phones, hours};
})"""


@pytest.mark.parametrize("pinyin", [c for c in CITIES if items(city_data(c), "offices")])
def test_offices_json_ld_matches_the_page(page, site, pinyin):
    data = city_data(pinyin)
    page.goto(site(f"/{pinyin}/offices/"))
    shown = page.evaluate(OFFICES_ON_PAGE)
    scripts = page.locator("script[type='application/ld+json']")
    assert scripts.count() == 1
    ld = json.loads(scripts.text_content())
    assert ld["@context"] == "https://schema.org"
    graph = ld["@graph"]
    assert [e["@type"] for e in graph] == ["GovernmentOffice"] * len(items(data, "offices"))
    assert [e["name"] for e in graph] == [o["name"] for o in shown] == [o["name"] for o in items(data, "offices")]
    for entry, office, source in zip(graph, shown, items(data, "offices")):
        phones = entry.get("telephone", [])
        phones = [phones] if isinstance(phones, str) else phones
        assert phones == office["phones"] == list(source.get("phones") or ())
        street = entry.get("address", {}).get("streetAddress")
        assert street == office["address"] == source.get("address")
        if street:
            assert entry["address"]["@type"] == "PostalAddress"
            assert entry["address"]["addressLocality"] == data["city"]["name"]
            assert entry["address"]["addressCountry"] == "CN"
        assert entry.get("description") == office["hours"] == source.get("hours")


# --- (7) screenshots to look at ------------------------------------------------------------------
@pytest.mark.parametrize("name,path", [("qingchuan-hub", "/qingchuan/"), ("qingchuan-offices", "/qingchuan/offices/"),
                                       ("compare", "/compare/"), ("search", "/search/?q=医保卡丢了怎么办")])
def test_phone_screenshots(page, page_log, site, name, path):
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(site(path))
    if "search" in path:
        page.wait_for_function("document.querySelectorAll('#results li').length > 0")
    page.wait_for_load_state("networkidle")
    target = ARTIFACTS / f"{name}-360.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page_log.assert_clean()
