"""Calendar arithmetic for when cover starts, the same in static/calc/dates.js.

Month periods follow the Civil Code (art. 201–202): counting starts the day after the
event, and a period of n months ends on the same day n months later, or on the last day
of that month when it has no such day (born 30 November → 3 months end 28/29 February).
"""
from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def first_of_month(day: dt.date, months_after: int) -> dt.date:
    """The 1st of the month `months_after` months after `day`'s month."""
    return add_months(day.replace(day=1), months_after)


def anniversary(year: int, month_day: str) -> dt.date:
    """`month_day` ('12-26') in `year`; 02-29 falls back to 28 February in other years."""
    month, dom = int(month_day[:2]), int(month_day[3:])
    return dt.date(year, month, min(dom, calendar.monthrange(year, month)[1]))


def benefit_year(day: dt.date, start: str) -> tuple[dt.date, dt.date]:
    """First and last day of the benefit year (starting each year on `start`) holding `day`."""
    begin = anniversary(day.year, start)
    if begin > day:
        begin = anniversary(day.year - 1, start)
    nxt = anniversary(begin.year + 1, start)
    return begin, nxt - dt.timedelta(days=1)


def in_window(day: dt.date, start: str, end: str) -> bool:
    """Whether `day` falls in a yearly window 'MM-DD'..'MM-DD' (which may cross 31 December)."""
    md = f"{day.month:02d}-{day.day:02d}"
    if start <= end:
        return start <= md <= end
    return md >= start or md <= end


def day_before(month_day: str) -> str:
    """'12-26' → '12-25'; '01-01' → '12-31'; '03-01' → '02-28' (a benefit year's last day)."""
    month, dom = int(month_day[:2]), int(month_day[3:])
    if dom > 1:
        return f"{month:02d}-{dom - 1:02d}"
    month = month - 1 or 12
    return f"{month:02d}-{calendar.mdays[month]:02d}"
