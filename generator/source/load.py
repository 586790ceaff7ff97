"""Stage 1 — load: read a volunteer's YAML file into plain data, remembering where
every key and value stands so later stages can point at `file:line:column`.

Volunteers' files are untrusted. Whatever they hold (wrong encoding, tabs, YAML
aliases, a huge file), loading ends in data or in `UserError`, never a traceback.
"""
from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from generator.source import fullwidth, places
from generator.core.errors import Problem, UserError
from generator.core.files import open_file, read_limited

MAX_BYTES = 1024 * 1024  # a complete city file is well under 100 KB
MAX_DEPTH = 40

Path_ = tuple  # a position in the data: ("offices", "items", 2, "phones", 0)


class _AliasFound(Exception):
    def __init__(self, mark: yaml.Mark):
        self.mark = mark


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text (the schema checks their form) and refuses
    aliases, which no city file needs and which can blow up into billions of nodes."""

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            raise _AliasFound(self.peek_event().start_mark)
        return super().compose_node(parent, index)


# YAML 1.1 reads 0411 as octal 265 and 8:30 as base-60 510; a volunteer means text.
_DECIMAL_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$")

_Loader.yaml_implicit_resolvers = {
    first: [(tag, _DECIMAL_INT if tag == "tag:yaml.org,2002:int" else rx)
            for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Document:
    """A loaded file: its data, and the line/column of every value and key in it."""

    file: str
    data: Any
    schema: str = ""  # the schema the file follows ("city"), to name items in messages
    value_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """The line and column of `path`, or of its nearest enclosing value."""
        marks = self.key_marks if key else self.value_marks
        path = tuple(path)
        while path:
            if path in marks:
                return marks[path]
            if path in self.value_marks:
                return self.value_marks[path]
            path = path[:-1]
        return self.value_marks.get((), (1, 1))

    def problem(self, path: Path_, message: str, key: bool = False) -> Problem:
        line, col = self.where(path, key)
        return Problem(self.file, line, col, format_path(path), message,
                       places.describe(tuple(path), self.data, self.schema))


def format_path(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_text(path: Path, display: str, limit: int = MAX_BYTES,
              too_big: str = "城市文件一般不到 100 KB，请检查是否误粘贴了大量内容。") -> str:
    """The file's text, or a UserError saying plainly why it cannot be read. Only an
    ordinary file is read (never through a symbolic link, never a FIFO or a device),
    and never more than `limit` + 1 bytes, whatever size the file claims."""

    def fail(message: str, line: int = 1) -> UserError:
        return UserError([Problem(display, line, 1, "", message)])

    fd = open_file(path, display)
    try:
        raw = read_limited(fd, limit)
        if len(raw) > limit:
            claimed = os.fstat(fd).st_size  # only to say how big, never to decide
            size = (f"{claimed / 1024 / 1024:.1f} MB" if claimed > limit
                    else f"超过 {limit // 1024} KB")
            raise fail(f"文件太大（{size}）。{too_big}")
    except OSError as exc:
        raise fail(f"无法读取文件：{exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 BOM (Windows Notepad adds one) is harmless: drop it
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise fail("文件是 UTF-16 编码。请在编辑器里选择“另存为 UTF-8”后再保存。")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        try:
            raw.decode("gb18030")
            hint = "看起来是 GBK/GB2312 编码"
        except UnicodeDecodeError:
            hint = "包含无法识别的字节"
        raise fail(f"文件不是 UTF-8 编码（{hint}）。请在编辑器里选择“另存为 UTF-8”后再保存。",
                   line) from None
    if "\x00" in text:
        raise fail("文件里有空字符（\\0），可能不是文本文件。", text[: text.index("\x00")].count("\n") + 1)
    if not text.strip():
        raise fail("文件是空的。请参照同一文件夹里的其他文件填写内容。")
    return text


def load_yaml(path: Path, display: str, schema: str = "") -> Document:
    return parse_yaml(read_text(path, display), display, schema)


def parse_yaml(text: str, display: str, schema: str = "") -> Document:
    tab = _leading_tab(text)
    if tab:
        raise UserError([Problem(display, tab, 1, "",
                                 "行首用了 Tab 制表符缩进。YAML 只能用空格缩进，请把 Tab 换成两个空格。")])
    node = _compose_fast(text)
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        raise UserError([_unprintable(exc, text, display)]) from None
    try:
        if node is None:
            node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark, message = _syntax_problem(exc, text)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        gave_up = exc.problem_mark or mark
        key_at = exc.context_mark if (exc.context or "").startswith("while scanning a simple key") else None
        slips = fullwidth.in_tokens(text, fullwidth.split_lines(text), gave_up.line + 1 if gave_up else line,
                                    key_at)
        if slips:  # the full-width slip YAML stumbled over, not what it says about it
            raise UserError([Problem(display, s.line, s.column, "", s.message) for s in slips]) from None
        raise UserError([Problem(display, line, col, "", message)]) from None
    except yaml.YAMLError:
        raise UserError([Problem(display, 1, 1, "", _GENERIC)]) from None
    except _AliasFound as exc:
        raise UserError([Problem(display, exc.mark.line + 1, exc.mark.column + 1, "",
                                 "不支持 YAML 别名（*名字）。请把要重复的内容直接写出来。")]) from None
    except RecursionError:
        raise UserError([Problem(display, 1, 1, "", "嵌套层次太深，文件结构有误。")]) from None
    finally:
        loader.dispose()
    if node is None:
        raise UserError([Problem(display, 1, 1, "", "文件里只有注释，没有内容。")])
    doc = Document(display, None, schema)
    problems: list[Problem] = []
    doc.data = _build(node, (), doc, problems, loader, 0)
    if problems:  # now that the data is there, say where in words
        paths = {format_path(p): p for p in (*doc.value_marks, *doc.key_marks)}
        problems = [replace(p, place=places.describe(paths[p.path], doc.data, schema)) if p.path in paths else p
                    for p in problems]
    # A slip YAML accepted (`[s000，s001]` is a list of one text) is reported alone: the
    # schema's view of its consequences would only confuse.
    problems += [Problem(display, s.line, s.column, "", s.message)
                 for s in fullwidth.in_nodes(node, text)]
    if problems:
        raise UserError(problems)
    return doc


def _unprintable(exc: yaml.reader.ReaderError, text: str, display: str) -> Problem:
    before = fullwidth.split_lines(text[: exc.position])
    line, column = len(before), len(before[-1]) + 1
    return Problem(display, line, column, "",
                   f"第 {column} 列有一个看不见的控制字符（U+{exc.character:04X}），YAML 不允许。"
                   "请删掉它（常是从网页或文档里复制文字时带进来的）。")


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's parser: about ten times faster, for the common case of a good file."""


_FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
_MAX_FLOW_DEPTH = 30  # libyaml composes recursively in C: never hand it deep [[[[…]]]]


def _compose_fast(text: str) -> yaml.Node | None:
    """The document's node tree from libyaml, or None to take the pure-Python path,
    which gives the familiar error messages and refuses aliases where they stand."""
    if not hasattr(yaml, "CSafeLoader") or _flow_depth(text) > _MAX_FLOW_DEPTH:
        return None
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return None if node is None or _has_alias(node) else node


def _flow_depth(text: str) -> int:
    depth = deepest = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth = max(0, depth - 1)
    return deepest


def _has_alias(root: yaml.Node) -> bool:
    """An alias shows up as a node reached twice."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return False


def _leading_tab(text: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            return number
    return 0


# Errors YAML notices only lines later: point at where the thing was opened instead.
_OPENED_HERE = ("while scanning a quoted scalar", "while scanning a simple key",
                "while parsing a flow sequence", "while parsing a flow mapping")


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[yaml.Mark | None, str]:
    context = (exc.context or "").strip()
    if context.startswith("while scanning a quoted scalar") and exc.context_mark:
        return exc.context_mark, _UNCLOSED_QUOTE
    if exc.problem_mark:
        opened = _quote_run_on(text, exc.problem_mark.line)
        if opened:
            return opened, _UNCLOSED_QUOTE
    if context.startswith(_OPENED_HERE) and exc.context_mark:
        return exc.context_mark, _syntax_message(exc, text)
    return exc.problem_mark or exc.context_mark, _syntax_message(exc, text)


_UNCLOSED_QUOTE = "YAML 格式错误：这里的引号没有配对。请在这段文字的末尾补上同样的引号，或删掉开头的引号。"


def _quote_run_on(text: str, error_line: int) -> yaml.Mark | None:
    """Where a quote was left open, if a quoted text runs over several lines and ends on
    the line where YAML gave up: the missing quote was taken from a later line."""
    scanner = _Loader(text)
    found = None
    try:
        while True:
            token = scanner.get_token()
            if token is None or token.start_mark.line > error_line:
                break
            if (isinstance(token, yaml.ScalarToken) and token.style in ('"', "'")
                    and token.start_mark.line < token.end_mark.line == error_line):
                found = token.start_mark
    except yaml.YAMLError:
        pass
    finally:
        scanner.dispose()
    return found


_QUOTE_IT = "请给整段文字加上引号。"

# PyYAML's problems, as a volunteer should read them: (start of YAML's problem, or of its
# context, message). Anything else gets _GENERIC: no English phrase reaches a volunteer.
_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("could not find expected ':'", "缺少冒号。每一项应写成“键: 值”，冒号是英文的，后面加一个空格。"),
    ("found character '\\t' that cannot start any token", "这里有 Tab 制表符。YAML 只能用空格，请把 Tab 换成空格。"),
    ("did not find expected key", "缩进不对齐。同一层的键要用相同数量的空格缩进。"),
    ("did not find expected '-' indicator", "列表缩进不对齐。同一列表的每一项“- ”要对齐。"),
    ("found unexpected end of stream", "文件意外结束，可能缺少配对的引号。"),
    ("found undefined alias", "不支持 YAML 别名（*）。请直接写出内容。"),
    ("found duplicate anchor", "文字不能以 & 开头（YAML 把它当作别名记号）。" + _QUOTE_IT),
    ("but found another document", "文件里多了一行 ---。一个文件只能有一份内容，请删掉这一行。"),
    ("expected a single document", "文件里多了一行 ---。一个文件只能有一份内容，请删掉这一行。"),
    ("expected '<document start>'",
     "这里出现了 YAML 的文档标记（行首的 % 或单独一行 ...）。如果这是文字，" + _QUOTE_IT + "否则请删掉它。"),
    ("expected ',' or ']'", "方括号 [ ] 没有配对，或列表各项之间少了英文逗号。"),
    ("expected ',' or '}'", "花括号 { } 没有配对，或各项之间少了英文逗号。"),
    ("invalid indentation or unclosed", "方括号或花括号没有配对，或折到下一行的内容缩进不够。"),
    ("while scanning a directive", "行首的 % 在 YAML 里有特殊含义。如果这是文字，" + _QUOTE_IT),
    ("while scanning a tag", "文字不能以 ! 开头（YAML 把它当作类型标记）。" + _QUOTE_IT),
    ("while parsing a tag", "文字不能以 ! 开头（YAML 把它当作类型标记）。" + _QUOTE_IT),
    ("expected alphabetic or numeric character", "文字不能以 * 或 & 开头（YAML 把它们当作别名记号）。" + _QUOTE_IT),
    ("expected chomping or indentation indicators", "文字不能以 | 或 > 开头。" + _QUOTE_IT),
    ("expected indentation indicator", "文字不能以 | 或 > 开头。" + _QUOTE_IT),
    ("while scanning a block scalar", "“|”或“>”后面不能在同一行接着写文字。请把文字另起一行并缩进，或" + _QUOTE_IT[1:]),
    ("sequence entries are not allowed here",
     "这里不能出现“- ”。列表的每一项要另起一行，以“- ”开头，并比上一行的键多缩进。"),
    ("mapping keys are not allowed here", "行首的“? ”在 YAML 里有特殊含义。如果这是文字，" + _QUOTE_IT),
    ("mapping values are not allowed here", "这里不能出现冒号。文字里有“: ”时" + _QUOTE_IT),
    ("found unknown escape character", "双引号里的反斜杠（\\）用法不对。请改用单引号，或删掉反斜杠。"),
    ("expected escape sequence", "双引号里的反斜杠（\\）用法不对。请改用单引号，或删掉反斜杠。"),
    ("expected <block end>", "缩进不对齐，或引号后面多了内容。请检查这一行和上一行。"),
    ("expected a comment or a line break", "缩进不对齐，或引号后面多了内容。请检查这一行和上一行。"),
)
_GENERIC = "YAML 格式错误：这一行的写法读不懂。请检查缩进、冒号、引号和括号：它们要用英文的，并且成对。"


def _syntax_message(exc: yaml.MarkedYAMLError, text: str) -> str:
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    mark = exc.problem_mark
    lines = fullwidth.split_lines(text)
    here = lines[mark.line] if mark and mark.line < len(lines) else ""
    if problem.startswith("mapping values are not allowed here") and mark:
        if re.fullmatch(r"\s*(- )?[A-Za-z0-9_-]+\s*", here[: mark.column]):
            return ("YAML 格式错误：这一行被当成了上一行文字的延续。请检查这一行的缩进是否和"
                    "同一层的其他键对齐，以及上一行是否少了冒号。")
    if "that cannot start any token" in problem and "'\\t'" not in problem:
        char = here[mark.column] if mark and mark.column < len(here) else ""
        return f"YAML 格式错误：文字不能以“{char}”开头（YAML 把它当作特殊符号）。" + _QUOTE_IT
    if problem.startswith("expected the node content") and mark:
        char = here[mark.column] if mark.column < len(here) else ""
        return f"YAML 格式错误：“{char}”前面少了内容。请检查是不是多写了逗号或括号。"
    for start, message in _PROBLEMS:
        if problem.startswith(start) or context.startswith(start):
            return f"YAML 格式错误：{message}"
    return _GENERIC


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _surrogate(text: str) -> re.Match | None:
    """A "\\ud83d"-style escape in double quotes gives half of a UTF-16 pair: YAML makes no
    character of it (nor of two halves), and no page could be written with it."""
    return _SURROGATE.search(text)


def _half_character(text: str) -> str:
    code = ord(_surrogate(text).group(0))  # type: ignore[union-attr]
    return (f"双引号里的 \\u{code:04x} 不是一个完整的字符（只是 UTF-16 编码的一半）。"
            "请直接写出这个字符，或删掉这个转义。")


def _build(node: yaml.Node, path: Path_, doc: Document, problems: list[Problem],
           loader: _Loader, depth: int) -> Any:
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    doc.value_marks[path] = (line, col)
    if depth > MAX_DEPTH:
        problems.append(Problem(doc.file, line, col, format_path(path), "嵌套层次太深，文件结构有误。"))
        return None
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                problems.append(Problem(doc.file, key_node.start_mark.line + 1,
                                        key_node.start_mark.column + 1, format_path(path),
                                        "这里的键写法不对。键应是一个简单的英文词，例如 name。"))
                continue
            key = str(key_node.value)
            if _surrogate(key):
                problems.append(Problem(doc.file, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                                        format_path(path), _half_character(key)))
                continue
            key_path = path + (key,)
            doc.key_marks[key_path] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in result:
                problems.append(Problem(doc.file, key_node.start_mark.line + 1,
                                        key_node.start_mark.column + 1, format_path(key_path),
                                        f"“{key}”重复出现了。同一层里每个键只能写一次，请删掉或合并其中一个。"))
                continue
            result[key] = _build(value_node, key_path, doc, problems, loader, depth + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(child, path + (i,), doc, problems, loader, depth + 1)
                for i, child in enumerate(node.value)]
    if node.tag not in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:int",
                        "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
                        "tag:yaml.org,2002:null"):
        problems.append(Problem(doc.file, line, col, format_path(path),
                                f"不支持的 YAML 标记 {node.tag}。请直接写文字或数字。"))
        return None
    try:
        value = loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, OverflowError):
        problems.append(Problem(doc.file, line, col, format_path(path), "无法识别这个值。"))
        return None
    if isinstance(value, str) and _surrogate(value):
        problems.append(Problem(doc.file, line, col, format_path(path), _half_character(value)))
        return None
    if isinstance(value, float) and not math.isfinite(value):
        problems.append(Problem(doc.file, line, col, format_path(path),
                                "数字不能是无穷大或 NaN。请写一个普通数字。"))
        return None
    return value
