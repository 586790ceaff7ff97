"""The built guide opened in chromium at phone width, as the public meets it.

The facts each page must show are read from the city files themselves (the same YAML a
volunteer edits), so a page that drops an office, a phone or a step fails here.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ARTIFACTS, IMG, PROJECT, SCRIPT, html_pages, page_url
from generator.source.load import load_yaml
from generator.core.questions import BY_SLUG as BY_QUESTION
from generator.core.topics import TOPICS as TOPIC_LIST

CITY_FILES = sorted((PROJECT / "cities").glob("*.yaml"))
CITIES = [p.stem for p in CITY_FILES]
TOPICS = tuple(t.slug for t in TOPIC_LIST)
PAGES = [""] + list(TOPICS)  # "" is the city's hub
# The procedure kinds, money topics and calculators each topic page lists.
PROCEDURE_TOPICS = {kind: t.slug for t in TOPIC_LIST for kind in t.procedures}
MONEY_TOPICS = {money: t.slug for t in TOPIC_LIST for money in t.money}
CALC_TOPICS = {kind: tuple(t.slug for t in TOPIC_LIST if kind in t.calculators)
               for t in TOPIC_LIST for kind in t.calculators}


# --- what the city file says --------------------------------------------------------------
def rule_topics(data: dict) -> set[str]:
    """The topic pages that rules of the nation, the city's province or the city itself fill
    (a page with only those is not 暂无资料)."""
    files = [PROJECT / "national.yaml", *sorted((PROJECT / "provinces").glob("*.yaml"))]
    rules = list(data.get("rules") or ())
    for path in files:
        if path.exists():
            region = load_yaml(path, path.name, "region").data
            if region["region"]["name"] in ("全国", data["city"]["province"]):
                rules += region.get("rules") or ()
    return {BY_QUESTION[r["question"]].topic for r in rules}


def city_data(pinyin: str) -> dict:
    return load_yaml(PROJECT / "cities" / f"{pinyin}.yaml", f"cities/{pinyin}.yaml").data


def items(data: dict, section: str) -> list[dict]:
    return list((data.get(section) or {}).get("items") or [])


def number(value: float) -> str:
    """How the guide prints amounts: 385, 1,200, 60.45, 3.6."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def month_day(text: str) -> str:
    month, day = text.split("-")
    return f"{int(month)}月{int(day)}日"


def full_date(text: str) -> str:
    year, month, day = (int(p) for p in text.split("-"))
    return f"{year}年{month}月{day}日"


def money_text(item: dict) -> str:
    if item["unit"] == "%":
        return f"{number(item['value'])}%"
    return f"{number(item['value'])} {item['unit']}"


def latest(versions: list[dict]) -> dict:
    return max(versions, key=lambda v: v["from"])


def calculators(data: dict) -> list[str]:
    from generator.calculators import RULES

    return [kind for kind in RULES if kind in (data.get("calculators") or {})]


def hotlines(data: dict) -> list[dict]:
    channels = items(data, "channels")
    lines = [c for c in channels if c.get("hotline")] or [c for c in channels if c["kind"] == "hotline"]
    return [c for c in lines if c.get("phone")][:2]


def tel(number_text: str) -> str:
    return "tel:" + number_text.replace("-", "")


class Expected:
    """Texts and phone links one page must show."""

    def __init__(self):
        self.texts: list[str] = []
        self.phones: list[str] = []

    def add(self, *texts):
        self.texts.extend(t for t in texts if t)

    def __bool__(self):
        return bool(self.texts or self.phones)


def expected_topic(data: dict, topic: str, with_calculators: bool = True) -> Expected:
    """What a topic page must show; without `with_calculators`, only what is its own (links to
    calculators alone leave a topic 暂无资料)."""
    exp = Expected()
    kinds = {p["id"]: p["kind"] for p in items(data, "procedures")}
    for group in items(data, "materials"):
        # a list for one applicant category is on that category's checklist instead
        if not group.get("category") and PROCEDURE_TOPICS.get(kinds.get(group["procedure"])) == topic:
            exp.add(group["title"], *group["documents"])
    for proc in items(data, "procedures"):
        if PROCEDURE_TOPICS.get(proc["kind"]) == topic:
            exp.add(proc["title"], *proc["steps"], proc.get("duration"))
            for conflict in proc.get("conflicts") or ():
                exp.add(*(v["value"] for v in conflict["values"]))
    for tip in items(data, "tips"):
        if tip.get("topic", "general") == topic:
            exp.add(tip["text"])
    for money in items(data, "money"):
        if MONEY_TOPICS.get(money.get("topic")) == topic:
            exp.add(money["label"], money_text(money))
            if money.get("from"):
                exp.add(full_date(money["from"]))
    for kind in calculators(data):
        if with_calculators and (topic in CALC_TOPICS.get(kind, ()) or topic == "calculators"):
            from generator.calculators import RULES

            exp.add(RULES[kind].TITLE)
    if topic == "enrol":
        for scheme in items(data, "schemes"):
            exp.add(scheme["name"], scheme.get("summary"))
            for cat in scheme.get("categories") or ():
                exp.add(cat["name"], cat["who"])
        for window in (data.get("enrolment") or {}).get("windows") or ():
            exp.add(window["name"], f"每年 {month_day(window['start'])} 至 {month_day(window['end'])}")
    elif topic == "pay":
        premium = (data.get("calculators") or {}).get("resident_premium")
        if premium:
            for tier in latest(premium["versions"])["tiers"]:
                exp.add(tier["name"], f"{number(tier['personal'])} 元/年")
    elif topic == "query":
        for channel in items(data, "channels"):
            exp.add(channel["name"], channel.get("url"), *channel["can"])
            if channel.get("phone"):
                exp.phones.append(channel["phone"])
    elif topic == "benefits":
        enrolment = data.get("enrolment") or {}
        for rule in enrolment.get("rules") or ():
            exp.add(rule["case"], rule["text"])
        for year in enrolment.get("benefit_years") or ():
            exp.add(month_day(year["start"]), month_day(year["end"]))
        for benefit in items(data, "benefits"):
            exp.add(benefit["title"], benefit["text"])
    elif topic == "offices":
        for office in items(data, "offices"):
            exp.add(office["name"], office.get("address"), office.get("hours"), *(office.get("handles") or ()))
            exp.phones.extend(office.get("phones") or ())
            for conflict in office.get("conflicts") or ():
                exp.add(*(v["value"] for v in conflict["values"]))
    return exp


def expected_hub(data: dict) -> Expected:
    exp = Expected()
    exp.add(data["city"]["name"] + "医保指南", data["city"].get("summary"))
    area = data["city"].get("area_code")
    for line in hotlines(data):
        # a five-digit line (12333) is dialled with the city's area code: from a mobile phone
        # elsewhere, 12333 alone reaches the caller's own city
        short = len(line["phone"]) == 5 and line["phone"].isdigit() and area
        exp.phones.append(f"{area}-{line['phone']}" if short else line["phone"])
    offices = items(data, "offices")
    if offices:
        main = next((o for o in offices if o.get("primary")), offices[0])
        exp.add(main["name"], main.get("address"))
    premium = (data.get("calculators") or {}).get("resident_premium")
    if premium:
        for tier in latest(premium["versions"])["tiers"][:3]:
            exp.add(f"{tier['name']} {number(tier['personal'])} 元/年")
    windows = (data.get("enrolment") or {}).get("windows") or ()
    if windows:
        exp.add(f"每年 {month_day(windows[0]['start'])} 至 {month_day(windows[0]['end'])}")
    for tip in items(data, "tips"):
        if tip.get("topic", "general") == "general":
            exp.add(tip["text"])
    return exp


MARKER = re.compile(r"\[[a-z][a-z0-9-]*(?:\s*[,，、]\s*[a-z][a-z0-9-]*)*\]")


def shown_on(text: str, main: str) -> bool:
    """`text` from the city file is on the page, its [s001] markers printed as [1]."""
    return squash(MARKER.sub("", text)).replace(" ", "") in re.sub(r"\[\d{1,2}\]", "", main).replace(" ", "")


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def correction_fields(href: str | None) -> dict[str, str]:
    """The prefilled fields of a 纠错 link to the repository's correction form."""
    from urllib.parse import parse_qsl, urlsplit
    config = load_yaml(PROJECT / "yibao.yaml", "yibao.yaml").data
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
    texts = [(PROJECT / "cities" / f"{pinyin}.yaml").read_text("utf-8")]
    texts += [f.read_text("utf-8") for f in [PROJECT / "national.yaml", *(PROJECT / "provinces").glob("*.yaml")]
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


def test_beijing_shows_both_conflicting_addresses(page, site):
    data = city_data("beijing")
    centre = next(o for o in items(data, "offices") if o["id"] == "centre")
    addresses = [v["value"] for c in centre["conflicts"] if c["field"] == "address" for v in c["values"]]
    assert len(addresses) == 2
    page.goto(site("/beijing/offices/"))
    office = page.locator("#office-centre")
    conflict = squash(office.locator(".conflict").inner_text())
    assert "各来源说法不一致" in conflict and "地址" in conflict
    for address in addresses:
        assert address in conflict
    page.goto(site("/beijing/"))
    assert "地址各来源说法不一，见经办机构页" in page.inner_text(".quick")


def test_hub_quick_facts_link_where_they_say(page, site):
    page.goto(site("/dalian/"))
    quick = page.locator(".quick")
    # (the old-information warning above the answers rings the same number)
    assert quick.locator("dl").get_by_role("link", name="12333", exact=True).first.get_attribute("href") == "tel:12333"
    assert "385 元/年" in quick.inner_text() and "295 元/年" in quick.inner_text()
    quick.get_by_role("link", name="大连市医疗保险管理中心").click()
    page.wait_for_url(re.compile(r"/dalian/offices/$"))
    assert page.locator("h1").inner_text() == "大连医保 · 经办机构"


def test_enrolment_window_is_printed_as_month_and_day(page, site):
    page.goto(site("/shanghai/enrol/"))
    assert "每年 10月1日 至 12月20日" in page.inner_text("#windows")
    page.goto(site("/compare/"))
    row = page.locator("#windows tr", has_text="上海")
    assert "10月1日 至 12月20日" in row.inner_text()


# --- (2) + (3) every page -------------------------------------------------------------------------
def _built_pages():
    """The pages of the real project, known before anything is built (for parametrize)."""
    import datetime as dt

    from generator.views.pages import site_pages
    from generator.model.site import load_site

    site = load_site(PROJECT)
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
    data = city_data("dalian")
    page.goto(site("/dalian/"))
    assert page.evaluate("1") == 1  # evaluate still works from the test; the page's own scripts do not
    main = squash(page.inner_text("main"))
    for text in expected_hub(data).texts:
        assert shown_on(text, main), text
    for topic in ("enrol", "offices", "pay"):
        page.goto(site(f"/dalian/{topic}/"))
        main = squash(page.inner_text("main"))
        missing = [t for t in expected_topic(data, topic).texts if not shown_on(t, main)]
        assert not missing, (topic, missing)
    page.goto(site("/search/"))
    assert "搜索需要浏览器开启 JavaScript" in page.inner_text("main")
    # the way on without JavaScript: the home page lists every city
    assert page.locator("main a", has_text="按省份浏览所有城市").first.get_attribute("href") == "../"
    page_log.assert_clean()


@pytest.mark.parametrize("kind", ["account_credit", "resident_premium", "cover_start"])
def test_calculator_formula_and_examples_without_javascript(nojs_page, page_log, site, kind):
    from generator.calculators import RULES

    page = nojs_page
    data = city_data("dalian")
    block = data["calculators"][kind]
    page.goto(site(f"/dalian/calculators/{kind.replace('_', '-')}/"))
    main = squash(page.inner_text("main"))
    assert RULES[kind].TITLE in main
    # the formula of the version in force, which may be a national rule's (the 2021 account reform)
    from generator.core.today import build_date
    from generator.model.site import load_site
    from generator.views.calculators import views as calculator_views
    model = load_site(PROJECT)
    dalian = next(c for c in model.cities if c.pinyin == "dalian")
    view = next(v for v in calculator_views(dalian, build_date(), regions=model.regions) if v.kind == kind)
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
    assert examples.count() >= 1
    assert "元" in examples.first.inner_text() or "日" in examples.first.inner_text()
    page_log.assert_clean()


def test_a_calculator_without_javascript_offers_no_button_that_does_nothing(nojs_page, page_log, site):
    """Without JavaScript the 计算 button only reloaded the page with the form emptied and
    “—” for every result: the form is not shown then, the notice says where the worked
    examples are, and its links lead there."""
    page = nojs_page
    page.goto(site("/dalian/calculators/resident-premium/"))
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
    page.goto(site("/dalian/calculators/resident-premium/"))
    page.wait_for_selector("[data-calc-nojs][hidden]", state="attached")
    assert page.get_by_role("button", name="计算").is_visible()
    assert page.locator("[data-calc-nojs]").is_hidden()
    page_log.assert_clean()


# --- (5) escaping -------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/dalian/offices/", "/dalian/"])
def test_markup_in_a_city_file_is_shown_as_text(page, page_log, pwned_site, path):
    page.goto(pwned_site(path))
    page.wait_for_load_state("networkidle")
    main = page.inner_text("main")
    assert f"大连市医疗保险管理中心{SCRIPT}{IMG}" in main
    if path.endswith("offices/"):
        assert f"旧址备注{IMG}{SCRIPT}" in main
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("main img").count() == 0
    assert page.evaluate("[...document.scripts].filter(s => s.textContent.includes('__pwned=1') "
                         "&& s.type !== 'application/ld+json').length") == 0
    page_log.assert_clean(allow_missing=("/x",))


def test_markup_in_a_city_file_stays_text_in_json_ld(page, pwned_site):
    page.goto(pwned_site("/dalian/offices/"))
    raw = page.locator("script[type='application/ld+json']").text_content()
    assert "</script" not in raw.lower() and "<img" not in raw.lower()
    names = [e["name"] for e in json.loads(raw)["@graph"]]
    assert f"大连市医疗保险管理中心{SCRIPT}{IMG}" in names
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
@pytest.mark.parametrize("name,path", [("dalian-hub", "/dalian/"), ("dalian-offices", "/dalian/offices/"),
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
