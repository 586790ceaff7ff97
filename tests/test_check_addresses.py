"""Anything two items would publish at one address is a `check` problem (issue 16 items 5
and 9): the build would otherwise write one page over the other, or list one city twice,
without a word. Each probe is a tiny project written here (tests/tiny.py)."""
from __future__ import annotations

import json
import re
from pathlib import Path

from generator.cli import main
from generator.core.addresses import RESERVED_NAMES
from tiny import OFFICES, city_text, tiny_project

SCHEMES = """\
schemes:
  sources: [s001]
  verified: "2025-10-01"
  items:
    - id: resident
      name: 城乡居民基本医疗保险
      categories:
        - id: adult
          name: 成年居民
          who: 没有参加职工医保的成年居民。
      sources: [s001]
    - id: employee
      name: 城镇职工基本医疗保险
      categories:
        - id: {second}
          name: 在职职工
          who: 用人单位的在职职工。
      sources: [s001]
"""


def check(root: Path, capsys) -> tuple[int, list[str]]:
    capsys.readouterr()
    code = main(["--root", str(root), "check"])
    return code, [l for l in capsys.readouterr().err.splitlines() if l and not l.startswith("共 ")]


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    at = -1
    for _ in range(occurrence):
        at = text.index(needle, at + 1)
    return text[:at].count("\n") + 1


def test_one_category_id_in_two_schemes_is_a_problem(tmp_path, capsys):
    text = city_text("ceshi", "测试", SCHEMES.format(second="adult"))
    root = tiny_project(tmp_path / "p", {"ceshi": text}, build=True)
    code, lines = check(root, capsys)
    assert code == 1 and len(lines) == 1, lines
    line = line_of(text, "- id: adult", 2)
    assert re.match(rf"cities/ceshi\.yaml:{line}:\d+: ", lines[0]), lines
    assert "adult" in lines[0] and "城乡居民基本医疗保险" in lines[0] and "清单" in lines[0]
    assert main(["--root", str(root), "build", "--no-search", "--out", str(tmp_path / "dist")]) == 1
    assert not (tmp_path / "dist").exists()


def test_distinct_category_ids_each_get_their_checklist(tmp_path, capsys):
    root = tiny_project(tmp_path / "p", {"ceshi": city_text("ceshi", "测试", SCHEMES.format(second="staff"))},
                        build=True)
    assert check(root, capsys) == (0, [])
    assert main(["--root", str(root), "build", "--no-search", "--out", str(tmp_path / "dist")]) == 0
    assert sorted(p.name for p in (tmp_path / "dist" / "ceshi" / "checklists").iterdir()
                  if p.is_dir()) == ["adult", "staff"]


def test_a_city_cannot_take_the_open_data_schema_s_name(tmp_path, capsys):
    """data/<拼音>.json sits beside data/schema.json: a city `schema` would replace the
    schema file (or lose its own)."""
    assert "schema" in RESERVED_NAMES
    text = city_text("schema", "测试", OFFICES.format(office="测试医保中心"))
    code, lines = check(tiny_project(tmp_path / "p", {"schema": text}), capsys)
    assert code == 1 and len(lines) == 1, lines
    assert re.match(rf"cities/schema\.yaml:{line_of(text, 'pinyin: schema')}:\d+: ", lines[0])
    assert "data/schema.json" in lines[0]


def test_every_open_data_file_is_a_city_s_or_reserved():
    """No file the open data writes beside the cities' own can be a city's name."""
    from generator.core.addresses import OPEN_DATA_CSV, OPEN_DATA_SCHEMA

    for name in (OPEN_DATA_CSV, OPEN_DATA_SCHEMA):
        if name.endswith(".json"):
            assert name.removesuffix(".json") in RESERVED_NAMES


def test_calculator_kinds_have_one_address_each():
    """A calculator's page is calculators/<kind with - for _>/: no two kinds the schema
    allows may share it."""
    from generator.source.schemas import schema
    from generator.views.calculators import slug

    kinds = list(schema("city")["properties"]["calculators"]["properties"])
    assert len(kinds) > 5
    assert len({slug(k) for k in kinds}) == len(kinds)


def test_two_cities_with_one_name_are_a_problem(tmp_path, capsys):
    """A copy of 北京 under another pinyin: the home page would list 北京 twice."""
    first = city_text("beijing", "北京", OFFICES.format(office="北京市医保中心"))
    second = city_text("peking", "北京", OFFICES.format(office="北京市医保中心"))
    root = tiny_project(tmp_path / "p", {"beijing": first, "peking": second})
    code, lines = check(root, capsys)
    assert code == 1 and len(lines) == 1, lines
    assert re.match(rf"cities/peking\.yaml:{line_of(second, 'name: 北京')}:\d+: ", lines[0]), lines
    assert "cities/beijing.yaml" in lines[0] and "北京" in lines[0]


def test_a_city_and_the_same_city_with_shi_are_one_name(tmp_path, capsys):
    first = city_text("beijing", "北京", OFFICES.format(office="北京市医保中心"))
    second = city_text("beijingshi", "北京市", OFFICES.format(office="北京市医保中心"))
    code, lines = check(tiny_project(tmp_path / "p", {"beijing": first, "beijingshi": second}), capsys)
    assert code == 1 and len(lines) == 1 and "cities/beijingshi.yaml" in lines[0], lines


def test_two_cities_with_their_own_names_pass(tmp_path, capsys):
    first = city_text("beijing", "北京", OFFICES.format(office="北京市医保中心"))
    second = city_text("tianjin", "天津", OFFICES.format(office="天津市医保中心"))
    assert check(tiny_project(tmp_path / "p", {"beijing": first, "tianjin": second}), capsys) == (0, [])
