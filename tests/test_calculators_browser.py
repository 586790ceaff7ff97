"""The shared calculator vectors through the real pages, as a person uses them: every
vector becomes a city whose file holds the vector's parameters; the test opens that
city's calculator page in chromium, types the inputs into the form and reads the
<output> elements. Same figures to the fen as Python (tests/test_calculators.py) and
Node (tests/test_calculators_js.py)."""
from __future__ import annotations

import json
import string

import pytest

import datetime as dt

from conftest import PageLog, build_site, copy_project, open_context, start_server, watch
from generator.views.citations import cited_ids
from generator.source.load import parse_yaml
from generator.check.city import check_document
from generator.calculators import common
from test_calculators import RULES, load_vectors




def city_slug(i: int) -> str:
    letters = string.ascii_lowercase
    return "vec" + letters[i // 26 // 26 % 26] + letters[i // 26 % 26] + letters[i % 26]


def city_file(i: int, kind: str, case: dict) -> str:
    versions = sorted(case["versions"], key=lambda v: v["from"])
    block = {"sources": ["s1"], "verified": "2026-01-01",
             "versions": [dict(v, sources=["s1"]) for v in versions]}
    data = {
        "city": {"name": f"算例城{i}", "pinyin": city_slug(i), "province": "算例省",
                 "sources": ["s1"], "verified": "2026-01-01"},
        "sources": [{"id": "s1", "kind": "政府网站", "published": "2024", "title": "计算器测试向量", "file": f"{kind}.json"}]
        # a vector that names a city file carries its notes, whose [s001] markers cite that file's sources
        + [{"id": i, "kind": "政府网站", "published": "2024", "title": f"所引来源 {i}"}
           for i in dict.fromkeys(cited_ids(versions)) if i != "s1"],
        "calculators": {kind: block},
    }
    return json.dumps(data, ensure_ascii=False, indent=1)  # JSON is YAML


def expressible(index: int, kind: str, case: dict) -> bool:
    """Whether a city file may hold the vector's parameters. A few vectors try the rules
    on parameters `yibao check` refuses (a payment window across 31 December, a last age
    band with an upper limit): the form can only be reached through a valid city file."""
    doc = parse_yaml(city_file(index, kind, case), f"cities/{city_slug(index)}.yaml")
    return not check_document(doc, dt.date.today())


ALL = load_vectors()
VECTORS = [(kind, case) for i, (kind, case) in enumerate(ALL) if expressible(i, kind, case)]


@pytest.fixture(scope="module")
def vector_site(tmp_path_factory, source_date_epoch):
    root = copy_project(tmp_path_factory.mktemp("vectors") / "project",
                        parts=("content", "templates", "static", "yibao.yaml"))
    (root / "cities").mkdir()
    for i, (kind, case) in enumerate(VECTORS):  # numbered anew: only expressible vectors
        (root / "cities" / f"{city_slug(i)}.yaml").write_text(city_file(i, kind, case), encoding="utf-8")
    build_site(root, root / "dist", index=False)
    server = start_server(root / "dist")
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture(scope="module")
def tab(browser):
    """One tab for all vectors (a new one per vector costs more than the vector)."""
    log = PageLog()
    context = open_context(browser, log)
    page = context.new_page()
    watch(page, log)
    yield page, log
    context.close()


def _real_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def slug_of(kind: str) -> str:
    return kind.replace("_", "-")


def type_inputs(page, inputs: dict, error_field: str | None) -> None:
    """Choices first (they show or hide other fields), then every visible text field:
    the vector's value, or empty where the vector gives none."""
    form = page.locator("form[data-calc-form]")
    form.locator("details").evaluate_all("els => els.forEach(e => { e.open = true; })")  # 更多选项
    for name, value in inputs.items():
        control = form.locator(f"[name='{name}']")
        if not control.count():
            # the page has no such field for these parameters: nobody can type it
            if name == error_field:
                pytest.skip(f"the form has no field {name} for these parameters")
            continue
        kind = control.evaluate("el => el.tagName + ':' + el.type")
        if kind.startswith("SELECT"):
            options = control.evaluate("el => [...el.options].map(o => o.value)")
            if str(value) not in options:
                pytest.skip(f"a person cannot choose {value!r} for {name}: not an option of the form")
            control.select_option(str(value))
        elif kind.endswith("checkbox"):
            if not isinstance(value, bool):
                pytest.skip(f"a checkbox cannot hold {value!r}")
            control.set_checked(value)
    for control in form.locator("input:not([type=checkbox])").all():
        if control.is_visible():
            name = control.get_attribute("name")
            text = str(inputs[name]) if name in inputs else ""
            if control.get_attribute("type") == "date" and text and not _real_date(text):
                pytest.skip(f"a date field cannot hold {text!r}")
            control.fill(text)
    form.locator("input, select").first.dispatch_event("change")  # as when a person leaves a field
    # and presses 计算: a field left empty is only complained about once the person asks for the answer
    form.locator("button[type=submit]").click()


@pytest.mark.parametrize("index", range(len(VECTORS)),
                         ids=[f"{kind}:{case['name']}" for kind, case in VECTORS])
def test_vector_through_the_form(vector_site, tab, index):
    page, page_log = tab
    page_log.clear()
    kind, case = VECTORS[index]
    page.goto(vector_site(f"/{city_slug(index)}/calculators/{slug_of(kind)}/"))
    page.wait_for_selector("[data-calc-nojs][hidden]", state="attached")
    form = page.locator("form[data-calc-form]")
    inputs = dict(case["inputs"])
    inputs.setdefault(common.DATE_FIELD, max(v["from"] for v in case["versions"]))
    type_inputs(page, inputs, case.get("error"))
    outputs = {o.name: o.type for o in RULES[kind].OUTPUTS}
    if "error" in case:
        field = form.locator(f"[name='{case['error']}']")
        message = page.locator(f"#{field.get_attribute('id')}-msg")
        assert message.inner_text().strip(), f"no message beside {case['error']}"
        assert field.get_attribute("aria-invalid") == "true"
        for name in outputs:
            assert form.locator(f"output[name='{name}']").inner_text() == "—"
    else:
        for name, kind_of in outputs.items():
            shown = form.locator(f"output[name='{name}']").inner_text()
            expected = case["expected"].get(name)
            if kind_of == "date" and expected == "":
                continue  # a row that does not apply is hidden
            assert shown == common.printed(expected, kind_of), f"{name}: {shown!r}"
            assert "NaN" not in shown and "Infinity" not in shown
    page_log.assert_clean()


def test_most_vectors_reach_the_form():
    assert len(VECTORS) >= len(ALL) - 10, f"only {len(VECTORS)} of {len(ALL)} vectors are expressible"
