"""What PyYAML says about a broken file, in words a volunteer can act on: every English
message it can give is matched here to a Chinese one that says what to write instead."""
from __future__ import annotations

import re

import yaml

from generator.core.errors import Problem
from generator.source import fullwidth


def unprintable(exc: yaml.reader.ReaderError, text: str, display: str) -> Problem:
    before = fullwidth.split_lines(text[: exc.position])
    line, column = len(before), len(before[-1]) + 1
    return Problem(display, line, column, "",
                   f"第 {column} 列有一个看不见的控制字符（U+{exc.character:04X}），YAML 不允许。"
                   "请删掉它（常是从网页或文档里复制文字时带进来的）。")


_OPENED_HERE = ("while scanning a quoted scalar", "while scanning a simple key",
                "while parsing a flow sequence", "while parsing a flow mapping")


def syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[yaml.Mark | None, str]:
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
    scanner = yaml.SafeLoader(text)  # its scanner only: tokens, not nodes
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
# context, message). Anything else gets GENERIC: no English phrase reaches a volunteer.
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
GENERIC = "YAML 格式错误：这一行的写法读不懂。请检查缩进、冒号、引号和括号：它们要用英文的，并且成对。"


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
    return GENERIC


