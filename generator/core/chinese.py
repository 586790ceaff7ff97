"""How the guide writes numbers and dates in Chinese: `385 元`, `8.6%`, `9月1日`.

Money, rates and full dates are printed exactly as the calculators print them
(generator/calculators/money.py, twin of static/calc/money.js), so a figure reads the
same on a topic page, the compare page and in a calculator's steps.
"""
from __future__ import annotations

from generator.core.money import date, number, percent, yuan

__all__ = ["date", "month_day", "number", "partial_date", "percent", "period", "yuan"]


def month_day(month: int, day: int) -> str:
    return f"{month}月{day}日"


def period(start, end) -> str:
    """Two month-days (anything with .month and .day): '9月1日 至 11月30日', and for a
    span across the new year '12月26日 至次年 12月25日'."""
    across = (end.month, end.day) < (start.month, start.day)
    return f"{month_day(start.month, start.day)} 至{'次年' if across else ''} {month_day(end.month, end.day)}"


def partial_date(text: str) -> str:
    """'2024-10-16' → '2024年10月16日', '2012-07' → '2012年7月', '2012' → '2012年'."""
    parts = [int(p) for p in text.split("-")]
    return "".join(f"{v}{u}" for v, u in zip(parts, ("年", "月", "日")))
