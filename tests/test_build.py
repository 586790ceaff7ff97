"""`yibao build`: the site is swapped in whole or not at all, and a volunteer who broke a
file gets its name and line, not a traceback."""
from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, build_site, copy_project, html_pages
from generator.core.errors import UserError

PHONE_LINE = '      phones: ["0409-62310001"]\n'


def snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def break_phone(root: Path) -> int:
    """Drop the area code of the first office phone in qingchuan.yaml; returns its line number."""
    city = root / "cities" / "qingchuan.yaml"
    text = city.read_text("utf-8")
    assert PHONE_LINE in text
    line = text[: text.index(PHONE_LINE)].count("\n") + 1
    city.write_text(text.replace(PHONE_LINE, '      phones: ["83709176"]\n', 1), "utf-8")
    return line


def stray(root: Path) -> list[str]:
    """Temporary folders a build left beside dist/ (its lock file stays, and is not one)."""
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".dist.") and p.name != ".dist.lock")


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=PROJECT, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


def test_a_successful_build_replaces_the_whole_site(project):
    out = project / "dist"
    build_site(project, out, index=False)
    (out / "qingchuan" / "gone").mkdir()
    (out / "qingchuan" / "gone" / "old.html").write_text("old", "utf-8")
    summary = build_site(project, out, index=False)
    assert not (out / "qingchuan" / "gone").exists()
    assert (out / "qingchuan" / "offices" / "index.html").is_file()
    assert summary.pages == len(html_pages(out)) and summary.cities == 3
    assert stray(project) == []


def test_a_broken_city_file_leaves_the_previous_site_as_it_was(project):
    out = project / "dist"
    build_site(project, out)
    before = snapshot(out)
    line = break_phone(project)
    with pytest.raises(UserError) as caught:
        build_site(project, out)
    problems = caught.value.problems
    assert [(p.file, p.line) for p in problems] == [("cities/qingchuan.yaml", line)]
    assert "区号" in problems[0].message
    assert snapshot(out) == before
    assert stray(project) == []


def test_a_failure_while_indexing_leaves_no_half_written_site(project, monkeypatch):
    from generator.index import search

    out = project / "dist"
    build_site(project, out, index=False)
    before = snapshot(out)

    def fail(*args, **kwargs):
        raise RuntimeError("indexer crashed")

    monkeypatch.setattr(search, "index_files", fail)
    with pytest.raises(RuntimeError, match="indexer crashed"):
        build_site(project, out)
    assert snapshot(out) == before
    assert stray(project) == []


def test_cli_prints_file_and_line_and_exits_1(project):
    out = project / "dist"
    line = break_phone(project)
    city = project / "cities" / "qingchuan.yaml"
    city.write_text(city.read_text("utf-8").replace("  name: 青川\n", "  name: '青川\n", 1), "utf-8")
    result = cli("--root", str(project), "build", "--out", str(out))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    first = result.stderr.splitlines()[0]
    assert re.match(r"cities/qingchuan\.yaml:\d+:\d+: ", first), result.stderr
    assert "共 1 个问题" in result.stderr and "原来的网站保持不变" in result.stderr
    assert not out.exists()
    # the syntax error hides the phone problem; fixed, the phone problem shows with its line
    city.write_text(city.read_text("utf-8").replace("  name: '青川\n", "  name: 青川\n", 1), "utf-8")
    result = cli("--root", str(project), "build", "--out", str(out))
    assert result.returncode == 1
    assert re.match(rf"cities/qingchuan\.yaml:{line}:\d+: 经办机构“青川市医疗保险管理中心”的 phones 第 1 个：.*区号",
                    result.stderr.splitlines()[0]), result.stderr
    assert "Traceback" not in result.stderr


def test_cli_build_prints_a_one_line_summary(project):
    out = project / "site"
    result = cli("--root", str(project), "build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    m = re.fullmatch(r"完成：3 个城市，(\d+) 个页面，其中 (\d+) 页编入搜索，用时 [\d.]+ 秒 → (.+)", lines[0])
    assert m, lines[0]
    assert int(m.group(1)) == len(html_pages(out))
    assert 0 < int(m.group(2)) <= int(m.group(1))
    assert Path(m.group(3)) == out
    assert (out / "search" / "data" / "meta.json").is_file()
