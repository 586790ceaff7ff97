"""Every fact is dated by the sources it cites itself, not by the newest source of its
section (issue 14, item 3).

A small test city is written here, so a volunteer's correction of a real city file cannot
break these tests: a section with a phone from about 2012 and an office from 2024-10-16,
built on two days — one on which the 2024 item is still fresh, one on which both are old.
"""
from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest

from conftest import build_site, copy_project
from helpers import run_check

CITY = """\
# yaml-language-server: $schema=../generator/schema/city.schema.json
city:
  name: 测试
  pinyin: ceshi
  province: 辽宁省
  area_code: "0411"
  summary: 测试用的城市。
  sources: [t2012]
  verified: "2025-05-01"

sources:
  - id: t2012
    title: 旧论坛帖子
    kind: 论坛帖子
    estimated: "2012"
    editor_note: 帖子里说“2012年起”。
  - id: t2024
    title: 新通知
    kind: 官方转载
    publisher: 某省医疗保障局
    published: 2024-10-16

offices:
  sources: [t2012, t2024]
  verified: "2025-05-01"
  items:
    - id: old-centre
      name: 老医保中心
      address: 某区老街1号
      phones: ["0411-83709176"]
      primary: true
      sources: [t2012]
    - id: new-hall
      name: 新服务大厅
      address: 某区新路2号
      sources: [t2024]

channels:
  sources: [t2012]
  verified: "2025-05-01"
  items:
    - kind: hotline
      name: 测试市医保咨询电话
      phone: "12333"
      can: [政策咨询]
      hotline: true
      sources: [t2012]

tips:
  sources: [t2024]
  verified: "2025-05-01"
  items:
    - kind: tip
      topic: offices
      text: 新服务大厅周末也开门。
      sources: [t2024]
    - kind: tip
      topic: offices
      text: 新服务大厅可以办医保卡。
      sources: [t2024]

calculators:
  resident_premium:
    sources: [t2024]
    verified: "2025-05-01"
    versions:
      - from: "2025-01-01"
        tiers:
          - id: adult
            name: 成年居民
            personal: 400
        sources: [t2024]
"""

# a second city whose premium is from about 2012: the compare page sets it beside the first
OTHER = """\
# yaml-language-server: $schema=../generator/schema/city.schema.json
city:
  name: 对照
  pinyin: duizhao
  province: 河北省

sources:
  - id: o2012
    title: 旧办理指南
    kind: 内容聚合网站
    estimated: "2012"
    editor_note: 文中说“2012年度”。

calculators:
  resident_premium:
    sources: [o2012]
    verified: "2025-05-01"
    versions:
      - from: "2012-01-01"
        tiers:
          - id: adult
            name: 成年居民
            personal: 150
        sources: [o2012]
"""


def epoch(day: dt.date) -> str:
    return str(calendar.timegm(day.timetuple()))


def project(root: Path, city: str = CITY, *others: str) -> Path:
    copy_project(root, parts=("content", "templates", "static", "yibao.yaml"))
    (root / "cities").mkdir()
    (root / "cities" / "ceshi.yaml").write_text(city, encoding="utf-8")
    for text in others:
        pinyin = re.search(r"^  pinyin: (\w+)$", text, re.M).group(1)
        (root / "cities" / f"{pinyin}.yaml").write_text(text, encoding="utf-8")
    return root


def text_of(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#34;", '"')


def element(html: str, tag: str, ident: str) -> str:
    """The element `<tag … id="ident">…</tag>` (no nesting of the same tag inside)."""
    start = html.index(f'id="{ident}"')
    start = html.rindex(f"<{tag}", 0, start)
    return html[start:html.index(f"</{tag}>", start)]


@pytest.fixture
def fresh_2024(tmp_path, monkeypatch):
    """Built on 2025-06-01: the 2024 notice is recent, the 2012 post is old."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(dt.date(2025, 6, 1)))
    root = project(tmp_path / "project", CITY, OTHER)
    build_site(root, root / "dist", index=False)
    return root / "dist"


def test_a_2012_phone_beside_a_2024_office_shows_its_own_date(fresh_2024):
    html = (fresh_2024 / "ceshi/offices/index.html").read_text("utf-8")
    old = text_of(element(html, "article", "office-old-centre"))
    new = text_of(element(html, "article", "office-new-hall"))
    assert "0411-83709176" in old
    assert "资料时间：约2012年" in old and "资料较旧" in old
    assert "资料时间：2024年10月16日" in new and "资料较旧" not in new
    assert "2024" not in old and "2012" not in new


def test_the_section_header_gives_the_span_and_warns_of_the_old_item(fresh_2024):
    html = (fresh_2024 / "ceshi/offices/index.html").read_text("utf-8")
    section = text_of(element(html, "section", "offices"))
    assert "资料时间：约2012年至2024年10月16日" in section
    assert "这部分有 1 项资料较旧（最早的大约来自2012年）" in section
    # the tips of the same page all cite the 2024 notice: one date, no warning
    tips = text_of(element(html, "section", "tips-offices"))
    assert "资料时间：2024年10月16日" in tips and "至" not in tips.split("资料时间：")[1][:20]
    assert "请注意" not in tips


def test_when_every_item_is_old_the_warning_says_it_once(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(dt.date(2027, 6, 1)))
    root = project(tmp_path / "project")
    build_site(root, root / "dist", index=False)
    html = (root / "dist/ceshi/offices/index.html").read_text("utf-8")
    section = text_of(element(html, "section", "offices"))
    assert "这部分资料来自2024年，可能已经变化" in section
    assert "资料较旧" not in section  # no item is marked: the warning covers them all
    assert "资料时间：约2012年" in section and "资料时间：2024年10月16日" in section


def test_the_hub_dates_each_answer(fresh_2024):
    html = (fresh_2024 / "ceshi/index.html").read_text("utf-8")
    quick = text_of(element(html, "section", "quick-h").split("</dl>")[0])
    phone = quick[quick.index("咨询电话"):quick.index("主要经办机构")]
    office = quick[quick.index("主要经办机构"):quick.index("居民医保保费")]
    premium = quick[quick.index("居民医保保费"):]
    assert "约2012年" in phone and "约2012年" in office
    assert "2024年10月16日" in premium and "2012" not in premium


def test_an_old_premium_at_the_top_of_the_hub_says_it_is_old(tmp_path, monkeypatch, fresh_2024):
    """In large type at the top, 2024's amounts read as this year's: built in 2027 the hub
    says they are not; built in 2025 it does not."""
    caveat = "这是多年前的金额"
    quick = text_of(element((fresh_2024 / "ceshi/index.html").read_text("utf-8"), "section", "quick-h"))
    assert caveat not in quick
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(dt.date(2027, 6, 1)))
    root = project(tmp_path / "later", CITY, OTHER)
    build_site(root, root / "dist", index=False)
    quick = text_of(element((root / "dist/ceshi/index.html").read_text("utf-8"), "section", "quick-h"))
    premium = quick[quick.index("居民医保保费"):]
    assert caveat in premium and "2024年10月16日" in premium


def test_open_data_and_report_use_the_items_own_date(fresh_2024):
    data = json.loads((fresh_2024 / "data/ceshi.json").read_text("utf-8"))
    phone = next(f for f in data["facts"] if f["field"] == "电话" and f["item"] == "老医保中心")
    hall = next(f for f in data["facts"] if f["item"] == "新服务大厅" and f["value"] == "某区新路2号")
    assert phone["source_date"].startswith("2012") and hall["source_date"] == "2024-10-16"
    rows = list(csv.DictReader(io.StringIO((fresh_2024 / "data/facts.csv").read_text("utf-8-sig"))))
    assert any("0411-83709176" in " ".join(r.values()) and "约2012年" in " ".join(r.values()) for r in rows)


def test_compare_flags_figures_years_apart(fresh_2024):
    html = (fresh_2024 / "compare/index.html").read_text("utf-8")
    premium = text_of(element(html, "section", "premium"))
    assert "资料时间相差约 12 年（约2012年至2024年10月16日）" in premium
    row = premium[premium.index("对照"):]
    assert "比表中最新的资料早约 12 年" in row


def test_check_refuses_an_item_without_its_own_sources(tmp_path, capsys):
    city = CITY.replace("      address: 某区新路2号\n      sources: [t2024]\n", "      address: 某区新路2号\n")
    root = project(tmp_path / "project", city)
    result = run_check(root, capsys)
    assert result.code == 1
    line = city.splitlines().index("    - id: new-hall") + 1
    [problem] = result.problem_lines
    assert problem.startswith(f"cities/ceshi.yaml:{line}:7: 经办机构“新服务大厅”：")
    assert "在这一项下面加 sources: [t2012]，写明是哪份资料说的" in problem
