"""`yibao serve`'s incremental updates (live.py), without a browser: a saved city file
rewrites that city's pages and the pages that list cities, nothing else; cities come and
go with their folders; a broken file changes nothing; and after any sequence of changes
the served site is byte for byte what a full build of the same files makes."""
from __future__ import annotations

import filecmp
import os
from pathlib import Path

import pytest

from conftest import copy_project
from generator.output import publish
from generator.commands.build import build
from generator.core.errors import UserError
from generator.commands.live import LiveSite

PHONE = "0411-83709176"


def snapshot(out: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime) of every file of the site: a file written again gets a new inode."""
    found = {}
    for folder, _, files in os.walk(out):
        for name in files:
            path = Path(folder) / name
            st = path.stat()
            found[path.relative_to(out).as_posix()] = (st.st_ino, st.st_mtime_ns)
    return found


def rewritten(before: dict, after: dict) -> set[str]:
    return {path for path in after if before.get(path) != after[path]}


def same_as_full_build(root: Path, out: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    build(root, fresh, index=False)
    comparison = filecmp.dircmp(out, fresh, ignore=[publish.MARKER])
    problems = []

    def walk(c, prefix=""):
        problems.extend(prefix + n for n in c.left_only + c.right_only + c.diff_files + c.funny_files)
        for name, sub in c.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(comparison)
    assert problems == []
    assert (out / publish.MARKER).read_text("utf-8") == (fresh / publish.MARKER).read_text("utf-8")


@pytest.fixture
def live(tmp_path) -> LiveSite:
    root = copy_project(tmp_path / "project")
    site = LiveSite(root, root / "dist")
    site.full()
    return site


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_a_saved_city_rewrites_its_pages_and_the_lists_only(live, tmp_path):
    out, city = live.out, live.root / "cities" / "dalian.yaml"
    before = snapshot(out)
    edit(city, f'"{PHONE}"', '"0411-83700001"')
    done = live.update([city])
    assert done.changed and "大连" in done.line()
    changed = rewritten(before, snapshot(out))
    assert "0411-83700001" in (out / "dalian/offices/index.html").read_text("utf-8")
    assert {p.split("/")[0] for p in changed} == {"dalian", "index.html", "compare", "data", "search", "sitemap.xml"}
    assert {p for p in changed if p.startswith("search/")} == {"search/index.html"}  # its city field lists the cities
    assert {p for p in changed if p.startswith("data/")} == {"data/dalian.json", "data/facts.csv", "data/index.html"}
    assert not any(p.startswith(("shanghai/", "static/", "articles/")) for p in changed)
    same_as_full_build(live.root, out, tmp_path)


def test_cities_come_and_go_with_their_folders(live, tmp_path):
    out, cities = live.out, live.root / "cities"
    text = (cities / "dalian.yaml").read_text("utf-8")
    (cities / "dalianx.yaml").write_text(text.replace("  pinyin: dalian\n", "  pinyin: dalianx\n", 1)
                                         .replace("  name: 大连\n", "  name: 大连新\n", 1), "utf-8")
    live.update([cities / "dalianx.yaml"])
    assert (out / "dalianx/offices/index.html").is_file() and (out / "data/dalianx.json").is_file()
    assert "dalianx/" in (out / "index.html").read_text("utf-8")
    publish.check_out(live.root, out)  # the marker lists the new folder: a build may replace the site
    same_as_full_build(live.root, out, tmp_path / "added")

    (cities / "shanghai.yaml").unlink()
    live.update([cities / "shanghai.yaml"])
    assert not (out / "shanghai").exists() and not (out / "data/shanghai.json").exists()
    assert "shanghai" not in (out / publish.MARKER).read_text("utf-8")
    same_as_full_build(live.root, out, tmp_path / "removed")


def test_a_broken_file_changes_nothing_and_what_waited_is_written_once_fixed(live, tmp_path):
    out, cities = live.out, live.root / "cities"
    before = snapshot(out)
    edit(cities / "dalian.yaml", "  name: 大连\n", "  name: '大连\n")
    with pytest.raises(UserError) as caught:
        live.update([cities / "dalian.yaml"])
    assert "cities/dalian.yaml:4:" in str(caught.value.problems[0])
    # another city saved meanwhile: still refused, the site stays as it was
    edit(cities / "shanghai.yaml", "  name: 上海\n", "  name: 上海市\n")
    with pytest.raises(UserError):
        live.update([cities / "shanghai.yaml"])
    assert snapshot(out) == before
    edit(cities / "dalian.yaml", "  name: '大连\n", "  name: 大连\n")
    live.update([cities / "dalian.yaml"])
    assert "上海市" in (out / "shanghai/index.html").read_text("utf-8")
    same_as_full_build(live.root, out, tmp_path)


def test_checks_across_the_project_run_on_every_update(live):
    cities = live.root / "cities"
    (cities / "extra.yml").write_text("city: {}\n", "utf-8")
    edit(cities / "dalian.yaml", f'"{PHONE}"', '"0411-83700001"')
    with pytest.raises(UserError) as caught:
        live.update([cities / "dalian.yaml"])
    assert [p.file for p in caught.value.problems] == ["cities/extra.yml"]
    (cities / "extra.yml").unlink()
    assert live.update([cities / "extra.yml"]).changed
    assert "0411-83700001" in (live.out / "dalian/offices/index.html").read_text("utf-8")


def test_static_is_copied_again_and_templates_rebuild_everything(live, tmp_path):
    out = live.out
    before = snapshot(out)
    with open(live.root / "static" / "site.css", "a", encoding="utf-8") as f:
        f.write("/* changed */\n")
    live.update([live.root / "static" / "site.css"])
    changed = rewritten(before, snapshot(out))
    assert "static/site.css" in changed and all(p.startswith("static/") for p in changed)
    assert (out / "static/site.css").read_text("utf-8").endswith("/* changed */\n")

    edit(live.root / "templates" / "base.html", "</footer>", "<p>模板改了</p></footer>")
    assert live.update([live.root / "templates" / "base.html"]).line().startswith("完成")
    assert "模板改了" in (out / "shanghai/index.html").read_text("utf-8")
    same_as_full_build(live.root, out, tmp_path)
