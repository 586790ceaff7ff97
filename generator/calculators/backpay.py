"""职工医保补缴: what someone pays to fill months without contributions.

Per month: the average wage of that month × base_ratio (the base, rounded to the fen as
the step prints it) × rate (大连 s001: 以欠费当期社平工资的 60% 为基数,按 10% 缴费).
The source uses the average wage of each month owed; a reader who owes months of
different years should work out each year separately — the form takes one average wage.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from generator.calculators.common import MAX_AMOUNT, MAX_MONTHS, SAMPLE_WAGE, Computed, Field, Output, number
from generator.core.money import percent, round_fen, round_ratio, yuan

KIND = "backpay"
TITLE = "医保补缴计算器"
INTRO = "断缴了几个月，按本市补缴标准算一算要补多少钱。"
LABELS = {"months": "欠缴月数", "average_wage": "欠费当期社会平均工资（月）"}
OUTPUTS = (Output("per_month", "每月补缴", "money"), Output("total", "补缴合计", "money"))


def compute(p: Mapping[str, Any], inputs: Mapping[str, Any]) -> Computed:
    months = number(inputs, "months", LABELS["months"], minimum=1, maximum=MAX_MONTHS, integer=True)
    average = number(inputs, "average_wage", LABELS["average_wage"], minimum=1)
    base = round_fen(average * p["base_ratio"])
    per_month = round_fen(base * p["rate"])
    total = round_fen(per_month * months)
    steps = [f"补缴基数：社平工资 {yuan(average)} × {percent(p['base_ratio'])} = {yuan(base)}。",
             f"每月补缴：{yuan(base)} × {percent(p['rate'])} = {yuan(per_month)}。",
             f"合计：{yuan(per_month)} × {months:g} 个月 = {yuan(total)}。"]
    if p.get("late_fee") is False:
        steps.append("不收滞纳金。")
    elif p.get("late_fee") is True:
        steps.append("另外要交滞纳金，这里没有计算。")
    return Computed({"per_month": per_month, "total": total}, tuple(steps))


def formula(p: Mapping[str, Any]) -> tuple[str, ...]:
    lines = [f"每月补缴 = 欠费当月的社会平均工资 × {percent(p['base_ratio'])} × {percent(p['rate'])}。",
             "补缴合计 = 每月补缴 × 欠缴月数（欠缴月份跨年度时，请按各年度的社平工资分别计算）。"]
    if p.get("late_fee") is False:
        lines.append("不收滞纳金。")
    elif p.get("late_fee") is True:
        lines.append("另收滞纳金（计算器不含）。")
    return tuple(lines)


def fields(p: Mapping[str, Any]) -> tuple[Field, ...]:
    return (Field("months", LABELS["months"], "number", unit="个月", min=1, max=MAX_MONTHS, integer=True),
            Field("average_wage", LABELS["average_wage"], "number", unit="元/月", min=1, max=MAX_AMOUNT,
                  hint="当地人社局或统计局每年公布社会平均工资，可以打电话问经办机构。"
                       f"每月补缴就是这个数的 {percent(round_ratio(p['base_ratio'] * p['rate']))}。"))


def samples(p: Mapping[str, Any], today: dt.date) -> tuple[dict[str, Any], ...]:
    return ({"months": 1, "average_wage": SAMPLE_WAGE}, {"months": 12, "average_wage": SAMPLE_WAGE})
