"""The calculator rules in Python against tests/vectors, the examples in the city files,
and the views the templates print. tests/test_calculators_js.py runs the same vectors
through the JavaScript twins."""
from __future__ import annotations

import copy
import functools
import datetime as dt
import json
import re
from pathlib import Path

import pytest

from generator import calculators
from generator.views.calculators import views as calculator_views
from generator.calculators import RULES, check_examples, common, dates
from generator.core import money
from generator.source.load import load_yaml
from generator.model.build import build_city
from generator.check.schema import schema_problems

ROOT = Path(__file__).resolve().parent.parent
TEST_PROJECT = ROOT / "tests" / "project"
VECTORS = ROOT / "tests" / "vectors"
TODAY = dt.date(2026, 11, 23)


# a half-width comma, colon, semicolon, question mark or bracket beside a Chinese character
HALF_WIDTH = re.compile(r"[\u4e00-\u9fff）。][,:;?!()]|[,:;?!()][\u4e00-\u9fff（]")


@functools.lru_cache(maxsize=None)
def city_versions(city: str, kind: str) -> tuple:
    """A calculator's versions as the test project's city file gives them."""
    data = load_yaml(TEST_PROJECT / "cities" / f"{city}.yaml", f"cities/{city}.yaml").data
    return tuple(data["calculators"][kind]["versions"])


def resolved(kind: str, case: dict) -> dict:
    """A vector with the parameters it runs on: a vector naming a city file of the test
    project (tests/project/) and a date (as OpenFisca's tests name a period) runs on that
    file's versions, the one in force on that date; only a case no city file can express
    carries its own (`synthetic` says why)."""
    if "city" in case:
        return {**case, "versions": list(city_versions(case["city"], kind)),
                "inputs": {**case["inputs"], common.DATE_FIELD: case["date"]}}
    return {**case, "versions": case.get("versions") or [case["params"]]}


def load_vectors() -> list[tuple[str, dict]]:
    return [(path.stem, resolved(path.stem, case)) for path in sorted(VECTORS.glob("*.json"))
            for case in json.loads(path.read_text(encoding="utf-8"))]


def run_case(kind: str, case: dict):
    return common.run(RULES[kind], case["versions"], case["inputs"])


def same_output(expected, actual, kind: str) -> bool:
    if expected is None or actual is None:
        return expected is actual
    if kind == "money":
        return money.scaled(expected, 2) == money.scaled(actual, 2)
    return expected == actual


def mismatches(kind: str, case: dict, outputs: dict) -> list[str]:
    types = {o.name: o.type for o in RULES[kind].OUTPUTS}
    bad = [f"{name}: expected {case['expected'].get(name)!r}, got {outputs.get(name)!r}"
           for name in types if not same_output(case["expected"].get(name), outputs.get(name), types[name])]
    extra = set(case["expected"]) - set(types)
    return bad + [f"unknown output {name}" for name in extra]


# --- vectors ---------------------------------------------------------------------

def test_every_kind_has_a_python_rule_a_js_rule_and_vectors():
    for kind in RULES:
        assert (VECTORS / f"{kind}.json").exists(), kind
        assert (ROOT / "static" / "calc" / f"{kind}.js").exists(), kind
    assert {p.stem for p in VECTORS.glob("*.json")} == set(RULES)


def test_vectors_cover_results_and_errors_for_every_kind():
    by_kind: dict[str, list[dict]] = {}
    for kind, case in load_vectors():
        by_kind.setdefault(kind, []).append(case)
        assert ("expected" in case) != ("error" in case), case["name"]
        assert case["name"]
        assert ("city" in case) != bool(case.get("synthetic")), f"{case['name']}: name a city file, or say why not"
    for kind, cases in by_kind.items():
        assert any("error" in c for c in cases), f"{kind}: no invalid-input case"
        assert sum("expected" in c for c in cases) >= 5, f"{kind}: too few result cases"


@pytest.mark.parametrize("kind,case", load_vectors(), ids=lambda v: v if isinstance(v, str) else v["name"])
def test_vector_python(kind, case):
    if "error" in case:
        with pytest.raises(common.InputError) as caught:
            run_case(kind, case)
        assert caught.value.field == case["error"]
        assert caught.value.message.endswith("。")
        assert not HALF_WIDTH.search(caught.value.message), caught.value.message
        return
    result = run_case(kind, case)
    assert not mismatches(kind, case, dict(result.outputs))
    assert result.steps and all(step.endswith("。") for step in result.steps)
    # Chinese prose, full-width punctuation (the JavaScript twin says the same words: test_calculators_js)
    assert not [step for step in result.steps if HALF_WIDTH.search(step)], result.steps
    assert result.steps[0].startswith("按 ")


def test_the_comparison_can_fail():
    case = {"expected": {"credit": 60.44}}
    assert mismatches("account_credit", case, {"credit": 60.45}) == ["credit: expected 60.44, got 60.45"]
    assert mismatches("cover_start", {"expected": {"starts": "2026-09-01", "ends": ""}},
                      {"starts": "2026-09-02", "ends": ""})


# --- money and dates ---------------------------------------------------------------

@pytest.mark.parametrize("value,fen", [(930 * 0.065, 60.45), (1005 * 0.065, 65.33), (0.1 + 0.2, 0.3),
                                       (1.005, 1.01), (2.675, 2.68), (0.005, 0.01), (0.0049, 0),
                                       (3715 * 0.086, 319.49), (-1.005, -1.01), (9_999_999.995, 10_000_000)])
def test_round_fen_half_up_despite_binary_floats(value, fen):
    assert money.round_fen(value) == fen


def test_printing():
    assert money.yuan(385) == "385 元"
    assert money.yuan(60.45) == "60.45 元"
    assert money.yuan(74.3) == "74.30 元"
    assert money.yuan(120000) == "120,000 元"
    assert money.percent(0.065) == "6.5%" and money.percent(3) == "300%" and money.percent(0.086) == "8.6%"
    assert money.date(dt.date(2026, 9, 1)) == "2026年9月1日"
    assert money.month_day("12-26") == "12月26日"


def test_calendar():
    assert dates.add_months(dt.date(2025, 11, 30), 3) == dt.date(2026, 2, 28)
    assert dates.add_months(dt.date(2023, 11, 30), 3) == dt.date(2024, 2, 29)
    assert dates.benefit_year(dt.date(2026, 6, 1), "12-26") == (dt.date(2025, 12, 26), dt.date(2026, 12, 25))
    assert dates.benefit_year(dt.date(2026, 12, 26), "12-26") == (dt.date(2026, 12, 26), dt.date(2027, 12, 25))
    assert dates.day_before("01-01") == "12-31" and dates.day_before("03-01") == "02-28"
    assert dates.in_window(dt.date(2027, 1, 5), "12-01", "01-31")
    assert not dates.in_window(dt.date(2027, 2, 1), "12-01", "01-31")


# --- check_examples ---------------------------------------------------------------------

def city_files() -> list[Path]:
    return sorted((TEST_PROJECT / "cities").glob("*.yaml"))


def valid_city_data(path: Path):
    doc = load_yaml(path, path.name)
    assert not schema_problems(doc, "city"), path.name
    return doc.data


@pytest.mark.parametrize("path", city_files(), ids=lambda p: p.stem)
def test_every_example_in_the_test_projects_city_files_passes(path):
    assert check_examples(valid_city_data(path)) == []


DALIAN_LIKE = {"calculators": {"account_credit": {
    "sources": ["s001"], "verified": "2026-11-23",
    "versions": [{"from": "2012-07-01", "bands": [{"max_age": 45, "rate": 0.028}, {"rate": 0.033}],
                  "retiree_rate": 0.065, "retiree_floor_rate": 0.065}],
    "examples": [{"inputs": {"status": "retiree", "pension": 930}, "expected": {"credit": 60.45}, "source": "s001"}]}}}


def test_check_examples_accepts_a_right_example():
    assert check_examples(copy.deepcopy(DALIAN_LIKE)) == []


def test_a_wrong_rate_is_caught_with_its_path():
    data = copy.deepcopy(DALIAN_LIKE)
    data["calculators"]["account_credit"]["versions"][0]["retiree_rate"] = 0.066
    assert check_examples(data) == [(
        ("calculators", "account_credit", "examples", 0, "expected", "credit"),
        "算例与规则不符：按规则计算 credit 应为 61.38 元，算例写的是 60.45 元。请核对参数或算例。")]


def test_a_city_file_catches_a_wrong_rate():
    data = valid_city_data(TEST_PROJECT / "cities" / "qingchuan.yaml")
    block = data["calculators"]["account_credit"]
    block["versions"][-1]["retiree_rate"] = round(block["versions"][-1]["retiree_rate"] + 0.01, 4)
    problems = check_examples(data)
    assert problems and problems[0][0][:5] == ("calculators", "account_credit", "examples", 0, "expected")
    assert problems[0][1].startswith("算例与规则不符：按规则计算 credit 应为")


def test_unknown_names_and_bad_inputs_in_examples():
    data = copy.deepcopy(DALIAN_LIKE)
    example = data["calculators"]["account_credit"]["examples"][0]
    example["inputs"]["salary"] = 1
    example["expected"]["amount"] = 2
    paths = [p for p, _ in check_examples(data)]
    assert ("calculators", "account_credit", "examples", 0, "inputs", "salary") in paths
    assert ("calculators", "account_credit", "examples", 0, "expected", "amount") in paths

    data = copy.deepcopy(DALIAN_LIKE)
    data["calculators"]["account_credit"]["examples"][0]["inputs"]["pension"] = "九百三"
    [(path, message)] = check_examples(data)
    assert path == ("calculators", "account_credit", "examples", 0, "inputs", "pension")
    assert message.startswith("算例的输入有问题：")


def test_examples_use_the_version_of_their_date():
    data = copy.deepcopy(DALIAN_LIKE)
    block = data["calculators"]["account_credit"]
    block["versions"].append({**block["versions"][0], "from": "2020-01-01", "retiree_rate": 0.07})
    assert [p for p, _ in check_examples(data)] == [("calculators", "account_credit", "examples", 0, "expected", "credit")]
    block["examples"][0]["inputs"]["date"] = "2015-01-01"
    assert check_examples(data) == []
    block["examples"][0]["inputs"]["date"] = "2000-01-01"
    [(path, message)] = check_examples(data)
    assert path[-2:] == ("inputs", "date") and "最早的参数从 2012年7月1日起施行" in message


def test_cover_start_example_mismatch_prints_dates():
    data = {"calculators": {"cover_start": {"sources": ["s"], "verified": "2026-01-01", "versions": [
        {"from": "2013-01-01", "benefit_year_start": "12-26",
         "cases": [{"id": "prepay", "name": "预缴", "starts": "next-benefit-year"}]}],
        "examples": [{"inputs": {"case": "prepay", "payment_date": "2026-11-30"},
                      "expected": {"starts": "2027-01-01"}, "source": "s"}]}}}
    [(path, message)] = check_examples(data)
    assert path == ("calculators", "cover_start", "examples", 0, "expected", "starts")
    assert "应为 2026年12月26日" in message and "算例写的是 2027年1月1日" in message


# --- no parameters hidden in the rules ------------------------------------------------

CITY_FIGURES = ["0.065", "0.028", "0.033", "0.086", "0.08", "385", "295", "3715", "120000", "12-26",
                "155", "0.06", "400", "600", "900", "800"]


@pytest.mark.parametrize("kind", list(RULES))
def test_rules_hold_no_city_figures(kind):
    for path in (ROOT / "generator" / "calculators" / f"{kind}.py", ROOT / "static" / "calc" / f"{kind}.js"):
        code = re.sub(r'"""[\s\S]*?"""|#.*|//.*', "", path.read_text(encoding="utf-8"))
        found = [f for f in CITY_FIGURES if re.search(rf"(?<![\w.]){re.escape(f)}(?![\w.])", code)]
        assert not found, f"{path.name} contains {found}"


# --- views -----------------------------------------------------------------------------

def project_cities():
    cities = []
    for path in city_files():
        cities.append(build_city(valid_city_data(path), path.name))
    return cities


def test_views_show_only_calculators_the_data_supports():
    for city in project_cities():
        views = calculator_views(city, TODAY)
        assert [v.kind for v in views] == [k for k in RULES if k in {c.kind for c in city.calculators}]
        for view in views:
            assert view.slug == view.kind.replace("_", "-")
            assert view.formula and view.more[-1].name == "date" and view.more[-1].default == "2026-11-23"
            assert "<" not in view.params_json and "</script" not in view.params_json.lower()
            params = json.loads(str(view.params_json))
            assert params["kind"] == view.kind and params["versions"]
            for example in view.examples:
                assert example.error or example.outputs, (city.name, view.kind, example)


def test_views_carry_the_source_example_and_samples():
    qingchuan = next(c for c in project_cities() if c.pinyin == "qingchuan")
    credit = next(v for v in calculator_views(qingchuan, TODAY) if v.kind == "account_credit")
    source = [e for e in credit.examples if e.label == "来源给出的算例"]
    assert source and source[0].outputs == (("每月划入个人账户", "60.45 元"),)
    assert "养老金 930 元 × 6.5% = 60.45 元。" in source[0].steps
    assert any(e.label == "按本市参数计算的示例" for e in credit.examples)
    assert re.fullmatch(r"约\d{4}年7月1日", credit.provenance.effective)  # the source gives no date: an estimate
    assert any("2.8%" in line for line in credit.formula)


def hostile_city():
    data = {
        "city": {"name": "测试市", "pinyin": "ceshi", "province": "测试省", "sources": ["s1"], "verified": "2026-01-01"},
        "sources": [{"id": "s1", "kind": "政府网站", "published": "2024", "title": "来源</script><script>alert(1)</script>"}],
        "calculators": {"resident_premium": {"sources": ["s1"], "verified": "2026-01-01", "versions": [
            {"from": "2020-01-01", "government_subsidy": 100,
             "tiers": [{"id": "a", "name": "<b>成年</b></script>", "personal": 300}],
             "note": "a & b <!-- x"}]}},
    }
    return build_city(data, "cities/ceshi.yaml")


def test_params_json_is_safe_inside_a_script_element():
    [view] = calculator_views(hostile_city(), TODAY)
    text = str(view.params_json)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["versions"][0]["tiers"][0]["name"] == "<b>成年</b></script>"


def render_partial(view, root="../../"):
    from generator.render.pages import environment

    template = environment(ROOT / "templates").from_string('{% include "partials/calculator.html" %}')
    return template.render(calc=view, root=root)


def test_partial_escapes_data_and_labels_every_field():
    [view] = calculator_views(hostile_city(), TODAY)
    html = render_partial(view)
    assert "<b>成年</b>" not in html and "&lt;b&gt;成年&lt;/b&gt;" in html
    assert html.count("<script") == 2 and "alert(1)</script>" not in html
    assert 'src="../../static/calc/app.js"' in html and 'type="module"' in html
    for field in view.fields:
        assert f'for="{field.id}"' in html and f'name="{field.name}"' in html
        assert f'id="{field.message_id}"' in html
    for output in view.outputs:
        assert re.search(rf'<output[^>]*name="{output.name}"', html)
    assert 'aria-live="polite"' in html
    assert common.DATE_LABEL in html and "更多选项" in html


def test_partial_renders_for_every_calculator_of_the_test_project():
    for city in project_cities():
        for view in calculator_views(city, TODAY):
            html = render_partial(view)
            assert view.intro in html and "<form" in html and all(line in html for line in view.formula)
            assert ("<table" in html) == bool(view.examples)


@pytest.mark.parametrize("typed, char, corrected", [("٨٠٠٠", "٨", "8000"), ("८,०००", "८", "8000"),
                                                    ("\U0001d7d6000", "\U0001d7d6", "8000"), ("８０٠٠", "٠", "8000")])
def test_digits_that_are_not_ascii_are_named_with_the_corrected_number(typed, char, corrected):
    """Python's float() reads ٨٠٠٠ as 8000 while the JavaScript twin refused it: both now
    name the character and give the number to type (full-width ０-９ from a Chinese input
    method stay accepted, in both)."""
    with pytest.raises(common.InputError) as caught:
        common.number({"wage": typed}, "wage", "月工资")
    assert f"“{char}”" in caught.value.message and f"请写成 {corrected}" in caught.value.message
    assert common.number({"wage": "８０００"}, "wage", "月工资") == 8000
