"""A tiny project written by the test itself: one small city file (or several), the
real templates, static files and search terms, so that a probe can put one hostile
value where it wants and build or check the result without depending on the real data."""
from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent

CITY = """\
city:
  name: {name}
  pinyin: {pinyin}
  province: 测试省
sources:
  - id: s001
    title: 测试来源
    kind: 政府网站
    published: "2025-09-01"
"""

OFFICES = """\
offices:
  sources: [s001]
  verified: "2025-10-01"
  items:
    - id: centre
      name: {office}
      phones: ["0411-83709176"]
      sources: [s001]
"""


def city_text(pinyin: str = "ceshi", name: str = "测试", *sections: str) -> str:
    """A city file: its identity and one source, then `sections` (YAML text, dedented)."""
    return CITY.format(name=name, pinyin=pinyin) + "".join(textwrap.dedent(s) for s in sections)


def tiny_project(root: Path, cities: dict[str, str] | None = None, build: bool = False) -> Path:
    """`root` made a project: yibao.yaml, content/search-terms.yaml and (for a build)
    templates/ and static/ from the real project, and `cities` ({pinyin: text}; by
    default one city with one office) in cities/."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy2(PROJECT / "yibao.yaml", root / "yibao.yaml")
    (root / "content").mkdir(exist_ok=True)
    shutil.copy2(PROJECT / "content" / "search-terms.yaml", root / "content" / "search-terms.yaml")
    if build:
        for folder in ("templates", "static"):
            shutil.copytree(PROJECT / folder, root / folder, dirs_exist_ok=True)
    (root / "cities").mkdir(exist_ok=True)
    if cities is None:
        cities = {"ceshi": city_text("ceshi", "测试", OFFICES.format(office="测试医保中心"))}
    for pinyin, text in cities.items():
        (root / "cities" / f"{pinyin}.yaml").write_text(text, encoding="utf-8")
    return root
