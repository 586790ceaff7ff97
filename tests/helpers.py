"""Shared tools of the tests: the one way to copy a project (the invented test project of
tests/project/, or the real one), the one way to run the CLI (in this process, or in a child
process with a timeout), text edits that find their place by content (not by line
number), and a snapshot of the tree so a test can prove that a command wrote nothing."""
from __future__ import annotations

import contextlib
import hashlib
import io
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from generator.cli import main
from generator.core.project import CITIES, CONFIG, CONTENT, NATIONAL_FILE, PROJECT_FILES, PROVINCES

# The repository: its templates/ and static/ are the code under test; its cities/ and
# content/ are the real guide, tested only by invariants (tests/test_real_cities.py).
PROJECT = Path(__file__).resolve().parent.parent
# The invented project the code tests run on (tests/project/README.md): cities/, content/
# and yibao.yaml of its own, templates/ and static/ from the repository.
TEST_PROJECT = PROJECT / "tests" / "project"
TEST_PROJECT_OWN = (CITIES, PROVINCES, CONTENT, NATIONAL_FILE, CONFIG)  # the rest is the repository's
CITY = "cities/qingchuan.yaml"  # the test project's city with most of everything


def copy_project(dest: Path, real: bool = False, parts: tuple[str, ...] = PROJECT_FILES) -> Path:
    """A throw-away project under `dest` that builds like the original: the test project
    (its cities, provinces, national.yaml, content and yibao.yaml, with the repository's
    templates and static), or with `real=True` the real guide. `parts` says what is copied
    (anything else, scripts/ say, comes from the repository)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in parts:
        src = (TEST_PROJECT if not real and name in TEST_PROJECT_OWN else PROJECT) / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / name)
    return dest


def snapshot(root: Path) -> dict[str, str]:
    """Every file under `root` with the hash of its bytes."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err

    @property
    def problem_lines(self) -> list[str]:
        """The `file:line:col: ...` lines, without the closing count line."""
        return [l for l in self.err.splitlines() if l and not l.startswith("共 ")]


def run_cli(root: Path | None, *args: str, child: bool = False, timeout: float = 120,
            **popen) -> Result:
    """`yibao [--root root] args…`: in this process (fast; what it prints is captured), or with
    `child=True` as `python -m generator` in a child process killed after `timeout` seconds
    (for a guard against hanging or for limits set by `popen`'s preexec_fn)."""
    argv = (["--root", str(root)] if root is not None else []) + list(args)
    if child:
        done = subprocess.run([sys.executable, "-m", "generator", *argv], capture_output=True,
                              text=True, timeout=timeout, cwd=popen.pop("cwd", PROJECT), **popen)
        return Result(done.returncode, done.stdout, done.stderr)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse's own exits
            code = exc.code if isinstance(exc.code, int) else 1
    return Result(code, out.getvalue(), err.getvalue())


def run_check(root: Path, capsys=None) -> Result:
    return run_cli(root, "check")


class TextFile:
    """A file of the copied project, edited line by line. Lines are numbered from 1,
    as the checker reports them; every finder fails loudly if the text is not there,
    so a change to the real data breaks the test instead of silently testing nothing."""

    def __init__(self, root: Path, rel: str):
        self.path = root / rel
        self.rel = rel
        self.lines = self.path.read_text(encoding="utf-8").split("\n")

    def find(self, pattern: str, after: int = 0, before: int | None = None) -> int:
        """The number of the first line after line `after` matching regex `pattern`."""
        stop = len(self.lines) if before is None else before - 1
        for index in range(after, stop):
            if re.search(pattern, self.lines[index]):
                return index + 1
        raise AssertionError(f"{self.rel}: no line matching {pattern!r} after line {after}")

    def find_in(self, section: str, pattern: str) -> int:
        """The first line matching `pattern` inside top-level section `section:`."""
        start = self.find(rf"^{re.escape(section)}:")
        end = next((n for n in range(start + 1, len(self.lines) + 1)
                    if re.match(r"[a-z_]+:", self.lines[n - 1])), len(self.lines) + 1)
        return self.find(pattern, after=start, before=end)

    def line(self, number: int) -> str:
        return self.lines[number - 1]

    def column(self, number: int, text: str) -> int:
        """1-based column where `text` starts on line `number`."""
        index = self.line(number).find(text)
        assert index >= 0, f"{self.rel}:{number}: {text!r} not in {self.line(number)!r}"
        return index + 1

    def value_column(self, number: int) -> int:
        """Column of the value after `key: ` (or `- key: `) on line `number`."""
        match = re.match(r"(\s*(?:- )?[\w-]+:\s+)", self.line(number))
        assert match, f"{self.rel}:{number}: not a `key: value` line"
        return len(match.group(1)) + 1

    def key_column(self, number: int) -> int:
        match = re.match(r"(\s*(?:- )?)[\w-]", self.line(number))
        assert match, f"{self.rel}:{number}: no key on this line"
        return len(match.group(1)) + 1

    def replace(self, number: int, old: str, new: str) -> None:
        """Replace `old` (which must be on line `number`) with `new`."""
        assert old in self.line(number), f"{self.rel}:{number}: {old!r} not in {self.line(number)!r}"
        self.lines[number - 1] = self.line(number).replace(old, new, 1)

    def set(self, number: int, text: str) -> None:
        self.lines[number - 1] = text

    def insert_after(self, number: int, *new_lines: str) -> int:
        """Insert lines after line `number`; returns the number of the first new line."""
        self.lines[number:number] = list(new_lines)
        return number + 1

    def delete(self, number: int) -> str:
        return self.lines.pop(number - 1)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def save(self) -> None:
        self.path.write_text(self.text, encoding="utf-8")
