"""How the guide writes numbers and dates in Chinese: `385 元`, `8.6%`, `9月1日`.

The one place for these conventions; templates receive strings already formatted here.
"""
from __future__ import annotations

import datetime as dt


def number(value: float) -> str:
    """12 → '12', 60.45 → '60.45', 120000 → '120,000'."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def yuan(value: float) -> str:
    return f"{number(value)} 元"


def percent(rate: float) -> str:
    return f"{number(round(rate * 100, 4))}%"


def date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def month_day(month: int, day: int) -> str:
    return f"{month}月{day}日"


def partial_date(text: str) -> str:
    """'2024-10-16' → '2024年10月16日', '2012-07' → '2012年7月', '2012' → '2012年'."""
    parts = [int(p) for p in text.split("-")]
    return "".join(f"{v}{u}" for v, u in zip(parts, ("年", "月", "日")))
