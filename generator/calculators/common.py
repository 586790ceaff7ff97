"""What every calculator shares: reading inputs the way a person types them, choosing the
version of the parameters in force on a date, and the shape of a result.

static/calc/common.js is the same code in JavaScript. Both give the same Chinese message
for the same bad input, so the vectors can check the field names in both languages.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Mapping

from generator.core import money

MAX_AMOUNT = 10_000_000  # anything larger is a typo (an extra 0), not a wage or a bill
MAX_AGE = 120
MAX_YEARS = 100  # continuous years insured
MAX_MONTHS = 600  # months owed: fifty years
FIRST_YEAR, LAST_YEAR = 1950, 2100  # dates outside this are typos, not policy dates
DATE_FIELD = "date"
DATE_LABEL = "按哪一天的规定计算"

_FULLWIDTH = str.maketrans("０１２３４５６７８９．－", "0123456789.-")
# ASCII digits only ([0-9], not \\d, which is any Unicode digit: ٨٠٠٠ was 8000 here while the
# JavaScript twin refused it). Full-width ０-９ an input method types are translated first.
_NUMBER = re.compile(r"^-?([0-9]+(\.[0-9]*)?|\.[0-9]+)$")
# the unit a person may type after the number: 8000元, 8000元/月, 40岁, 12个月 (common.js UNIT)
_UNIT = re.compile(r"(?:(?:元|块钱?)(?:/?每?[月年])?|周?岁|个?月)$")
_ISO_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_TRUE = {"true", "1", "on", "yes", "是"}
_FALSE = {"false", "0", "off", "no", "否", ""}


class InputError(Exception):
    """A value the person typed (or an example gave) that the rule cannot use."""

    def __init__(self, field: str, message: str, unknown: bool = False):
        super().__init__(message)
        self.field = field
        self.message = message
        # nothing is wrong with what was typed: the guide does not know the answer (common.js twin)
        self.unknown = unknown


@dataclass(frozen=True)
class Output:
    name: str
    label: str
    type: str  # "money" or "date"


@dataclass(frozen=True)
class Computed:
    """What a rule returns: figures by output name (None = the source gives no figure)."""

    outputs: Mapping[str, Any]
    steps: tuple[str, ...]


@dataclass(frozen=True)
class Result(Computed):
    version: Mapping[str, Any] = field(default_factory=dict)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def number(inputs: Mapping[str, Any], name: str, label: str, *, minimum: float = 0,
           maximum: float = MAX_AMOUNT, integer: bool = False, optional: bool = False) -> float | None:
    value = inputs.get(name)
    if _blank(value):
        if optional:
            return None
        raise InputError(name, f"请填写{label}。")
    if isinstance(value, bool):
        raise InputError(name, f"{label}只能填数字，例如 8000。")
    if isinstance(value, str):
        text = _UNIT.sub("", re.sub(r"[\s,\uff0c\u3000]", "", value.translate(_FULLWIDTH)))
        if not _NUMBER.match(text):
            other = next((ch for ch in text if unicodedata.category(ch) == "Nd" and not "0" <= ch <= "9"), None)
            if other:
                ascii_text = "".join(str(unicodedata.decimal(ch)) if unicodedata.category(ch) == "Nd" else ch
                                     for ch in text)
                raise InputError(name, f"{label}里的“{other}”不是 0 到 9 的数字。请写成 {ascii_text}。")
            raise InputError(name, f"{label}只能填数字，例如 8000。")
        value = float(text)
    if not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InputError(name, f"{label}不是有效的数字。")
    if value < 0:
        raise InputError(name, f"{label}不能是负数。")
    if value > maximum:
        if maximum == MAX_AMOUNT:
            raise InputError(name, f"{label}太大了，不能超过 {money.number(maximum)}。请检查是否多输了 0。")
        raise InputError(name, f"{label}不能超过 {money.number(maximum)}。")
    if integer and value != math.floor(value):
        raise InputError(name, f"{label}请填整数。")
    if value < minimum:
        raise InputError(name, f"{label}至少是 {money.number(minimum)}。")
    return float(value)


def choice(inputs: Mapping[str, Any], name: str, label: str, options: Mapping[str, str], *,
           allow_empty: bool = False) -> str:
    value = inputs.get(name)
    if _blank(value):
        if allow_empty:
            return ""
        raise InputError(name, f"请选择{label}。")
    if not isinstance(value, str) or value not in options:
        raise InputError(name, f"{label}“{value}”不在可选范围内，请从列表中选择。")
    return value


def flag(inputs: Mapping[str, Any], name: str, label: str) -> bool:
    value = inputs.get(name)
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise InputError(name, f"{label}请选择“是”或“否”。")


def day(inputs: Mapping[str, Any], name: str, label: str, *, optional: bool = False) -> dt.date | None:
    value = inputs.get(name)
    if _blank(value):
        if optional:
            return None
        raise InputError(name, f"请填写{label}。")
    if isinstance(value, dt.date):  # plain yaml.safe_load turns 2026-09-01 into a date
        value = value.isoformat()
    match = _ISO_DATE.match(value.strip()) if isinstance(value, str) else None
    if not match:
        raise InputError(name, f"{label}请按 2026-09-01 的格式填写。")
    year, month, dom = (int(g) for g in match.groups())
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InputError(name, f"{label}的年份要在 {FIRST_YEAR} 到 {LAST_YEAR} 之间。")
    try:
        return dt.date(year, month, dom)
    except ValueError:
        raise InputError(name, f"{label}“{value.strip()}”这一天不存在。") from None


def version_start(version: Mapping[str, Any]) -> str:
    """When a version of a city's parameters took effect, as every page and the calculator's
    script print it: '2012年7月1日', or '约2012年7月1日' when the source gives no date and
    `from_note` says how it was inferred."""
    text = money.date(dt.date.fromisoformat(version["from"]))
    return "约" + text if version.get("from_note") else text


def sorted_versions(versions: list[Mapping[str, Any]] | tuple) -> list[Mapping[str, Any]]:
    return sorted(versions, key=lambda v: v["from"])


def choose_version(versions, on: dt.date | None) -> Mapping[str, Any]:
    """The version in force on `on`; the latest one when no date is given."""
    ordered = sorted_versions(versions)
    if on is None:
        return ordered[-1]
    in_force = [v for v in ordered if v["from"] <= on.isoformat()]
    if not in_force:
        first = dt.date.fromisoformat(ordered[0]["from"])
        raise InputError(DATE_FIELD, f"{money.date(on)}时还没有这项规定的参数：本市最早的参数从 "
                                     f"{money.date(first)}起施行。请选择更晚的日期。")
    return in_force[-1]


def in_force(versions, today: dt.date) -> Mapping[str, Any]:
    """The version every page shows for today — topic pages, the compare page and the
    calculators alike: the one in force, or the first when all of them start later."""
    try:
        return choose_version(versions, today)
    except InputError:
        return sorted_versions(versions)[0]


def run(rule, versions, inputs: Mapping[str, Any]) -> Result:
    """Choose the version for inputs['date'] (latest if absent) and apply `rule.compute`."""
    on = day(inputs, DATE_FIELD, DATE_LABEL, optional=True)
    version = choose_version(versions, on)
    done = rule.compute(version, inputs)
    first = f"按 {money.date(dt.date.fromisoformat(version['from']))}起施行的参数计算。"
    return Result(done.outputs, (first,) + done.steps, version)


def printed(value: Any, kind: str) -> str:
    """An output as a person reads it."""
    if value is None:
        return "来源未给出"
    if kind == "money":
        return money.yuan(value)
    if kind == "date":
        return money.date(dt.date.fromisoformat(value)) if value else "—"
    return str(value)


@dataclass(frozen=True)
class Field:
    """One input of a calculator form, as the template prints it."""

    name: str
    label: str
    kind: str  # number, select, date, checkbox
    options: tuple[tuple[str, str], ...] = ()  # (value, label)
    unit: str = ""
    min: float | None = None
    max: float | None = None
    default: str = ""
    integer: bool = False
    optional: bool = False
    hint: str = ""
    when: tuple[str, str] | None = None  # shown only when another field has one of these "a|b" values

    @property
    def inputmode(self) -> str:
        return "numeric" if self.integer else "decimal"


# Illustrative inputs for the worked examples a city page shows ("假设月工资 6,000 元").
# They are what a reader might type, never policy: every rate, floor and cap comes
# from the city file.
SAMPLE_WAGE = 6000
SAMPLE_PENSION = 3000
SAMPLE_BILLS = (300, 1000, 10000, 300000)
SAMPLE_DAY = 15
