"""`yibao serve` end to end: a volunteer edits a city file and the open page follows —
new facts, then the problem with its file and line, then the site again."""
from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import PROJECT, copy_project, free_port, stop

PHONE = "0409-62310001"
NEW_PHONE = "0409-62300001"
SECRET = "not-for-the-web-4f9c"
WAIT_MS = 40_000


def get(port: int, path: str) -> tuple[int, bytes]:
    """A raw request: `path` goes on the wire exactly as written (no client-side cleanup)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """`python3 -m generator --root <copy> serve --port <free>`, killed when the module ends."""
    root = copy_project(tmp_path_factory.mktemp("serve") / "project")
    (root / "pyproject.toml").write_text(f"# {SECRET}\n", "utf-8")
    port = free_port()
    log = open(root.parent / "serve.log", "w+", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "serve", "--port", str(port)],
                            cwd=PROJECT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, f"serve exited: {_read(log)}"
            try:
                if get(port, "/")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, f"serve did not answer within 60 s: {_read(log)}"
            time.sleep(0.2)
        yield root, port, proc, log
    finally:
        stop(proc)
        log.close()


def _read(log) -> str:
    log.flush()
    log.seek(0)
    return log.read()[-3000:]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_it_listens_on_127_0_0_1_only(preview):
    _, port, _, _ = preview
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for row in Path(table).read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, hexport = local.rsplit(":", 1)
            if state == "0A" and int(hexport, 16) == port:
                listening.append((table, address))
    assert listening == [("/proc/net/tcp", "0100007F")], listening


@pytest.mark.parametrize("path", ["/../pyproject.toml", "/%2e%2e/pyproject.toml", "/%2E%2E%2Fpyproject.toml",
                                  "/static/../../pyproject.toml", "/..%2f..%2fpyproject.toml",
                                  "/static/%2e%2e/%2e%2e/pyproject.toml", "//pyproject.toml",
                                  "/qingchuan/..%5c..%5cpyproject.toml", "/cities/qingchuan.yaml", "/../yibao.yaml"])
def test_nothing_outside_dist_is_served(preview, path):
    root, port, _, _ = preview
    status, body = get(port, path)
    assert status in (400, 403, 404), (path, status)
    assert SECRET.encode() not in body
    assert "青川".encode() not in body or status == 404 and b"<!doctype html>" in body[:30].lower()
    assert get(port, "/static/site.css")[0] == 200


def test_the_open_page_follows_the_city_file(preview, page, page_log):
    root, port, proc, log = preview
    city = root / "cities" / "qingchuan.yaml"
    page.goto(f"http://127.0.0.1:{port}/qingchuan/offices/")
    office = page.locator("#office-city-centre")
    assert office.get_by_role("link", name=PHONE).get_attribute("href") == "tel:" + PHONE.replace("-", "")

    # 1. a new phone number: the page reloads by itself and shows it
    edit(city, f'phones: ["{PHONE}"]', f'phones: ["{NEW_PHONE}"]')
    page.wait_for_function(f"!!document.body && document.body.innerText.includes('{NEW_PHONE}')", timeout=WAIT_MS)
    link = page.locator("#office-city-centre").get_by_role("link", name=NEW_PHONE)
    assert link.get_attribute("href") == "tel:" + NEW_PHONE.replace("-", "")
    assert PHONE not in page.inner_text("#office-city-centre"), _read(log)

    # 2. a broken file: the page shows the problem with its file and line
    edit(city, "  name: 青川\n", "  name: '青川\n")
    page.wait_for_function("document.title.includes('数据文件有问题')", timeout=WAIT_MS)
    problems = page.inner_text("#problems")
    assert "cities/qingchuan.yaml:6:" in problems and "引号" in problems, problems
    assert "网站没有更新" in page.inner_text("h1")
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    # every page of the preview says so, not just the open one
    status, body = get(port, "/baihe/")
    assert status == 500 and "cities/qingchuan.yaml:6:".encode() in body

    # 3. fixed: the site comes back by itself, with the new phone
    edit(city, "  name: '青川\n", "  name: 青川\n")
    page.wait_for_function(f"!!document.body && document.body.innerText.includes('{NEW_PHONE}')", timeout=WAIT_MS)
    assert page.locator("h1").inner_text() == "青川医保 · 经办机构"
    assert get(port, "/baihe/")[0] == 200
    assert proc.poll() is None
    assert page_log.external == []
    assert not [e for e in page_log.errors if "livereload" not in e.lower() and "500" not in e], page_log.errors
