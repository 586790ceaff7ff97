"""Rules above the city: the nation, a province and the city answer the same question,
and the page shows the newest first with its level and date, the others as history, and
says what the guide does not know and whom to call. Run on a small invented project (one
invented province, two invented cities), built in-process, as a reader opens the pages."""
from __future__ import annotations

import datetime as dt
import html
import re
import textwrap
from pathlib import Path

import pytest

from generator.cli import main
from tiny import tiny_project

NATIONAL = """\
region:
  name: 全国
  pinyin: national
sources:
  - id: n1
    title: 全国新生儿参保通知
    kind: 官方转载
    published: "2024-03-04"
  - id: n2
    title: 12393 介绍
    kind: 内容聚合网站
    estimated: "2025"
    editor_note: 页面没有日期。
rules:
  - question: newborn-cover
    text: 新生儿凭出生医学证明就能参保，出院时可以直接结算。[n1]
    sources: [n1]
    verified: "2025-10-01"
  - question: waiting-period
    text: 没在集中参保期参保的，参保后要等3个月才能报销。[n1]
    from: "2025-01-01"
    sources: [n1]
    verified: "2025-10-01"
phones:
  - name: 国家医保服务热线
    number: "12393"
    with_area_code: true
    can: [问医保政策]
    sources: [n2]
    verified: "2025-10-01"
"""

PROVINCE = """\
region:
  name: 甲省
  pinyin: jiasheng
sources:
  - id: p1
    title: 甲省新生儿参保办法
    kind: 政府网站
    published: "2025-03-10"
rules:
  - question: newborn-cover
    text: 出生90天内参保缴费的，从出生当天起享受待遇。[p1]
    sources: [p1]
    verified: "2025-10-01"
"""


def city(pinyin: str, name: str, province: str, *sections: str) -> str:
    return textwrap.dedent(f"""\
        city:
          name: {name}
          pinyin: {pinyin}
          province: {province}
          area_code: "0999"
          sources: [s1]
          verified: "2025-10-01"
        sources:
          - id: s1
            title: {name}医保指南
            kind: 内容聚合网站
            estimated: "2013"
            editor_note: 页面没有日期。
          - id: s2
            title: {name}新生儿参保通知
            kind: 政府网站
            published: "2025-08-01"
        """) + "".join(textwrap.dedent(s) for s in sections)


OLD_NEWBORN = """\
enrolment:
  sources: [s1]
  verified: "2025-10-01"
  rules:
    - question: newborn-cover
      case: 新生儿出生后3个月内参保
      text: 从出生当天起享受待遇。
      sources: [s1]
"""

CITY_RULE = """\
rules:
  - question: newborn-cover
    text: 本市新生儿出生后180天内参保缴费的，从出生当天起享受待遇。[s2]
    from: "2025-09-01"
    sources: [s2]
    verified: "2025-10-01"
"""


def project(tmp_path: Path, cities: dict[str, str], province: bool = True) -> Path:
    root = tiny_project(tmp_path / "project", cities, build=True)
    (root / "national.yaml").write_text(NATIONAL, encoding="utf-8")
    if province:
        (root / "provinces").mkdir()
        (root / "provinces" / "jiasheng.yaml").write_text(PROVINCE, encoding="utf-8")
    return root


def build(root: Path, monkeypatch, day: str = "2025-12-01") -> Path:
    epoch = int(dt.datetime.fromisoformat(day).replace(tzinfo=dt.timezone.utc).timestamp())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    out = root.parent / "dist"
    assert main(["--root", str(root), "build", "--out", str(out), "--no-search"]) == 0
    return out


def text_of(page: Path, section: str) -> str:
    """What a reader sees of one section of a page, tags removed."""
    markup = page.read_text(encoding="utf-8")
    found = re.search(rf'<section[^>]*id="{section}".*?</section>', markup, re.S)
    assert found, f"{section} is not on {page}"
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", found.group(0))))


def test_national_rule_alone_says_the_city_practice_is_unknown_and_whom_to_call(tmp_path, monkeypatch):
    """“我家宝宝刚出生，什么时候开始能报销？” in a city whose file says nothing about newborns."""
    root = project(tmp_path, {"yicheng": city("yicheng", "乙城", "丙省")})
    shown = text_of(build(root, monkeypatch) / "yicheng" / "newborn" / "index.html", "q-newborn-cover")
    assert "现行规定 · 全国" in shown and "出院时可以直接结算" in shown
    assert "乙城具体怎么执行，本指南暂无资料" in shown
    assert "0999-12393" in shown  # 12393 with the city's area code reaches the city's own service
    assert "较早的规定" not in shown


def test_a_newer_province_rule_leads_and_the_national_one_becomes_history(tmp_path, monkeypatch):
    root = project(tmp_path, {"jiacheng": city("jiacheng", "甲城", "甲省")})
    shown = text_of(build(root, monkeypatch) / "jiacheng" / "newborn" / "index.html", "q-newborn-cover")
    assert shown.index("现行规定 · 甲省 · 资料时间 2025年3月10日") < shown.index("较早的规定") < shown.index("全国 · 资料时间 2024年3月4日")
    assert "甲城具体怎么执行，本指南暂无资料：上面是甲省的规定" in shown


def test_a_province_rule_stays_in_its_province(tmp_path, monkeypatch):
    root = project(tmp_path, {"yicheng": city("yicheng", "乙城", "丙省")})
    shown = text_of(build(root, monkeypatch) / "yicheng" / "newborn" / "index.html", "q-newborn-cover")
    assert "甲省" not in shown and "90天" not in shown


def test_the_city_s_newer_rule_leads_with_no_unknown_note(tmp_path, monkeypatch):
    root = project(tmp_path, {"jiacheng": city("jiacheng", "甲城", "甲省", OLD_NEWBORN, CITY_RULE)})
    shown = text_of(build(root, monkeypatch) / "jiacheng" / "newborn" / "index.html", "q-newborn-cover")
    assert shown.index("现行规定 · 甲城 · 2025年9月1日起") < shown.index("甲省 · 资料时间 2025年3月10日")
    assert "180天" in shown and "本指南暂无资料" not in shown


def test_an_old_city_fact_is_history_under_a_newer_national_rule(tmp_path, monkeypatch):
    """The city's 2013 newborn rule is still shown, dated by its own source, below the
    national rule of 2024 — not as the answer."""
    root = project(tmp_path, {"yicheng": city("yicheng", "乙城", "丙省", OLD_NEWBORN)}, province=False)
    shown = text_of(build(root, monkeypatch) / "yicheng" / "newborn" / "index.html", "q-newborn-cover")
    assert shown.index("现行规定 · 全国") < shown.index("较早的规定") < shown.index("乙城 · 资料时间 约2013年")


@pytest.mark.parametrize("day, says", [("2024-06-01", "2025年1月1日起执行"), ("2025-12-01", "2025年1月1日起")])
def test_a_rule_that_starts_later_says_so_on_the_day_of_the_build(tmp_path, monkeypatch, day, says):
    early = lambda text: text.replace('"2025-10-01"', '"2024-05-01"').replace('"2025-08-01"', '"2024-02-01"').replace(  # noqa: E731
        'estimated: "2025"', 'estimated: "2024"').replace('"2025-03-10"', '"2024-01-10"')
    root = project(tmp_path, {"yicheng": early(city("yicheng", "乙城", "丙省"))})
    (root / "national.yaml").write_text(early(NATIONAL), encoding="utf-8")
    (root / "provinces" / "jiasheng.yaml").write_text(early(PROVINCE), encoding="utf-8")
    shown = text_of(build(root, monkeypatch, day) / "yicheng" / "backpay" / "index.html", "q-waiting-period")
    assert f"全国 · {says}" in shown
    assert ("起执行" in shown) == (day < "2025-01-01")


def test_the_call_list_names_what_each_number_can_do(tmp_path, monkeypatch):
    root = project(tmp_path, {"yicheng": city("yicheng", "乙城", "丙省")})
    shown = text_of(build(root, monkeypatch) / "yicheng" / "index.html", "calls")
    assert "国家医保服务热线（打到乙城） 0999-12393" in shown and "能办：问医保政策" in shown
    assert "只有内容聚合网站这样说" in shown


@pytest.mark.parametrize("broken, where, says", [
    ("question: newborn-cover", "question: xinshenger", "“xinshenger”不是可选的值。可选：newborn-enrol"),
    ("pinyin: national", "pinyin: quanguo", "national"),
    ("    sources: [n1]\n    verified: \"2025-10-01\"\n  - question: waiting",
     "    sources: [n9]\n    verified: \"2025-10-01\"\n  - question: waiting", "来源“n9”不存在"),
    ('    verified: "2025-10-01"\n  - question: waiting', '    verified: "2024-01-01"\n  - question: waiting', "早于来源"),
])
def test_a_broken_national_file_gets_a_plain_message_with_its_line(tmp_path, monkeypatch, capsys, broken, where, says):
    root = project(tmp_path, {"yicheng": city("yicheng", "乙城", "丙省")})
    (root / "national.yaml").write_text(NATIONAL.replace(broken, where, 1), encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")  # 2025-12-01
    assert main(["--root", str(root), "check"]) == 1
    out = capsys.readouterr()
    text = out.out + out.err
    assert re.search(r"national\.yaml:\d+:\d+: ", text), text
    assert says in text, text
    assert "Traceback" not in text


def test_a_province_file_for_a_province_twice_is_refused(tmp_path, monkeypatch, capsys):
    root = project(tmp_path, {"yicheng": city("yicheng", "乙城", "丙省")})
    (root / "provinces" / "jia.yaml").write_text(PROVINCE.replace("pinyin: jiasheng", "pinyin: jia"), encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    assert main(["--root", str(root), "check"]) == 1
    assert "“甲省”已经有一个文件 provinces/jia.yaml。一个省只用一个文件" in capsys.readouterr().err


def test_of_two_rules_of_one_date_the_nearer_leads(tmp_path, monkeypatch):
    """The nation says “各省规定” and the province how: on the same date the province leads."""
    root = project(tmp_path, {"jiacheng": city("jiacheng", "甲城", "甲省")})
    (root / "provinces" / "jiasheng.yaml").write_text(PROVINCE.replace('"2025-03-10"', '"2024-03-04"'), encoding="utf-8")
    shown = text_of(build(root, monkeypatch) / "jiacheng" / "newborn" / "index.html", "q-newborn-cover")
    assert shown.index("现行规定 · 甲省") < shown.index("全国 · 资料时间 2024年3月4日")


def test_a_city_without_a_number_of_its_own_sends_the_reader_to_the_national_line(tmp_path, monkeypatch):
    """乙城's file names no hotline and no office: the 长辈版's call box, the warning on old
    information and the footer give the national 医保 line as a caller in 乙城 dials it —
    the number national.yaml lists first, never one written into a template."""
    root = project(tmp_path, {"yicheng": city("yicheng", "乙城", "丙省", OLD_NEWBORN)})
    out = build(root, monkeypatch)
    markup = (out / "yicheng" / "benefits" / "index.html").read_text(encoding="utf-8")  # the 2013 rule
    box = re.search(r'<aside class="dial".*?</aside>', markup, re.S)
    assert box and 'href="tel:099912393"' in box.group(0) and "国家医保服务热线（打到乙城）" in box.group(0)
    seen = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup)))
    assert "请先打电话确认：国家医保服务热线（打到乙城） 0999-12393" in seen
    assert "或打国家医保服务热线 12393" in seen
    # this national.yaml has no 12333: no page of the city may offer it
    assert not [p for p in (out / "yicheng").rglob("*.html") if "12333" in p.read_text(encoding="utf-8")]


def test_an_old_rule_without_a_day_it_applies_from_is_not_called_the_rule_in_force(tmp_path, monkeypatch):
    """Three years after its only source, the national newborn rule is what the guide found,
    not what it knows to be in force; the waiting period, in force from a day the rule
    names, still is."""
    root = project(tmp_path, {"yicheng": city("yicheng", "乙城", "丙省")}, province=False)
    out = build(root, monkeypatch, "2027-06-01")
    newborn = text_of(out / "yicheng" / "newborn" / "index.html", "q-newborn-cover")
    assert "本指南找到的最新规定 · 全国 · 资料时间 2024年3月4日" in newborn and "现行规定" not in newborn
    waiting = text_of(out / "yicheng" / "backpay" / "index.html", "q-waiting-period")
    assert "现行规定 · 全国 · 2025年1月1日起" in waiting
    # a year after the source, the same rule is the one in force
    fresh = text_of(build(root, monkeypatch, "2025-10-15") / "yicheng" / "newborn" / "index.html", "q-newborn-cover")
    assert "现行规定 · 全国" in fresh
