"""The site's address and the files built from it: `--base-url` and yibao.yaml's
`base_url` must be absolute http(s) URLs, sitemap.xml is valid XML with percent-encoded
paths, robots.txt holds one clean line; and the writer never writes one path twice."""
from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import build_site, copy_project
from generator import cli
from generator.core import addresses
from generator.output import sitemap, write
from generator.views.pages import Page

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
BAD_URLS = ["ftp://example.org", "example.org", "https://", "javascript:alert(1)", "//example.org",
            "https://exa mple.org", "https://example.org/\nDisallow: /", "https://example.org/?a=1",
            "https://example.org/#top", "https://user:secret@example.org", "https://example.org:99999",
            "https://例子.中国", "http://example.org/<script>"]
GOOD_URLS = ["https://example.org", "http://127.0.0.1:8000/guide/", "https://yibao.example.org/a&b/"]


def snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.mark.parametrize("url", BAD_URLS)
def test_a_base_url_that_is_not_an_absolute_http_url_is_refused(project, capsys, url):
    capsys.readouterr()
    code = cli.main(["--root", str(project), "build", "--base-url", url])
    text = "".join(capsys.readouterr())
    assert code == 1, text
    assert "--base-url" in text and "http" in text and "Traceback" not in text, text
    assert not (project / "dist").exists()


@pytest.mark.parametrize("url", GOOD_URLS)
def test_absolute_http_urls_are_accepted(url):
    assert addresses.base_url_problem(url) is None


@pytest.mark.parametrize("url", ["https://", "https://exa mple.org/", "https://example.org/?page=1"])
def test_check_refuses_a_bad_base_url_in_yibao_yaml(project, capsys, url):
    config = project / "yibao.yaml"
    lines = config.read_text("utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("base_url:"))
    lines[line - 1] = f"base_url: '{url}'"
    config.write_text("\n".join(lines) + "\n", "utf-8")
    capsys.readouterr()
    code = cli.main(["--root", str(project), "check"])
    text = "".join(capsys.readouterr())
    assert code == 1, text
    assert f"yibao.yaml:{line}:" in text and "base_url" in text and "http" in text, text


def test_sitemap_is_valid_xml_with_percent_encoded_paths():
    pages = [Page("index.html", "home.html"),
             Page("articles/a&b/index.html", "article.html"),
             Page("articles/<x>/index.html", "article.html"),
             Page("articles/大连 医保/index.html", "article.html"),
             Page("404.html", "404.html", sitemap=False)]
    text = sitemap.sitemap(pages, "https://example.org/a&b/")
    locs = [loc.text for loc in ET.fromstring(text).findall("s:url/s:loc", NS)]
    assert locs == ["https://example.org/a&b/articles/%3Cx%3E/",
                    "https://example.org/a&b/articles/a%26b/",
                    "https://example.org/a&b/articles/%E5%A4%A7%E8%BF%9E%20%E5%8C%BB%E4%BF%9D/",
                    "https://example.org/a&b/"]


def test_robots_names_the_sitemap_on_one_line():
    assert sitemap.robots("https://example.org/guide/") == (
        "User-agent: *\nAllow: /\nSitemap: https://example.org/guide/sitemap.xml\n")


def test_the_built_sitemap_uses_the_base_url_given(project):
    out = project / "dist"
    from generator.commands.build import build

    build(project, out, base_url="https://example.org/x&y", index=False)
    locs = [loc.text for loc in ET.parse(out / "sitemap.xml").getroot().findall("s:url/s:loc", NS)]
    assert "https://example.org/x&y/qingchuan/offices/" in locs
    assert "Sitemap: https://example.org/x&y/sitemap.xml" in (out / "robots.txt").read_text("utf-8")


# --- one output path, one writer -----------------------------------------------------------

def test_the_writer_refuses_to_write_a_path_twice(tmp_path):
    writer = write.Writer(tmp_path)
    writer.write("qingchuan/index.html", "one")
    for again in ("qingchuan/index.html", "Qingchuan/INDEX.html", "qingchuan//index.html", "./qingchuan/index.html"):
        with pytest.raises(write.OutputClash, match="qingchuan/index.html"):
            writer.write(again, "two")
    assert (tmp_path / "qingchuan" / "index.html").read_text("utf-8") == "one"


@pytest.mark.parametrize("path", ["qingchuan/index.html", "static/site.css", "search/data/meta.json"])
def test_two_things_at_one_output_path_stop_the_build(project, monkeypatch, path):
    from generator.commands import build as build_module

    out = project / "dist"
    build_site(project, out, index=False)
    before = snapshot(out)
    real = build_module.common_pages  # the city pages are written by the city pass, then claimed

    def with_a_clash(site, today, *rest):
        return real(site, today, *rest) + [Page(path, "404.html", {}, "重复")]

    monkeypatch.setattr(build_module, "common_pages", with_a_clash)
    with pytest.raises(write.OutputClash, match=path.replace(".", r"\.")):
        build_site(project, out, index=path.startswith("search/"))
    assert snapshot(out) == before
