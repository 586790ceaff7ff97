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
from generator.source.yaml_messages import GENERIC, syntax_problem, unprintable
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
    hidden = _hidden_line_break(text)
    if hidden:
        raise UserError([Problem(display, *hidden)])
    tab = _leading_tab(text)
    if tab:
        raise UserError([Problem(display, tab, 1, "",
                                 "行首用了 Tab 制表符缩进。YAML 只能用空格缩进，请把 Tab 换成两个空格。")])
    node = _compose_fast(text)
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        raise UserError([unprintable(exc, text, display)]) from None
    try:
        if node is None:
            node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark, message = syntax_problem(exc, text)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        gave_up = exc.problem_mark or mark
        key_at = exc.context_mark if (exc.context or "").startswith("while scanning a simple key") else None
        slips = fullwidth.in_tokens(text, fullwidth.split_lines(text), gave_up.line + 1 if gave_up else line,
                                    key_at)
        if slips:  # the full-width slip YAML stumbled over, not what it says about it
            slips += _further_slips(text, slips)
            raise UserError([Problem(display, s.line, s.column, "", s.message)
                             for s in sorted(slips, key=lambda s: (s.line, s.column))]) from None
        raise UserError([Problem(display, line, col, "", message)]) from None
    except yaml.YAMLError:
        raise UserError([Problem(display, 1, 1, "", GENERIC)]) from None
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


_MAX_ROUNDS = 100


def _further_slips(text: str, slips: list[fullwidth.Slip]) -> list[fullwidth.Slip]:
    """The slips YAML would stumble over next, found by fixing the ones already named as
    their messages say and reading the file again, until it reads or something other than
    a slip stops it: a volunteer hears of all of them at once, not one per round. A slip
    on a line already fixed is left for the next round (its column may have moved)."""
    found: list[fullwidth.Slip] = []
    fixed_lines = {s.line for s in slips}
    for _ in range(_MAX_ROUNDS):
        fixed = fullwidth.apply_fixes(text, slips)
        if fixed is None:
            break
        text = fixed
        slips = [s for s in _slips_in(text) if s.line not in fixed_lines]
        if not slips:
            break
        found += slips
        fixed_lines |= {s.line for s in slips}
    return found


def _slips_in(text: str) -> list[fullwidth.Slip]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark, _ = syntax_problem(exc, text)
        gave_up = exc.problem_mark or mark
        key_at = exc.context_mark if (exc.context or "").startswith("while scanning a simple key") else None
        return fullwidth.in_tokens(text, fullwidth.split_lines(text),
                                   gave_up.line + 1 if gave_up else 1, key_at)
    except (yaml.YAMLError, _AliasFound, RecursionError):
        return []
    finally:
        loader.dispose()
    return fullwidth.in_nodes(node, text) if node is not None else []


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


# Line breaks for YAML that git, GitHub's diff and most editors do not show as one: the
# text after them would be published while a reviewer sees it inside a comment or a value.
_HIDDEN_BREAK = re.compile("\x85|\u2028|\u2029|\r(?!\n)")
_BREAK_NAMES = {"\x85": "U+0085 下一行符", "\u2028": "U+2028 行分隔符", "\u2029": "U+2029 段分隔符",
                "\r": "单独的回车符（\\r）"}


def _hidden_line_break(text: str) -> tuple[int, int, str, str] | None:
    """(line, column, path, message) of the first line break git does not show, counted
    in lines as git counts them (after \\n only); a Windows \\r\\n is an ordinary line end."""
    found = _HIDDEN_BREAK.search(text)
    if not found:
        return None
    start = text.rfind("\n", 0, found.start()) + 1
    end = text.find("\n", found.start())
    line = text[start: end if end >= 0 else len(text)].rstrip("\r")
    return (text.count("\n", 0, found.start()) + 1, found.start() - start + 1, "",
            f"这一行里有一个 git 和 GitHub 看不出来的换行符（{_BREAK_NAMES[found.group()]}）："
            f"YAML 在这里换行，审核的人却看不到后面的内容。这一行是：{line}"
            "。请删掉这个字符（常是从网页或文档里复制文字时带进来的）；要换行就直接按回车键。")


def _leading_tab(text: str) -> int:
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            return number
    return 0


# Errors YAML notices only lines later: point at where the thing was opened instead.
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
