"""How calculators round and print money, rates and dates — defined once for Python.

static/calc/money.js is the same rule in JavaScript; tests/vectors/*.json hold both to
the fen. Rounding is half-up to the fen. Binary floating point stores 930 × 0.065 as
60.449999999999996, so before rounding we read the scaled value back at 12 significant
digits (what a person would have written) — 6044.99999… becomes 6045. Amounts are capped
at 10,000,000 元, far below where 12 digits would reach the fen.
"""
from __future__ import annotations

import datetime as dt
import math

_SIGNIFICANT = 12


def scaled(value: float, decimals: int) -> int:
    """`value` × 10^decimals rounded half-up (away from zero) to a whole number."""
    raw = value * 10 ** decimals
    clean = float(f"{raw:.{_SIGNIFICANT}g}")
    whole = math.floor(abs(clean) + 0.5)
    return -whole if clean < 0 else whole


def round_fen(value: float) -> float:
    return scaled(value, 2) / 100


def round_ratio(value: float) -> float:
    """Rates added and subtracted (80% + 4% − 5%) without binary noise."""
    return scaled(value, 6) / 1_000_000


def number(value: float, decimals: int = 2) -> str:
    """12000 → '12,000'; 60.45 → '60.45'; 60.5 → '60.5' (at most `decimals` places)."""
    n = scaled(value, decimals)
    sign = "-" if n < 0 else ""
    whole, frac = divmod(abs(n), 10 ** decimals)
    text = f"{whole:,}"
    digits = str(frac).rjust(decimals, "0").rstrip("0") if decimals else ""
    return sign + text + ("." + digits if digits else "")


def yuan(value: float) -> str:
    """Money as printed on the site: '385 元', '60.45 元', '60.50 元', '120,000 元'."""
    n = scaled(value, 2)
    whole, fen = divmod(abs(n), 100)
    text = ("-" if n < 0 else "") + f"{whole:,}"
    return (text + f".{fen:02d}" if fen else text) + " 元"


def percent(rate: float) -> str:
    """0.065 → '6.5%'; 3 → '300%'."""
    return number(rate * 100, 4) + "%"


def points(rate: float) -> str:
    """0.05 → '5 个百分点'."""
    return number(rate * 100, 4) + " 个百分点"


def date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def month_day(text: str) -> str:
    """'12-26' → '12月26日'."""
    return f"{int(text[:2])}月{int(text[3:])}日"
