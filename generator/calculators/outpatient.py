"""普通门诊报销: how much of a year's ordinary outpatient costs the fund pays.

(bill − the group's yearly deductible) × rate, at most the yearly cap (石家庄 s004:
中小学生和 18 周岁及以下 100 元、其他居民 200 元起付,支付 50%,每人每年最多 800 元).
The bill is the year's total of eligible costs, so the cap applies to it directly.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from generator.calculators.common import MAX_AMOUNT, SAMPLE_BILLS, Computed, Field, Output, choice, number
from generator.core.money import percent, round_fen, yuan

KIND = "outpatient"
TITLE = "普通门诊报销计算器"
INTRO = "按今年累计的普通门诊医疗费，估算医保基金报销多少。"
LABELS = {"bill": "今年累计普通门诊医疗费（政策范围内）", "group": "人群"}
OUTPUTS = (Output("fund", "医保基金支付", "money"), Output("personal", "个人负担", "money"))


def compute(p: Mapping[str, Any], inputs: Mapping[str, Any]) -> Computed:
    bill = number(inputs, "bill", LABELS["bill"])
    groups = {g["id"]: g for g in p["groups"]}
    group = groups[choice(inputs, "group", LABELS["group"], {k: g["name"] for k, g in groups.items()})]
    deductible = group["deductible"]
    steps = [f"{group['name']}：每年起付标准 {yuan(deductible)}，基金支付 {percent(p['rate'])}。"]
    over = round_fen(max(0.0, bill - deductible))
    if over == 0:
        fund = 0.0
        steps.append(f"医疗费 {yuan(bill)} 没有超过起付标准，基金不支付。")
    else:
        fund = round_fen(over * p["rate"])
        steps.append(f"{yuan(bill)} − {yuan(deductible)} = {yuan(over)}；{yuan(over)} × {percent(p['rate'])} = {yuan(fund)}。")
        if fund > p["annual_cap"]:
            fund = round_fen(p["annual_cap"])
            steps.append(f"超过每年支付限额，基金最多支付 {yuan(fund)}。")
    personal = round_fen(bill - fund)
    steps.append(f"个人负担：{yuan(bill)} − {yuan(fund)} = {yuan(personal)}。")
    return Computed({"fund": fund, "personal": personal}, tuple(steps))


def formula(p: Mapping[str, Any]) -> tuple[str, ...]:
    lines = [f"{g['name']}：每年超过 {yuan(g['deductible'])} 的部分，基金支付 {percent(p['rate'])}。"
             for g in p["groups"]]
    lines.append(f"基金每人每年最多支付 {yuan(p['annual_cap'])}。")
    return tuple(lines)


def fields(p: Mapping[str, Any]) -> tuple[Field, ...]:
    return (Field("bill", LABELS["bill"], "number", unit="元", min=0, max=MAX_AMOUNT),
            Field("group", LABELS["group"], "select", tuple((g["id"], g["name"]) for g in p["groups"]),
                  default=p["groups"][0]["id"]))


def samples(p: Mapping[str, Any], today: dt.date) -> tuple[dict[str, Any], ...]:
    return tuple({"bill": bill, "group": g["id"]} for bill in SAMPLE_BILLS[:3] for g in p["groups"][:1]) + \
        tuple({"bill": SAMPLE_BILLS[1], "group": g["id"]} for g in p["groups"][1:])
