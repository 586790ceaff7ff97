"""A guide the public can trust: pages speak the public's language, date their
information, warn when it is old, say when a figure is uncertain — and `yibao check`
keeps `verified` honest."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import PROJECT, html_pages
from helpers import CITY, TextFile, copy_project, run_check

CITY_SLUGS = tuple(p.stem for p in (PROJECT / "cities").glob("*.yaml"))


class VisibleText(HTMLParser):
    """The text a reader sees: no scripts, styles, hidden elements or attributes."""

    HIDDEN = {"script", "style", "template", "noscript"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack: list[bool] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        hidden = tag in self.HIDDEN or any(name == "hidden" for name, _ in attrs)
        self.stack.append(hidden or (bool(self.stack) and self.stack[-1]))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return re.sub(r"\s+", " ", "".join(parser.parts))


def _schema_keys() -> set[str]:
    keys: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            keys.update(node.get("properties", {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads((PROJECT / "generator/schema/city.schema.json").read_text(encoding="utf-8")))
    return keys


YAML_KEYS = _schema_keys()
CODE_LIKE = [
    ("来源编号", re.compile(r"(?<![A-Za-z0-9])s\d{3}(?:-\d+)?(?![A-Za-z0-9])")),
    ("文件名", re.compile(r"[\w-]+\.(?:txt|ya?ml|json|md)\b")),
    ("snake_case 名称", re.compile(r"(?<![\w/.-])[a-z][a-z0-9]*_[a-z0-9_]+(?![\w/])")),
    ("kebab-case 名称", re.compile(r"(?<![\w/.-])[a-z][a-z0-9]*-[a-z][a-z0-9-]*(?![\w/.])")),
    ("城市拼音", re.compile(r"(?<![\w/.-])(?:" + "|".join(CITY_SLUGS) + r")(?![\w/.-])")),
    ("YAML 键名", re.compile(r"(?<![\w/.-])(?:" + "|".join(sorted(YAML_KEYS, key=len, reverse=True)) + r")(?![\w/.-])")),
]
URL = re.compile(r"(?:https?:)?//\S+|www\.\S+")


def code_like(text: str) -> list[str]:
    text = URL.sub(" ", text)
    return [f"{name}“{m.group(0)}”" for name, pattern in CODE_LIKE for m in pattern.finditer(text)]


def test_the_detector_finds_what_the_issue_found():
    assert code_like("见 s004-9 和 000_25baf4fd3831b22b.txt")
    assert code_like("from 取 2021 年度第一天")
    assert code_like("sms_command 按指令说明记录")
    assert code_like("各来源说法不一致(rural-unemployed)")
    assert code_like("辽宁省 · 大连(dalian)")
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
    html = (built_site / "dalian/benefits/index.html").read_text(encoding="utf-8")
    cover = visible_text(_section(html, "cover"))
    # the newest source of this section is the resident-premium guide, estimated at 2022
    assert re.search(r"这部分资料大约来自2022年，可能已经变化。办理前请先打电话确认：大连市医保咨询电话 (0411-)?12333。",
                     cover), cover
    assert re.search(r'href="tel:(041112333|12333)"', _section(html, "cover"))
    # the date of the information (the span of its items' own dates) comes before the check date
    assert re.search(r"资料时间：约\d{4}年(至约\d{4}年)?", cover)
    assert cover.index("资料时间：") < cover.index("对照来源核对")


def test_estimated_dates_read_as_estimates(built_site):
    html = (built_site / "dalian/enrol/index.html").read_text(encoding="utf-8")
    text = visible_text(html)
    assert re.search(r"约\d{4}年", text) and "2015年以前" in text
    assert "论坛帖子" in text and "内容聚合网站" in text


def test_notes_cite_numbered_sources(built_site):
    html = (built_site / "dalian/enrol/index.html").read_text(encoding="utf-8")
    who = _section(html, "who")
    links = re.findall(r'<sup class="cite"><a href="#(who-src-\d)"[^>]*>\[(\d)\]</a></sup>', who)
    assert links
    for anchor, number in links:
        assert anchor.endswith(number) and f'id="{anchor}"' in who


def test_uncertain_figures_say_so(built_site):
    benefits = visible_text((built_site / "shijiazhuang/benefits/index.html").read_text(encoding="utf-8"))
    assert "字迹残缺（原文是“每增加一个缴费年度，基本医保基金支付比例增加?%”）" in benefits
    assert "原文是“按每年每人?0元标准拨付给高校”" in benefits
    calc = (built_site / "shijiazhuang/calculators/inpatient/index.html").read_text(encoding="utf-8")
    start = calc.index("data-calc-result")
    result = visible_text(calc[start:calc.index("</dl>", start)])
    assert "连续参保每多缴一年增加的支付比例（1%）在来源原文里字迹残缺" in result


def test_the_referral_rule_keeps_its_limit(built_site):
    text = visible_text((built_site / "shijiazhuang/enrol/index.html").read_text(encoding="utf-8"))
    assert "在市内医疗机构之间转诊的" in text


def test_calculator_results_are_dated(built_site):
    text = visible_text((built_site / "dalian/calculators/employee-contribution/index.html").read_text(encoding="utf-8"))
    assert re.search(r"按约\d{4}年的资料计算", text), text
    assert "默认按今天的政策计算" not in text


def test_compare_cells_are_dated(built_site):
    text = visible_text((built_site / "compare/index.html").read_text(encoding="utf-8"))
    assert "资料时间" in text and "约2022年" in text


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
    line = city.find_in("procedures", r"^  verified:")  # the procedures cite the 2024-10-16 notice
    city.replace(line, city.line(line).split(": ", 1)[1], "2024-10-15")
    city.save()
    result = run_check(root, capsys)
    assert result.code == 1
    assert any(l.startswith(f"{CITY}:{line}:") and "早于来源" in l and "2024-10-16" in l
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
