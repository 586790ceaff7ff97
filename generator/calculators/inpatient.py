"""住院报销: how much of one hospital stay the basic fund pays.

Read from 石家庄 (s004, 居民医保实施细则答问):
- "住院超过起付标准部分的医疗费由基本医保基金和个人共同支付" — the fund pays
  (bill − deductible) × rate, nothing when the bill does not pass the deductible;
  the deductible is counted per stay, as the source gives no yearly one.
- "对连续参保缴费的,从第二年起,每增加一个缴费年度,基本医保基金支付比例增加1%,
  增加的比例最高不超过10%" — the 2nd continuous year is the first "added" year, so
  bonus = per_year × max(0, years − from_year + 1), at most bonus_max: year 1 → +0,
  year 2 → +1%, year 11 and later → +10%.
- "经批准转往外地医疗机构发生的医疗费,个人负担比例提高5个百分点" — the personal
  share rises 5 points, so the fund's rate falls 5 points (after the bonus). The rate is
  kept within 0–100%.
- "按年度计算,基本医保基金支付……的限额为12万元" — a yearly cap shared by all stays,
  so what the fund already paid this year is subtracted first.
The bill means costs within the policy scope (政策范围内); self-paid items are not counted.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from generator.calculators.common import MAX_AMOUNT, MAX_YEARS, SAMPLE_BILLS, Computed, Field, Output, choice, flag, number
from generator.core.money import percent, points, round_fen, round_ratio, yuan

KIND = "inpatient"
TITLE = "住院报销计算器"
INTRO = "按医院级别、连续参保年数，估算一次住院医保基金报销多少、自己付多少。"
LABELS = {"bill": "住院医疗费（政策范围内）", "level": "医院级别", "years": "连续参保缴费年数（含今年）",
          "transferred": "经批准转往外地医院", "paid_this_year": "今年基金已经支付的金额"}
OUTPUTS = (Output("fund", "医保基金支付", "money"), Output("personal", "个人负担", "money"))


def _has_bonus(p: Mapping[str, Any]) -> bool:
    return p.get("continuous_bonus_per_year") is not None


def compute(p: Mapping[str, Any], inputs: Mapping[str, Any]) -> Computed:
    bill = number(inputs, "bill", LABELS["bill"])
    levels = {lv["id"]: lv for lv in p["levels"]}
    level = levels[choice(inputs, "level", LABELS["level"], {k: lv["name"] for k, lv in levels.items()})]
    years = number(inputs, "years", LABELS["years"], minimum=1, maximum=MAX_YEARS, integer=True) \
        if _has_bonus(p) else None
    transferred = flag(inputs, "transferred", LABELS["transferred"]) \
        if p.get("transfer_out_penalty") is not None else False
    paid = number(inputs, "paid_this_year", LABELS["paid_this_year"], optional=True) or 0.0

    steps = [f"{level['name']}：起付标准 {yuan(level['deductible'])}，基金支付 {percent(level['rate'])}。"]
    rate = level["rate"]
    terms = [percent(level["rate"])]
    if years is not None:
        start = p.get("continuous_bonus_from_year", 1)
        counted = max(0, int(years) - start + 1)
        bonus = round_ratio(counted * p["continuous_bonus_per_year"])
        top = p.get("continuous_bonus_max")
        if top is not None and bonus > top:
            bonus = top
            steps.append(f"连续参保 {years:g} 年，加 {percent(bonus)}（已到上限 {percent(top)}）。")
        elif counted:
            steps.append(f"连续参保 {years:g} 年：从第 {start} 年起每年加 "
                         f"{percent(p['continuous_bonus_per_year'])}，共加 {percent(bonus)}。")
        else:
            steps.append(f"连续参保 {years:g} 年，还没有增加比例（从第 {start} 年起增加）。")
        if bonus:
            rate += bonus
            terms.append("+ " + percent(bonus))
    if transferred:
        rate -= p["transfer_out_penalty"]
        terms.append("− " + percent(p["transfer_out_penalty"]))
        steps.append(f"转往外地就医，个人负担提高 {points(p['transfer_out_penalty'])}。")
    rate = min(1.0, max(0.0, round_ratio(rate)))
    if len(terms) > 1:
        steps.append(f"支付比例：{' '.join(terms)} = {percent(rate)}。")
    over = round_fen(max(0.0, bill - level["deductible"]))
    if over == 0:
        fund = 0.0
        steps.append(f"医疗费 {yuan(bill)} 没有超过起付标准 {yuan(level['deductible'])}，基金不支付。")
    else:
        fund = round_fen(over * rate)
        steps.append(f"超过起付标准的部分：{yuan(bill)} − {yuan(level['deductible'])} = {yuan(over)}。")
        steps.append(f"基金支付：{yuan(over)} × {percent(rate)} = {yuan(fund)}。")
    cap = p["annual_cap"]
    left = round_fen(max(0.0, cap - paid))
    if paid:
        steps.append(f"年度限额 {yuan(cap)}，今年已支付 {yuan(paid)}，还剩 {yuan(left)}。")
    if fund > left:
        fund = left
        steps.append(f"超过年度支付限额，基金最多再付 {yuan(left)}。")
    personal = round_fen(bill - fund)
    steps.append(f"个人负担：{yuan(bill)} − {yuan(fund)} = {yuan(personal)}。")
    return Computed({"fund": fund, "personal": personal}, tuple(steps))


def formula(p: Mapping[str, Any]) -> tuple[str, ...]:
    lines = [f"{lv['name']}：超过起付标准 {yuan(lv['deductible'])} 的部分，基金支付 {percent(lv['rate'])}。"
             for lv in p["levels"]]
    if _has_bonus(p):
        top = p.get("continuous_bonus_max")
        lines.append(f"连续参保的，从第 {p.get('continuous_bonus_from_year', 1)} 年起每年支付比例加 "
                     f"{percent(p['continuous_bonus_per_year'])}" + (f"，最多加 {percent(top)}" if top is not None else "")
                     + "。")
    if p.get("transfer_out_penalty") is not None:
        lines.append(f"经批准转往外地医院的，个人负担比例提高 {points(p['transfer_out_penalty'])}。")
    lines.append(f"基金每年最多支付 {yuan(p['annual_cap'])}。")
    return tuple(lines)


def fields(p: Mapping[str, Any]) -> tuple[Field, ...]:
    out = [Field("bill", LABELS["bill"], "number", unit="元", min=0, max=MAX_AMOUNT),
           Field("level", LABELS["level"], "select", tuple((lv["id"], lv["name"]) for lv in p["levels"]),
                 default=p["levels"][0]["id"])]
    if _has_bonus(p):
        out.append(Field("years", LABELS["years"], "number", unit="年", min=1, max=MAX_YEARS, integer=True,
                         default="1"))
    if p.get("transfer_out_penalty") is not None:
        out.append(Field("transferred", LABELS["transferred"], "checkbox"))
    out.append(Field("paid_this_year", LABELS["paid_this_year"], "number", unit="元", min=0, max=MAX_AMOUNT,
                     optional=True, hint="今年第一次住院不用填"))
    return tuple(out)


def samples(p: Mapping[str, Any], today: dt.date) -> tuple[dict[str, Any], ...]:
    first, last = p["levels"][0]["id"], p["levels"][-1]["id"]
    out: list[dict[str, Any]] = [{"bill": SAMPLE_BILLS[0], "level": first, "years": 1},
                                 {"bill": SAMPLE_BILLS[2], "level": first, "years": 1},
                                 {"bill": SAMPLE_BILLS[2], "level": last, "years": 1}]
    if _has_bonus(p):
        out.append({"bill": SAMPLE_BILLS[2], "level": last, "years": MAX_YEARS // 2})
    if p.get("transfer_out_penalty") is not None:
        out.append({"bill": SAMPLE_BILLS[2], "level": last, "years": 1, "transferred": True})
    out.append({"bill": SAMPLE_BILLS[3], "level": last, "years": 1})
    return tuple(out)
