"""Stage 2 — validate: everything wrong with a loaded file, in plain Chinese.

First the JSON Schema (the same one volunteers' editors use), here; then the checks a
schema cannot express, in `rules.py` (phone numbers, URLs, real dates, windows,
duplicates, references). All problems are collected and returned together; nothing
here raises.
"""
from __future__ import annotations

import difflib
import re
from functools import lru_cache
from typing import Any, Iterator

import regress
from jsonschema import Draft7Validator, ValidationError, validators

from generator.core.errors import Problem
from generator.source.load import Document
from generator.source.schemas import schema
from generator.core.money import scaled

TYPE_NAMES = {
    "string": "文字",
    "number": "数字",
    "integer": "整数",
    "array": "列表（每一项以“- ”开头）",
    "object": "一组“键: 值”",
    "boolean": "true 或 false",
    "null": "空值",
}

PATTERN_HINTS = {
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "日期应写成“年-月-日”，例如 2024-10-16。",
    r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$": "日期应写成 2024-10-16、2024-10 或 2024。",
    r"^[0-9]{2}-[0-9]{2}$": "应写成“月-日”并加引号，例如 \"09-01\"。",
    r"^[a-z0-9][a-z0-9-]*$": "编号只能用小写英文字母、数字和连字符（-），例如 city-centre。",
    r"^[a-z]+$": "拼音只能用小写字母，不加空格和声调，例如 dalian。",
    r"^0[1-9][0-9]{1,2}$": "区号应是以 0 开头的 3 到 4 位数字，并加引号，例如 \"0411\"。",
    r"^(newer/)?[A-Za-z0-9_.-]+$": "文件名只能包含英文字母、数字、下划线、点和连字符（较新的资料前面加 newer/）。",
}


_DATE_PATTERNS = tuple(p for p, hint in PATTERN_HINTS.items() if hint.startswith("日期"))
# 2025.12.01, 2025/12/1, 2025年12月1日, 2025-12-1, and the same with full-width digits
_DATE_LIKE = re.compile(r"\s*([0-9]{4})\s*[-.／/．－年]\s*([0-9]{1,2})\s*"
                        r"(?:[-.／/．－月]\s*(?:([0-9]{1,2})\s*日?)?)?\s*")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def date_hint(written: str) -> str:
    shapes = "“年-月-日”" if len(written) == 10 else "“年-月-日”“年-月”或“年”"
    return f"日期应写成{shapes}：请写成 {written}。"


def as_date(value: object, pattern: str) -> str | None:
    """`value` written the way a date field wants it, when it reads as a date in another
    common form: “2025.12.01” → “2025-12-01”, “2025年12月” → “2025-12” where a month may
    stand alone. None when it does not read as a date."""
    if pattern not in _DATE_PATTERNS or not isinstance(value, str):
        return None
    match = _DATE_LIKE.fullmatch(value.translate(_FULL_WIDTH_DIGITS))
    if not match:
        return None
    year, month, day = match.groups()
    if not 1 <= int(month) <= 12 or (day is not None and not 1 <= int(day) <= 31):
        return None
    if day is None:
        if not _ecma(pattern).find(f"{year}-{int(month):02d}"):
            return None  # a whole date is wanted: the day cannot be guessed
        return f"{year}-{int(month):02d}"
    return f"{year}-{int(month):02d}-{int(day):02d}"


@lru_cache(maxsize=None)
def _ecma(pattern: str) -> regress.Regex:
    return regress.Regex(pattern)


def _pattern(validator, pattern: str, instance: Any, schema: dict) -> Iterator[ValidationError]:
    """`pattern` as JSON Schema means it — an ECMA-262 regular expression, as volunteers'
    editors read it — not as Python's `re` reads it: there `$` also matches before a final
    newline, so `verified: |` (a date and a newline) passed `^…$` and crashed the build."""
    if validator.is_type(instance, "string") and _ecma(pattern).find(instance) is None:
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _decimals(validator, places: int, instance: Any, schema: dict) -> Iterator[ValidationError]:
    """`x-decimals`: at most this many decimal places — as many as the site prints, so a
    page never shows 0.001 元 as “0 元” or rounds what the file says."""
    if (validator.is_type(instance, "number") and abs(instance) < 1e12  # larger: `maximum` says so
            and scaled(instance, places) / 10 ** places != instance):
        yield ValidationError(f"{instance!r} has more than {places} decimal places")


_Validator = validators.extend(Draft7Validator, {"pattern": _pattern, "x-decimals": _decimals})


@lru_cache(maxsize=None)
def validator(name: str) -> Draft7Validator:
    """A validator for a schema with its local $refs written out in place: following
    each $ref at validation time was a third of the time of checking 3,000 cities."""
    raw = schema(name)
    definitions = raw.get("definitions", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/definitions/"):
                target = inline(definitions[ref.rsplit("/", 1)[1]])
                merged = dict(target)
                merged.update({k: inline(v) for k, v in node.items() if k != "$ref"})
                return merged
            return {k: inline(v) for k, v in node.items()}
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node

    return _Validator(inline({k: v for k, v in raw.items() if k != "definitions"}))


def describe(value: Any) -> str:
    if value is None:
        return "空的"
    if isinstance(value, bool):
        return f"{'true' if value else 'false'}（是/否）"
    if isinstance(value, (int, float)):
        return f"数字 {value}"
    if isinstance(value, str):
        short = value if len(value) <= 20 else value[:20] + "…"
        return f"文字“{short}”"
    if isinstance(value, list):
        return "一个列表"
    return "一组“键: 值”"


def schema_problems(doc: Document, schema_name: str) -> list[Problem]:
    errors = list(validator(schema_name).iter_errors(doc.data))
    # `nmae: 大连` is one mistake: said once, as the typo (“你是不是想写“name”?”), not
    # a second time as the missing `name`.
    typos = {(tuple(e.absolute_path), close) for e in errors if e.validator == "additionalProperties"
             for close in _closest_keys(e)}
    problems = []
    seen = set()
    for error in errors:
        # jsonschema reports each missing required key as an error of its own, and each
        # is translated to every missing key of that object: say each one once
        for problem in _translate(doc, error, typos):
            key = (problem.line, problem.column, problem.message)
            if key not in seen:
                seen.add(key)
                problems.append(problem)
    return problems


def _closest_keys(error) -> list[str]:
    allowed = list((error.schema if isinstance(error.schema, dict) else {}).get("properties", {}))
    return [close for name in error.instance if name not in allowed
            for close in difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)]


def _translate(doc: Document, error, typos: set = frozenset()) -> Iterator[Problem]:
    path = tuple(error.absolute_path)
    kind = error.validator
    sub = error.schema if isinstance(error.schema, dict) else {}
    title = sub.get("title")
    if kind == "required":
        present = error.instance if isinstance(error.instance, dict) else {}
        props = sub.get("properties", {})
        for name in error.validator_value:
            if name not in present and (path, name) not in typos:
                label = props.get(name, {}).get("title")
                label = f"({label})" if label else ""
                yield doc.problem(path, f"缺少必填项“{name}”{label}。请补上这一项。")
        return
    if kind == "additionalProperties":
        allowed = list(sub.get("properties", {}))
        for name in error.instance:
            if name in allowed:
                continue
            close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
            if close:
                hint = f"你是不是想写“{close[0]}”？"
            else:
                hint = "这里可以写的键有：" + "、".join(allowed) + "。"
            yield doc.problem(path + (name,), f"不认识的键“{name}”。{hint}", key=True)
        return
    if kind == "type":
        wanted = error.validator_value
        wanted = [wanted] if isinstance(wanted, str) else wanted
        names = " 或 ".join(TYPE_NAMES.get(w, w) for w in wanted)
        hint = ""
        # YAML reads 2024.12 as a number; 2024.1 may have been 2024.10: no guess then
        number = str(error.instance) if isinstance(error.instance, float) else ""
        written = as_date(number, sub.get("pattern", "")) if re.fullmatch(r"[0-9]{4}\.[0-9]{2}", number) else None
        if "string" in wanted and written:
            hint = date_hint(written)
        elif "string" in wanted and isinstance(error.instance, (int, float, bool)):
            hint = "电话、编号、区号等请加上引号，例如 \"0411\"。"
        elif "string" in wanted and error.instance is None:
            hint = "这一项不能空着：没有资料就整行删掉。"
        label = f"{title}:" if title else ""
        yield doc.problem(path, f"{label}应为{names}，这里是{describe(error.instance)}。{hint}")
        return
    if kind == "enum":
        options = "、".join(str(v) for v in error.validator_value)
        yield doc.problem(path, f"“{error.instance}”不是可选的值。可选：{options}。")
        return
    if kind == "pattern":
        hint = PATTERN_HINTS.get(error.validator_value, f"格式不对（应符合 {error.validator_value}）。")
        written = as_date(error.instance, error.validator_value)
        if written:
            hint = date_hint(written)
        yield doc.problem(path, f"“{error.instance}”格式不对。{hint}")
        return
    if kind in ("minimum", "exclusiveMinimum"):
        yield doc.problem(path, f"{error.instance} 太小：不能小于{'或等于' if kind == 'exclusiveMinimum' else ''} "
                                f"{error.validator_value}。")
        return
    if kind == "maximum":
        extra = "比例请写成小数，例如 8% 写 0.08。" if error.validator_value == 1 else ""
        yield doc.problem(path, f"{error.instance} 太大：不能大于 {error.validator_value}。{extra}")
        return
    if kind == "x-decimals":
        places = error.validator_value
        unit = "分（小数点后两位）" if places == 2 else f"小数点后 {places} 位"
        yield doc.problem(path, f"{error.instance} 的小数位太多：最多写到{unit}。网站按这个精度显示，"
                                "再多的位数会被四舍五入掉。")
        return
    if kind == "minItems":
        yield doc.problem(path, f"列表不能是空的，至少要有 {error.validator_value} 项。没有资料就整节删掉。")
        return
    if kind == "minLength":
        yield doc.problem(path, "不能是空文字。没有资料就整行删掉。")
        return
    if kind == "maxLength":
        yield doc.problem(path, f"文字太长（超过 {error.validator_value} 个字）。请精简或分成几条。")
        return
    if kind == "minProperties":
        yield doc.problem(path, "至少要写一项。")
        return
    yield doc.problem(path, f"内容不符合要求：{error.message}")
