"""个人账户划入: what goes into an employee's or retiree's personal account each month.

Employees: monthly wage × the rate of the first age band whose max_age is at least their
age (大连: 45 周岁 exactly is still the 2.8% band — "45 周岁及以下"). Retirees: pension ×
retiree_rate, but not less than last year's average pension × retiree_floor_rate when the
city has such a floor and the reader gives the average pension (大连 s001: 退休金不到
上年度月平均退休金的,按月平均退休金计算).
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from generator.calculators.common import MAX_AMOUNT, MAX_AGE, SAMPLE_PENSION, SAMPLE_WAGE, Computed, Field, InputError, Output, choice, number
from generator.core.money import percent, round_fen, yuan

KIND = "account_credit"
TITLE = "个人账户划入计算器"
INTRO = "在职职工按年龄和工资、退休人员按养老金，算每月划入医保个人账户多少钱。"
LABELS = {"status": "身份", "age": "年龄（周岁）", "wage": "本人月工资", "pension": "本人月养老金",
          "average_pension": "上年度月平均养老金"}
OUTPUTS = (Output("credit", "每月划入个人账户", "money"),)


def band_names(bands: list[Mapping[str, Any]]) -> list[str]:
    names, previous = [], None
    for band in bands:
        top = band.get("max_age")
        if top is None:
            names.append("所有年龄" if previous is None else f"{previous} 周岁以上")
        elif previous is None:
            names.append(f"{top} 周岁及以下")
        else:
            names.append(f"{previous} 周岁以上、{top} 周岁及以下")
        previous = top
    return names


def _statuses(p: Mapping[str, Any]) -> dict[str, str]:
    out = {"employee": "在职职工"}
    if p.get("retiree_rate") is not None or p.get("retiree_fixed"):
        out["retiree"] = "退休人员"
    return out


# After the 2021 reform a retiree's account gets a fixed amount the guide does not know.
RETIREE_FIXED = "按这一天适用的规定，退休人员的个人账户由统筹基金按定额划入，本市每月划入多少本指南暂无资料；请打 12393 问参保地的医保部门。"


def compute(p: Mapping[str, Any], inputs: Mapping[str, Any]) -> Computed:
    status = choice(inputs, "status", LABELS["status"], _statuses(p))
    if status == "employee":
        age = number(inputs, "age", LABELS["age"], maximum=MAX_AGE, integer=True)
        wage = number(inputs, "wage", LABELS["wage"])
        names = band_names(p["bands"])
        index = next((i for i, b in enumerate(p["bands"]) if b.get("max_age") is None or b["max_age"] >= age), None)
        if index is None:
            raise InputError("age", f"本市参数没有给出 {age:g} 周岁的划入比例。")
        rate = p["bands"][index]["rate"]
        credit = round_fen(wage * rate)
        steps = [f"{age:g} 周岁，属于“{names[index]}”，划入比例 {percent(rate)}。",
                 f"月工资 {yuan(wage)} × {percent(rate)} = {yuan(credit)}。"]
        return Computed({"credit": credit}, tuple(steps))
    if p.get("retiree_rate") is None:
        raise InputError("status", RETIREE_FIXED, unknown=True)
    pension = number(inputs, "pension", LABELS["pension"])
    rate = p["retiree_rate"]
    credit = round_fen(pension * rate)
    steps = [f"养老金 {yuan(pension)} × {percent(rate)} = {yuan(credit)}。"]
    floor_rate = p.get("retiree_floor_rate")
    if floor_rate is not None:
        average = number(inputs, "average_pension", LABELS["average_pension"], minimum=1, optional=True)
        if average is None:
            steps.append("没有填上年度月平均养老金，未核对保底金额。")
        else:
            floor = round_fen(average * floor_rate)
            steps.append(f"保底：平均养老金 {yuan(average)} × {percent(floor_rate)} = {yuan(floor)}。")
            if credit < floor:
                steps.append(f"{yuan(credit)} 低于保底，按 {yuan(floor)} 划入。")
                credit = floor
            else:
                steps.append(f"{yuan(credit)} 不低于保底，按 {yuan(credit)} 划入。")
    return Computed({"credit": credit}, tuple(steps))


def formula(p: Mapping[str, Any]) -> tuple[str, ...]:
    lines = [f"在职职工（{name}）：月工资 × {percent(b['rate'])}。"
             for name, b in zip(band_names(p["bands"]), p["bands"])]
    if p.get("retiree_rate") is not None:
        lines.append(f"退休人员：本人月养老金 × {percent(p['retiree_rate'])}。")
    if p.get("retiree_floor_rate") is not None:
        lines.append(f"退休人员每月至少按上年度月平均养老金 × {percent(p['retiree_floor_rate'])} 划入。")
    return tuple(lines)


def fields(p: Mapping[str, Any]) -> tuple[Field, ...]:
    out = [Field("status", LABELS["status"], "select", tuple(_statuses(p).items()), default="employee"),
           Field("age", LABELS["age"], "number", unit="周岁", min=0, max=MAX_AGE, integer=True,
                 when=("status", "employee")),
           Field("wage", LABELS["wage"], "number", unit="元/月", min=0, max=MAX_AMOUNT, when=("status", "employee"))]
    if p.get("retiree_rate") is not None or p.get("retiree_fixed"):
        out.append(Field("pension", LABELS["pension"], "number", unit="元/月", min=0, max=MAX_AMOUNT,
                         when=("status", "retiree")))
    if p.get("retiree_floor_rate") is not None:
        out.append(Field("average_pension", LABELS["average_pension"], "number", unit="元/月", min=1,
                         max=MAX_AMOUNT, optional=True, when=("status", "retiree"),
                         hint="不知道可以不填；填了会核对保底金额"))
    return tuple(out)


def samples(p: Mapping[str, Any], today: dt.date) -> tuple[dict[str, Any], ...]:
    """Each band at its upper age (the edge people ask about) and just past it; a retiree."""
    out: list[dict[str, Any]] = []
    for band in p["bands"]:
        if band.get("max_age") is not None:
            out.append({"status": "employee", "age": band["max_age"], "wage": SAMPLE_WAGE})
            out.append({"status": "employee", "age": band["max_age"] + 1, "wage": SAMPLE_WAGE})
    if not out:
        out.append({"status": "employee", "age": MAX_AGE // 3, "wage": SAMPLE_WAGE})
    if p.get("retiree_rate") is not None:
        out.append({"status": "retiree", "pension": SAMPLE_PENSION})
    return tuple(out)
