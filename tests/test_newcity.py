"""`yibao new`: a new city file checks as written, builds a hub whose topics all say
暂无资料, and its commented examples are valid too once uncommented. Bad, reserved and
existing names are refused in Chinese without touching anything."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import PROJECT, copy_project

from generator import cli
from generator.commands.build import build
from generator.source.load import parse_yaml
from generator.commands.new import SCHEMA_LINE
from generator.check.city import check_document
from generator.core.today import build_date
from generator.core.topics import TOPICS



@pytest.fixture
def root(tmp_path: Path) -> Path:
    # no rules above the cities: a new city's every topic is empty
    return copy_project(tmp_path / "project", parts=("cities", "content", "templates", "static", "yibao.yaml"))


def new(root: Path, capsys, *args: str):
    capsys.readouterr()
    code = cli.main(["new", *args, "--root", str(root)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_new_city_checks_and_builds_a_hub_of_empty_topics(root, capsys, tmp_path):
    code, text = new(root, capsys, "wuhan", "--name", "武汉", "--province", "湖北省")
    assert code == 0, text
    assert "cities/wuhan.yaml" in text
    written = (root / "cities" / "wuhan.yaml").read_text("utf-8")
    assert written.splitlines()[0] == SCHEMA_LINE
    data = parse_yaml(written, "cities/wuhan.yaml").data
    assert data["city"] == {"name": "武汉", "pinyin": "wuhan", "province": "湖北省"}
    # every section of the schema is there, empty, with a Chinese note above it
    from generator.source.schemas import schema
    for section in schema("city")["properties"]:
        assert section in data, section
        if section not in ("city",):
            assert data[section] is None, section
            above = written.split(f"\n{section}:\n")[0].rstrip().splitlines()[-1]
            assert above.startswith("# ") and re.search(r"[\u4e00-\u9fff]", above), (section, above)

    assert cli.main(["check", "--root", str(root)]) == 0
    out = tmp_path / "dist"
    build(root, out, index=False)
    hub = (out / "wuhan" / "index.html").read_text("utf-8")
    assert "武汉医保指南" in hub and "湖北省" in hub
    cards = re.findall(r'<li class="card[^"]*"><a href="([a-z-]+)/">.*?</li>', hub, re.S)
    assert sorted(cards) == sorted(t.slug for t in TOPICS)
    for slug in (t.slug for t in TOPICS):
        card = re.search(rf'<li class="card[^"]*"><a href="{slug}/">.*?</li>', hub, re.S).group(0)
        assert "暂无资料" in card, (slug, card)
        page = (out / "wuhan" / slug / "index.html").read_text("utf-8")
        assert '<h2 id="empty-h">暂无资料</h2>' in page, slug
    # the fact list (open data, yibao report) takes a city that has no facts yet
    import json

    import jsonschema
    jsonschema.validate(json.loads((out / "data" / "wuhan.json").read_text("utf-8")),
                        json.loads((out / "data" / "schema.json").read_text("utf-8")))
    capsys.readouterr()
    assert cli.main(["report", "--root", str(root)]) == 0
    assert "武汉" in capsys.readouterr().out


def test_the_commented_examples_are_valid_once_uncommented(root, capsys):
    assert new(root, capsys, "wuhan", "--name", "武汉", "--province", "湖北省")[0] == 0
    written = (root / "cities" / "wuhan.yaml").read_text("utf-8")
    # an example line is a comment indented under its section (or a list item of sources)
    filled = re.sub(r"(?m)^(  +)# ", r"\1", written)
    assert filled != written
    doc = parse_yaml(filled, "cities/wuhan.yaml")
    assert check_document(doc, build_date()) == []
    for section, value in doc.data.items():
        if section != "calculators":
            assert value, f"{section} has no example"


@pytest.mark.parametrize("args, says", [
    (["Wuhan", "--name", "武汉", "--province", "湖北省"], "是不是想写“wuhan”"),
    (["wu han", "--name", "武汉", "--province", "湖北省"], "只能用小写英文字母"),
    (["../x", "--name", "武汉", "--province", "湖北省"], "只能用小写英文字母"),
    (["search", "--name", "搜索", "--province", "湖北省"], "网站自己的页面用的名字"),
    (["compare", "--name", "对比", "--province", "湖北省"], "网站自己的页面用的名字"),
    (["qingchuan", "--name", "青川", "--province", "辽宁省"], "已经存在"),
    (["wuhan", "--name", " ", "--province", "湖北省"], "城市名称不能是空的"),
    (["wuhan", "--name", "武\n汉", "--province", "湖北省"], "控制字符"),
])
def test_refusals_are_in_chinese_and_touch_nothing(root, capsys, args, says):
    before = {p: p.read_bytes() for p in (root / "cities").iterdir()}
    code, text = new(root, capsys, *args)
    assert code == 1
    assert says in text and "没有新建文件" in text
    assert "Traceback" not in text
    assert {p: p.read_bytes() for p in (root / "cities").iterdir()} == before


def test_an_existing_yml_file_or_symlink_is_not_overwritten(root, capsys, tmp_path):
    (root / "cities" / "wuhan.yml").write_text("x", "utf-8")
    assert new(root, capsys, "wuhan", "--name", "武汉", "--province", "湖北省")[0] == 1
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep", "utf-8")
    (root / "cities" / "suzhou.yaml").symlink_to(target)
    assert new(root, capsys, "suzhou", "--name", "苏州", "--province", "江苏省")[0] == 1
    assert target.read_text("utf-8") == "keep"


def test_name_needing_quotes_is_written_as_valid_yaml(root, capsys):
    code, text = new(root, capsys, "hulunbeier", "--name", "呼伦贝尔: 海拉尔", "--province", "内蒙古自治区")
    assert code == 0, text
    data = parse_yaml((root / "cities" / "hulunbeier.yaml").read_text("utf-8"), "x").data
    assert data["city"]["name"] == "呼伦贝尔: 海拉尔"
