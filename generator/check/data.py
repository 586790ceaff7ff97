"""Walking a loaded file's plain data, for the checks a schema cannot make."""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterator


def walk(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from walk(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from walk(value, path + (index,))


def real_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def month_day(text: str) -> tuple[int, int] | None:
    if not isinstance(text, str) or not re.fullmatch(r"[0-9]{2}-[0-9]{2}", text):
        return None
    month, day = int(text[:2]), int(text[3:])
    try:
        dt.date(2024, month, day)  # a leap year, so 02-29 is a real day
    except ValueError:
        return None
    return month, day


def _items(section: Any, key: str = "items") -> list[tuple[int, dict]]:
    if isinstance(section, dict) and isinstance(section.get(key), list):
        return [(i, item) for i, item in enumerate(section[key]) if isinstance(item, dict)]
    return []


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _complete(items: Any, key: str = "id") -> bool:
    """Every item has its id. When one lacks it (already reported as missing), a
    reference to that item cannot be told from a wrong one: it is not reported again."""
    return isinstance(items, list) and all(isinstance(i, dict) and isinstance(i.get(key), str) for i in items)
