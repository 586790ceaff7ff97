"""`yibao serve` keeps up: a saved city file reaches the open page without a full
rebuild (another city's pages are not written again), and the search index catches up
afterwards, in the background."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import PROJECT, copy_project, free_port, stop

PHONE = "0409-62310001"
NEW_PHONE = "0411-62951384"  # no three digits in a row in common with PHONE: search tells them apart
WAIT_MS = 40_000


@pytest.fixture
def served(tmp_path):
    root = copy_project(tmp_path / "project")
    port = free_port()
    log_path = tmp_path / "serve.log"
    log = open(log_path, "w+", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "serve", "--port", str(port)],
                            cwd=PROJECT, stdout=log, stderr=subprocess.STDOUT,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        wait_for_log(log_path, proc, "搜索索引已更新", 1)  # the first index, in the background
        yield root, port, log_path, proc
    finally:
        stop(proc)
        log.close()


def wait_for_log(path: Path, proc, pattern: str, count: int, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while True:
        text = path.read_text("utf-8")
        if len(re.findall(pattern, text)) >= count:
            return text
        assert proc.poll() is None, text[-3000:]
        assert time.monotonic() < deadline, f"no {count} × {pattern} within {timeout} s:\n{text[-3000:]}"
        time.sleep(0.1)


def stamp(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_ino, st.st_mtime_ns


def search(page, port: int, query: str) -> list[str]:
    page.goto(f"http://127.0.0.1:{port}/search/?q={query}")
    page.wait_for_function("/找到|没有找到|请输入/.test(document.getElementById('status').textContent)",
                           timeout=WAIT_MS)
    return page.eval_on_selector_all("#results > li a", "links => links.map(a => new URL(a.href).pathname)")


def test_an_edit_shows_without_a_full_rebuild_and_search_catches_up(served, page, page_log):
    root, port, log_path, proc = served
    dist = root / "dist"
    other, own, listing = dist / "baihe/index.html", dist / "qingchuan/offices/index.html", dist / "index.html"
    before = {path: stamp(path) for path in (other, own, listing)}
    index_before = stamp(dist / "search/data")
    assert search(page, port, NEW_PHONE.split("-")[1])[:1] != ["/qingchuan/offices/"]

    tabs = {}
    for path in ("/baihe/", "/"):  # another city's page, and the home page that lists cities
        tabs[path] = page.context.new_page()
        tabs[path].goto(f"http://127.0.0.1:{port}{path}")
        tabs[path].evaluate("window.notReloaded = true")
    page.goto(f"http://127.0.0.1:{port}/qingchuan/offices/")
    for tab in (page, *tabs.values()):
        tab.wait_for_function("!!window.LiveReload", timeout=WAIT_MS)  # connected for reloads
    page.wait_for_timeout(300)
    city = root / "cities" / "qingchuan.yaml"
    text = city.read_text("utf-8")
    city.write_text(text.replace(f'"{PHONE}"', f'"{NEW_PHONE}"', 1), "utf-8")
    page.wait_for_function(f"!!document.body && document.body.innerText.includes('{NEW_PHONE}')", timeout=WAIT_MS)

    assert stamp(other) == before[other], "another city's page was written again: a full rebuild"
    assert stamp(own) != before[own] and stamp(listing) != before[listing]
    assert "已更新青川的" in log_path.read_text("utf-8")
    # only the tabs whose page was written again reload
    tabs["/"].wait_for_function("!!document.body && !window.notReloaded", timeout=WAIT_MS)
    assert tabs["/baihe/"].evaluate("window.notReloaded") is True

    # the index catches up afterwards: a second index, then the new number is found
    wait_for_log(log_path, proc, "搜索索引已更新", 2)
    assert stamp(dist / "search/data") != index_before
    assert search(page, port, NEW_PHONE.split("-")[1])[:1] == ["/qingchuan/offices/"]
    assert page_log.external == []
