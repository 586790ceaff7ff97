"""Stage 1, load: text to data, with the line and column of every key and value,
and a plain-Chinese UserError (never a traceback) for anything a volunteer can save."""
from __future__ import annotations

import datetime as dt
import re

import pytest

import generator.source.load as load
from generator.core.errors import Problem, UserError
from generator.source.load import MAX_BYTES, MAX_DEPTH, Document, format_path, parse_yaml, read_text

from helpers import TEST_PROJECT

SAMPLE = """\
# 注释不算内容
city:
  name: 大连
  area_code: "0411"
  sources: [s000, s001]
offices:
  items:
    - id: city-centre
      phones:
        - "0411-83709176"
        - 12333
"""


def problems(text: str) -> list[Problem]:
    with pytest.raises(UserError) as caught:
        parse_yaml(text, "cities/x.yaml")
    return caught.value.problems


def only_problem(text: str) -> Problem:
    found = problems(text)
    assert len(found) == 1, found
    return found[0]


# --- positions --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample() -> Document:
    return parse_yaml(SAMPLE, "cities/x.yaml")


def test_data(sample):
    assert sample.data == {
        "city": {"name": "大连", "area_code": "0411", "sources": ["s000", "s001"]},
        "offices": {"items": [{"id": "city-centre", "phones": ["0411-83709176", 12333]}]},
    }


@pytest.mark.parametrize("path, value_at, key_at", [
    (("city",), (3, 3), (2, 1)),                       # a block mapping starts at its first key
    (("city", "name"), (3, 9), (3, 3)),
    (("city", "area_code"), (4, 14), (4, 3)),           # the opening quote
    (("city", "sources"), (5, 12), (5, 3)),             # the [
    (("city", "sources", 1), (5, 19), None),
    (("offices", "items", 0), (8, 7), None),            # after "- "
    (("offices", "items", 0, "phones", 1), (11, 11), None),
])
def test_marks_of_values_and_keys(sample, path, value_at, key_at):
    assert sample.value_marks[path] == value_at
    assert sample.key_marks.get(path) == key_at


def test_where_prefers_key_when_asked_and_falls_back_to_nearest_value(sample):
    assert sample.where(("city", "name")) == (3, 9)
    assert sample.where(("city", "name"), key=True) == (3, 3)
    assert sample.where(("city", "sources", 1), key=True) == (5, 19)   # list items have no key
    assert sample.where(("city", "missing")) == (3, 3)                  # the enclosing mapping
    assert sample.where(("city", "missing"), key=True) == (2, 1)        # the key `city:`
    assert sample.where(()) == (2, 1)                                    # the whole file


def test_problem_names_file_line_column_and_the_place_in_words(sample):
    problem = sample.problem(("offices", "items", 0, "phones", 1), "不对。")
    assert str(problem) == "cities/x.yaml:11:11: offices.items 第 1 个的 phones 第 2 个：不对。"
    assert problem.path == "offices.items[0].phones[1]"  # for programs
    assert str(Problem("cities/x.yaml", 1, 1, "", "文件是空的。")) == "cities/x.yaml:1:1: 文件是空的。"
    assert str(Problem("cities", 0, 0, "", "没有城市文件。")) == "cities: 没有城市文件。"


def test_items_named_by_their_name_and_what_they_are():
    doc = parse_yaml(SAMPLE.replace("    - id: city-centre\n", "    - id: city-centre\n      name: 市医保中心\n"),
                     "cities/x.yaml", "city")
    assert doc.problem(("offices", "items", 0, "phones", 1), "不对。").text == "经办机构“市医保中心”的 phones 第 2 个：不对。"
    # not by the very field the problem is about: by the next name there is
    assert doc.problem(("offices", "items", 0, "name"), "不对。").place == "经办机构“city-centre”的 name"
    assert doc.problem(("city", "sources", 1), "不对。").place == "city.sources 第 2 个"
    assert doc.problem(("city",), "不对。").place == "city"
    assert doc.problem((), "不对。").text == "不对。"


def test_load_problems_are_placed_in_words_too():
    problem = only_problem("offices:\n  items:\n    - name: 中山区医保中心\n      hours: 1\n      hours: 2\n")
    assert problem.text.startswith("offices.items 第 1 个的 hours：")
    with pytest.raises(UserError) as caught:
        parse_yaml("offices:\n  items:\n    - name: 中山区医保中心\n      hours: 1\n      hours: 2\n", "x", "city")
    assert caught.value.problems[0].text.startswith("经办机构“中山区医保中心”的 hours：")


@pytest.mark.parametrize("path, text", [
    ((), ""),
    (("city",), "city"),
    (("offices", "items", 2, "phones", 0), "offices.items[2].phones[0]"),
    ((0, "a"), "[0].a"),
])
def test_format_path(path, text):
    assert format_path(path) == text


def test_marks_count_characters_not_bytes():
    doc = parse_yaml("a: [大连市, 医保中心]\nb: {名称: 中山区, k: 值}\n", "x")
    assert doc.value_marks[("a", 1)] == (1, 10)
    assert doc.value_marks[("b", "k")] == (2, 17)
    assert doc.key_marks[("b", "k")] == (2, 14)


@pytest.mark.parametrize("city", sorted(p.name for p in (TEST_PROJECT / "cities").glob("*.yaml")))
def test_fast_and_careful_parsers_agree_on_a_whole_file(monkeypatch, city):
    """Good files go through libyaml; files with errors through the Python parser, for
    its messages. Both must give the same data and the same positions."""
    text = (TEST_PROJECT / "cities" / city).read_text(encoding="utf-8")
    fast = parse_yaml(text, f"cities/{city}")
    monkeypatch.setattr(load, "_compose_fast", lambda text: None)
    careful = parse_yaml(text, f"cities/{city}")
    assert fast.data == careful.data
    assert fast.value_marks == careful.value_marks
    assert fast.key_marks == careful.key_marks


# --- values -----------------------------------------------------------------------------

@pytest.mark.parametrize("written, value", [
    ("2024-10-16", "2024-10-16"),       # dates stay text: the schema checks their form
    ("0411", "0411"),                   # not octal 265
    ("8:30", "8:30"),                   # not base-60 510
    ("411", 411),
    ("0", 0),
    ("-5", -5),
    ("1_000", 1000),
    ("0.08", 0.08),
    ("true", True),
    ("~", None),
    ("", None),
    ('"12333"', "12333"),
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),
])
def test_scalar_values(written, value):
    assert parse_yaml(f"a: {written}\n", "x").data == {"a": value}


@pytest.mark.parametrize("written", [".inf", "-.inf", ".nan"])
def test_infinite_numbers_refused(written):
    problem = only_problem(f"a: 1\nb: {written}\n")
    assert (problem.line, problem.column, problem.path) == (2, 4, "b")
    assert "无穷大" in problem.message


@pytest.mark.parametrize("text, line, column", [
    ("a: !!python/name:os.system ''\n", 1, 4),
    ("a:\n  b: !!binary aGVsbG8=\n", 2, 6),
    ("a: !custom x\n", 1, 4),
])
def test_tags_refused(text, line, column):
    problem = only_problem(text)
    assert (problem.line, problem.column) == (line, column)
    assert "不支持的 YAML 标记" in problem.message


# --- aliases, duplicates, odd keys ------------------------------------------------------

@pytest.mark.parametrize("text, line, column", [
    ("a: &x 1\nb: *x\n", 2, 4),
    ("base: &b {x: 1}\nother:\n  <<: *b\n", 3, 7),
    ("a: [&x 1, *x]\n", 1, 11),
    ("a: *nowhere\n", 1, 4),
])
def test_aliases_refused_where_they_stand(text, line, column):
    problem = only_problem(text)
    assert (problem.line, problem.column) == (line, column)
    assert "别名" in problem.message


def test_billion_laughs_refused_at_first_alias():
    text = 'a: &a ["lol","lol"]\n' + "".join(
        f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi"))
    problem = only_problem(text)
    assert (problem.line, problem.column) == (2, 8)


def test_anchor_without_alias_is_harmless():
    assert parse_yaml("a: &x 1\n", "x").data == {"a": 1}


def test_duplicate_keys_reported_at_the_second_one():
    found = problems("city:\n  name: 大连\n  pinyin: dalian\n  name: 旅顺\n  name: 金州\n")
    assert [(p.line, p.column, p.path) for p in found] == [(4, 3, "city.name"), (5, 3, "city.name")]
    assert "“name”重复出现了" in found[0].message


@pytest.mark.parametrize("text, line, column", [
    ("? [a, b]\n: c\n", 1, 3),
    ("a:\n  <<: {b: 1}\n", 2, 3),
])
def test_keys_that_are_not_words_refused(text, line, column):
    problem = only_problem(text)
    assert (problem.line, problem.column) == (line, column)
    assert "键写法不对" in problem.message


def test_all_problems_of_a_file_reported_together():
    found = problems("a: .inf\nb: !!binary aGk=\nc: 1\nc: 2\n")
    assert [p.line for p in found] == [1, 2, 4]


# --- depth --------------------------------------------------------------------------------

def nested(depth: int) -> str:
    return "[" * depth + "1" + "]" * depth + "\n"


def test_nesting_up_to_the_limit_is_fine():
    assert parse_yaml(nested(MAX_DEPTH), "x").data is not None


def test_nesting_past_the_limit_is_a_problem_not_a_crash():
    problem = only_problem(nested(MAX_DEPTH + 1))
    assert problem.line == 1 and "嵌套层次太深" in problem.message


@pytest.mark.parametrize("depth", [200, 5000, 100_000])
def test_absurd_nesting_is_a_problem_not_a_recursion_error(depth):
    problem = only_problem(nested(depth))
    assert "嵌套层次太深" in problem.message


def test_deep_block_nesting():
    text = "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "v\n"
    assert "嵌套层次太深" in only_problem(text).message


# --- YAML syntax ---------------------------------------------------------------------------

SYNTAX = [
    # name, text, line, column, words
    ("unclosed double quote before another quote", 'a:\n  b: "大连\n  c: 1\n  d: "x"\n', 2, 6, ["引号没有配对"]),
    ("unclosed single quote to end", "a: 1\nb: '大连\nc: 2\n", 2, 4, ["引号没有配对"]),
    ("unclosed quote on last line", 'a: 1\nb: "大连\n', 2, 4, ["引号没有配对"]),
    ("colon inside a value", "summary: 注意: 大连\n", 1, 12, ["不能出现冒号", "引号"]),
    ("key indented too far", "city:\n  name: 大连\n   pinyin: dalian\n", 3, 10, ["缩进", "上一行"]),
    ("key indented too little", "city:\n  name: 大连\n pinyin: dalian\n", 3, 2, ["缩进不对齐"]),
    ("list item indented too little", "a:\n  - x\n - y\n", 3, 2, ["缩进"]),
    ("missing colon", "city:\n  name 大连\n  pinyin: dalian\n", 3, 9, ["上一行", "冒号"]),
    ("unclosed [", "a: [s000, s001\nb: 1\n", 1, 4, ["方括号"]),
    ("unclosed {", "a: {x: 1\nb: 1\n", 1, 4, ["花括号"]),
    ("second document", "a: 1\n---\nb: 2\n", 2, 1, ["多了一行 ---"]),
    ("value starting with @", "a: @大连医保\n", 1, 4, ["@", "引号"]),
    ("value starting with `", "a: `x`\n", 1, 4, ["引号"]),
    ("footnote asterisk", "note: *以上为旧资料\n", 1, 8, ["*", "引号"]),
    ("value starting with >", "note: >_< 注意\n", 1, 8, [">", "引号"]),
    ("list item on the key's line", "handles: - 城镇职工\n", 1, 10, ["- ", "另起一行"]),
    ("backslash in double quotes", 'a: "C:\\d"\n', 1, 8, ["反斜杠"]),
    ("text after closing quote", 'a: "0411" 大连\n', 1, 11, ["引号后面多了内容"]),
    ("tab before a comment", "a: 1\t# x\nb: [1,\t2\n", 1, 5, ["Tab"]),
]


@pytest.mark.parametrize("name, text, line, column, words", SYNTAX, ids=[row[0] for row in SYNTAX])
def test_syntax_errors(name, text, line, column, words):
    problem = only_problem(text)
    assert (problem.line, problem.column) == (line, column), str(problem)
    assert problem.message.startswith("YAML 格式错误")
    for word in words:
        assert word in problem.message, str(problem)
    assert "found" not in problem.message and "expected" not in problem.message, "English leaked"


# Every problem PyYAML can raise, each in words a volunteer reads: no English phrase.
PYYAML_PROBLEMS = [
    "a: 1\n%YAML 1.1\n", "%TAG ! x\na: 1\n", "a: !<x y\n", "a: | x\n", "a: |0\n  x\n",
    'a: "\\x4"\n', 'a: "\\u00"\n', "a: ]\n", "a: ,b\n", "a: [,b]\n", "a: {,}\n", "a: x\n...\nb: 1\n",
    "%x\n", "a: @x\n", "a: `x\n", "a: *\n", "a: &\n", "a: b: c\n", "- [a\n- b\n", "a: {b: 1\n",
    "a: 1\nb: 2\n- c\n", "a:\n  - b\n  c: d\n", "a: 'x\n", "a: x\n---\nb: y\n", "a: >_<\n",
    "a: |\nb\n", "? x\n? y\n- z\n", "a: [b,\nc: [d\n", "- a\n? b\n",
]


@pytest.mark.parametrize("text", PYYAML_PROBLEMS)
def test_no_pyyaml_phrase_reaches_a_volunteer(text):
    for problem in problems(text):
        assert not re.search(r"[A-Za-z]{4,}", problem.message.replace("YAML", "")), str(problem)
        assert re.search(r"[\u4e00-\u9fff]", problem.message)


@pytest.mark.parametrize("char", ["\x07", "\x1b", "\ufffe"])
def test_control_character_named_where_it_stands(char):
    problem = only_problem(f"a: 1\nb: 大连{char}医保\n")
    assert (problem.line, problem.column) == (2, 6)
    assert f"U+{ord(char):04X}" in problem.message and "控制字符" in problem.message


# --- full-width punctuation from a Chinese input method ----------------------------------

FULL_WIDTH = [
    # name, text, line, column, words
    ("colon, only key: parses as a text", "city:\n  name：大连\n", 2, 7, ["第 7 列是中文冒号“：”"]),
    ("colon with a space before it", "city:\n  name ：大连\n  pinyin: dalian\n", 2, 8, ["中文冒号"]),
    ("colon in a list item", "offices:\n  - id：a\n    name: 中心\n", 2, 7, ["中文冒号"]),
    ("colon, key with an ASCII colon later", "city:\n  note：见 s001: 第 3 页\n", 2, 7, ["中文冒号"]),
    ("full-width space then spaces", "city:\n  name: 大连\n\u3000 pinyin: dalian\n", 3, 1, ["全角空格"]),
    ("spaces then full-width space", "city:\n  name: 大连\n \u3000pinyin: dalian\n", 3, 2, ["全角空格"]),
    ("full-width space before a list dash", "a:\n  - x\n\u3000- y\n", 3, 1, ["全角空格"]),
    ("colon then full-width space", "city:\n  name:\u3000大连\n", 2, 8, ["全角空格", "英文空格"]),
    ("no space after the colon", "city:\n  name:大连\n  pinyin: dalian\n", 2, 7, ["少了一个空格", "name: 大连"]),
    ("comma between quoted items", 'a: ["0411-1"，"0411-2"]\n', 1, 13, ["中文逗号“，”"]),
    ("several commas: one message", "a: [s000，s001，s002]\n", 1, 9, ["中文逗号“，”"]),
    ("［］ around ids", "a: ［s000, s001］\n", 1, 4, ["中文方括号“［”"]),
    ("‘’ quotes", "a: ‘0411’\n", 1, 4, ["中文引号（‘）", '"0411"']),
    ("quotes left open by a colon", "a: “注意: 大连”\n", 1, 4, ["中文引号（“）", "英文引号"]),
    ("em dashes", "a:\n  ——中山区\n  ——西岗区\n", 2, 3, ["中文的“——”", "下面几行也一样"]),
    ("full-width hash, whole line", "a: 1\n＃ 说明\nb: 2\n", 2, 1, ["全角井号“＃”"]),
]


@pytest.mark.parametrize("name, text, line, column, words", FULL_WIDTH, ids=[row[0] for row in FULL_WIDTH])
def test_full_width_punctuation_named_with_its_fix(name, text, line, column, words):
    problem = only_problem(text)
    assert (problem.line, problem.column) == (line, column), str(problem)
    for word in words:
        assert word in problem.message, str(problem)
    assert "缺少冒号" not in problem.message


@pytest.mark.parametrize("name, text, line, column, words", FULL_WIDTH, ids=[row[0] for row in FULL_WIDTH])
def test_a_slip_fixed_as_its_message_says_is_gone(name, text, line, column, words):
    """The loader finds the next slip by applying each one's fix: the fix must be the one
    the message gives, and must remove the slip (a quote left open has none to give)."""
    from generator.source import fullwidth

    slips = load._slips_in(text)
    assert len(slips) == 1
    fixed = fullwidth.apply_fixes(text, slips)
    if name == "quotes left open by a colon":
        assert fixed is None
        return
    assert fixed is not None and fixed.count("\n") == text.count("\n")
    assert load._slips_in(fixed) == []


def test_every_slip_in_a_file_is_named_at_once():
    """Three slips typed in Chinese mode, each of which alone stops YAML: one round of
    `check` names all three, each with its own line and fix (not one per round)."""
    lines = (TEST_PROJECT / "cities" / "qingchuan.yaml").read_text("utf-8").split("\n")
    name, district, sources = (lines.index(t) for t in ("  name: 青川", "    - 柳湾区", "  sources: [s000, s001, s002, s003]"))
    lines[name] = "  name：青川"
    lines[district] = "    － 柳湾区"
    lines[sources] = "  sources: [s000，s001, s002, s003]"
    found = problems("\n".join(lines))
    assert [(p.line, p.column) for p in found] == [(name + 1, 7), (district + 1, 5), (sources + 1, 17)], found
    assert "中文冒号" in found[0].message
    assert "中文的“－”" in found[1].message
    assert "中文逗号" in found[2].message


def test_slips_after_one_yaml_stops_at_are_named_too():
    found = problems("city:\n  name：大连\n  pinyin: dalian\n\u3000 x: 1\nc:\n  d:x\n  e: 2\n")
    assert [(p.line, p.column) for p in found] == [(2, 7), (4, 1), (6, 4)], found
    assert "d: x" in found[2].message


@pytest.mark.parametrize("text", [
    "note: 来源里“高新园区”和“高新区”两种叫法都有:见 s001。\n",
    "title: 【大连】即申即享!职工医保个账可为近亲属缴费\n",
    "title: 【通知】\n",
    "can:\n  - APP：查询个人账户\n  - 微信：缴费\n",
    "note: 电话：0411-12345678，工作日：8:30\n",
    "steps:\n  - 第一步，带好材料、身份证\n",
    "note: ——以上为旧资料\n",
    "note: >\n  name：大连\n  ＃ 不是注释\n  － 不是列表\n",
    'a: "name：大连, [s000，s001]"\n',
    "url: https://example.org/a:b\n",
    "hours: 8:30-17:00\n",
    "a: [中山区, 西岗区]\n",
    "note: 第一行\n  s001：第二行\n",
    "can:\n  - “辽事通”\n  - ——以上为旧资料\n  - ＃1 号窗口\n",
    "title: 【通知，公告】\n",
])
def test_full_width_punctuation_in_chinese_text_is_fine(text):
    parse_yaml(text, "cities/x.yaml")


def test_text_in_a_broken_file_is_not_blamed_for_the_break():
    """A file that fails elsewhere: its Chinese texts are not taken for the cause."""
    problem = only_problem("can:\n  - APP：查询\n  - “辽事通”\n  - ——旧资料\nnote: 注意: 大连\n")
    assert (problem.line, problem.message) == (5, problem.message) and "不能出现冒号" in problem.message


def test_tab_indentation_reported_on_its_line():
    problem = only_problem("a:\n  b: 1\n\tc: 2\n")
    assert (problem.line, problem.column) == (3, 1)
    assert "Tab" in problem.message


def test_tab_inside_a_value_is_fine():
    assert parse_yaml('a: "x\ty"\nb: 名称\t说明\n', "x").data == {"a": "x\ty", "b": "名称\t说明"}


@pytest.mark.parametrize("text", ["# 只有注释\n", "\n# 第二行\n\n"])
def test_nothing_but_comments(text):
    problem = only_problem(text)
    assert (problem.line, problem.column) == (1, 1)
    assert "只有注释" in problem.message


def test_a_lone_document_marker_is_an_empty_value():
    # the schema then says the file should be a set of `key: value`
    assert parse_yaml("---\n# x\n", "x").data is None


# --- reading files ------------------------------------------------------------------------

def read_problem(tmp_path, raw: bytes, name: str = "x.yaml") -> Problem:
    path = tmp_path / name
    path.write_bytes(raw)
    with pytest.raises(UserError) as caught:
        read_text(path, f"cities/{name}")
    [problem] = caught.value.problems
    assert problem.file == f"cities/{name}"
    return problem


def test_utf8_bom_dropped(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: \xe5\xa4\xa7\n")
    assert read_text(path, "x") == "a: 大\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path, encoding):
    raw = ("\ufeff" if encoding != "utf-16" else "") + "city:\n  name: 大连\n"
    problem = read_problem(tmp_path, raw.encode(encoding))
    assert (problem.line, problem.column) == (1, 1)
    assert "UTF-16" in problem.message and "另存为 UTF-8" in problem.message


def test_gbk_reported_at_first_chinese_line(tmp_path):
    problem = read_problem(tmp_path, "# x\ncity:\n  name: 大连\n".encode("gbk"))
    assert problem.line == 3
    assert "GBK" in problem.message and "另存为 UTF-8" in problem.message


def test_random_bytes(tmp_path):
    problem = read_problem(tmp_path, b"a: 1\nb: \xff\xfe\xfd\xfc\x80\n")
    assert problem.line == 2
    assert "不是 UTF-8" in problem.message


def test_nul_byte_reported_on_its_line(tmp_path):
    problem = read_problem(tmp_path, b"a: 1\nb: 2\nc: \x003\n")
    assert problem.line == 3 and "空字符" in problem.message


@pytest.mark.parametrize("raw", [b"", b"\n\n", b"   \n\t\n", b"\xef\xbb\xbf"])
def test_empty_file(tmp_path, raw):
    problem = read_problem(tmp_path, raw)
    assert (problem.line, problem.column) == (1, 1)
    assert "文件是空的" in problem.message
    assert "dalian" not in problem.message  # the empty file may be dalian.yaml itself


def test_file_just_over_the_limit_is_not_read(tmp_path, monkeypatch):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"#" * (MAX_BYTES + 1))
    monkeypatch.setattr(type(path), "read_bytes", lambda self: pytest.fail("read a huge file"))
    with pytest.raises(UserError) as caught:
        read_text(path, "cities/x.yaml")
    assert "文件太大" in caught.value.problems[0].message


def test_file_at_the_limit_is_read(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a: 1\n" + b"#" * (MAX_BYTES - 6) + b"\n")
    assert read_text(path, "x").startswith("a: 1")


def test_missing_file(tmp_path):
    with pytest.raises(UserError) as caught:
        read_text(tmp_path / "nope.yaml", "cities/nope.yaml")
    assert "无法读取文件" in caught.value.problems[0].message


def test_a_folder_named_like_a_file(tmp_path):
    (tmp_path / "x.yaml").mkdir()
    with pytest.raises(UserError) as caught:
        read_text(tmp_path / "x.yaml", "cities/x.yaml")
    assert "无法读取文件" in caught.value.problems[0].message


def test_user_error_sorts_problems():
    error = UserError([Problem("b", 1, 1, "", "x"), Problem("a", 9, 1, "", "x"), Problem("a", 2, 5, "", "x")])
    assert [(p.file, p.line) for p in error.problems] == [("a", 2), ("a", 9), ("b", 1)]
    assert str(error).splitlines()[0] == "a:2:5: x"


def test_dates_are_left_to_the_schema():
    # timestamps are not resolved, so an impossible date is text the checker can explain
    assert parse_yaml("d: 2024-02-30\n", "x").data == {"d": "2024-02-30"}
    assert not isinstance(parse_yaml("d: 2024-02-03\n", "x").data["d"], dt.date)


@pytest.mark.parametrize("char, name", [("\x85", "U+0085"), ("\u2028", "U+2028"), ("\u2029", "U+2029"),
                                        ("\r", "回车符")])
def test_a_line_break_git_does_not_show_is_refused(char, name):
    """NEL, U+2028, U+2029 and a lone CR end a line for YAML but not for git or GitHub's
    diff: a line hidden in a comment would be published unseen. Refused like a tab, on
    the line and column git shows, with that line quoted and the character escaped."""
    text = f"city:\n  name: 大连\n  # 旧的说明{char}summary: 藏起来的一句\n"
    problem = only_problem(text)
    assert (problem.line, problem.column) == (3, 9)
    assert name in problem.message and "git" in problem.message
    shown = problem.shown().message
    assert "# 旧的说明" in shown and ("\\r" if char == "\r" else f"\\u{ord(char):04x}" if ord(char) > 0xff
                                  else "\\x85") in shown
    assert char not in shown


def test_windows_line_ends_are_fine():
    assert parse_yaml("a: 1\r\nb: 名称\r\n", "x").data == {"a": 1, "b": "名称"}


def test_a_hidden_line_break_inside_quotes_is_refused_too():
    problem = only_problem('a: 1\nb: "第一行\u2028第二行"\n')
    assert (problem.line, problem.column) == (2, 8)
