"""Pages that keep their promises, as a person meets them in chromium: checklists that
print on one A4 sheet with a phone and a date, a styled 404 at any depth, calculators
that answer from what a person knows, 暂无资料 where there is nothing, and every phone
number a tel: link."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from conftest import SITE_PATH, TEST_PROJECT, html_pages
from generator.views.checklists import checklists
from generator.source.load import load_yaml
from generator.model.build import build_city
from generator.core.corrections import Corrections
from generator.core.topics import TOPICS
from pagefacts import loose_numbers

CITIES = sorted(p.stem for p in (TEST_PROJECT / "cities").glob("*.yaml"))


def city(pinyin: str):
    doc = load_yaml(TEST_PROJECT / "cities" / f"{pinyin}.yaml", f"cities/{pinyin}.yaml")
    return build_city(doc.data, f"cities/{pinyin}.yaml")


NO_LINKS = Corrections("https://example.org/repo")
CHECKLISTS = [(pinyin, c.slug) for pinyin in CITIES for c in checklists(city(pinyin), dt.date.today(), NO_LINKS)]


def pdf_pages(data: bytes) -> int:
    """Pages in a PDF chromium printed: one /Type /Page object each (not /Pages)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-z])", data))


def test_every_applicant_category_has_a_checklist(built_site):
    for pinyin in CITIES:
        for category in city(pinyin).categories():
            assert (built_site / pinyin / "checklists" / category / "index.html").is_file(), (pinyin, category)
    assert len(CHECKLISTS) >= 10


@pytest.mark.parametrize("pinyin,slug", CHECKLISTS, ids=[f"{p}/{s}" for p, s in CHECKLISTS])
def test_checklist_prints_on_one_a4_sheet_with_a_phone_and_a_date(page, page_log, site, pinyin, slug):
    page.goto(site(f"/{pinyin}/checklists/{slug}/"))
    page.emulate_media(media="print")
    sheet = page.locator(".sheet")
    tels = sheet.locator("a[href^='tel:']")
    assert tels.count() and any(t.is_visible() for t in tels.all()), "no phone to ask on the sheet"
    dated = page.locator(".sheet-dated").inner_text()
    assert "资料时间：" in dated and re.search(r"\d{4}年\d{1,2}月", dated), "no date on the sheet"
    assert page.locator(".sheet-dated").is_visible()
    # the category's id appears only inside the page's address, printed as the way back
    address = page.locator(".sheet-back .address").inner_text()
    assert address.endswith(f"/checklists/{slug}/")
    shown = page.locator("main").inner_text().replace(address, "")
    assert slug not in shown, "the category's id is printed"
    assert pdf_pages(page.pdf(format="A4")) == 1
    page_log.assert_clean()


def test_an_old_checklist_opens_with_the_sections_warning(page, site):
    # the same 资料时间 and warning as every section (citations.py): the year and a number to ring
    page.goto(site("/baihe/checklists/other/"))
    dated = page.locator(".sheet-dated")
    assert re.match(r"资料时间：(约)?\d{4}年", dated.locator(".asof").inner_text())
    warning = dated.locator(".stale")
    assert re.search(r"来自\d{4}年", warning.inner_text()), warning.inner_text()
    assert warning.locator("a[href^='tel:']").count() == 1


def test_every_material_list_is_on_its_categorys_checklist(page, site):
    for pinyin in CITIES:
        c = city(pinyin)
        enrol = {p.id for p in (c.procedures.items if c.procedures else ()) if p.kind == "enrol"}
        for m in c.materials.items if c.materials else ():
            if m.category and m.procedure in enrol:
                page.goto(site(f"/{pinyin}/checklists/{m.category}/"))
                text = page.locator("#bring-h").locator("xpath=..").inner_text()
                missing = [d for d in m.documents if d not in text]
                assert not missing, (pinyin, m.category, missing)


def test_pdf_page_count_can_fail(page, site):
    page.goto(site("/qingchuan/enrol/"))
    assert pdf_pages(page.pdf(format="A4")) > 1


def test_enrol_page_opens_with_i_am_links_most_common_first(page, site):
    page.goto(site("/qingchuan/enrol/"))
    first = page.locator("main section.block").first
    assert first.locator("h2").inner_text().startswith("我是")
    links = first.locator("a").all_inner_texts()
    assert links[:3] == ["我是成年居民", "我是老年居民", "我是未成年居民"], links
    assert "来源未列材料" in first.inner_text()
    # the older window process is labelled as such, and comes after the current one
    steps = page.locator("#steps").inner_text()
    assert steps.index("城乡居民首次参保登记") < steps.index("到市医保中心窗口办理参保")
    assert "较早的流程" in steps


def test_a_category_without_a_list_says_so_and_gives_the_phone(page, site):
    page.goto(site("/qingchuan/checklists/adult/"))
    text = page.locator("#bring-h + *").inner_text()
    assert "没有列出" in text
    assert page.locator(".sheet a[href='tel:040912333']").count()  # 12333 with Qingchuan's area code


def test_404_is_styled_and_its_links_work_at_any_depth(page, site):
    response = page.goto(site("/qingchuan/enroll/"))
    assert response.status == 404
    assert "找不到" in page.locator("h1").inner_text()
    header = page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
    assert header != "rgba(0, 0, 0, 0)", "the stylesheet did not load"
    page.get_by_role("link", name="回到首页，选择您的城市").click()
    page.wait_for_load_state()
    assert page.url == site(SITE_PATH)  # links start at the site's path (yibao.yaml base_url)
    assert page.locator("h1").inner_text()


def test_employee_calculator_answers_from_the_wage_alone(page, page_log, site):
    page.goto(site("/qingchuan/calculators/employee-contribution/?wage=8000"))
    page.wait_for_selector("[data-calc-nojs][hidden]", state="attached")
    form = page.locator("form[data-calc-form]")
    shown = {n: form.locator(f"output[name='{n}']").inner_text() for n in ("base", "employer", "employee", "total")}
    assert shown == {"base": "8,000 元", "employer": "640 元", "employee": "160 元", "total": "800 元"}
    assert "假定" in form.locator("[data-calc-steps]").inner_text()
    assert not [m for m in form.locator(".calc-msg").all_inner_texts() if m.strip()]
    assert form.locator("[data-calc-share]").is_visible()
    page_log.assert_clean()


def test_no_error_before_typing_and_full_width_input(page, site):
    page.goto(site("/qingchuan/calculators/employee-contribution/"))
    page.wait_for_selector("[data-calc-nojs][hidden]", state="attached")
    form = page.locator("form[data-calc-form]")
    assert not [m for m in form.locator(".calc-msg").all_inner_texts() if m.strip()]
    assert not form.locator("[aria-invalid='true']").count()
    assert not form.locator("input[name='date']").is_visible(), "the policy date is not under 更多选项"
    form.locator("input[name='wage']").fill("8，000")
    form.locator("input[name='wage']").dispatch_event("change")
    assert form.locator("output[name='total']").inner_text() == "800 元"
    assert "wage=8" in page.url
    form.locator("input[name='wage']").fill("")
    form.locator("input[name='wage']").dispatch_event("input")
    assert "请填写" in form.locator(".calc-msg").all_inner_texts()[0]


def test_cover_start_says_when_the_window_is_unknown(page, site):
    page.goto(site("/qingchuan/calculators/cover-start/?case=prepay&payment_date=2026-03-10"))
    page.wait_for_selector("[data-calc-nojs][hidden]", state="attached")
    assert "无法判断" in page.locator("[data-calc-steps]").inner_text()


# the topics that no file fills for these cities, not even a national rule
@pytest.mark.parametrize("pinyin,slug", [("baihe", "backpay"), ("yunxi", "backpay"), ("yunxi", "calculators")])
def test_empty_topic_says_so_on_its_card_and_page_with_a_phone(page, site, pinyin, slug):
    page.goto(site(f"/{pinyin}/"))
    card = page.locator(".cards li", has=page.locator(f"a[href='{slug}/']"))
    promise = next(t.summary for t in TOPICS if t.slug == slug)
    assert "暂无资料" in card.inner_text() and promise not in card.inner_text()
    # the whole card is the link: a tap near its bottom edge opens the topic
    card.scroll_into_view_if_needed()
    box = card.bounding_box()
    page.mouse.click(box["x"] + box["width"] - 8, box["y"] + box["height"] - 8)
    page.wait_for_url(f"**/{pinyin}/{slug}/")
    assert "暂无资料" in page.locator("main").inner_text()
    assert page.locator("main .empty a[href^='tel:']").count()


def test_source_panel_looks_openable(page, site):
    page.goto(site("/qingchuan/offices/"))
    marker = page.evaluate("getComputedStyle(document.querySelector('.provenance summary'), '::before').content")
    assert "▶" in marker


# --- every phone number a tel: link ------------------------------------------------------------
def test_the_phone_scan_can_fail():
    text = "请拨打 12393，报警 110，电话 0409-62310001"
    assert [n.split(" ← ")[0] for n in loose_numbers(f"<p>{text}</p>")] == ["12393", "110", "0409-62310001"]
    assert not loose_numbers('<p>缴 12000 元，邮编100050，2024-09-03，<a href="tel:12333">12333</a></p>')


def test_no_phone_number_outside_a_tel_link(built_site):
    loose = [f"{path}: {n}" for path in html_pages(built_site)
             for n in loose_numbers((built_site / path).read_text("utf-8"))]
    assert not loose, "\n".join(loose[:30])


def test_every_topic_has_a_page_in_every_city(built_site):
    for pinyin in CITIES:
        for topic in TOPICS:
            assert (built_site / pinyin / topic.slug / "index.html").is_file()


def test_a_newborn_s_checklist_shows_the_newest_rules_and_still_prints_on_one_sheet(page, site):
    """A parent opening 青川's newborn checklist reads the rules on newborns of every level
    first (as on the 新生儿 page), not only the city's list; on paper a line points to them."""
    import re as _re

    page.goto(site("/qingchuan/checklists/newborn/"))
    rules = page.locator(".sheet-rules")
    assert rules.locator("h2", has_text="新生儿").count() >= 1
    badge = rules.locator(".badge").first.inner_text()
    assert _re.search(r"(全国|岚江省|青川) · ", badge), badge
    assert page.locator(".rules-on-paper").is_hidden()
    page.emulate_media(media="print")
    assert rules.locator(".block").first.is_hidden() and page.locator(".rules-on-paper").is_visible()
    assert "扫下面的二维码" in page.locator(".rules-on-paper").inner_text()
    pdf = page.pdf(format="A4")
    assert len(_re.findall(rb"/Type\s*/Page(?![a-z])", pdf)) == 1
