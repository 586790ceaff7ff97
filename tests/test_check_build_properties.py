"""Property: whatever a city file holds, `yibao check` lists its problems or `yibao build`
succeeds — never an internal error. Two sources of input, run through the real pipeline
(load → validate → pages → render → write, `generator.commands.build.build`):

- sections generated from the project's own schema (hypothesis-jsonschema) put into the
  real Dalian file, which keeps the rest of the document valid so the build is reached;
- the real Dalian file with one to three values replaced by awkward text, numbers and
  dates — control characters, ı İ ß, newlines, 1e308, -0.0, full-width digits — of the
  same type or another. Most of these pass `check`, so they exercise the build.

Bounded so the suite stays fast: in CI (CI=true) the examples are derandomized, so a run
is reproducible; locally they are random and YIBAO_PROPERTY_SCALE=10 runs ten times as
many. Every failure found so far is a regression test in test_check_then_build.py.
"""
from __future__ import annotations

import copy
import datetime as dt
import functools
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from conftest import TEST_PROJECT, copy_project
from generator.commands.build import build
from generator.core.errors import UserError, printable
from generator.source.load import load_yaml
from generator.check.rules import walk
from generator.source.schemas import schema

CITY = "cities/qingchuan.yaml"
_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
         HealthCheck.function_scoped_fixture, HealthCheck.large_base_example]
settings.register_profile("ci", derandomize=True, database=None, deadline=None, suppress_health_check=_SLOW,
                          print_blob=True)
settings.register_profile("dev", deadline=None, suppress_health_check=_SLOW, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI", "").lower() in ("true", "1") else "dev")


def examples(n: int) -> int:
    return max(1, int(n * float(os.environ.get("YIBAO_PROPERTY_SCALE", "1"))))


# --- the test project's fullest city ----------------------------------------------------------------

REAL: dict = load_yaml(TEST_PROJECT / CITY, CITY).data
PATHS: list[tuple] = [path for path, _ in walk(REAL) if path]
# Places holding free text or a number: a change there usually still passes `check`, so
# these are drawn as often as all places together (ids and source lists are most places).
OPEN_PATHS: list[tuple] = [path for path, value in walk(REAL) if path and (
    (isinstance(value, str) and path[-1] not in ("id", "verified", "from", "published", "kind", "unit", "topic",
                                                 "scheme", "category", "procedure", "source", "pinyin")
     and not isinstance(path[-1], int))
    or (isinstance(value, (int, float)) and not isinstance(value, bool)))]
DATE_PATHS: list[tuple] = [path for path, value in walk(REAL) if path and path[-1] in ("verified", "from", "published")]
NUMBER_PATHS: list[tuple] = [path for path, value in walk(REAL)
                             if path and isinstance(value, (int, float)) and not isinstance(value, bool)]


def _ids(section: str, key: str = "items") -> list[str]:
    return [item["id"] for item in REAL.get(section, {}).get(key, ()) if "id" in item]


SOURCE_IDS = [s["id"] for s in REAL["sources"]]
SCHEME_IDS = _ids("schemes")
CATEGORY_IDS = [c["id"] for s in REAL["schemes"]["items"] for c in s["categories"]]
PROCEDURE_IDS = _ids("procedures")


# --- awkward values -------------------------------------------------------------------

# Characters that have broken, or could break, one stage or another.
AWKWARD_CHARS = ("\x00\x01\x07\x08\t\n\r\x0b\x0c\x1b\x1f\x7f\x80\x85\x9b\xa0\xad\u061c\u180e\u200b\u200d\u200e"
                 "\u2028\u2029\u202a\u202e\u2060\u2066\u2069\u3000\ufeff\ufffd\U0001f600"
                 "ıİßẞﬀǅΣς\u0307\u0130\u212a\u00b5"
                 "０１２３４５６７８９－．：／＜＞"
                 "<>&\"'`{}[]%#:|!*@\\/?=;,-. _")
AWKWARD_TEXTS = [
    "", " ", "\n", "\t", "~", "null", "true", "yes", "no", "on", "0", "-0", "0411", "08:30", "1e308",
    "search", "compare", "articles", "static", "pagefind", "index", "qingchuan\n", "Dalian", "dàlián",
    "2026-11-23\n", "２０２６-１１-２３", "2026-02-30", "2026-13-01", "0000-00-00", "9999-12-31", "09-31",
    "02-29", "12-31", "01-01", "s001", "resident", "employee", "https://", "javascript:alert(1)",
    "http://[::1", "tel:12345", "<script>alert(1)</script>", "{{ 7*7 }}", "{% raw %}", "\x1b[2K\r检查通过",
    "医疗ıC卡", "医疗İC卡", "ß" * 50, "补缴" * 1000, "[" * 300, "\u202eevil", "\u200b", "a" * 2001,
]
AWKWARD_NUMBERS = [1e308, -1e308, 1.7976931348623157e308, 5e-324, -0.0, 0, -1, 0.5, 1, 1.0000001, 12, 13, 24,
                   25, 99.99, 100, 100.5, 120, 121, 1200, 1201, 10_000_000, 100_000_000, 100_000_000.01,
                   10 ** 30, -(10 ** 30), 2 ** 63, 1e-7, 0.1 + 0.2]

texts = st.one_of(
    st.sampled_from(AWKWARD_TEXTS),
    st.text(st.one_of(st.sampled_from(AWKWARD_CHARS), st.characters(codec="utf-8")), max_size=24),
)
numbers = st.one_of(
    st.sampled_from(AWKWARD_NUMBERS),
    st.integers(min_value=-(10 ** 20), max_value=10 ** 20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.floats(min_value=0, max_value=1.5),
)
dates = st.one_of(
    st.dates().map(dt.date.isoformat),
    st.dates(dt.date(1940, 1, 1), dt.date(2110, 12, 31)).map(dt.date.isoformat),
    st.tuples(st.dates().map(dt.date.isoformat), st.sampled_from(["\n", " ", "\t", "\x00", "T00:00", "Z"]))
    .map("".join),
)
scalars = st.one_of(texts, numbers, dates, st.booleans(), st.none())

# Words the search step looks for in every page (content/search-terms.yaml), spelled as
# people and other scripts do: case changed, i written ı or İ, a character put in.
SEARCH_WORDS = sorted({w for g in load_yaml(TEST_PROJECT / "content/search-terms.yaml", "terms").data["synonyms"] for w in g})
LATIN_SEARCH_WORDS = [w for w in SEARCH_WORDS if any(c.isascii() and c.isalpha() for c in w)]
search_words = st.tuples(
    st.one_of(st.sampled_from(LATIN_SEARCH_WORDS), st.sampled_from(SEARCH_WORDS)),
    st.sampled_from([str.upper, str.lower, str.swapcase, lambda w: w.replace("I", "ı"), lambda w: w.replace("I", "İ"),
                     lambda w: w.replace("I", "i\u0307"), lambda w: w.replace("C", "\u212a")]),
).map(lambda pair: pair[1](pair[0]))
values = st.one_of(scalars, st.lists(scalars, max_size=3), st.dictionaries(texts, scalars, max_size=2))


@st.composite
def spliced(draw, old: Any) -> Any:
    """`old` changed a little, keeping its type when it can: an awkward character put into
    a text, a date made odd, a number scaled, made negative or huge."""
    if isinstance(old, str) and len(old) == 10 and old[4] == "-" and draw(st.booleans()):
        return draw(dates)
    if isinstance(old, (int, float)) and not isinstance(old, bool) and draw(st.booleans()):
        return draw(st.sampled_from(AWKWARD_NUMBERS))
    if isinstance(old, str):
        at = draw(st.integers(0, len(old)))
        return old[:at] + draw(st.text(st.sampled_from(AWKWARD_CHARS), min_size=1, max_size=3)) + old[at:]
    if isinstance(old, (int, float)) and not isinstance(old, bool):
        return draw(st.sampled_from([old * 10 ** 300 if isinstance(old, float) else old * 10 ** 30, -old,
                                     old + 1e-9, old * 1000, float(old), int(old)]))
    return draw(values)


@st.composite
def with_search_words(draw) -> tuple[dict, str]:
    """The real document with a search word, oddly spelled, put into one to three texts."""
    doc = copy.deepcopy(REAL)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from([p for p in OPEN_PATHS if isinstance(_at(REAL, p), str)]))
        parent = _at(doc, path[:-1])
        old = parent[path[-1]]
        at = draw(st.integers(0, len(old)))
        parent[path[-1]] = old[:at] + draw(search_words) + old[at:]
    return doc, "qingchuan"


def _at(doc: Any, path: tuple) -> Any:
    for part in path:
        doc = doc[part]
    return doc


@st.composite
def mutated(draw) -> tuple[dict, str]:
    """The real document with one to three values replaced; and the name of its file."""
    doc = copy.deepcopy(REAL)
    stem = "qingchuan"
    for _ in range(draw(st.sampled_from([1, 1, 1, 2, 3]))):
        path = draw(st.one_of(st.sampled_from(OPEN_PATHS), st.sampled_from(NUMBER_PATHS),
                              st.sampled_from(DATE_PATHS), st.sampled_from(PATHS)))
        parent = doc
        try:
            for part in path[:-1]:
                parent = parent[part]
            old = parent[path[-1]]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier replacement removed this place
        new = draw(st.one_of(spliced(old), spliced(old), values))  # mostly the same type: more reach the build
        parent[path[-1]] = new
        if path == ("city", "pinyin") and isinstance(new, str) and draw(st.booleans()):
            stem = new  # the file renamed along, as a volunteer would
    return doc, stem


# --- sections generated from the schema -----------------------------------------------

def generation_schema() -> dict:
    """The city schema, made to produce documents that reach the build more often — real
    dates, check dates in the past, references to what the real Dalian file defines. Only
    this copy for generating changes; the checker still uses the real schema."""
    shaped = copy.deepcopy(schema("city"))
    defs = shaped["definitions"]
    real_day = r"(19[5-9][0-9]|20[0-2][0-9])-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])"
    defs["date"]["pattern"] = f"^{real_day}$"
    defs["verified"] = {"type": "string", "pattern": r"^(19[5-9][0-9]|20[01][0-9]|202[0-5])-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$"}
    defs["partialDate"]["pattern"] = rf"^(19[5-9][0-9]|20[0-2][0-9])(-(0[1-9]|1[0-2]))?$"
    defs["monthDay"]["pattern"] = r"^(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$"
    defs["sourceRefs"]["items"] = {"enum": SOURCE_IDS}
    refs = {"source": SOURCE_IDS, "scheme": SCHEME_IDS, "category": CATEGORY_IDS, "procedure": PROCEDURE_IDS}

    def point(node: Any) -> None:
        if isinstance(node, dict):
            for key, sub in (node.get("properties") or {}).items():
                if key in refs and sub.get("$ref") == "#/definitions/slug":
                    node["properties"][key] = {"enum": refs[key]}
            if node.get("type") == "array":
                node.setdefault("maxItems", 3)  # smaller lists: generating is most of the time
            node.pop("allOf", None)  # the per-unit maxima: hypothesis-jsonschema turns them into slow filters
            for sub in node.values():
                point(sub)
        elif isinstance(node, list):
            for sub in node:
                point(sub)

    point(shaped)
    return shaped


SECTIONS = [(name,) for name in schema("city")["properties"] if name not in ("city", "sources", "calculators")]
SECTIONS += [("calculators", kind) for kind in schema("city")["properties"]["calculators"]["properties"]]


@functools.lru_cache(maxsize=None)
def section_strategy(place: tuple[str, ...]) -> st.SearchStrategy:
    shaped = generation_schema()
    node = shaped
    for name in place:
        node = node["properties"][name]
    return from_schema({**node, "definitions": shaped["definitions"]})


@st.composite
def with_generated_section(draw) -> tuple[dict, str]:
    place = draw(st.sampled_from(SECTIONS))
    section = draw(section_strategy(place))
    doc = copy.deepcopy(REAL)
    target = doc
    for name in place[:-1]:
        target = target.setdefault(name, {})
    target[place[-1]] = section
    event(f"section {'.'.join(place)}")
    return doc, "qingchuan"


# --- the property ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The test project with Qingchuan as its only city: one city builds in a fraction of a second."""
    root = copy_project(tmp_path_factory.mktemp("property") / "project")
    for path in (root / "cities").glob("*.yaml"):
        if path.name != "qingchuan.yaml":
            path.unlink()
    return root


def safe_name(stem: str) -> bool:
    return (bool(stem) and "/" not in stem and "\x00" not in stem and stem not in (".", "..")
            and len((stem + ".yaml").encode("utf-8", "surrogatepass")) < 250)


def check_or_build(root: Path, doc: dict, stem: str, index: bool = False) -> str:
    for old in (root / "cities").iterdir():
        old.unlink()
    name = stem if safe_name(stem) else "qingchuan"
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    (root / "cities" / f"{name}.yaml").write_text(text, encoding="utf-8")
    try:
        build(root, root / "dist", index=index)
    except UserError as exc:
        assert exc.problems
        for problem in exc.problems:
            shown = str(problem)
            assert problem.line >= 1 and problem.column >= 1 and problem.message, problem
            assert printable(shown) == shown, shown
        event("check found problems")
        return "problems"
    assert (root / "dist" / "index.html").is_file()
    assert (root / "dist" / name / "index.html").is_file()
    event("built")
    return "built"


@settings(max_examples=examples(40))
@given(case=mutated())
def test_a_changed_real_city_is_checked_or_built(project, case):
    check_or_build(project, *case)


@settings(max_examples=examples(12))
@given(case=with_generated_section())
def test_a_city_with_a_section_generated_from_the_schema_is_checked_or_built(project, case):
    check_or_build(project, *case)


@settings(max_examples=examples(4))
@given(case=st.one_of(with_search_words(), mutated(), with_generated_section()))
def test_with_the_search_index_too(project, case):
    check_or_build(project, *case, index=True)

