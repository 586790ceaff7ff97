"""Punctuation a Chinese input method types where YAML needs ASCII: `name：大连`, a
full-width space as indentation, `[s000，s001]`, 【】, “”, `－ 中山区`, `＃ 注释`.

YAML reads such a slip as part of a text, so it either fails lines later with a message
about something else, or (worse) parses into a text where a list or a section was meant.
Slips are looked for only at the start of YAML's own plain (unquoted) texts, and commas
only inside [ ] lists: full-width punctuation inside Chinese prose, quoted texts, block
texts and comments is never touched. Each slip is named with its column, counted in
characters from 1, and the fix.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import yaml

from generator.source.schemas import names, schema

# YAML's own line breaks, so that line numbers agree with PyYAML's marks
LINE_BREAKS = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")

_DASHES = "－—–−"
_QUOTES = {"“": "”", "‘": "’", "＂": "＂", "＇": "＇", "”": "”"}
_BRACKETS = {"【": "】", "［": "］"}
_FIRST = frozenset("\u3000＃" + _DASHES + "".join(_QUOTES) + "".join(_BRACKETS))
_KEY_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
_KEY = r"[A-Za-z_][A-Za-z0-9_-]*"
_COLON = re.compile(rf"({_KEY})([ \u3000]*)(：|:(?=\u3000)|:(?=[^\s/:]))")
_SUSPECT = re.compile(rf"^(?:[\u3000＃{_DASHES}{''.join(_QUOTES)}{''.join(_BRACKETS)}]|{_KEY}[ \u3000]*[:：])"
                      r"|[ \u3000]＃")


Edit = tuple  # (line from 0, column from 0, characters replaced, replacement)


@dataclass(frozen=True)
class Slip:
    line: int      # from 1
    column: int    # from 1, in characters
    message: str
    # What the message tells the volunteer to do, as edits to the text: the loader applies
    # them to look for the next slip, so that all of a file's slips are named at once.
    # Empty when the fix cannot be written down for certain (e.g. a quote never closed).
    fix: tuple[Edit, ...] = ()


def apply_fixes(text: str, slips: Iterable[Slip]) -> str | None:
    """The text with every slip fixed as its message says, or None when one of them has
    no fix. Fixes replace characters within a line and never add or remove a line break,
    so line numbers stay those of the volunteer's file."""
    edits: dict[int, list[Edit]] = {}
    for slip in slips:
        if not slip.fix:
            return None
        for edit in slip.fix:
            edits.setdefault(edit[0], []).append(edit)
    pieces = LINE_BREAKS.split(text)
    breaks = LINE_BREAKS.findall(text)
    for number, line_edits in edits.items():
        if number >= len(pieces):
            return None
        line, end = pieces[number], None
        for _, column, length, replacement in sorted(line_edits, key=lambda e: e[1], reverse=True):
            if end is not None and column + length > end:
                return None  # two fixes of one place
            line = line[:column] + replacement + line[column + length:]
            end = column
        pieces[number] = line
    return "".join(piece + brk for piece, brk in zip(pieces, breaks + [""]))


def split_lines(text: str) -> list[str]:
    return LINE_BREAKS.split(text)


def in_nodes(root: yaml.Node, text: str) -> list[Slip]:
    """Slips in a file that parsed: a text YAML accepted where the volunteer meant
    structure. Keys are held to the names the schemas know, so that `APP：查询` in a
    list of texts stays a text; quotes and brackets to what reads as data, so that
    “辽事通” and 【通知】 stay texts."""
    suspects: list[tuple[yaml.ScalarNode, bool]] = []
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:  # every check runs on every good file: only a cheap look at each text here
        node, in_flow = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            value = node.value
            if not node.style and value and (
                    value[0] in _FIRST or "＃" in value
                    or (value[0] in _KEY_START and (":" in value or "：" in value))
                    or (in_flow and ("，" in value or "、" in value))
                    or node.start_mark.line != node.end_mark.line):
                suspects.append((node, in_flow))
        elif isinstance(node, yaml.MappingNode):
            flow = bool(node.flow_style)
            for key, value in node.value:
                stack.append((key, flow))
                stack.append((value, flow))
        elif isinstance(node, yaml.SequenceNode):
            flow = bool(node.flow_style)
            stack.extend((child, flow) for child in node.value)
    if not suspects:
        return []
    lines = split_lines(text)
    found = [slip for node, in_flow in suspects
             for slip in _in_plain(node.value, node.start_mark, node.end_mark, lines, in_flow, error_line=None)]
    return sorted(found, key=lambda s: (s.line, s.column))


def in_tokens(text: str, lines: list[str], error_line: int, key_at: yaml.Mark | None = None) -> list[Slip]:
    """Slips in a file YAML gave up on at `error_line` (from 1): what its scanner read
    up to there. A slip on or before that line is the likely cause of the error.
    `key_at`: where a would-be key starts that YAML gave up on before handing it over
    (“could not find expected ':'”); it is read from the text."""
    scanner = yaml.SafeLoader(text)
    found: list[Slip] = []
    depth = 0
    try:
        while True:
            token = scanner.get_token()
            if token is None or token.start_mark.line + 1 > error_line:
                break
            if isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)):
                depth += 1
            elif isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)):
                depth = max(0, depth - 1)
            elif isinstance(token, yaml.ScalarToken) and token.plain:
                found.extend(_in_plain(token.value, token.start_mark, token.end_mark, lines,
                                       depth > 0, error_line=error_line))
    except yaml.YAMLError:
        pass
    finally:
        scanner.dispose()
    if key_at is not None and key_at.line < len(lines):
        value = lines[key_at.line][key_at.column:].split(" #")[0].rstrip()
        found.extend(_in_plain(value, key_at, key_at, lines, depth > 0, error_line=error_line))
    return sorted({s for s in found if s.line <= error_line}, key=lambda s: (s.line, s.column))


def _in_plain(value: str, start: yaml.Mark, end: yaml.Mark, lines: list[str], in_flow: bool,
              error_line: int | None) -> Iterable[Slip]:
    """The first slip in one plain text (a text spread over several lines can hold the
    same slip on each: it is named once)."""
    if not value:
        return []
    if not (_SUSPECT.search(value) or (in_flow and ("，" in value or "、" in value))
            or start.line != end.line):
        return []
    line = lines[start.line] if start.line < len(lines) else ""
    head, before = line[start.column:], line[: start.column]
    number, column = start.line + 1, start.column + 1
    at_line_start = re.fullmatch(r"[ ]*(?:-[ ]+)*", before) is not None
    indent_only = before.strip(" ") == ""  # where a list's “- ” or a comment's “#” would stand
    near_error = error_line is not None and number >= error_line - 1
    more = [n for n in range(start.line + 1, min(end.line, len(lines) - 1) + 1)]

    if at_line_start and head.startswith("\u3000"):
        return [Slip(number, column, f"第 {column} 列是全角空格（中文输入法的空格）。YAML 只认英文空格："
                                     "请删掉它，改用英文空格缩进，和同一层的其他行对齐。",
                     _align(lines, start.line) if indent_only else
                     ((start.line, start.column, len(head) - len(head.lstrip("\u3000")), " "),))]
    colon = _COLON.match(head) if at_line_start else None
    if colon and (colon.group(1) in known_keys() or near_error):
        key, mark = colon.group(1), colon.group(3)
        at = column + len(colon.group(1)) + len(colon.group(2))
        if mark == "：":
            return [Slip(number, at, f"第 {at} 列是中文冒号“：”，请改成英文冒号“:”，后面加一个空格。",
                         ((start.line, at - 1, 1, ": "),))]
        if head[colon.end()] == "\u3000":
            return [Slip(number, at + 1, f"第 {at + 1} 列是全角空格（中文输入法的空格）。冒号后面要用英文空格，"
                                         "请把它换成一个英文空格。", ((start.line, at, 1, " "),))]
        rest = head[colon.end():].split(" #")[0].strip()
        rest = rest if len(rest) <= 12 else rest[:12] + "…"
        return [Slip(number, at, f"第 {at} 列的冒号“:”后面少了一个空格。请写成“{key}: {rest}”。",
                     ((start.line, at, 0, " "),))]
    if indent_only and head[:1] in _DASHES:
        dash = re.match(rf"[{_DASHES}]+", head).group(0)
        also = [n for n in more if lines[n].lstrip(" ")[:1] in _DASHES]
        fix = tuple(_dash_fix(n, lines[n], len(lines[n]) - len(lines[n].lstrip(" ")))
                    for n in [start.line, *also])
        return [Slip(number, column, f"第 {column} 列是中文的“{dash}”。列表的每一项要用英文减号“-”开头，"
                                     "后面加一个空格，例如“- 中山区”。" + ("下面几行也一样。" if also else ""),
                     fix)]
    if indent_only and head.startswith("＃") or re.search(r"[ \u3000]＃", head) or any(
            lines[n].lstrip(" ").startswith("＃") for n in more):
        if indent_only and head.startswith("＃"):
            number, at = start.line + 1, column
        else:
            hit = re.search(r"[ \u3000]＃", head)
            if hit:
                number, at = start.line + 1, column + hit.start() + 1
            else:
                n = next(n for n in more if lines[n].lstrip(" ").startswith("＃"))
                number, at = n + 1, lines[n].index("＃") + 1
        before_hash = lines[number - 1][at - 2: at - 1] if at > 1 else ""
        fix = ((number - 1, at - 2, 2, " #"),) if before_hash in (" ", "\u3000") else ((number - 1, at - 1, 1, "#"),)
        return [Slip(number, at, f"第 {at} 列是全角井号“＃”。注释要用英文井号“#”，前面至少留一个空格；"
                                 "用了“＃”，这段话会被当成内容。", fix)]
    opener = head[:1]
    if opener in _QUOTES:
        closer = _QUOTES[opener]
        inner = value[1:-1]
        wrapped = len(value) > 1 and value.endswith(closer) and not any(q in inner for q in (opener, closer))
        # “辽事通” may be a name in quotes; “0411”, “2024-10-16” or “注意: …” are YAML quotes
        meant_for_yaml = inner.isascii() or ": " in inner or " #" in inner
        if wrapped and meant_for_yaml or error_line == number:
            edits: tuple[Edit, ...] = ()
            if wrapped and start.line == end.line:
                ascii_quote = '"' if '"' not in inner else "'"
                fix = f"请把 {value} 改成 {ascii_quote}{inner}{ascii_quote}。"
                if head.startswith(value):
                    edits = ((start.line, start.column, len(value), f"{ascii_quote}{inner}{ascii_quote}"),)
            else:
                fix = "请把中文引号换成英文引号 \" 或 '，整段文字放在英文引号里面。"
            return [Slip(number, column, f"第 {column} 列是中文引号（{opener}）。YAML 的引号要用英文引号，{fix}",
                         edits)]
    if opener in _BRACKETS:
        inner = value[1:-1] if value.endswith(_BRACKETS[opener]) else None
        listed = inner is not None and ("," in inner or re.sub(r"[，、\s]", "", inner).isascii())
        if listed or error_line == number:
            closer = head.find(_BRACKETS[opener])
            edits = ((start.line, start.column, 1, "["), (start.line, start.column + closer, 1, "]")) \
                if closer > 0 else ()
            return [Slip(number, column, f"第 {column} 列是中文方括号“{opener}”。列表要用英文方括号“[”和“]”，"
                                         "例如 [s000, s001]。", edits)]
    if in_flow:
        comma = re.search(r"，|(?<=[A-Za-z0-9])、(?=[A-Za-z0-9])", head)
        if comma:
            name = "中文逗号“，”" if comma.group(0) == "，" else "中文顿号“、”"
            at = column + comma.start()
            inside = re.match(r"[^\]}]*", head).group(0)  # up to the end of the list
            edits = tuple((start.line, start.column + hit.start(), 1, ", ")
                          for hit in re.finditer(r"，|(?<=[A-Za-z0-9])、(?=[A-Za-z0-9])", inside))
            return [Slip(number, at, f"第 {at} 列是{name}。列表各项之间要用英文逗号“,”隔开，"
                                     "逗号后面加一个空格，例如 [s000, s001]。", edits)]
    return []


def _align(lines: list[str], number: int) -> tuple[Edit, ...]:
    """Full-width spaces in a line's indentation become as many ASCII spaces as line up
    the line with the nearest line above it that is indented with ASCII spaces only."""
    line = lines[number]
    indent = len(line) - len(line.lstrip(" \u3000"))
    for above in reversed(lines[:number]):
        stripped = above.lstrip(" ")
        if stripped and not stripped.startswith(("#", "\u3000")) and not above.startswith("\u3000"):
            width = len(above) - len(stripped)
            if line[indent:].startswith("- ") == stripped.startswith("- "):
                return ((number, 0, indent, " " * width),)
            break
    return ((number, 0, indent, " " * indent),)


def _dash_fix(number: int, line: str, at: int) -> Edit:
    dash = re.match(rf"[{_DASHES}]+", line[at:]).group(0)
    space = "" if line[at + len(dash): at + len(dash) + 1] == " " else " "
    return (number, at, len(dash), "-" + space)


@lru_cache(maxsize=None)
def known_keys() -> frozenset[str]:
    """Every key any of the schemas names."""
    keys: set[str] = set()

    def collect(node: object) -> None:
        if isinstance(node, dict):
            properties = node.get("properties")
            if isinstance(properties, dict):
                keys.update(properties)
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    for name in names():
        collect(schema(name))
    return frozenset(keys)
