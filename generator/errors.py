"""The one kind of error a user can cause: a problem in a file they edited.

Every stage reports problems as `Problem`s; only the CLI (and the serve error page)
prints them. Messages are plain Chinese written for volunteers, not programmers.
"""
from __future__ import annotations

from dataclasses import dataclass


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

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        return f"{where}: {self.text}"


class UserError(Exception):
    """Raised with every problem found, so the user can fix them all in one go."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class CannotBuild(Exception):
    """The build will not go ahead for a reason outside the volunteers' files: an output
    folder it may not replace, a bad `--base-url`, the search indexer missing, broken or
    stuck. The message is one plain Chinese sentence that names the fix; the previous
    site is left as it was."""
