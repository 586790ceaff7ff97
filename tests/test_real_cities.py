"""The real guide (cities/, content/) is tested by invariants only, never by its facts: a
volunteer correcting a phone or a date must not break a test. Whatever the city files
say, they pass `check`, every fact is on its page, every example a source gives computes,
every phone number is a tel: link and no page shows an id, a file name or a YAML key.
The code itself is tested on the invented project of tests/project/."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from conftest import html_pages
from generator.calculators import check_examples
from generator.check.rules import semantic_problems
from generator.check.schema import schema_problems
from generator.core.topics import TOPICS
from generator.source.load import load_yaml
from helpers import PROJECT, copy_project, run_cli, snapshot
from pagefacts import (city_data, code_like, expected_hub, expected_topic, items, loose_numbers, shown_on, squash,
                       tel, visible_text)

CITIES = sorted(p.stem for p in (PROJECT / "cities").glob("*.yaml"))
PAGES = [""] + [t.slug for t in TOPICS]  # "" is the city's hub


def main_text(html: str) -> str:
    start = html.index("<main")
    return squash(visible_text(html[start:html.index("</main>", start)]))


def test_there_are_real_cities():
    assert len(CITIES) >= 6


def test_the_real_project_passes_check_and_check_writes_nothing(tmp_path):
    root = copy_project(tmp_path / "project", real=True)
    before = snapshot(root)
    result = run_cli(root, "check")
    assert result.code == 0, result.text
    assert result.out.startswith(f"检查通过：{len(CITIES)} 个城市"), result.text
    assert result.err == ""
    assert snapshot(root) == before


@pytest.mark.parametrize("pinyin", CITIES)
def test_each_city_file_has_no_problem_and_every_example_computes(pinyin):
    doc = load_yaml(PROJECT / "cities" / f"{pinyin}.yaml", f"cities/{pinyin}.yaml")
    found = schema_problems(doc, "city") + semantic_problems(doc, dt.date.today())
    assert found == [], "\n".join(str(p) for p in found)
    assert check_examples(doc.data) == []


@pytest.mark.parametrize("pinyin", CITIES)
@pytest.mark.parametrize("topic", PAGES, ids=lambda t: t or "hub")
def test_every_fact_is_on_its_page_and_every_phone_a_tel_link(real_site, pinyin, topic):
    data = city_data(pinyin, PROJECT)
    html = (real_site / pinyin / (topic + "/" if topic else "") / "index.html").read_text("utf-8")
    main = main_text(html)
    exp = expected_hub(data) if not topic else expected_topic(data, topic)
    missing = [t for t in exp.texts if not shown_on(t, main)]
    assert not missing, f"/{pinyin}/{topic}: not shown: {missing}"
    for phone in exp.phones:
        assert f'href="{tel(phone)}"' in html, f"{phone} is not a tel: link on /{pinyin}/{topic}"


def test_every_office_and_channel_phone_is_a_tel_link_somewhere(real_site):
    for pinyin in CITIES:
        data = city_data(pinyin, PROJECT)
        html = (real_site / pinyin / "offices" / "index.html").read_text("utf-8") \
            + (real_site / pinyin / "query" / "index.html").read_text("utf-8")
        phones = [p for o in items(data, "offices") for p in o.get("phones") or ()]
        phones += [c["phone"] for c in items(data, "channels") if c.get("phone")]
        for phone in phones:
            assert f'href="{tel(phone)}"' in html, (pinyin, phone)


def test_no_phone_number_outside_a_tel_link(real_site):
    loose = [f"{path}: {n}" for path in html_pages(real_site)
             for n in loose_numbers((real_site / path).read_text("utf-8"))]
    assert not loose, "\n".join(loose[:30])


def test_no_page_shows_an_id_a_file_name_or_a_yaml_key(real_site):
    found = {}
    for path in html_pages(real_site):
        hits = code_like(visible_text((real_site / path).read_text(encoding="utf-8")), CITIES)
        if hits:
            found[path] = sorted(set(hits))[:6]
    assert not found, "页面上出现了编号、文件名或字段名:\n" + "\n".join(f"{p}: {h}" for p, h in found.items())


def test_no_editor_note_reaches_a_page(real_site):
    """What is written for editors only (editor_note) is on no page."""
    pages = "".join(squash(visible_text((real_site / p).read_text("utf-8"))) for p in html_pages(real_site))
    for pinyin in CITIES:
        text = (PROJECT / "cities" / f"{pinyin}.yaml").read_text("utf-8")
        notes = [squash(n) for n in re.findall(r"editor_note: (.+)", text) if len(n) > 20 and "\\" not in n]
        leaked = [n for n in notes if n.strip("'\">-|") and n.strip("'\">-|") in pages]
        assert not leaked, (pinyin, leaked[:3])
