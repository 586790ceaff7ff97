"""The same vectors through the JavaScript rules (static/calc/*.js) with Node: the same
figures to the fen, and the same steps and messages as Python, word for word."""
from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest

from generator.calculators import common, dates
from generator.core import money
from test_calculators import RULES, load_vectors, mismatches, run_case

ROOT = Path(__file__).resolve().parent.parent
RUNNER = ROOT / "tests" / "calc_vectors.mjs"
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")


def node(mode: str, stdin: str = "") -> dict:
    done = subprocess.run([NODE, str(RUNNER), mode], input=stdin, capture_output=True, text=True,
                          timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@lru_cache(maxsize=1)
def js_results() -> dict:
    cases: dict[str, list] = {}
    for kind, case in load_vectors():
        cases.setdefault(kind, []).append({"name": case["name"], "versions": case["versions"],
                                           "inputs": case["inputs"]})
    return node("vectors", json.dumps(cases, ensure_ascii=False, default=str))


def js_result(kind: str, case: dict) -> dict:
    found = [r for r in js_results()[kind] if r["name"] == case["name"]]
    assert len(found) == 1, f"vector names must be unique: {case['name']}"
    return found[0]


@pytest.mark.parametrize("kind,case", load_vectors(), ids=lambda v: v if isinstance(v, str) else v["name"])
def test_vector_javascript(kind, case):
    got = js_result(kind, case)
    if "error" in case:
        assert "error" in got, f"JavaScript computed {got.get('outputs')} instead of an error"
        assert got["error"]["field"] == case["error"]
        with pytest.raises(common.InputError) as caught:
            run_case(kind, case)
        assert got["error"]["message"] == caught.value.message
        return
    assert "outputs" in got, got.get("error")
    assert not mismatches(kind, case, got["outputs"])
    assert set(got["outputs"]) == {o.name for o in RULES[kind].OUTPUTS}
    assert got["steps"] == list(run_case(kind, case).steps)


def test_every_vector_reached_javascript():
    assert sum(len(v) for v in js_results().values()) == len(load_vectors())


def test_money_agrees_with_python_on_random_amounts():
    rng = random.Random(20261123)
    rates = [0.065, 0.028, 0.033, 0.086, 0.08, 0.02, 0.06, 0.1, 0.6, 0.7, 0.61, 0.55, 3, 0.5, 0.073]
    probes = [[930, 0.065], [1005, 0.065], [3715, 0.086], [0.1, 1], [2.675, 1], [1.005, 1]]
    probes += [[round(rng.uniform(0, 100000), rng.choice([0, 1, 2, 3])), rng.choice(rates)] for _ in range(3000)]
    dates_in = []
    for _ in range(1500):
        day = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(365 * 40))
        start = rng.choice(["01-01", "12-26", "09-01", "03-01", "07-01"])
        end = rng.choice(["11-30", "01-31", "12-31", "02-28"])
        dates_in.append([day.isoformat(), rng.randrange(0, 25), start, end])
    dates_in.append(["2024-02-29", 12, "12-26", "01-31"])
    got = node("probes", json.dumps({"money": probes, "dates": dates_in}))
    for (a, b), (fen, printed, pct, num) in zip(probes, got["money"]):
        value = a * b
        assert (money.round_fen(value), money.yuan(value), money.percent(b), money.number(a)) == \
            (fen, printed, pct, num), (a, b)
    for (day, months, start, end), (added, first, year, before, inside) in zip(dates_in, got["dates"]):
        d = dt.date.fromisoformat(day)
        begin, last = dates.benefit_year(d, start)
        assert added == dates.add_months(d, months).isoformat(), (day, months)
        assert first == dates.first_of_month(d, months).isoformat(), (day, months)
        assert year == [begin.isoformat(), last.isoformat()], (day, start)
        assert before == dates.day_before(start)
        assert inside == dates.in_window(d, start, end), (day, start, end)
