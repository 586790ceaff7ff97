"""What `yibao check` prints is safe for a terminal: control characters, bidi overrides and
zero-width characters from a volunteer's (or a stranger's) file are shown escaped, so a
value cannot clear the screen, fake “检查通过” or reorder the line it is quoted in."""
from __future__ import annotations

import pytest

from conftest import copy_project
from generator.cli import main
from generator.core.errors import Problem, printable

CITY = "cities/qingchuan.yaml"
PHONE = '      phones: ["0409-62310001"]\n'


@pytest.mark.parametrize("raw, shown", [
    ("\x1b[2K", "\\x1b[2K"), ("\r", "\\r"), ("a\nb", "a\\nb"), ("\t", "\\t"), ("\x00", "\\x00"),
    ("\x7f", "\\x7f"), ("\x9b", "\\x9b"), ("\u202e", "\\u202e"), ("\u2066", "\\u2066"),
    ("\u200b", "\\u200b"), ("\ufeff", "\\ufeff"), ("\u2028", "\\u2028"), ("\udcff", "\\udcff"),
    ("青川 0411 ①２ ß İ ı “引号”\u3000", "青川 0411 ①２ ß İ ı “引号”\u3000"),
])
def test_printable_escapes_exactly_the_characters_a_terminal_acts_on(raw, shown):
    assert printable(raw) == shown


def test_check_shows_control_characters_in_a_value_escaped(tmp_path, capsys):
    root = copy_project(tmp_path / "project")
    city = root / CITY
    text = city.read_text("utf-8")
    assert PHONE in text
    fake = "\\e[2K\\r检查通过：3 个城市，2 篇文章。\\u202e\\x9b31m\\u200b"
    city.write_text(text.replace(PHONE, f'      phones: ["{fake}"]\n', 1), "utf-8")
    capsys.readouterr()
    assert main(["--root", str(root), "check"]) == 1
    captured = capsys.readouterr()
    printed = captured.out + captured.err
    assert not [ch for ch in printed if ch != "\n" and printable(ch) != ch], repr(printed)
    assert "\\x1b[2K\\r检查通过" in printed and "\\u202e" in printed and "\\x9b" in printed
    assert len(captured.err.splitlines()) == 2, captured.err  # one problem, the closing line
    assert captured.out == ""


def test_github_annotations_are_escaped_too(tmp_path, capsys):
    from generator.cli import github_annotation

    line = github_annotation(Problem("cities/a\x1b.yaml", 1, 1, "city.name", "“\u202e\x07”不对"))
    assert "\x1b" not in line and "\u202e" not in line and "\x07" not in line
    assert "\\x1b" in line and "\\u202e" in line and "\\x07" in line
