"""A guide the public can trust: pages speak the public's language, date their
information, warn when it is old, say when a figure is uncertain — and `yibao check`
keeps `verified` honest."""
from __future__ import annotations

import re

import pytest

from conftest import html_pages
from helpers import CITY, TEST_PROJECT, TextFile, copy_project, run_check
from pagefacts import code_like as _code_like, visible_text

CITY_SLUGS = tuple(p.stem for p in (TEST_PROJECT / "cities").glob("*.yaml")) + ("dalian",)


def code_like(text: str) -> list[str]:
    return _code_like(text, CITY_SLUGS)


def test_the_detector_finds_what_the_issue_found():
    assert code_like("见 s004-9 和 000_25baf4fd3831b22b.txt")
    assert code_like("from 取 2021 年度第一天")
    assert code_like("sms_command 按指令说明记录")
    assert code_like("各来源说法不一致(rural-unemployed)")
    assert code_like("辽宁省 · 大连(dalian)")
    assert code_like("岚江省 · 青川(qingchuan)")
    assert not code_like("拨打 12333,网址 http://www.dl12333.gov.cn/a_b-c.aspx,资料时间:约2012年")


def test_no_code_like_string_in_any_page(built_site):
    found = {}
    for path in html_pages(built_site):
        hits = code_like(visible_text((built_site / path).read_text(encoding="utf-8")))
        if hits:
            found[path] = sorted(set(hits))[:6]
    assert not found, "页面上出现了编号、文件名或字段名:\n" + "\n".join(f"{p}: {h}" for p, h in found.items())


def _section(html: str, section_id: str) -> str:
    start = html.index(f'id="{section_id}"')
    return html[start:html.index("</section>", start)]


def test_an_old_section_opens_with_its_warning_year_and_phone(built_site):
    html = (built_site / "qingchuan/benefits/index.html").read_text(encoding="utf-8")
    cover = visible_text(_section(html, "cover"))
    # the newest source of this section is the resident-premium guide, estimated at 2022
    assert re.search(r"这部分资料大约来自2022年，可能已经变化。办理前请先打电话确认：青川市医保咨询电话 (0409-)?12333。",
                     cover), cover
    assert re.search(r'href="tel:(040912333|12333)"', _section(html, "cover"))
    # the date of the information (the span of its items' own dates) comes before the check date
    assert re.search(r"资料时间：约\d{4}年(至约\d{4}年)?", cover)
    assert cover.index("资料时间：") < cover.index("对照来源核对")


def test_estimated_dates_read_as_estimates(built_site):
    html = (built_site / "qingchuan/enrol/index.html").read_text(encoding="utf-8")
    text = visible_text(html)
    assert re.search(r"约\d{4}年", text) and "2015年以前" in text
    assert "论坛帖子" in text and "内容聚合网站" in text


def test_notes_cite_numbered_sources(built_site):
    html = (built_site / "qingchuan/enrol/index.html").read_text(encoding="utf-8")
    who = _section(html, "who")
    links = re.findall(r'<sup class="cite"><a href="#(who-src-\d)"[^>]*>\[(\d)\]</a></sup>', who)
    assert links
    for anchor, number in links:
        assert anchor.endswith(number) and f'id="{anchor}"' in who


def test_uncertain_figures_say_so(built_site):
    benefits = visible_text((built_site / "baihe/benefits/index.html").read_text(encoding="utf-8"))
    assert "原文是“按每年每人?0元标准拨付给高校”" in benefits
    calc = (built_site / "baihe/calculators/inpatient/index.html").read_text(encoding="utf-8")
    start = calc.index("data-calc-result")
    result = visible_text(calc[start:calc.index("</dl>", start)])
    assert "连续参保每多缴一年增加的支付比例（1%）在来源原文里字迹残缺" in result


@pytest.mark.parametrize("page, what, kind", [
    ("qingchuan/backpay/index.html", "补费后即时生效", "推断"),
    ("qingchuan/offices/index.html", "电话号码的最后一位", "字迹残缺"),
    ("qingchuan/query/index.html", "短信按当地标准收费", "一般常识"),
    ("qingchuan/benefits/index.html", "参保手续办完的当天", "推断"),
])
def test_uncertain_steps_offices_channels_and_rules_say_so(built_site, page, what, kind):
    text = visible_text((built_site / page).read_text(encoding="utf-8"))
    caveats = [c for c in re.findall(r"注意：[^。]*。", text) if what in c]
    assert caveats and any(kind in c for c in caveats), (what, re.findall(r"注意：[^。]*。", text)[:5])


def test_calculator_results_are_dated(built_site):
    text = visible_text((built_site / "qingchuan/calculators/employee-contribution/index.html").read_text(encoding="utf-8"))
    # dated by its sources, or by the day its parameters took effect
    assert re.search(r"按约\d{4}年的资料计算|按 ?约?\d{4}年\d{1,2}月\d{1,2}日起施行的参数计算", text), text
    assert "默认按今天的政策计算" not in text


def test_compare_cells_are_dated(built_site):
    text = visible_text((built_site / "compare/index.html").read_text(encoding="utf-8"))
    assert "资料时间" in text and "2025年3月" in text and re.search(r"约\d{4}年", text), text


# --- yibao check keeps `verified` honest ---------------------------------------------

def test_check_refuses_a_verified_date_in_the_future(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    root = copy_project(tmp_path)
    city = TextFile(root, CITY)
    line = city.find_in("procedures", r"^  verified:")
    city.replace(line, city.line(line).split(": ", 1)[1], "2026-01-02")
    city.save()
    result = run_check(root, capsys)
    assert result.code == 1
    assert any(l.startswith(f"{CITY}:{line}:") and "在今天之后（今天是 2026-01-01）" in l for l in result.problem_lines), result.text


def test_check_refuses_a_verified_date_before_its_source(tmp_path, capsys):
    root = copy_project(tmp_path)
    city = TextFile(root, CITY)
    line = city.find_in("procedures", r"^  verified:")  # the procedures cite the notice of 2025-03
    city.replace(line, city.line(line).split(": ", 1)[1], "2024-10-15")
    city.save()
    result = run_check(root, capsys)
    assert result.code == 1
    assert any(l.startswith(f"{CITY}:{line}:") and "早于来源" in l and "2025-03-01" in l
               for l in result.problem_lines), result.text


def test_check_wants_a_date_for_every_source(tmp_path, capsys):
    root = copy_project(tmp_path)
    city = TextFile(root, CITY)
    line = city.find(r"^    estimated: \"\d{4}\"")
    city.delete(line)
    city.save()
    result = run_check(root, capsys)
    assert result.code == 1
    assert any("这个来源缺少日期" in l for l in result.problem_lines), result.text


def test_check_refuses_a_citation_of_an_unknown_source(tmp_path, capsys):
    root = copy_project(tmp_path)
    city = TextFile(root, CITY)
    line = city.find(r"\[s001\]")
    city.replace(line, "[s001]", "[s009]")
    city.save()
    result = run_check(root, capsys)
    assert result.code == 1
    assert any(l.startswith(f"{CITY}:{line}:") and "[s009]" in l for l in result.problem_lines), result.text


@pytest.mark.parametrize("typed", ["年", "约二〇一二年", "２０１２", "2012年前后", "0", "99999999999999999999"])
def test_a_source_date_as_a_volunteer_might_type_it_gets_a_message_not_a_crash(tmp_path, capsys, typed):
    """The property tests found `estimated: 年` crashing the checks beside the schema."""
    root = copy_project(tmp_path)
    city = TextFile(root, CITY)
    line = city.find(r"^    estimated: \"\d{4}\"")
    city.replace(line, re.search(r"\d{4}", city.line(line)).group(), typed)
    city.save()
    result = run_check(root, capsys)
    assert "Traceback" not in result.text and "内部出错" not in result.text, result.text
    if typed != "2012年前后":
        assert result.code == 1 and any(l.startswith(f"{CITY}:{line}:") for l in result.problem_lines), result.text
