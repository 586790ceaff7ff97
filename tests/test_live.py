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

PHONE = "0409-62310001"


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
    out, city = live.out, live.root / "cities" / "qingchuan.yaml"
    before = snapshot(out)
    edit(city, f'"{PHONE}"', '"0409-62300001"')
    done = live.update([city])
    assert done.changed and "青川" in done.line()
    changed = rewritten(before, snapshot(out))
    assert "0409-62300001" in (out / "qingchuan/offices/index.html").read_text("utf-8")
    assert {p.split("/")[0] for p in changed} == {"qingchuan", "index.html", "compare", "data", "search", "sitemap.xml"}
    assert {p for p in changed if p.startswith("search/")} == {"search/index.html"}  # its city field lists the cities
    assert {p for p in changed if p.startswith("data/")} == {"data/qingchuan.json", "data/facts.csv", "data/index.html"}
    assert not any(p.startswith(("baihe/", "static/", "articles/")) for p in changed)
    same_as_full_build(live.root, out, tmp_path)


def test_cities_come_and_go_with_their_folders(live, tmp_path):
    out, cities = live.out, live.root / "cities"
    text = (cities / "qingchuan.yaml").read_text("utf-8")
    (cities / "qingchuanx.yaml").write_text(text.replace("  pinyin: qingchuan\n", "  pinyin: qingchuanx\n", 1)
                                         .replace("  name: 青川\n", "  name: 青川新\n", 1), "utf-8")
    live.update([cities / "qingchuanx.yaml"])
    assert (out / "qingchuanx/offices/index.html").is_file() and (out / "data/qingchuanx.json").is_file()
    assert "qingchuanx/" in (out / "index.html").read_text("utf-8")
    publish.check_out(live.root, out)  # the marker lists the new folder: a build may replace the site
    same_as_full_build(live.root, out, tmp_path / "added")

    (cities / "baihe.yaml").unlink()
    live.update([cities / "baihe.yaml"])
    assert not (out / "baihe").exists() and not (out / "data/baihe.json").exists()
    assert "baihe" not in (out / publish.MARKER).read_text("utf-8")
    same_as_full_build(live.root, out, tmp_path / "removed")


def test_a_broken_file_changes_nothing_and_what_waited_is_written_once_fixed(live, tmp_path):
    out, cities = live.out, live.root / "cities"
    before = snapshot(out)
    edit(cities / "qingchuan.yaml", "  name: 青川\n", "  name: '青川\n")
    with pytest.raises(UserError) as caught:
        live.update([cities / "qingchuan.yaml"])
    assert "cities/qingchuan.yaml:6:" in str(caught.value.problems[0])  # the line of `name:`
    # another city saved meanwhile: still refused, the site stays as it was
    edit(cities / "baihe.yaml", "  name: 白河\n", "  name: 白河市\n")
    with pytest.raises(UserError):
        live.update([cities / "baihe.yaml"])
    assert snapshot(out) == before
    edit(cities / "qingchuan.yaml", "  name: '青川\n", "  name: 青川\n")
    live.update([cities / "qingchuan.yaml"])
    assert "白河市" in (out / "baihe/index.html").read_text("utf-8")
    same_as_full_build(live.root, out, tmp_path)


def test_checks_across_the_project_run_on_every_update(live):
    cities = live.root / "cities"
    (cities / "extra.yml").write_text("city: {}\n", "utf-8")
    edit(cities / "qingchuan.yaml", f'"{PHONE}"', '"0409-62300001"')
    with pytest.raises(UserError) as caught:
        live.update([cities / "qingchuan.yaml"])
    assert [p.file for p in caught.value.problems] == ["cities/extra.yml"]
    (cities / "extra.yml").unlink()
    assert live.update([cities / "extra.yml"]).changed
    assert "0409-62300001" in (live.out / "qingchuan/offices/index.html").read_text("utf-8")


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
    assert "模板改了" in (out / "baihe/index.html").read_text("utf-8")
    same_as_full_build(live.root, out, tmp_path)
