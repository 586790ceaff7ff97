"""待遇生效日期: from which day (and to which day) a resident can use their insurance.

Answers "I paid in June, why is nothing on my card yet?". Each case in the city file says
how cover starts (`starts`):
- next-benefit-year: the first day of the benefit year after the one holding the payment
  (石家庄's benefit year runs 12月26日 – 次年12月25日, so it crosses 31 December);
- birth: the day of birth, if paid within `within_months_of_event` months of it;
- payment-next-month: the 1st of the month after payment;
- payment-wait: the 1st of the month after `wait_months` full months after the payment
  month (大连: paid any day in June, July and August pass, cover from 1 September);
- enrolment / acceptance: the payment (or acceptance) day itself.
A case that does not fit the dates (outside `window` or `payment_months`, or too long after
the event) is reported on the payment date field: that case does not apply.
`ends: benefit-year-end` is the last day of the benefit year holding the payment — 福州's
"待遇截止到缴费当年12月31日" — even when cover goes back to a birth in the year before.
Month periods follow the Civil Code, see dates.py.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from generator.calculators import dates
from generator.calculators.common import SAMPLE_DAY, Computed, Field, InputError, Output, choice, day
from generator.core.money import date as print_date
from generator.core.money import month_day

KIND = "cover_start"
TITLE = "待遇生效日期计算器"
INTRO = "缴费以后从哪天起能用医保？按本市规定算一算。"
LABELS = {"case": "参保情形", "payment_date": "缴费日期", "event_date": "事件日期"}
OUTPUTS = (Output("starts", "待遇开始", "date"), Output("ends", "待遇截止", "date"))
_STARTS = {"enrolment": "办完参保手续当天", "acceptance": "窗口受理当天"}


def event_label(case: Mapping[str, Any]) -> str:
    return f"{case['event']}日期" if case.get("event") else LABELS["event_date"]


def month_list(months: list[int]) -> str:
    ordered = sorted(set(months))
    if len(ordered) >= 3 and ordered[-1] - ordered[0] == len(ordered) - 1:
        return f"{ordered[0]} 至 {ordered[-1]} 月"
    return "、".join(str(m) for m in ordered) + " 月"


def benefit_year_text(start: str) -> str:
    last = dates.day_before(start)
    tail = "次年" if last < start else ""
    return f"待遇年度从每年 {month_day(start)} 起，到{tail} {month_day(last)} 止。"


def _check_event(case: Mapping[str, Any], paid: dt.date, inputs: Mapping[str, Any], steps: list[str]) -> dt.date | None:
    if not _needs_event(case):
        return None
    label = event_label(case)
    event = day(inputs, "event_date", label)
    if event > paid:
        raise InputError("event_date", f"{label}不能晚于缴费日期。")
    months = case.get("within_months_of_event")
    if months is not None:
        deadline = dates.add_months(event, months)
        if paid > deadline:
            raise InputError("payment_date", f"这种情形要在{case.get('event', '事件')}后 {months} 个月内"
                                             f"（最晚 {print_date(deadline)}）缴费；{print_date(paid)} 已超过期限，"
                                             "不适用这种情形。")
        steps.append(f"{label} {print_date(event)}，{months} 个月内最晚 {print_date(deadline)}；"
                     f"{print_date(paid)} 缴费在期限内。")
    return event


def compute(p: Mapping[str, Any], inputs: Mapping[str, Any]) -> Computed:
    cases = {c["id"]: c for c in p["cases"]}
    case = cases[choice(inputs, "case", LABELS["case"], {k: c["name"] for k, c in cases.items()})]
    paid = day(inputs, "payment_date", LABELS["payment_date"])
    year_start = p["benefit_year_start"]
    steps = [f"情形：{case['name']}。", benefit_year_text(year_start)]
    window = case.get("window")
    if window:
        if not dates.in_window(paid, window["start"], window["end"]):
            raise InputError("payment_date", f"这种情形要在每年 {month_day(window['start'])} 至 "
                                             f"{month_day(window['end'])} 缴费；{print_date(paid)} 不在这个期间，"
                                             "不适用这种情形。")
        steps.append(f"{print_date(paid)} 在 {month_day(window['start'])} 至 {month_day(window['end'])} 的缴费期内。")
    allowed = case.get("payment_months")
    if allowed:
        if paid.month not in allowed:
            raise InputError("payment_date", f"这种情形只适用于 {month_list(allowed)}缴费；{print_date(paid)} "
                                             f"是 {paid.month} 月，不适用这种情形。")
    event = _check_event(case, paid, inputs, steps)
    kind = case["starts"]
    if kind == "next-benefit-year" and not window:
        steps.append(f"本市资料没有写这个缴费期的起止日期，计算器无法判断 {print_date(paid)} 是否在期内。"
                     "下面的结果只在期内缴费时成立，请先向经办机构确认。")
    if kind == "next-benefit-year":
        starts = dates.benefit_year(paid, year_start)[1] + dt.timedelta(days=1)
        steps.append(f"待遇从下一个待遇年度的第一天开始：{print_date(starts)}。")
    elif kind == "birth":
        starts = event
        steps.append(f"待遇从出生当天开始：{print_date(starts)}。")
    elif kind == "payment-next-month":
        starts = dates.first_of_month(paid, 1)
        steps.append(f"待遇从缴费次月 1 日开始：{print_date(starts)}。")
    elif kind == "payment-wait":
        wait = case.get("wait_months", 0)
        starts = dates.first_of_month(paid, wait + 1)
        steps.append(f"{paid.month} 月缴费，要等满 {wait} 个月，待遇从 {print_date(starts)} 开始。")
    else:
        starts = paid
        steps.append(f"{_STARTS[kind]}开始享受待遇：{print_date(starts)}。")
    ends = ""
    if case.get("ends") == "benefit-year-end":
        last = dates.benefit_year(paid, year_start)[1]
        ends = last.isoformat()
        steps.append(f"待遇到这个待遇年度的最后一天 {print_date(last)} 为止。")
    if starts > paid:
        steps.append(f"在 {print_date(starts)} 之前，医保卡上还看不到这次缴费的待遇，这是正常的。")
    return Computed({"starts": starts.isoformat(), "ends": ends}, tuple(steps))


def formula(p: Mapping[str, Any]) -> tuple[str, ...]:
    lines = [benefit_year_text(p["benefit_year_start"])]
    for c in p["cases"]:
        rule = {"next-benefit-year": "从下一个待遇年度第一天起享受待遇",
                "birth": "从出生当天起享受待遇",
                "payment-next-month": "从缴费次月 1 日起享受待遇",
                "payment-wait": f"缴费后等满 {c.get('wait_months', 0)} 个月，从下一个月 1 日起享受待遇",
                }.get(c["starts"], f"从{_STARTS.get(c['starts'], '')}起享受待遇")
        limits = []
        if c.get("window"):
            limits.append(f"每年 {month_day(c['window']['start'])} 至 {month_day(c['window']['end'])} 缴费")
        elif c["starts"] == "next-benefit-year":
            limits.append("缴费期的起止日期本市资料没有写")
        if c.get("payment_months"):
            limits.append(f"{month_list(c['payment_months'])}缴费")
        if c.get("within_months_of_event") is not None:
            limits.append(f"{c.get('event', '事件')}后 {c['within_months_of_event']} 个月内缴费")
        lines.append(f"{c['name']}：" + ("，".join(limits) + "，" if limits else "") + rule
                     + ("，到当前待遇年度最后一天止" if c.get("ends") == "benefit-year-end" else "") + "。")
    return tuple(lines)


def _needs_event(case: Mapping[str, Any]) -> bool:
    return case["starts"] == "birth" or case.get("within_months_of_event") is not None


def fields(p: Mapping[str, Any]) -> tuple[Field, ...]:
    needing = [c for c in p["cases"] if _needs_event(c)]
    events = sorted({event_label(c) for c in needing})
    out = [Field("case", LABELS["case"], "select", tuple((c["id"], c["name"]) for c in p["cases"]),
                 default=p["cases"][0]["id"]),
           Field("payment_date", LABELS["payment_date"], "date")]
    if needing:
        out.append(Field("event_date", "、".join(events).replace("日期、", "、"), "date",
                         when=("case", "|".join(c["id"] for c in needing))))
    return tuple(out)


def samples(p: Mapping[str, Any], today: dt.date) -> tuple[dict[str, Any], ...]:
    """One payment per case, on a date that fits the case, in the current year."""
    out: list[dict[str, Any]] = []
    for c in p["cases"]:
        paid = today.replace(day=SAMPLE_DAY)
        if c.get("window"):
            paid = dates.anniversary(today.year, c["window"]["end"])
        elif c.get("payment_months"):
            paid = paid.replace(month=sorted(c["payment_months"])[len(c["payment_months"]) // 2])
        row = {"case": c["id"], "payment_date": paid.isoformat()}
        if _needs_event(c):
            row["event_date"] = dates.add_months(paid, -1).isoformat()
        out.append(row)
    return tuple(out)
