"""tests/project/ is the small invented project the code tests run on (tests/project/README.md).
It must stay complete: together its cities use every key and every choice of the city
schema, so a feature no test project uses cannot go untested; and it passes `check`."""
from __future__ import annotations

import json
from pathlib import Path

import yaml

from generator.core.topics import AUDIENCES, TIP_TOPICS
from helpers import TEST_PROJECT, copy_project, run_cli

SCHEMAS = Path(__file__).resolve().parent.parent / "generator" / "schema"
SCHEMA = json.loads((SCHEMAS / "city.schema.json").read_text("utf-8"))
REGION = json.loads((SCHEMAS / "region.schema.json").read_text("utf-8"))
DOCS = {"city.schema.json": SCHEMA, "region.schema.json": REGION}
# Choices the schema leaves to generator/core/topics.py. (The questions a rule answers,
# core/questions.py, are one kind of value to the pages: each place must use one, not
# every question.)
FILLED_IN = {"audience": tuple(a.slug for a in AUDIENCES), "tipTopic": TIP_TOPICS, "question": ()}
# Notes may stand almost anywhere; each kind is used somewhere (a page must show the public
# note and never the editor's: tests/test_real_cities.py and the page tests check that)
NOTES = ("note", "editorNote", "fromNote")


def _resolve(node: dict, doc: dict = SCHEMA) -> tuple[dict, str | None, dict]:
    """The definition `node` refers to (through any chain of $refs, also into
    city.schema.json from region.schema.json), the first definition's name, and its document."""
    name = None
    while "$ref" in node:
        file, _, pointer = node["$ref"].partition("#")
        doc = DOCS[file] if file else doc
        parts = pointer.strip("/").split("/")
        if parts[0] == "definitions":
            name = name or parts[-1]
        target = doc
        for part in parts:
            target = target[part]
        node = target
    return node, name, doc


def _shared(node: dict, doc: dict = SCHEMA) -> str | None:
    """The name of a definition used in many places (uncertain, conflicts, examples,
    audience…): every place must use it, its own keys and choices once anywhere."""
    node, name, doc = _resolve(node, doc)
    return name if name and (node.get("properties") or node.get("enum") is not None or name in FILLED_IN
                             or name in NOTES or "items" in node and _shared(node["items"], doc)) else None


def schema_features(node: dict, path: str = "", doc: dict = SCHEMA) -> set[str]:
    """Every key path the schema allows ('offices.items[].phones'), and every choice of an
    enum as 'path=choice', walking $refs; `[]` stands for any item of a list. What is
    inside a shared definition is written once, as '#name.key'."""
    name = _shared(node, doc)
    node, _, doc = _resolve(node, doc)
    if name:
        path = "#" + name
    found: set[str] = set()
    for choice in node.get("enum") or FILLED_IN.get(name or "", ()):
        found.add(f"{path}={choice}")
    for key, sub in node.get("properties", {}).items():
        here = f"{path}.{key}" if path else key
        found.add("#" + _resolve(sub, doc)[1] if _resolve(sub, doc)[1] in NOTES else here)
        found |= schema_features(sub, here, doc)
    if "items" in node:
        found |= schema_features(node["items"], path + "[]", doc)
    extra = node.get("additionalProperties")
    if isinstance(extra, dict) and not node.get("properties"):
        found |= schema_features(extra, path + ".*", doc)
    return found


def used_features(data, node: dict = SCHEMA, path: str = "", doc: dict = SCHEMA) -> set[str]:
    """What `data` uses, written as schema_features writes it."""
    name = _shared(node, doc)
    node, _, doc = _resolve(node, doc)
    if name:
        path = "#" + name
    found: set[str] = set()
    if isinstance(data, dict):
        extra = node.get("additionalProperties")
        for key, value in data.items():
            sub = node.get("properties", {}).get(key)
            if sub is None and isinstance(extra, dict):
                found |= used_features(value, extra, path + ".*", doc)
                continue
            here = f"{path}.{key}" if path else key
            found.add("#" + _resolve(sub, doc)[1] if sub is not None and _resolve(sub, doc)[1] in NOTES else here)
            if sub is not None:
                found |= used_features(value, sub, here, doc)
    elif isinstance(data, list) and "items" in node:
        for item in data:
            found |= used_features(item, node["items"], path + "[]", doc)
    elif isinstance(data, (str, bool)):
        if node.get("enum") or FILLED_IN.get(name or ""):
            found.add(f"{path}={data}")
    return found


def project_cities() -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text("utf-8"))
            for p in sorted((TEST_PROJECT / "cities").glob("*.yaml"))}


def project_regions() -> dict[str, dict]:
    files = [TEST_PROJECT / "national.yaml", *sorted((TEST_PROJECT / "provinces").glob("*.yaml"))]
    return {p.stem: yaml.safe_load(p.read_text("utf-8")) for p in files}


def used_anywhere() -> set[str]:
    """Shared definitions (a rule, the sources list) may be used in a city or above it."""
    return set().union(*(used_features(d) for d in project_cities().values()),
                       *(used_features(d, REGION, doc=REGION) for d in project_regions().values()))


def test_the_invented_cities_use_every_key_and_choice_of_the_schema():
    used = used_anywhere()
    missing = sorted(f for f in schema_features(SCHEMA) if f not in used)
    assert not missing, "tests/project/cities/ never uses:\n" + "\n".join(missing)


def test_the_invented_rules_above_the_cities_use_every_key_of_their_schema():
    """national.yaml and provinces/*.yaml of the test project, against region.schema.json."""
    used = used_anywhere()
    missing = sorted(f for f in schema_features(REGION, doc=REGION) if f not in used)
    assert not missing, "tests/project/national.yaml and provinces/ never use:\n" + "\n".join(missing)
    assert {d["region"]["name"] for d in project_regions().values()} == {"全国", "岚江省"}


def test_the_coverage_test_can_fail():
    data = project_cities()["qingchuan"]
    assert "channels.items[].kind=voice" in used_features(data)
    data = {**data, "channels": {**data["channels"], "items": [c for c in data["channels"]["items"]
                                                                if c["kind"] != "voice"]}}
    assert "channels.items[].kind=voice" not in used_features(data)
    assert "channels.items[].kind=voice" in schema_features(SCHEMA)


def test_every_section_is_also_left_empty_somewhere():
    """A city with nothing in a section shows 暂无资料: yunxi leaves them empty."""
    sections = set(SCHEMA["properties"]) - {"city", "sources"}
    empty = {key for data in project_cities().values() for key in data if data[key] is None}
    assert sections - {"offices"} <= empty


def test_the_test_project_passes_check(tmp_path):
    root = copy_project(tmp_path / "project")
    result = run_cli(root, "check")
    assert result.code == 0, result.text
    assert result.out.startswith("检查通过：3 个城市"), result.text


def test_the_invented_cities_are_not_real_ones():
    """Invented names in an invented province, with area codes no real city uses here."""
    real = {p.stem for p in (TEST_PROJECT.parent.parent / "cities").glob("*.yaml")}
    cities = project_cities()
    assert not real & set(cities)
    assert {d["city"]["province"] for d in cities.values()} == {"岚江省", "北陵省"}
