"""灵活就业人员缴费: what a self-employed person pays each month.

rate × their pension-insurance base; where the city says the base may not be below the
average wage (大连 s001: 基数低于社平工资的,按社平工资缴), the average wage is used
instead; then at least `minimum_monthly` when the city sets one (大连 155 元/月).
The source's exception for people on 低保 is not modelled; the page says so.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from generator.calculators.common import MAX_AMOUNT, SAMPLE_WAGE, Computed, Field, Output, number
from generator.core.money import percent, round_fen, yuan

KIND = "flexible_employment"
TITLE = "灵活就业人员医保缴费计算器"
INTRO = "个体劳动者、灵活就业人员每月交多少医保费。"
LABELS = {"base": "本人养老保险缴费基数", "average_wage": "上年度社会平均工资（月）"}
OUTPUTS = (Output("monthly", "每月缴费", "money"),)


def compute(p: Mapping[str, Any], inputs: Mapping[str, Any]) -> Computed:
    base = number(inputs, "base", LABELS["base"])
    steps: list[str] = []
    basis = round_fen(base)
    if p.get("base_not_below_average_wage"):
        average = number(inputs, "average_wage", LABELS["average_wage"], minimum=1, optional=True)
        if average is None:
            steps.append(ASSUMED)
        elif base < average:
            basis = round_fen(average)
            steps.append(f"基数 {yuan(base)} 低于社平工资 {yuan(average)}，按社平工资计。")
        else:
            steps.append(f"基数 {yuan(base)} 不低于社平工资 {yuan(average)}，按本人基数计。")
    monthly = round_fen(basis * p["rate"])
    steps.append(f"{yuan(basis)} × {percent(p['rate'])} = {yuan(monthly)}/月。")
    minimum = p.get("minimum_monthly")
    if minimum is not None and monthly < minimum:
        steps.append(f"低于每月最低缴费 {yuan(minimum)}，按 {yuan(minimum)} 缴。")
        monthly = round_fen(minimum)
    return Computed({"monthly": monthly}, tuple(steps))


ASSUMED = ("没有填社会平均工资，就按您的基数算，也就是假定基数不低于社会平均工资。"
           "基数较低时，请填上这个数再算：当地人社局或统计局每年公布上年度社会平均工资。")


def formula(p: Mapping[str, Any]) -> tuple[str, ...]:
    lines = [f"每月缴费 = 本人养老保险缴费基数 × {percent(p['rate'])}。"]
    if p.get("base_not_below_average_wage"):
        lines.append("基数低于上年度社会平均工资的，按社会平均工资计。")
    if p.get("minimum_monthly") is not None:
        lines.append(f"每月最少缴 {yuan(p['minimum_monthly'])}。")
    return tuple(lines)


def fields(p: Mapping[str, Any]) -> tuple[Field, ...]:
    out = [Field("base", LABELS["base"], "number", unit="元/月", min=0, max=MAX_AMOUNT)]
    if p.get("base_not_below_average_wage"):
        out.append(Field("average_wage", LABELS["average_wage"], "number", unit="元/月", min=1,
                         max=MAX_AMOUNT, optional=True,
                         hint="不知道可以不填：按您的基数计算。当地人社局或统计局每年公布这个数，基数较低时填上会更准。"))
    return tuple(out)


def samples(p: Mapping[str, Any], today: dt.date) -> tuple[dict[str, Any], ...]:
    if p.get("base_not_below_average_wage"):
        return ({"base": SAMPLE_WAGE / 2, "average_wage": SAMPLE_WAGE},
                {"base": SAMPLE_WAGE * 2, "average_wage": SAMPLE_WAGE})
    return ({"base": SAMPLE_WAGE},)
