"""Open data: /data/<city>.json valid against the published schema, /data/facts.csv
readable by the csv module (and Excel) with one row per fact, and a data page that
states the licence, requests nothing from another host and is linked and listed."""
from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from conftest import TEST_PROJECT
from generator.output.facts import site_facts
from generator.output.opendata import CSV_HEADER
from generator.model.site import load_site
from test_site_files import parse


@pytest.fixture(scope="module")
def data(built_site):
    return built_site / "data"


@pytest.fixture(scope="module")
def facts(source_date_epoch):
    from generator.core.today import build_date

    return site_facts(load_site(TEST_PROJECT, build_date()).cities)


@pytest.fixture(scope="module")
def validator(data):
    schema = json.loads((data / "schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def city_files(data):
    return sorted(p for p in data.glob("*.json") if p.name != "schema.json")


def test_every_city_has_a_json_file_that_validates(data, validator, facts):
    files = city_files(data)
    assert [p.stem for p in files] == sorted({f.pinyin for f in facts})
    for path in files:
        document = json.loads(path.read_text("utf-8"))
        errors = [e.message for e in validator.iter_errors(document)]
        assert not errors, (path.name, errors[:3])
        assert document["pinyin"] == path.stem
        assert len(document["facts"]) == sum(1 for f in facts if f.pinyin == path.stem)
        assert all(0 <= i < len(document["sources"]) for fact in document["facts"] for i in fact["sources"])


def test_the_schema_catches_a_broken_file(data, validator):
    document = json.loads((data / "qingchuan.json").read_text("utf-8"))
    document["facts"][0]["value"] = {"not": "allowed"}
    del document["facts"][1]["verified"]
    document["facts"][2]["source_date"] = "去年"
    assert len(list(validator.iter_errors(document))) == 3


def test_the_schema_is_documented_in_chinese(data):
    schema = json.loads((data / "schema.json").read_text("utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"

    def described(node, path="$"):
        if isinstance(node, dict):
            if "type" in node or "oneOf" in node:
                assert any("\u4e00" <= ch <= "\u9fff" for ch in node.get("description", "")), path
            for key, value in node.get("properties", {}).items():
                described(value, f"{path}.{key}")
            for key, value in node.get("$defs", {}).items():
                described(value, f"{path}#{key}")
    described(schema)


def test_a_fact_in_json_reads_as_on_the_site(data):
    document = json.loads((data / "qingchuan.json").read_text("utf-8"))
    phone = next(f for f in document["facts"]
                 if f["section"] == "经办机构" and f["item"] == "青川市医疗保险管理中心" and f["field"] == "电话")
    assert phone["value"] == ["0409-62310001"]
    assert phone["page"] == "qingchuan/offices/"
    assert document["sources"][phone["sources"][0]]["title"]
    assert document["licence"]["name"] == "CC BY 4.0"
    assert {s["kind"] for s in document["sources"]} <= {"政府网站", "官方转载", "新闻报道", "内容聚合网站", "论坛帖子"}
    for path in city_files(data):
        raw = path.read_text("utf-8")
        assert "editor_note" not in raw and ".txt" not in raw  # no editor notes, no source file names


def test_uncertain_figures_say_so(data):
    document = json.loads((data / "baihe.json").read_text("utf-8"))
    bonus = next(f for f in document["facts"] if f["field"] == "连续参保每年增加的支付比例")
    assert bonus["value"] == 1 and bonus["unit"] == "%"
    assert "字迹残缺" in bonus["uncertain"]
    assert all(f["uncertain"] is None for f in document["facts"] if f["field"] == "起付标准")


def test_the_csv_has_a_header_and_one_row_per_fact(data, facts):
    raw = (data / "facts.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel then reads UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == CSV_HEADER
    body = rows[1:]
    assert len(body) == len(facts)
    assert all(len(row) == len(CSV_HEADER) for row in body)
    column = {name: i for i, name in enumerate(CSV_HEADER)}
    phone = next(r for r in body if r[column["项目"]] == "青川市医疗保险管理中心" and r[column["字段"]] == "电话")
    assert phone[column["城市"]] == "青川" and phone[column["值"]] == "0409-62310001"
    assert phone[column["来源日期"]]  # a date, or 日期不详
    rate = next(r for r in body if r[column["城市"]] == "青川" and r[column["字段"]] == "单位缴费比例")
    assert (rate[column["值"]], rate[column["单位"]]) == ("8", "%")


def test_the_data_page_states_the_licence_and_requests_nothing_elsewhere(built_site):
    html = (built_site / "data" / "index.html").read_text("utf-8")
    assert "CC BY 4.0" in html and "creativecommons.org/licenses/by/4.0" in html
    assert "UTF-8" in html and "BOM" in html and "Excel" in html
    assert "过时" in html and "来源" in html
    refs = parse(built_site, "data/index.html")
    assert not [u for u in refs.scripts + refs.styles if "//" in u]
    loaded = [u for kind, u in refs.urls if not kind.startswith("a.") and not kind.startswith("form.")]
    assert not [u for u in loaded if u.startswith(("http:", "https:", "//"))], loaded
    links = {u for kind, u in refs.urls if kind == "a.href"}
    assert {"facts.csv", "schema.json", "qingchuan.json"} <= links
    assert "qingchuan.json<" not in html  # links say what they are, not file names


def test_the_data_page_is_linked_from_the_home_page_and_in_the_sitemap(built_site):
    home = parse(built_site, "index.html")
    assert ("a.href", "data/") in home.urls
    tree = ET.parse(built_site / "sitemap.xml")
    locs = [e.text for e in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert any(loc.endswith("/data/") for loc in locs)


def test_editor_notes_never_reach_the_data(data):
    import yaml

    def notes(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "editor_note":
                    yield value
                else:
                    yield from notes(value)
        elif isinstance(node, list):
            for value in node:
                yield from notes(value)

    written = (data / "facts.csv").read_text("utf-8-sig") + "".join(p.read_text("utf-8") for p in city_files(data))
    found = [n for f in sorted((TEST_PROJECT / "cities").glob("*.yaml"))
             for n in notes(yaml.safe_load(f.read_text("utf-8")))]
    assert len(found) > 5  # the test project has editor notes
    assert not [n for n in found if n in written]


FORMULA_CITY = """\
offices:
  sources: [s001]
  verified: "2025-10-01"
  items:
    - id: centre
      name: =HYPERLINK("http://evil.example/","点这里")
      phones: ["0411-83709176"]
      hours: "@SUM(1+1)"
      note: +1 请核实。
      sources: [s001]
money:
  sources: [s001]
  verified: "2025-10-01"
  items:
    - label: -2+3
      value: 400
      unit: 元/年
      topic: premium
      sources: [s001]
"""


def test_no_cell_of_the_csv_is_a_spreadsheet_formula(tmp_path, capsys):
    """An office name `=HYPERLINK(…)`, hours starting `@`, a note starting `+`, a label
    `-2+3` pass `check`; Excel and WPS would evaluate them as formulas. In the CSV they
    start with a single quote (OWASP's advice), in the JSON they stay as written."""
    from generator.cli import main
    from tiny import city_text, tiny_project

    root = tiny_project(tmp_path / "project", {"ceshi": city_text("ceshi", "测试", FORMULA_CITY)}, build=True)
    assert main(["--root", str(root), "check"]) == 0
    assert main(["--root", str(root), "build", "--no-search", "--out", str(tmp_path / "dist")]) == 0
    raw = (tmp_path / "dist" / "data" / "facts.csv").read_text("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(raw, newline="")) for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r", "\n")], cells
    assert "'=HYPERLINK(\"http://evil.example/\",\"点这里\")" in cells
    assert {"'@SUM(1+1)", "'+1 请核实。", "'-2+3"} <= set(cells)
    document = json.loads((tmp_path / "dist" / "data" / "ceshi.json").read_text("utf-8"))
    assert {f["item"] for f in document["facts"]} == {'=HYPERLINK("http://evil.example/","点这里")', "-2+3"}
    assert {f["value"] for f in document["facts"] if f["field"] in ("办公时间", "说明(公开显示)")} == {"@SUM(1+1)", "+1 请核实。"}


def test_a_number_in_the_csv_stays_a_number():
    """A cell that is only a number (a negative amount, say) is no formula; it keeps its
    sign so that a spreadsheet still reads it as a number."""
    from generator.output.opendata import spreadsheet_safe

    assert [spreadsheet_safe(v) for v in ("-5", "-0.5", "+3", "400", "8")] == ["-5", "-0.5", "+3", "400", "8"]
    assert [spreadsheet_safe(v) for v in ("-2+3", "=1", "@A1", "\t=1", "\r=1", "+86 138", "-")] == \
        ["'-2+3", "'=1", "'@A1", "'\t=1", "'\r=1", "'+86 138", "'-"]


def test_a_sentence_in_the_csv_has_no_markers_and_names_the_sources_it_cites(data):
    # a note that cites [s000] and [s002] itself: the reader of the table sees the sentence,
    # and the row's sources are those two, not every source of its section
    rows = list(csv.DictReader(io.StringIO((data / "facts.csv").read_text("utf-8-sig"), newline="")))
    assert not [r["值"] for r in rows if re.search(r"\[[a-z][a-z0-9-]*\]", r["值"])]
    note = next(r for r in rows if r["城市"] == "青川" and r["值"].startswith("大学生参加哪种医保"))
    assert "较早的资料说全日制大学生参加单独的大学生医保；" in note["值"]
    assert note["来源"].split("；") == ["青川市医保个人账户查询办法", "青川居民医保网上缴费说明"]
