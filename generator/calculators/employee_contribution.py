"""职工医保缴费: the monthly contribution of an employer and an employee.

The base is the employee's wage, raised to the floor and cut to the ceiling. The floor is
the higher of a fixed minimum base (沈阳 3715 元) and a share of last year's average
wage (大连 60%); the ceiling is a multiple of the average wage (大连 300%), and where the
city file says `ceiling_employee_only` (大连) it caps only the employee's share. Whichever the
city file leaves out does not apply. The employer's 8% is in truth charged on the whole
payroll; per employee it comes to the same base, which is what a person wants to know.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from generator.calculators.common import MAX_AMOUNT, SAMPLE_WAGE, Computed, Field, Output, number
from generator.core.money import percent, round_fen, scaled, yuan

KIND = "employee_contribution"
TITLE = "职工医保缴费计算器"
INTRO = "输入月工资，算单位和个人每月各缴多少医保费。"
LABELS = {"wage": "本人月工资", "average_wage": "上年度职工月平均工资"}
OUTPUTS = (Output("base", "缴费基数（元/月）", "money"),
           Output("employer", "单位缴费（元/月）", "money"),
           Output("employee", "个人缴费（元/月）", "money"),
           Output("total", "合计（元/月）", "money"))


def _needs_average(p: Mapping[str, Any]) -> bool:
    return p.get("base_floor_ratio") is not None or p.get("base_ceiling_ratio") is not None


def compute(p: Mapping[str, Any], inputs: Mapping[str, Any]) -> Computed:
    wage = number(inputs, "wage", LABELS["wage"])
    steps: list[str] = []
    average = None
    if _needs_average(p):
        average = number(inputs, "average_wage", LABELS["average_wage"], minimum=1, optional=True)
        if average is None and p.get("average_wage") is not None:
            average = p["average_wage"]
            steps.append(f"上年度职工月平均工资按本市公布的 {yuan(average)} 计。")
        if average is None:
            return _from_wage_alone(p, wage)
    floors: list[float] = []
    if p.get("base_floor") is not None:
        floors.append(p["base_floor"])
        steps.append(f"最低缴费基数 {yuan(p['base_floor'])}。")
    if p.get("base_floor_ratio") is not None:
        floors.append(round_fen(average * p["base_floor_ratio"]))
        steps.append(f"缴费基数下限：{yuan(average)} × {percent(p['base_floor_ratio'])} = {yuan(floors[-1])}。")
    floor = max(floors) if floors else None
    if len(floors) > 1:
        steps.append(f"两个下限取较高的 {yuan(floor)}。")
    ceiling = None
    if p.get("base_ceiling_ratio") is not None:
        ceiling = round_fen(average * p["base_ceiling_ratio"])
        steps.append(f"缴费基数上限：{yuan(average)} × {percent(p['base_ceiling_ratio'])} = {yuan(ceiling)}。")
    if floor is not None and wage < floor:
        base = floor
        steps.append(f"工资 {yuan(wage)} 低于下限，按下限 {yuan(base)} 作缴费基数。")
    elif ceiling is not None and wage > ceiling:
        base = ceiling
        steps.append(f"工资 {yuan(wage)} 高于上限，按上限 {yuan(base)} 作缴费基数。")
    else:
        base = round_fen(wage)
        steps.append(f"缴费基数就是工资 {yuan(base)}。")
    employer_base = base
    if p.get("ceiling_employee_only") and ceiling is not None and wage > ceiling:
        employer_base = round_fen(wage)
        steps.append(f"上限只用于个人缴费，单位缴费仍按工资 {yuan(employer_base)} 计。")
    return _contributions(p, base, employer_base, steps)


ASSUMED = ("没有填上年度职工月平均工资，就按您的工资直接作缴费基数算，也就是假定工资在缴费基数的下限和上限之间。"
           "工资很低或很高时，请填上这个数再算：当地人社局或统计局每年公布“上年度职工月平均工资”。")


def _from_wage_alone(p: Mapping[str, Any], wage: float) -> Computed:
    """The answer from the wage alone when the floor and ceiling need an average wage nobody gave."""
    base = round_fen(wage)
    steps = [ASSUMED]
    if p.get("base_floor") is not None and base < p["base_floor"]:
        base = p["base_floor"]
        steps.append(f"工资低于最低缴费基数 {yuan(base)}，按 {yuan(base)} 作缴费基数。")
    else:
        steps.append(f"缴费基数按工资 {yuan(base)} 计。")
    return _contributions(p, base, base, steps)


def _contributions(p: Mapping[str, Any], base: float, employer_base: float, steps: list[str]) -> Computed:
    """Both shares and their sum from the bases, with the steps that show the sums."""
    employer = round_fen(employer_base * p["employer_rate"])
    employee = round_fen(base * p["employee_rate"])
    total = round_fen(employer + employee)
    steps.append(f"单位缴费：{yuan(employer_base)} × {percent(p['employer_rate'])} = {yuan(employer)}。")
    steps.append(f"个人缴费：{yuan(base)} × {percent(p['employee_rate'])} = {yuan(employee)}。")
    steps.append(f"合计：{yuan(employer)} + {yuan(employee)} = {yuan(total)}/月。")
    return Computed({"base": base, "employer": employer, "employee": employee, "total": total}, tuple(steps))


def formula(p: Mapping[str, Any]) -> tuple[str, ...]:
    lines = [f"单位缴费 = 缴费基数 × {percent(p['employer_rate'])}；个人缴费 = 缴费基数 × "
             f"{percent(p['employee_rate'])}。"]
    bounds = []
    if p.get("base_floor") is not None:
        bounds.append(f"不低于 {yuan(p['base_floor'])}")
    if p.get("base_floor_ratio") is not None:
        bounds.append(f"不低于上年度职工月平均工资的 {percent(p['base_floor_ratio'])}")
    if p.get("base_ceiling_ratio") is not None:
        bounds.append(f"不高于上年度职工月平均工资的 {percent(p['base_ceiling_ratio'])}")
        if p.get("ceiling_employee_only"):
            bounds.append("上限只用于个人缴费")
    lines.append("缴费基数按本人工资，" + ("，".join(bounds) if bounds else "来源没有写上下限") + "。")
    if p.get("average_wage") is not None:
        lines.append(f"本市公布的上年度职工月平均工资：{yuan(p['average_wage'])}。")
    return tuple(lines)


def fields(p: Mapping[str, Any]) -> tuple[Field, ...]:
    out = [Field("wage", LABELS["wage"], "number", unit="元/月", min=0, max=MAX_AMOUNT)]
    if _needs_average(p):
        known = p.get("average_wage")
        out.append(Field("average_wage", LABELS["average_wage"], "number", unit="元/月", min=1,
                         max=MAX_AMOUNT, default="" if known is None else f"{known:g}", optional=True,
                         hint="" if known is not None else
                         "不知道可以不填：按您的工资计算。当地人社局或统计局每年公布这个数，填上后会按缴费基数的上下限算得更准。"))
    return tuple(out)


def samples(p: Mapping[str, Any], today: dt.date) -> tuple[dict[str, Any], ...]:
    """Wages below, at and above the bounds; none when only the reader knows the average wage."""
    average = p.get("average_wage")
    if _needs_average(p) and average is None:
        return ({"wage": SAMPLE_WAGE},)
    anchor = average if average is not None else p.get("base_floor")
    if anchor is None:
        return ()
    factors = (0.5, 1, 2 * p["base_ceiling_ratio"]) if p.get("base_ceiling_ratio") else (0.5, 1, 2)
    return tuple({"wage": scaled(anchor * f, 0)} for f in factors)
