"""What a reader on a phone expects (issue 17), in headless chromium at 360 px: the 长辈版
switch on every page kind, with and without JavaScript; 朗读 with the browser's own
Chinese voice, absent without one; a city in two taps; no sideways scrolling at 200 %
zoom; dark mode; axe-core in light, dark and 长辈版; and a checklist that prints on one A4
sheet with its address, the dates and a QR code that leads back to the page."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from conftest import ARTIFACTS, TEST_PROJECT, open_context, watch
from test_site_browser import axe, axe_violations  # noqa: F401 (axe is a fixture)

# One page of each kind the site has.
KINDS = {
    "home": "/",
    "hub": "/qingchuan/",
    "topic": "/qingchuan/enrol/",
    "offices": "/qingchuan/offices/",
    "empty-topic": "/yunxi/pay/",
    "checklist": "/qingchuan/checklists/elderly/",
    "folder": "/qingchuan/checklists/",
    "calculator": "/qingchuan/calculators/resident-premium/",
    "compare": "/compare/",
    "search": "/search/?q=医保卡丢了怎么办",
    "article": "/articles/avoid-scams/",
    "data": "/data/",
    "404": "/qingchuan/no-such-page/",
}
# the 404 page is one, at an address that is not there
MISSING = ("no-such-page",)
CITY_KINDS = ("hub", "topic", "offices", "empty-topic", "checklist", "calculator")

# --- measuring a page as the rules of the 长辈版 put it -------------------------------------
# Text: every paragraph, list item and definition in the main text that shows.
TEXT = """() => [...document.querySelectorAll('main p, main li, main dd')]
  .filter(e => e.checkVisibility() && e.innerText.trim() && !e.closest('.visually-hidden'))
  .map(e => { const s = getComputedStyle(e);
              return {text: e.innerText.trim().slice(0, 20), size: parseFloat(s.fontSize),
                      line: s.lineHeight === 'normal' ? 0 : parseFloat(s.lineHeight)}; })"""
# Paragraph spacing: from the last line of a paragraph to the first line of the next one
# that follows it directly, against the distance from one line to the next inside it.
SPACING = """() => { const out = [];
  for (const p of document.querySelectorAll('main p + p')) {
    const prev = p.previousElementSibling;
    if (!p.checkVisibility() || !prev.checkVisibility()) continue;
    const line = parseFloat(getComputedStyle(prev).lineHeight);
    const a = prev.getBoundingClientRect(), b = p.getBoundingClientRect();
    out.push({text: p.innerText.slice(0, 20), gap: b.top - a.bottom, line}); }
  return out; }"""
# Tap targets: every link and control that shows; a link inside a sentence is `inline`.
TARGETS = """() => [...document.querySelectorAll('.page a[href], .page button, .page input, .page select, .page summary')]
  .filter(e => e.checkVisibility() && !e.closest('.visually-hidden, .skip, [hidden]')
               && getComputedStyle(e).visibility !== 'hidden')
  .map(e => { const r = e.getBoundingClientRect();
              const inline = getComputedStyle(e).display === 'inline'
                && [...e.parentElement.childNodes].some(n => n !== e && n.textContent.trim());
              return {what: e.tagName.toLowerCase() + '.' + e.className + ' ' + e.textContent.trim().slice(0, 12),
                      height: Math.min(...[...e.getClientRects()].map(x => x.height)), width: r.width, inline}; })"""


def assert_elder_rules(page, where: str) -> None:
    """The 长辈版 as the README promises it: body text at least 20 px, lines at least 1.3
    times the type, paragraphs further apart than lines, every link and control at least
    44 px high (the switch, buttons, phone numbers and navigation 48 px: site.css), nothing
    wider than the phone."""
    texts = page.evaluate(TEXT)
    assert texts, where
    small = [t for t in texts if t["size"] < 17]  # notes and dates are 0.9 of the body: 19.8 px
    body = [t for t in texts if t["size"] >= 17]
    assert body and min(t["size"] for t in body) >= 19.5, (where, min(body, key=lambda t: t["size"]))
    assert not small, (where, small[:5])
    tight = [t for t in texts if t["line"] < 1.3 * t["size"]]
    assert not tight, (where, tight[:5])
    for s in page.evaluate(SPACING):
        # baseline to baseline across the paragraphs at least 1.3 times the line distance
        assert s["gap"] + s["line"] >= 1.3 * s["line"], (where, s)
    targets = page.evaluate(TARGETS)
    assert len(targets) >= 5, where
    low = [t for t in targets if t["height"] < 44]
    assert not low, (where, low[:8])
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], (where, width)


def turn_on(page) -> None:
    switch = page.locator(".site-header a", has_text="长辈版").first
    box = switch.bounding_box()
    assert box and box["y"] < 120, f"the switch is not at the top of the page: {box}"
    switch.click()
    assert page.evaluate("document.documentElement.classList.contains('zb')")


# --- (1) 长辈版 ---------------------------------------------------------------------------
@pytest.mark.parametrize("kind", list(KINDS))
def test_elder_mode_on_every_page_kind_is_remembered(page, page_log, site, kind):
    path = KINDS[kind]
    page.goto(site(path))
    before = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p, main li')).fontSize)")
    assert before < 20  # the standard page is smaller: the switch changes something
    turn_on(page)
    assert page.evaluate("location.hash") == ""  # the page stays where it was
    assert_elder_rules(page, kind)
    if kind in CITY_KINDS:
        # the numbers to ring come before the rest of the page's content
        call = page.locator("main .dial")
        assert call.is_visible() and call.locator("a[href^='tel:']").count() >= 1
        first_h2 = page.locator("main h2").first
        assert first_h2.inner_text() == "有问题，先打电话", first_h2.inner_text()
    # remembered on the device: the next page opens in the 长辈版 too
    page.goto(site("/compare/" if kind != "compare" else "/"))
    assert page.evaluate("document.documentElement.classList.contains('zb')")
    assert page.evaluate("localStorage.getItem('zhangbei')") == "1"
    page.locator(".site-header a", has_text="退出长辈版").click()
    assert not page.evaluate("document.documentElement.classList.contains('zb')")
    page.reload()
    assert not page.evaluate("document.documentElement.classList.contains('zb')")
    assert page.locator(".site-header a", has_text="长辈版").first.is_visible()
    page_log.assert_clean(allow_missing=MISSING)


@pytest.mark.parametrize("kind", list(KINDS))
def test_elder_mode_without_javascript_is_an_address(nojs_page, page_log, site, kind):
    page = nojs_page
    page.goto(site(KINDS[kind]))
    switch = page.locator(".site-header a", has_text="长辈版").first
    assert switch.get_attribute("href") == "#zhangbei"
    switch.click()
    page.wait_for_url("**#zhangbei")
    assert_elder_rules(page, kind)
    # the bookmarked address opens it directly
    page.goto(site(KINDS[kind]) + "#zhangbei")
    assert_elder_rules(page, kind)
    page.locator(".site-header a", has_text="退出长辈版").click()
    assert page.evaluate("location.hash") == ""
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p, main li')).fontSize)")
    assert size < 20
    page_log.assert_clean(allow_missing=MISSING)


def test_elder_rules_can_fail(page, site):
    page.goto(site("/qingchuan/enrol/"))
    with pytest.raises(AssertionError):
        assert_elder_rules(page, "standard page")


# --- (2) 朗读 -----------------------------------------------------------------------------
# A stand-in for the browser's speech synthesis with the voices given: it records what it
# is asked to say and says it at once.
FAKE_SPEECH = """(voices) => {
  window.__said = [];
  const synth = new EventTarget();
  synth.getVoices = () => voices.map(([name, lang]) => ({name, lang, default: false, localService: true, voiceURI: name}));
  synth.speak = (u) => { window.__said.push({text: u.text, lang: u.lang, voice: u.voice && u.voice.lang});
                         setTimeout(() => { u.onstart && u.onstart(); setTimeout(() => u.onend && u.onend(), 5); }, 5); };
  synth.cancel = () => { window.__cancelled = (window.__cancelled || 0) + 1; };
  Object.defineProperty(window, 'speechSynthesis', {value: synth, configurable: true});
  window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
}"""


def speech_page(browser, log, voices):
    context = open_context(browser, log)
    context.add_init_script(f"({FAKE_SPEECH})({voices!r})")
    tab = context.new_page()
    watch(tab, log)
    return context, tab


@pytest.mark.parametrize("kind", ["hub", "checklist", "article"])
def test_read_aloud_reads_the_main_text_in_chinese(browser, page_log, site, kind):
    context, page = speech_page(browser, page_log, [["Google US English", "en-US"], ["Tingting", "zh-CN"]])
    try:
        page.goto(site(KINDS[kind]))
        button = page.locator(".site-header button", has_text="朗读")
        assert button.is_visible()
        box = button.bounding_box()
        assert box["y"] < 120 and box["height"] >= 44
        button.click()
        page.wait_for_function("window.__said.length > 3 && document.querySelector('[data-read-aloud]').textContent === '朗读'",
                               timeout=20_000)
        said = page.evaluate("window.__said")
        assert {s["lang"] for s in said} == {"zh-CN"} and {s["voice"] for s in said} == {"zh-CN"}
        text = "".join(s["text"] for s in said)
        h1 = page.locator("h1").inner_text()
        assert said[0]["text"] == h1.strip() or text.startswith(h1.strip()[:6])
        assert "跳到正文" not in text and "纠错" not in text and "来源（" not in text
        main = page.locator("main p").first.inner_text().strip()
        assert main[:10] in text
        assert max(len(s["text"]) for s in said) <= 200  # spoken in short pieces
    finally:
        context.close()
    page_log.assert_clean(allow_missing=MISSING)


def test_read_aloud_says_a_phone_number_digit_by_digit(browser, page_log, site):
    """“040912333” read as one number is “four hundred million …”: each digit is said, with a
    pause where the number has a dash; the page itself still shows 0409-12333."""
    context, page = speech_page(browser, page_log, [["Tingting", "zh-CN"]])
    try:
        page.goto(site(KINDS["hub"]))
        shown = page.locator("main a[href^='tel:']").first.inner_text()
        assert re.fullmatch(r"[0-9]+(-[0-9]+)*", shown), shown
        page.locator("[data-read-aloud]").click()
        page.wait_for_function("document.querySelector('[data-read-aloud]').textContent === '朗读'", timeout=20_000)
        said = "".join(s["text"] for s in page.evaluate("window.__said"))
        spoken = "，".join(" ".join(part) for part in shown.split("-"))
        assert spoken in said and shown not in said, (shown, said[:300])
        assert page.locator("main a[href^='tel:']").first.inner_text() == shown
    finally:
        context.close()
    page_log.assert_clean(allow_missing=MISSING)


def test_read_aloud_stops_when_pressed_again(browser, page_log, site):
    context, page = speech_page(browser, page_log, [["Tingting", "zh-CN"]])
    try:
        page.goto(site("/qingchuan/enrol/"))
        # speak slowly, so it is still reading when pressed again
        page.evaluate("""() => { const s = window.speechSynthesis;
          s.speak = (u) => { window.__said.push({text: u.text}); u.onstart && u.onstart(); }; }""")
        button = page.locator("[data-read-aloud]")
        button.click()
        assert button.inner_text() == "停止朗读"
        assert page.locator("main .speaking").count() == 1
        button.click()
        assert button.inner_text() == "朗读"
        assert page.evaluate("window.__cancelled") >= 2
        assert page.locator(".speaking").count() == 0
    finally:
        context.close()


@pytest.mark.parametrize("voices", [[], [["Samantha", "en-US"]], [["Sin-ji", "zh-HK"]]])
def test_no_read_aloud_button_without_a_mainland_chinese_voice(browser, page_log, site, voices):
    context, page = speech_page(browser, page_log, voices)
    try:
        page.goto(site("/qingchuan/"))
        page.wait_for_load_state("load")
        assert page.locator("[data-read-aloud]").is_hidden()
    finally:
        context.close()


def test_read_aloud_follows_the_browser(page, nojs_page, site):
    # this chromium's own voices decide; without JavaScript there is never a button
    page.goto(site("/qingchuan/"))
    page.wait_for_load_state("load")
    has_voice = page.evaluate("""() => new Promise(done => setTimeout(() => done(
        !!window.speechSynthesis && speechSynthesis.getVoices().some(v => /^(zh|cmn)[-_](CN|Hans)/i.test(v.lang))), 500))""")
    assert page.locator("[data-read-aloud]").is_visible() == has_voice
    nojs_page.goto(site("/qingchuan/"))
    assert nojs_page.locator("[data-read-aloud]").is_hidden()


# --- (3) a city in two taps ---------------------------------------------------------------
def city_names() -> list[tuple[str, str]]:
    from generator.source.load import load_yaml

    out = []
    for path in sorted((TEST_PROJECT / "cities").glob("*.yaml")):
        data = load_yaml(path, f"cities/{path.name}").data
        out.append((path.stem, data["city"]["name"]))
    return out


@pytest.mark.parametrize("js", [True, False])
def test_every_city_is_above_the_fold_on_a_phone(browser, page_log, site, js):
    context = browser.new_context(viewport={"width": 360, "height": 640}, locale="zh-CN", java_script_enabled=js)
    try:
        page = context.new_page()
        page.goto(site("/"))
        for pinyin, name in city_names():
            link = page.locator(f"main a[href='{pinyin}/']")
            box = link.bounding_box()
            assert box and box["y"] + box["height"] <= 640, (name, box)
            assert box["height"] >= 44
            assert link.inner_text() == name
    finally:
        context.close()


@pytest.mark.parametrize(("typed", "pinyin"), [
    ("青川市", "qingchuan"), ("Qingchuan", "qingchuan"), ("qingchuan ", "qingchuan"),
    ("QINGCHUAN", "qingchuan"), ("雲溪", "yunxi"), ("云溪市", "yunxi"), ("baihe", "baihe")])
def test_city_finder_opens_the_city(page, page_log, site, typed, pinyin):
    page.goto(site("/"))
    page.locator("#city-q").fill(typed)
    page.locator("#city-q").press("Enter")
    page.wait_for_url(f"**/{pinyin}/")
    page_log.assert_clean(allow_missing=MISSING)


def test_city_finder_narrows_the_list_and_says_when_nothing_matches(page, site):
    page.goto(site("/"))
    page.locator("#city-q").fill("雲")
    visible = page.locator(".provinces a:visible").all_inner_texts()
    assert visible == ["云溪"]
    page.locator("#city-q").fill("武汉")
    assert page.locator(".provinces a:visible").count() == 0
    assert "没有找到" in page.locator(".city-finder [role=status]").inner_text()
    page.locator("#city-q").fill("")
    assert page.locator(".provinces a:visible").count() == len(city_names())


def test_home_offers_the_last_city_opened(page, page_log, site, nojs_page):
    page.goto(site("/"))
    assert page.locator("[data-last-city]").is_hidden()
    page.goto(site("/baihe/offices/"))
    page.goto(site("/"))
    last = page.locator("[data-last-city] a")
    assert last.is_visible() and last.inner_text() == "白河"
    last.click()
    page.wait_for_url("**/baihe/")
    page.goto(site("/qingchuan/checklists/elderly/"))
    page.goto(site("/"))
    assert page.locator("[data-last-city] a").inner_text() == "青川"
    # kept on the device only: nothing but this site's own files was asked for
    page_log.assert_clean(allow_missing=MISSING)
    nojs_page.goto(site("/"))
    assert nojs_page.locator("[data-last-city]").is_hidden()
    assert nojs_page.locator("#city-q").is_hidden()  # no finder that cannot work


# --- (4) 200 % zoom, dark mode and axe ------------------------------------------------------
@pytest.mark.parametrize("mode", ["standard", "zhangbei"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_no_sideways_scrolling_at_200_percent_zoom(browser, page_log, site, kind, mode):
    # 200 % zoom on a 360 px phone: the page is laid out 180 CSS px wide
    context = browser.new_context(viewport={"width": 180, "height": 400}, device_scale_factor=4, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(site(KINDS[kind]) + ("#zhangbei" if mode == "zhangbei" else ""))
        width = page.evaluate("document.documentElement.scrollWidth")
        wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > 180.5 && !e.closest('.table-scroll'))
            .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + e.className)""")
        assert width <= 180, f"{kind} ({mode}) is {width} px wide at 200 %: {wide}"
    finally:
        context.close()


@pytest.mark.parametrize("mode", ["light", "dark", "zhangbei", "zhangbei-dark"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_axe_in_light_dark_and_elder_mode(browser, page_log, site, axe, kind, mode):
    context = open_context(browser, page_log, color_scheme="dark" if "dark" in mode else "light")
    try:
        page = context.new_page()
        watch(page, page_log)
        page.goto(site(KINDS[kind]) + ("#zhangbei" if mode.startswith("zhangbei") else ""))
        if kind == "search":
            page.wait_for_function("document.querySelectorAll('#results li').length > 0")
        if "dark" in mode:
            bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
            assert bg == "rgb(18, 20, 23)", bg
        violations = axe_violations(page, axe)
        assert not violations, f"{kind} ({mode}): {violations}"
    finally:
        context.close()
    page_log.assert_clean(allow_missing=MISSING)


# --- (5) the printed checklist ------------------------------------------------------------
def qr_modules(svg_path: str, size: int) -> list[list[bool]]:
    """The dark modules of segno's one-path SVG ("M x y h n m dx dy h n …", stroked lines)."""
    grid = [[False] * size for _ in range(size)]
    x = y = 0.0
    for op, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?:[ ,](-?[\d.]+))?", svg_path):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            for i in range(int(float(a))):
                grid[int(y)][int(x) + i] = True
            x += float(a)
    return grid


def test_checklist_prints_with_its_address_dates_and_a_qr_code(page, page_log, site, built_site):
    import segno

    from generator.source.load import load_yaml

    base = load_yaml(TEST_PROJECT / "yibao.yaml", "yibao.yaml").data["base_url"].rstrip("/")
    address = f"{base}/qingchuan/checklists/elderly/"
    page.goto(site("/qingchuan/checklists/elderly/"))
    back = page.locator(".sheet-back")
    assert back.is_hidden()  # on paper only
    page.emulate_media(media="print")
    assert back.is_visible()
    text = back.inner_text()
    assert address in text
    today = dt.date.today()
    assert f"打印日期：{today.year}年{today.month}月{today.day}日" in text
    assert re.search(r"资料时间：(约)?\d{4}年", text)
    # the body of the sheet at 12 pt (16 px) or more
    sizes = page.evaluate("""() => [...document.querySelectorAll('.sheet p:not(.note):not(.item-asof):not(.asof), .sheet li, .sheet dd')]
        .filter(e => e.checkVisibility() && !e.closest('.sheet-back, .provenance'))
        .map(e => parseFloat(getComputedStyle(e).fontSize))""")
    assert sizes and min(sizes) >= 16, sizes
    # the QR code is the page's own address, inline (no image to fetch)
    svg = back.locator("svg")
    assert svg.get_attribute("role") == "img" and "二维码" in svg.get_attribute("aria-label")
    view = svg.get_attribute("viewBox").split()
    size = int(view[2])
    grid = qr_modules(svg.locator("path").get_attribute("d"), size)
    expected = segno.make(address, error="m", micro=False)
    border = (size - expected.symbol_size(scale=1, border=0)[0]) // 2
    assert border == 4
    want = [[bool(v) for v in row] for row in expected.matrix]
    got = [row[border:size - border] for row in grid[border:size - border]]
    assert got == want
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf)) == 1
    page_log.assert_clean(allow_missing=MISSING)


def test_printed_sheet_without_javascript_leaves_the_date_to_write(nojs_page, site):
    nojs_page.goto(site("/qingchuan/checklists/adult/"))
    nojs_page.emulate_media(media="print")
    text = nojs_page.locator(".sheet-back").inner_text()
    assert re.search(r"打印日期：\s*年\s*月\s*日", text), text


# --- screenshots to look at ---------------------------------------------------------------
@pytest.mark.parametrize("mode", ["standard", "dark", "zhangbei"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_elder_screenshots(browser, page_log, site, kind, mode):
    ARTIFACTS.mkdir(exist_ok=True)
    context = open_context(browser, page_log, color_scheme="dark" if mode == "dark" else "light")
    try:
        page = context.new_page()
        page.goto(site(KINDS[kind]) + ("#zhangbei" if mode == "zhangbei" else ""))
        if kind == "search":
            page.wait_for_function("document.querySelectorAll('#results li').length > 0")
        target = ARTIFACTS / f"elder-{kind}-{mode}-360.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000
    finally:
        context.close()
