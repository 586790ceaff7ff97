"""A city's folder cannot take the place of a page the site itself writes: `check` refuses
a pinyin that is one of the site's own top-level names, with file and line."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import PROJECT, build_site, copy_project
from generator.cli import main
from generator.core.addresses import RESERVED_NAMES

CITY = "cities/qingchuan.yaml"


def as_city(root: Path, pinyin: str) -> int:
    """Move qingchuan.yaml to cities/<pinyin>.yaml with that pinyin; returns the pinyin's line."""
    text = (root / CITY).read_text("utf-8")
    (root / CITY).unlink()
    (root / "cities" / f"{pinyin}.yaml").write_text(
        text.replace("  pinyin: qingchuan\n", f"  pinyin: {pinyin}\n", 1), "utf-8")
    return text[: text.index("  pinyin: qingchuan\n")].count("\n") + 1


@pytest.mark.parametrize("pinyin", ["search", "compare", "articles", "static", "index", "sitemap", "robots"])
def test_a_city_cannot_take_a_site_page_s_name(tmp_path, capsys, pinyin):
    root = copy_project(tmp_path / "project")
    line = as_city(root, pinyin)
    capsys.readouterr()
    assert main(["--root", str(root), "check"]) == 1
    err = capsys.readouterr().err
    first = err.splitlines()[0]
    assert re.match(rf"cities/{pinyin}\.yaml:{line}:\d+: city\.pinyin：.*{pinyin}", first), err
    assert "网站自己的页面" in first
    assert "共 1 个问题" in err


def test_every_top_level_name_the_build_writes_is_reserved(tmp_path):
    """Adding a page (or any file beside the pages) without reserving its name fails here."""
    root = copy_project(tmp_path / "project")
    out = tmp_path / "dist"
    build_site(root, out, index=True)
    cities = {p.stem for p in (root / "cities").glob("*.yaml")}
    # hidden files (the build's marker) start with a dot, which no pinyin can
    written = {entry.name.split(".")[0] for entry in out.iterdir() if not entry.name.startswith(".")} - cities
    assert written and written <= RESERVED_NAMES, written - RESERVED_NAMES
