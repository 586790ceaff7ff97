"""Stage 2, validate: the schema's errors in plain Chinese, the checks a schema cannot
express, and the phone-number rules they rely on."""
from __future__ import annotations

import datetime as dt
import re
import itertools

import pytest

from generator.core import phones
from generator.source.load import parse_yaml
from generator.check.rules import month_day, real_date, semantic_problems
from generator.check.schema import describe, schema_problems

from helpers import PROJECT

TODAY = dt.date(2026, 11, 23)


# --- phones.kind ---------------------------------------------------------------------------

KINDS = [
    # number, kind
    ("0411-83709176", "landline"),
    ("010-62345678", "landline"),
    ("0311-8370917", "landline"),        # 7-digit local number
    ("010-62345678-123", "landline"),    # extension
    ("12333", "hotline"),
    ("12345", "hotline"),
    ("96102", "hotline"),
    ("962218", "hotline"),
    ("95518", "hotline"),
    ("10086", "hotline"),
    ("13812345678", "mobile"),
    ("19912345678", "mobile"),
    ("1062665533", "sms"),
    ("106575", "sms"),
    ("400-123-4567", "national"),
    ("4001234567", "national"),
    ("400-6789-123", "national"),
    ("800-820-8820", "national"),
    ("83709176", None),                  # area code missing
    ("0411-03709176", None),             # local numbers never start with 0 or 1
    ("010-12345678", None),
    ("0411 83709176", None),
    ("(0411)83709176", None),
    ("041183709176", None),
    ("12812345678", None),               # no mobile prefix 12
    ("1234", None),
    ("114", None),
    ("400-12-34567", None),
    ("0411-8370917六", None),
    ("0411-83709176、0411-83709177", None),
    ("", None),
    ("电话", None),
]


@pytest.mark.parametrize("number, kind", KINDS)
def test_kind(number, kind):
    assert phones.kind(number) == kind


# --- phones.problem -----------------------------------------------------------------------

PHONE_PROBLEMS = [
    # number, area code, sms_to field?, words of the message (None: fine as written)
    ("0411-83709176", "0411", False, None),
    ("12333", "0411", False, None),
    ("962218", None, False, None),
    ("13812345678", "0411", False, None),
    ("400-123-4567", "0411", False, None),
    ("83709176", "0411", False, ["缺少区号", "请写成 0411-83709176"]),
    ("8370917", "0311", False, ["缺少区号", "0311-8370917"]),
    ("83709176", None, False, ["缺少区号", "区号-号码"]),
    ("1062665533", "0411", False, ["短信服务号", "不能拨打", "sms_to"]),
    ("0411 8370 9176", "0411", False, ["写法不对", "0411-83709176"]),
    ("(0411)83709176", "0411", False, ["0411-83709176"]),
    ("010 6234 5678", "010", False, ["010-62345678"]),
    ("041183709176", "0411", False, ["区号后加连字符"]),
    ("0411-8370ABCD", "0411", False, ["不像电话号码", "0411-83709176"]),
    ("0311-8370ABCD", "0311", False, ["0311-83709176"]),        # the example uses the city's code
    ("0411-83709176、0411-83709177", "0411", False, ["一个格子只写一个号码"]),
    ("1062665533", "0411", True, None),
    ("12333", "0411", True, None),
    ("13812345678", "0411", True, None),
    ("0411-83709176", "0411", True, ["短信号码", "106"]),
    ("400-123-4567", "0411", True, ["短信号码"]),
]


@pytest.mark.parametrize("number, area_code, sms, words", PHONE_PROBLEMS)
def test_phone_problem(number, area_code, sms, words):
    message = phones.problem(number, area_code, sms=sms)
    if words is None:
        assert message is None
    else:
        assert message is not None
        assert number in message
        for word in words:
            assert word in message, message


def test_every_printable_kind_is_accepted_in_a_phone_field():
    for number, kind in KINDS:
        if kind in ("landline", "hotline", "mobile", "national"):
            assert phones.problem(number, "0411") is None, number


# --- dates ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, date", [
    ("2024-02-29", dt.date(2024, 2, 29)),
    ("2023-02-29", None),
    ("2024-02-30", None),
    ("2024-13-01", None),
    ("2024-00-10", None),
    ("0000-01-01", None),
    ("2024-1-1", None),
    ("", None),
])
def test_real_date(text, date):
    assert real_date(text) == date


@pytest.mark.parametrize("text, parts", [
    ("09-01", (9, 1)),
    ("02-29", (2, 29)),          # some years have it
    ("12-31", (12, 31)),
    ("02-30", None),
    ("04-31", None),
    ("13-01", None),
    ("00-10", None),
    ("9-01", None),
    ("09/01", None),
    (901, None),
    (None, None),
])
def test_month_day(text, parts):
    assert month_day(text) == parts


@pytest.mark.parametrize("value, words", [
    (None, "空的"),
    (True, "true（是/否）"),
    (411, "数字 411"),
    (0.08, "数字 0.08"),
    ("大连", "文字“大连”"),
    ("长" * 30, "文字“" + "长" * 20 + "…”"),
    ([1], "一个列表"),
    ({"a": 1}, "一组“键: 值”"),
])
def test_describe(value, words):
    assert describe(value) == words


# --- schema errors in Chinese ----------------------------------------------------------------

def doc(text: str, file: str = "cities/x.yaml"):
    return parse_yaml(text, file)


def schema_at(text: str, path: str) -> list[str]:
    """The schema's messages for one path, as printed."""
    return [str(p) for p in schema_problems(doc(text), "city") if p.path == path]


VERSION = "    sources: [s1]\n    verified: 2024-01-01\n    versions:\n      - from: 2024-01-01\n"
SCHEMA = [
    # name, city file, path, expected start of the printed problem, words
    ("number where text belongs", "city:\n  area_code: 411\n", "city.area_code", "cities/x.yaml:2:14:",
     ["电话区号", "应为文字", "数字 411", "加上引号"]),
    ("empty value", "city:\n  province:\n  name: 大连\n", "city.province", "cities/x.yaml:2:",
     ["应为文字", "空的", "不能空着"]),
    ("typo in a key", "city:\n  nmae: 大连\n", "city.nmae", "cities/x.yaml:2:3:",
     ["不认识的键“nmae”", "你是不是想写“name”"]),
    ("unknown key, nothing close", "city:\n  website: x\n", "city.website", "cities/x.yaml:2:3:",
     ["这里可以写的键有", "area_code"]),
    ("missing required keys", "city:\n  name: 大连\n", "city", "cities/x.yaml:2:3:",
     ["缺少必填项“pinyin”", "城市拼音"]),
    ("pinyin with capitals", "city:\n  pinyin: DaLian\n", "city.pinyin", "cities/x.yaml:2:11:",
     ["“DaLian”格式不对", "小写字母"]),
    ("area code pattern", 'city:\n  area_code: "411"\n', "city.area_code", "cities/x.yaml:2:14:",
     ["以 0 开头"]),
    ("date pattern", "city:\n  verified: 2024.10.16\n", "city.verified", "cities/x.yaml:2:13:",
     ["年-月-日", "2024-10-16"]),
    ("empty list", "sources: []\n", "sources", "cities/x.yaml:1:10:", ["列表不能是空的"]),
    ("empty text", 'city:\n  name: ""\n', "city.name", "cities/x.yaml:2:9:", ["不能是空文字"]),
    ("text too long", "city:\n  name: " + "长" * 2001 + "\n", "city.name", "cities/x.yaml:2:9:",
     ["文字太长", "2000"]),
    ("enum", "channels:\n  items:\n    - kind: fax\n", "channels.items[0].kind", "cities/x.yaml:3:13:",
     ["“fax”不是可选的值", "hotline"]),
    ("rate 8 for 8%", "calculators:\n  employee_contribution:\n" + VERSION + "        employer_rate: 8\n",
     "calculators.employee_contribution.versions[0].employer_rate", "cities/x.yaml:7:24:",
     ["8 太大", "不能大于 1", "8% 写 0.08"]),
    ("negative money", "money:\n  items:\n    - value: -3\n", "money.items[0].value", "cities/x.yaml:3:14:",
     ["-3 太小", "不能小于 0"]),
    ("ceiling ratio 0", "calculators:\n  employee_contribution:\n" + VERSION + "        base_ceiling_ratio: 0\n",
     "calculators.employee_contribution.versions[0].base_ceiling_ratio", "cities/x.yaml:7:29:",
     ["不能小于或等于 0"]),
    ("mapping where a list belongs", "sources:\n  id: s1\n", "sources", "cities/x.yaml:2:3:",
     ["应为列表"]),
    ("whole file a list", "- city: 大连\n", "", "cities/x.yaml:1:1:", ["应为一组“键: 值”", "一个列表"]),
]


@pytest.mark.parametrize("name, text, path, where, words", SCHEMA, ids=[row[0] for row in SCHEMA])
def test_schema_message(name, text, path, where, words):
    found = schema_at(text, path)
    assert found, f"no problem at {path!r}"
    matching = [line for line in found if all(word in line for word in words)]
    assert matching, "\n".join(found)
    assert matching[0].startswith(where), matching[0]


def test_schema_messages_never_leak_english():
    text = "city:\n  name: 1\n  pinyin: [x]\n  extra: 1\nsources: {}\noffices:\n  items:\n    - phones: 1\n"
    for problem in schema_problems(doc(text), "city"):
        assert "is not" not in problem.message and "should" not in problem.message, problem


# --- checks beyond the schema -------------------------------------------------------------------

def semantic(text: str, file: str = "cities/dalian.yaml", today: dt.date = TODAY) -> list[str]:
    return [str(p) for p in semantic_problems(doc(text, file), today)]


SOURCES = "sources:\n  - {id: s000, published: '2024',\n     title: a}\n  - {id: s001, published: '2024',\n     title: b}\n"
SEMANTIC = [
    # name, city file (its first line is line 7: the sources above come first), expected problems
    ("pinyin matches", "city:\n  pinyin: dalian\n", []),
    ("pinyin differs", "city:\n  pinyin: dalain\n",
     ["cities/dalian.yaml:8:11: city.pinyin：拼音“dalain”与文件名 dalian.yaml 不一致"]),
    ("verified today", "city:\n  verified: 2026-11-23\n", []),
    ("verified tomorrow", "city:\n  verified: 2026-11-24\n",
     ["cities/dalian.yaml:8:13: city.verified：核实日期 2026-11-24 在今天之后"]),
    ("impossible date", "money:\n  items:\n    - from: 2023-02-29\n",
     ["cities/dalian.yaml:9:13: money.items 第 1 个的 from：“2023-02-29”不是真实存在的日期"]),
    ("partial published dates", "x:\n  - published: 2024\n  - published: 2024-10\n  - published: 2024-10-16\n", []),
    ("published month 13", "x:\n  - published: 2024-13\n", ["x 第 1 个的 published：“2024-13”不是真实的月份"]),
    ("published month 00", "x:\n  - published: 2024-00\n", ["“2024-00”不是真实的月份"]),
    ("http and https", "x:\n  - url: http://a.cn/\n  - url: HTTPS://a.cn/x?y=1\n", []),
    ("ftp", "x:\n  - url: ftp://a.cn/\n", ["cities/dalian.yaml:8:10: x 第 1 个的 url：网址“ftp://a.cn/”不对"]),
    ("javascript", "x:\n  - url: 'javascript:alert(1)'\n", ["网址“javascript:alert(1)”不对"]),
    ("no scheme", "x:\n  - url: www.a.cn\n", ["只能用 http:// 或 https://"]),
    ("no host", "x:\n  - url: 'https://'\n", ["只能用 http:// 或 https://"]),
    ("phones use the city's area code", 'city:\n  area_code: "0311"\nx:\n  - phones: ["83709176"]\n',
     ["cities/dalian.yaml:10:14: x 第 1 个的 phones 第 1 个：座机号码“83709176”缺少区号。请写成 0311-83709176"]),
    ("phone field", 'x:\n  - phone: "1062665533"\n', ["x 第 1 个的 phone：“1062665533”是短信服务号"]),
    ("sms_to field", 'x:\n  - sms_to: "1062665533"\n  - sms_to: "0411-83709176"\n',
     ["x 第 2 个的 sms_to：短信号码“0411-83709176”不对"]),
    ("source references", "x:\n  sources: [s000, s01, zzz]\n",
     ["cities/dalian.yaml:8:19: x.sources 第 2 个：来源“s01”不存在。你是不是想写“s001”？",
      "cities/dalian.yaml:8:24: x.sources 第 3 个：来源“zzz”不存在。文件开头的 sources 里有：s000、s001。"]),
    ("single source reference", "x:\n  - source: s002\n", ["x 第 1 个的 source：来源“s002”不存在"]),
    ("window end before start",
     'enrolment:\n  windows:\n    - start: "12-01"\n      end: "03-31"\n',
     ["cities/dalian.yaml:10:12: enrolment.windows 第 1 个的 end：结束日期 03-31 不在开始日期 12-01 之后"]),
    ("window ends when it starts",
     'enrolment:\n  windows:\n    - start: "09-01"\n      end: "09-01"\n', ["不在开始日期 09-01 之后"]),
    ("window on 04-31", 'enrolment:\n  windows:\n    - start: "04-31"\n      end: "05-31"\n',
     ["enrolment.windows 第 1 个的 start：“04-31”不是真实的日子"]),
    ("benefit year on 02-30", 'y:\n  benefit_year_start: "02-30"\n', ["y.benefit_year_start：“02-30”不是真实的日子"]),
]


@pytest.mark.parametrize("name, text, expected", SEMANTIC, ids=[row[0] for row in SEMANTIC])
def test_semantic(name, text, expected):
    found = semantic(SOURCES + "\n" + text)
    assert len(found) == len(expected), "\n".join(found)
    for line, words in zip(found, expected):
        if words.startswith("cities/"):
            assert line.startswith(words), line
        else:
            assert words in line, line


def version_block(name: str, versions: str) -> str:
    return f"calculators:\n  {name}:\n    versions:\n{versions}"


CALCULATORS = [
    # name, calculators block, expected (path, words) pairs
    ("versions in order", version_block("backpay", "      - from: 2012-01-01\n      - from: 2013-01-01\n"), []),
    ("versions out of order", version_block("backpay", "      - from: 2012-01-01\n      - from: 2011-01-01\n"),
     [("calculators.backpay.versions[1].from", "从早到晚")]),
    ("versions on the same day", version_block("backpay", "      - from: 2012-01-01\n      - from: 2012-01-01\n"),
     [("calculators.backpay.versions[1].from", "不能相同")]),
    ("bands fine", version_block("account_credit",
                                 "      - bands:\n          - {max_age: 45, rate: 0.028}\n          - {rate: 0.033}\n"), []),
    ("last band with max_age", version_block("account_credit",
                                             "      - bands:\n          - {max_age: 45, rate: 0.028}\n"
                                             "          - {max_age: 120, rate: 0.033}\n"),
     [("calculators.account_credit.versions[0].bands[1].max_age", "最后一档不写 max_age")]),
    ("band without max_age before the last", version_block(
        "account_credit", "      - bands:\n          - {rate: 0.028}\n          - {rate: 0.033}\n"),
     [("calculators.account_credit.versions[0].bands[0]", "除最后一档外")]),
    ("bands out of order", version_block(
        "account_credit", "      - bands:\n          - {max_age: 45}\n          - {max_age: 30}\n          - {rate: 0.1}\n"),
     [("calculators.account_credit.versions[0].bands", "从小到大")]),
    ("exempt tier unknown", version_block(
        "resident_premium", "      - tiers: [{id: adult}]\n        exempt: [{id: dibao, tiers: [adult, child]}]\n"),
     [("calculators.resident_premium.versions[0].exempt[0].tiers[1]", "档次“child”不存在")]),
    ("duplicate tier id", version_block("resident_premium", "      - tiers: [{id: adult}, {id: adult}]\n"),
     [("calculators.resident_premium.versions[0].tiers[1].id", "“adult”重复了")]),
    ("payment-wait without months", version_block(
        "cover_start", "      - cases: [{id: a, starts: payment-wait}]\n"),
     [("calculators.cover_start.versions[0].cases[0]", "wait_months")]),
    ("case window backwards", version_block(
        "cover_start", "      - cases:\n          - id: a\n            window: {start: '10-01', end: '09-01'}\n"),
     [("calculators.cover_start.versions[0].cases[0].window.end", "结束日期要在开始日期之后")]),
]


@pytest.mark.parametrize("name, text, expected", CALCULATORS, ids=[row[0] for row in CALCULATORS])
def test_calculator_parameters(name, text, expected):
    found = semantic_problems(doc(text, "cities/dalian.yaml"), TODAY)
    assert [p.path for p in found] == [path for path, _ in expected], found
    for problem, (_, words) in zip(found, expected):
        assert words in problem.message


SECTIONS = [
    # name, text, expected (path, words)
    ("duplicate office id", "offices:\n  items:\n    - {id: a, name: x}\n    - {id: a, name: y}\n",
     [("offices.items[1].id", "机构编号“a”重复了")]),
    ("same office twice", "offices:\n  items:\n    - {id: a, name: 中心, address: 路1号}\n"
     "    - {id: b, name: 中心, address: 路1号}\n", [("offices.items[1].name", "第 1 个和第 2 个经办机构同名")]),
    ("same name, other address", "offices:\n  items:\n    - {id: a, name: 中心, address: 路1号}\n"
     "    - {id: b, name: 中心, address: 路2号}\n", [("offices.items[1].name", "经办机构“中心”重复了")]),
    ("same channel name", "channels:\n  items:\n    - {kind: hotline, name: 热线}\n"
     "    - {kind: website, name: 网站}\n    - {kind: hotline, name: 热线}\n",
     [("channels.items[2].name", "第 1 个和第 3 个渠道同名")]),
    ("same category name in one scheme", "schemes:\n  items:\n    - id: r\n"
     "      categories: [{id: a, name: 学生}, {id: b, name: 学生}]\n",
     [("schemes.items[0].categories[1].name", "申请人类别“学生”重复了")]),
    ("same category name in two schemes", "schemes:\n  items:\n    - id: r\n      categories: [{id: a, name: 学生}]\n"
     "    - id: s\n      categories: [{id: b, name: 学生}]\n", []),
    ("a document twice in one list", "materials:\n  items:\n    - documents: [身份证, 户口本, 身份证]\n"
     "    - documents: [身份证]\n", [("materials.items[0].documents[2]", "在同一个列表里写了两次")]),
    ("a category without id: references to categories not reported again",
     "schemes:\n  items:\n    - id: r\n      categories: [{id: a}, {name: 学生}]\n"
     "materials:\n  items:\n    - {category: b}\n", []),
    ("a procedure without id", "procedures:\n  items:\n    - {title: x}\n"
     "materials:\n  items:\n    - {procedure: enrol}\n", []),
    ("a scheme without id", "schemes:\n  items:\n    - {id: r}\n    - {name: x}\n"
     "procedures:\n  items:\n    - {id: enrol, scheme: employee}\n", []),
    ("two primary offices", "offices:\n  items:\n    - {id: a, name: x, primary: true}\n"
     "    - {id: b, name: y, primary: true}\n", [("offices.items[1].primary", "只能有一个")]),
    ("unknown category and procedure",
     "schemes:\n  items:\n    - id: resident\n      categories: [{id: minor}]\n"
     "procedures:\n  items:\n    - {id: enrol, scheme: resident}\n"
     "materials:\n  items:\n    - {procedure: enrl, category: minors}\n",
     [("materials.items[0].procedure", "办理事项“enrl”不存在"),
      ("materials.items[0].category", "申请人类别“minors”不存在")]),
    ("unknown scheme", "schemes:\n  items:\n    - id: resident\n"
     "procedures:\n  items:\n    - {id: enrol, scheme: employee}\n",
     [("procedures.items[0].scheme", "险种“employee”不存在")]),
]


def test_a_source_without_id_is_not_reported_again_at_every_reference():
    text = "sources:\n  - {id: s1, title: a, published: '2024'}\n  - {title: b, published: '2024'}\ncity:\n  sources: [s1, s2]\n"
    assert [p.path for p in schema_problems(doc(text), "city") if "id" in p.message] == ["sources[1]"]
    assert semantic_problems(doc(text), TODAY) == []
    complete = "sources:\n  - {id: s1, title: a, published: '2024'}\ncity:\n  sources: [s1, s2]\n"
    assert [p.path for p in semantic_problems(doc(complete), TODAY)] == ["city.sources[1]"]


@pytest.mark.parametrize("text, typo, missing", [
    ("city:\n  nmae: 大连\n", "nmae", "name"),
    ("cty:\n  name: 大连\n", "cty", "city"),
])
def test_a_typo_in_a_required_key_is_one_problem(text, typo, missing):
    messages = [p.message for p in schema_problems(doc(text), "city")]
    assert any(f"不认识的键“{typo}”" in m and f"你是不是想写“{missing}”" in m for m in messages)
    assert not any(f"缺少必填项“{missing}”" in m for m in messages), messages


@pytest.mark.parametrize("name, text, expected", SECTIONS, ids=[row[0] for row in SECTIONS])
def test_sections(name, text, expected):
    found = sorted(semantic_problems(doc(text, "cities/dalian.yaml"), TODAY))
    assert [p.path for p in found] == [path for path, _ in expected], found
    for problem, (_, words) in zip(found, expected):
        assert words in problem.message


# Shapes the schema will reject; the other checks must not crash on them first.
ODD_VALUES = ["~", "1", "x", "[]", "{}", "[1]", "[[]]", "[{}]", "{a: 1}"]
ODD_PLACES = [
    "offices: {v}",
    "offices: {{items: {v}}}",
    "offices: {{items: [{{id: a, name: {v}, address: {v}}}, {{id: b, name: {v}, address: {v}}}]}}",
    "materials: {{items: [{{category: {v}, procedure: {v}}}]}}",
    "schemes: {{items: [{{id: {v}, categories: {v}}}]}}",
    "enrolment: {{windows: [{{start: {v}, end: {v}, scheme: {v}}}]}}",
    "calculators: {{backpay: {{versions: [{{from: {v}}}, {{from: {v}}}]}}}}",
    "calculators: {{resident_premium: {{versions: [{{tiers: [{{id: {v}}}], exempt: {v}}}]}}}}",
    "calculators: {{resident_premium: {{versions: [{{tiers: {v}, exempt: [{{tiers: {v}}}]}}]}}}}",
    "calculators: {{account_credit: {{versions: [{{bands: {v}}}, {{bands: [{v}, {{max_age: {v}}}]}}]}}}}",
    "calculators: {{cover_start: {{versions: [{{cases: {v}}}, {{cases: [{{window: {v}, starts: {v}}}]}}]}}}}",
    "calculators: {{x: {v}, y: {{versions: {v}}}}}",
    "city: {{pinyin: {v}, area_code: {v}}}\nx: {{phones: {v}, phone: {v}, sms_to: {v}, url: {v}}}",
    "sources: {v}\nx: {{sources: {v}, source: {v}}}",
]


@pytest.mark.parametrize("place, value", list(itertools.product(ODD_PLACES, ODD_VALUES)))
def test_odd_shapes_do_not_crash(place, value):
    text = place.format(v=value) + "\n"
    problems = semantic_problems(doc(text), TODAY)
    problems += schema_problems(doc(text), "city")
    assert all(p.message for p in problems)


def test_semantic_problems_of_a_non_mapping_file():
    assert semantic_problems(doc("- a\n- b\n"), TODAY) == []


# --- digits that are not ASCII (issue 16 item 3) ---------------------------------------------

NOT_ASCII = [
    # typed, what the message names, the corrected value it gives
    ("０４１１-83709176", "０", "0411-83709176"),                 # full-width digits (an input method)
    ("0411－83709176", "－", "0411-83709176"),                   # full-width hyphen
    ("0411—83709176", "—", "0411-83709176"),                     # em dash
    ("1２３３３", "２", "12333"),
    ("010-6318270\U0001d7e2", "\U0001d7e2", "010-63182700"),     # MATHEMATICAL SANS-SERIF DIGIT ZERO
    ("१२३३३", "१", "12333"),                                    # Devanagari
    ("١٣٨١٢٣٤٥٦٧٨", "١", "13812345678"),                         # Arabic-Indic
]


@pytest.mark.parametrize("number, char, corrected", NOT_ASCII)
def test_a_digit_or_dash_that_is_not_ascii_is_named_with_the_corrected_number(number, char, corrected):
    """A phone number must be dialled and read as written: the Unicode digits Python's
    \\d accepts became tel: links and JSON-LD a reviewer could not tell apart."""
    assert phones.kind(number) is None
    assert phones.tel_href(number) is None
    message = phones.problem(number, "0411")
    assert message is not None and f"“{char}”" in message and f"请写成 {corrected}" in message, message
    assert phones.problem(corrected, "0411") is None


@pytest.mark.parametrize("text", ["请拨打 1２３３３ 咨询", "电话 010-6318270\U0001d7e2", "热线 १२३३३", "〇四一一"])
def test_text_with_digits_that_are_not_ascii_gets_no_tel_link(text):
    assert "tel:" not in phones.link_numbers(f"<p>{text}</p>")


def test_ascii_numbers_in_text_still_get_their_links():
    assert 'href="tel:12333"' in phones.link_numbers("<p>请拨打 12333 咨询</p>")


def test_check_names_a_full_width_digit_in_a_phone_with_its_place(tmp_path, capsys):
    from generator.cli import main
    from tiny import OFFICES, city_text, tiny_project

    text = city_text("ceshi", "测试", OFFICES.format(office="测试医保中心").replace("0411-83709176", "０411-83709176"))
    root = tiny_project(tmp_path / "p", {"ceshi": text})
    capsys.readouterr()
    assert main(["--root", str(root), "check"]) == 1
    err = capsys.readouterr().err
    line = text[: text.index("０411")].count("\n") + 1
    assert re.search(rf"^cities/ceshi\.yaml:{line}:\d+: .*“０”.*全角数字.*请写成 0411-83709176。", err, re.M), err
