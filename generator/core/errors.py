"""The one kind of error a user can cause: a problem in a file they edited.

Every stage reports problems as `Problem`s; only the CLI (and the serve error page)
prints them. Messages are plain Chinese written for volunteers, not programmers.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace

# Characters a terminal or a text view acts on instead of showing: C0 and C1 controls and
# DEL (Cc: escape sequences, carriage returns), format characters (Cf: bidi overrides and
# isolates, zero-width spaces and joiners, BOM), line and paragraph separators, and lone
# surrogates (an undecodable file name).
_HIDDEN = {"Cc", "Cf", "Zl", "Zp", "Cs"}


def printable(text: str) -> str:
    """`text` with every character a terminal would act on written as an escape:
    ESC → `\\x1b`, U+202E → `\\u202e`. Everything else, Chinese included, stays as it is."""
    if text.isprintable() and text.isascii():
        return text
    return "".join(_escape(ch) if unicodedata.category(ch) in _HIDDEN else ch for ch in text)


def _escape(ch: str) -> str:
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if ch in named:
        return named[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int      # from 1; 0 when the problem is the file or folder as a whole
    column: int    # from 1, in characters
    path: str      # where in the data, for programs: offices.items[2].phones[0]
    message: str
    place: str = ""  # the same in words, for people: 经办机构“沙河口区医保中心”的 phones 第 1 个

    @property
    def text(self) -> str:
        """The message, after the place it is about (in words when known)."""
        where = self.place or self.path
        return f"{where}：{self.message}" if where else self.message

    def shown(self) -> Problem:
        """This problem as it may be printed: a value quoted in the message (or a file
        name) can hold an escape sequence that would fake “检查通过” or reorder the line."""
        return replace(self, file=printable(self.file), path=printable(self.path),
                       message=printable(self.message), place=printable(self.place))

    def __str__(self) -> str:
        p = self.shown()
        where = f"{p.file}:{p.line}:{p.column}" if p.line else p.file
        return f"{where}: {p.text}"


class UserError(Exception):
    """Raised with every problem found, so the user can fix them all in one go."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):
        """Pickled whole (a worker process hands it to the build), not as its message."""
        return UserError, (self.problems,)


class CannotBuild(Exception):
    """The build will not go ahead for a reason outside the volunteers' files: an output
    folder it may not replace, a bad `--base-url`. The message is one plain Chinese sentence that names the fix; the previous
    site is left as it was."""
