"""`yibao serve` (the preview, called as the WSGI app it is): a rebuild that crashes shows
the error page, never the stale site with 200; odd request paths get 404, never a traceback."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_site, copy_project
from generator.commands import live as live_module
from generator.commands import serve as serve_module
from generator.core.errors import CannotBuild


def get(preview, path: str) -> tuple[int, bytes]:
    status: list[str] = []
    body = b"".join(preview({"PATH_INFO": path, "REQUEST_METHOD": "GET"},
                            lambda s, headers: status.append(s)))
    return int(status[0].split()[0]), body


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, Path]:
    root = copy_project(tmp_path_factory.mktemp("preview") / "project")
    out = root / "dist"
    build_site(root, out, index=False)
    return root, out


@pytest.fixture
def preview(site):
    root, out = site
    return serve_module.Preview(root, out, log=lambda _: None)


@pytest.mark.parametrize("crash", [KeyError("boom"), RuntimeError("indexer crashed"),
                                   CannotBuild("不能把网站生成到 dist：它是一个符号链接。什么都没有改动。")])
def test_a_crash_while_rebuilding_shows_the_error_page(preview, monkeypatch, crash):
    assert get(preview, "/qingchuan/")[0] == 200

    def broken(*args, **kwargs):
        raise crash

    monkeypatch.setattr(live_module, "full_build", broken)
    assert preview.rebuild() is False
    status, body = get(preview, "/qingchuan/")
    assert status == 500
    text = body.decode("utf-8")
    assert "网站没有更新" in text and 'lang="zh-CN"' in text
    if isinstance(crash, CannotBuild):
        assert "符号链接" in text
    else:
        assert "生成器内部出错" in text and type(crash).__name__ in text
    assert "Traceback" not in text
    monkeypatch.undo()
    assert preview.rebuild() is True
    assert get(preview, "/qingchuan/")[0] == 200


@pytest.mark.parametrize("path", [
    "/static/\x00", "/\x00", "/qingchuan/\x00/index.html",
    "/" + "a" * 5000, "/static/" + "长" * 2000, "/" + "/".join(["b" * 250] * 40),
    "/..", "/../../../../etc/passwd", "/static/../../../yibao.yaml",
    "/\xff\xfe", "/static/\xc3(", "/\udcff",
])
def test_odd_paths_get_404(preview, path):
    status, body = get(preview, path)
    assert status == 404, (path, status)
    assert b"Traceback" not in body
    assert b"<!doctype html>" in body[:100].lower()
