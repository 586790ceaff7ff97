"""If `yibao check` passes, `yibao build` succeeds: input that once passed the checker and
then crashed the build, each kept here as the smallest file edit that showed it. The
property tests (test_check_build_properties.py) look for the cases nobody thought of;
every one they found is added here."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import TEST_PROJECT, copy_project
from generator.commands.build import build
from generator.core.errors import Problem, UserError

CITY = "cities/qingchuan.yaml"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("pristine") / "project")


@pytest.fixture
def project(pristine, tmp_path) -> Path:
    import shutil

    root = tmp_path / "project"
    shutil.copytree(pristine, root)
    return root


def edit(root: Path, old: str, new: str, rel: str = CITY) -> int:
    """Replace the first `old` in the file; returns the line number where it stood."""
    path = root / rel
    text = path.read_text("utf-8")
    assert old in text, f"{rel}: {old!r} not found"
    path.write_text(text.replace(old, new, 1), "utf-8")
    return text[: text.index(old)].count("\n") + 1


def outcome(root: Path, index: bool = False) -> list[Problem]:
    """The problems `check` finds (then the build must refuse too), or [] after a build
    that succeeded. Anything else — an internal error — fails the test."""
    try:
        build(root, root / "dist", index=index)
    except UserError as exc:
        return exc.problems
    assert (root / "dist" / "index.html").is_file()
    return []


def test_a_money_value_of_1e308_is_a_problem_not_a_crash(project):
    line = edit(project, "      value: 30\n", "      value: 1.0e+308\n")
    problems = outcome(project)
    assert [(p.file, p.line, p.path) for p in problems] == [(CITY, line, "money.items[0].value")]
    assert "太大" in problems[0].message


def test_a_huge_example_result_is_a_problem_not_a_crash(project):
    line = edit(project, "          credit: 60.45\n", "          credit: 1.0e+308\n")
    problems = outcome(project)
    assert [(p.file, p.line) for p in problems] == [(CITY, line)], problems
    assert "太大" in problems[0].message


@pytest.mark.parametrize("unit, value", [("%", "101"), ("年", "101"), ("个月", "1201"), ("元/人/年", "100000001")])
def test_money_values_are_bounded_by_their_unit(project, unit, value):
    text = (project / CITY).read_text("utf-8")
    old = "      value: 30\n      unit: 元/人/年\n"
    assert old in text
    line = edit(project, old, f"      value: {value}\n      unit: \"{unit}\"\n")
    problems = outcome(project)
    assert [(p.line, p.path) for p in problems] == [(line, "money.items[0].value")], problems
    assert "太大" in problems[0].message


def test_a_date_written_as_a_block_with_a_final_newline_is_a_problem(project):
    line = edit(project, "  verified: 2026-11-20\n", "  verified: |\n    2026-11-20\n")
    problems = outcome(project)
    assert [(p.line, p.path) for p in problems] == [(line, "city.verified")], problems
    assert "日期" in problems[0].message


@pytest.mark.parametrize("written", ['"2021-01-01\\n"', '"２０２１-０１-０１"', "9999-12-31", "0001-01-01", "1949-12-31"])
def test_dates_are_whole_real_and_within_sensible_years(project, written):
    line = edit(project, "      from: 2021-01-01\n", f"      from: {written}\n")
    problems = outcome(project)
    assert [(p.line, p.path) for p in problems] == [(line, "money.items[0].from")], problems


def test_a_pinyin_with_a_newline_is_a_problem(project):
    (project / CITY).unlink()
    source = (TEST_PROJECT / CITY).read_text("utf-8")
    (project / "cities" / "qingchuan\n.yaml").write_text(
        source.replace("  pinyin: qingchuan\n", '  pinyin: "qingchuan\\n"\n', 1), "utf-8")
    problems = outcome(project)
    assert problems and all(p.file == "cities/qingchuan\n.yaml" for p in problems), problems
    assert "\n" not in "".join(str(p) for p in problems)


def test_a_dotless_i_in_a_tip_builds_with_the_search_index(project):
    # search-terms.yaml has 医疗IC卡: `re.I` matched 医疗ıC卡, `.lower()` then missed it
    edit(project, "      text: 代办员上门收费时", "      text: 医疗ıC卡、ß、İ、ﬀ。代办员上门收费时")
    assert outcome(project, index=True) == []


@pytest.mark.parametrize("old, new", [
    ("  name: 青川\n", '  name: "青川\\ud800"\n'),       # half of a UTF-16 pair: no character at all
    ("  name: 青川\n", '  name: "\\ud83d\\ude00青川"\n'),  # both halves, still not one character in YAML
    ("  name: 青川\n", '  "na\\udc00me": 青川\n'),          # in a key
])
def test_a_lone_surrogate_escape_is_a_problem_not_a_crash(project, old, new):
    line = edit(project, old, new)
    problems = outcome(project)
    assert [(p.file, p.line) for p in problems] == [(CITY, line)], problems
    assert "\\ud" in str(problems[0]) and "字符" in problems[0].message


@pytest.mark.parametrize("value", ["0.001", "1.0e-7", "5.0e-324", "30.123"])
def test_an_amount_is_written_to_the_fen_at_most(project, value):
    # shown as “0 元” or rounded, the page would say something the file does not
    line = edit(project, "      value: 30\n", f"      value: {value}\n")
    problems = outcome(project)
    assert [(p.line, p.path) for p in problems] == [(line, "money.items[0].value")], problems
    assert "小数" in problems[0].message


def test_a_rate_is_written_to_a_ten_thousandth_of_a_percent_at_most(project):
    text = (project / CITY).read_text("utf-8")
    old = next(l for l in text.splitlines(keepends=True) if l.strip().startswith("employee_rate:"))
    line = edit(project, old, old.split(":")[0] + ": 0.0200001\n")
    problems = outcome(project)
    assert [p.line for p in problems] == [line], problems
    assert "小数" in problems[0].message


@pytest.mark.parametrize("value, shown", [("0.01", "0.01"), ("60.45", "60.45"), ("-0.0", "0"),
                                          ("100000000", "100,000,000"), ("99999999.99", "99,999,999.99")])
def test_amounts_to_the_fen_are_shown_as_written(project, value, shown):
    edit(project, "      value: 30\n", f"      value: {value}\n")
    assert outcome(project) == []
    pages = "".join(p.read_text("utf-8") for p in (project / "dist" / "qingchuan").rglob("*.html"))
    assert f"{shown} 元/人/年" in pages
