"""`yibao report`: topic coverage, the age of the sources facts rest on (against the
build's today), sources by kind, offices without hours — as text and as Markdown."""
from __future__ import annotations

import calendar
import datetime as dt
import re
import shutil

import pytest

from conftest import copy_project
from generator.cli import main

TODAY = dt.date(2026, 11, 23)

# Six facts: the city's name and province on a 2025 source; office 甲 (name, phone) on a
# 2010 source; office 乙 (name, hours) on a 2020 source.
CITY = """\
city:
  name: 测试
  pinyin: ceshi
  province: 测试省
  sources: [new]
  verified: 2026-01-01
sources:
  - id: new
    title: 新的来源
    published: 2025-06-01
    kind: 政府网站
  - id: mid
    title: 六年前的来源
    published: "2020"
    kind: 新闻报道
  - id: old
    title: 很旧的来源
    published: 2010-05
    kind: 论坛帖子
offices:
  sources: [mid]
  verified: 2026-01-01
  items:
    - id: a
      name: 甲中心
      phones: ["12333"]
      sources: [old]
    - id: b
      name: 乙中心
      hours: 周一至周五
      sources: [mid]
"""


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(calendar.timegm(TODAY.timetuple())))
    return TODAY


def report(capsys, root, *args: str):
    capsys.readouterr()
    code = main(["--root", str(root), "report", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def small(tmp_path):
    (tmp_path / "cities").mkdir()
    (tmp_path / "cities" / "ceshi.yaml").write_text(CITY, "utf-8")
    return tmp_path


def rows(out: str, heading: str) -> list[list[str]]:
    part = out.split(heading, 1)[1].split("\n\n", 1)[0]
    return [line.split() for line in part.splitlines()[2:]]


def test_ages_count_facts_by_their_newest_source(small, today, capsys):
    code, out, err = report(capsys, small)
    assert code == 0, err
    assert out.startswith("维护者报告（2026年11月23日）\n")
    assert rows(out, "、来源的年代") == [["城市", "事实", "超过", "2", "年", "超过", "5", "年", "超过", "10", "年", "来源日期不详"],
                                    ["测试", "6", "4", "4", "2", "0"]]


def test_ages_move_with_the_builds_today(small, monkeypatch, capsys):
    later = dt.date(2030, 1, 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(calendar.timegm(later.timetuple())))
    code, out, _ = report(capsys, small)
    assert code == 0
    assert rows(out, "、来源的年代")[1] == ["测试", "6", "6", "4", "2", "0"]


def test_sources_by_kind(small, today, capsys):
    code, out, _ = report(capsys, small)
    assert rows(out, "、来源类型") == [["城市", "政府网站", "新闻报道", "论坛帖子"], ["测试", "1", "1", "1"]]


def test_uncertain_figures_are_listed(tmp_path, capsys):
    root = copy_project(tmp_path / "project")
    code, out, _ = report(capsys, root)
    listed = rows(out, "、标为不确定的数字")
    assert listed[0] == ["城市", "位置", "数值", "原因"]
    assert any(row[0] == "白河" and "连续参保每年增加的支付比例" in " ".join(row) for row in listed[1:])


def test_offices_without_hours_and_coverage(small, today, capsys):
    code, out, _ = report(capsys, small)
    assert rows(out, "、没有办公时间的经办机构") == [["城市", "经办机构"], ["测试", "甲中心"]]
    coverage = rows(out, "、各主题的资料条数")
    assert coverage[0][0] == "城市" and "经办机构" in coverage[0]
    assert coverage[1][coverage[0].index("经办机构")] == "4"
    assert coverage[1][coverage[0].index("缴费")] == "—"


def test_markdown_for_the_pull_request_summary(small, today, capsys):
    code, out, _ = report(capsys, small, "--format", "markdown")
    assert code == 0
    assert out.startswith("### 维护者报告（2026年11月23日）\n")
    assert "#### 来源的年代" in out
    assert "| 城市 | 事实 | 超过 2 年 | 超过 5 年 | 超过 10 年 | 来源日期不详 |" in out
    assert "| 测试 | 6 | 4 | 4 | 2 | 0 |" in out
    assert "| 测试 | 甲中心 |" in out


def test_a_broken_city_is_named_and_the_others_reported(small, today, capsys):
    (small / "cities" / "broken.yaml").write_text("city: [\n", "utf-8")
    code, out, _ = report(capsys, small)
    assert code == 0
    assert "cities/broken.yaml（1 个问题）" in out
    assert rows(out, "、来源的年代")[1][0] == "测试"


def test_the_test_project(tmp_path, capsys):
    root = copy_project(tmp_path / "project")
    code, out, err = report(capsys, root)
    assert code == 0, err
    for heading in ("各主题的资料条数", "来源的年代", "来源类型", "标为不确定的数字", "没有办公时间的经办机构"):
        assert heading in out
    assert "青川" in out and not re.search(r"\b(offices|city-centre|s00\d)\b", out)


def test_outside_a_project_it_exits_1(tmp_path, capsys):
    code, out, err = report(capsys, tmp_path)
    assert code == 1 and out == ""
    assert "--root" in err
