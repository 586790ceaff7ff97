"""Calculators built from each city's own parameters.

Each kind is one rule written twice — generator/calculators/<kind>.py and
static/calc/<kind>.js — and held together by one vector file, tests/vectors/<kind>.json
(as OpenFisca keeps parameters, formulas and tests side by side). Parameters come only
from the city file, in versions keyed by the date they take effect.

`check_examples` recomputes the examples a city file quotes from its sources, so a rate
typed wrongly is caught by `yibao check`; generator/views/calculators.py makes their pages.
"""
from __future__ import annotations

import datetime as dt
from types import ModuleType
from typing import Any, Mapping

from generator.calculators import account_credit, backpay, cover_start, employee_contribution, flexible_employment, inpatient, outpatient, resident_premium
from generator.calculators.common import DATE_FIELD, InputError, printed, run
from generator.core.money import scaled

# The order calculators are listed on a city's page.
RULES: dict[str, ModuleType] = {m.KIND: m for m in (
    resident_premium, employee_contribution, flexible_employment, account_credit, backpay,
    cover_start, inpatient, outpatient)}


def input_names(rule: ModuleType) -> tuple[str, ...]:
    return tuple(rule.LABELS) + (DATE_FIELD,)


def check_examples(data: dict[str, Any]) -> list[tuple[tuple, str]]:
    """(path, message) for every example in a schema-valid city file that the rule does not reproduce."""
    problems: list[tuple[tuple, str]] = []
    for kind, block in (data.get("calculators") or {}).items():
        rule = RULES.get(kind)
        if rule is None or not isinstance(block, dict):
            continue
        for i, example in enumerate(block.get("examples") or ()):
            problems += _check_example(rule, block["versions"], example, ("calculators", kind, "examples", i))
    return problems


def _check_example(rule: ModuleType, versions, example: Mapping[str, Any], at: tuple) -> list[tuple[tuple, str]]:
    problems: list[tuple[tuple, str]] = []
    inputs = example.get("inputs") or {}
    known_in = input_names(rule)
    known_out = {o.name: o for o in rule.OUTPUTS}
    for name in inputs:
        if name not in known_in:
            problems.append((at + ("inputs", name), f"算例的输入“{name}”不是{rule.TITLE}的输入。"
                                                    f"可以用的输入：{'、'.join(known_in)}。"))
    for name in example.get("expected") or {}:
        if name not in known_out:
            problems.append((at + ("expected", name), f"算例的结果“{name}”不是{rule.TITLE}的结果。"
                                                      f"可以用的结果：{'、'.join(known_out)}。"))
    if problems:
        return problems
    try:
        result = run(rule, versions, inputs)
    except InputError as exc:
        where = at + ("inputs", exc.field) if exc.field in inputs else at + ("inputs",)
        return [(where, f"算例的输入有问题：{exc.message}")]
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        # `yibao check` must list problems, never stop with a traceback.
        return [(at, f"这个算例无法按规则计算，请检查这一组参数是否完整（{type(exc).__name__}：{exc}）。")]
    for name, expected in example["expected"].items():
        output = known_out[name]
        actual = result.outputs.get(name)
        path = at + ("expected", name)
        if output.type == "money":
            if isinstance(expected, str) or isinstance(expected, bool):
                problems.append((path, f"算例的结果 {name} 应该写数字，例如 60.45（不带“元”字）。"))
                continue
            same = actual is not None and scaled(expected, 2) == scaled(actual, 2)
        else:
            same = isinstance(expected, str) and expected == actual
        if not same:
            shown = printed(expected, output.type) if output.type == "money" else (
                printed(expected, "date") if isinstance(expected, str) and _is_iso(expected) else str(expected))
            problems.append((path, f"算例与规则不符：按规则计算 {name} 应为 {printed(actual, output.type)}，"
                                   f"算例写的是 {shown}。请核对参数或算例。"))
    return problems


def _is_iso(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
        return len(text) == 10
    except ValueError:
        return False


__all__ = ["RULES", "check_examples", "run", "InputError"]
