"""The built site as files: links that lead somewhere, a sitemap, valid HTML, pages light
enough for a slow phone connection, and a build that gives the same bytes every time."""
from __future__ import annotations

import gzip
import html
import hashlib
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from conftest import SITE_PATH, TEST_PROJECT, build_site, copy_project, html_pages, page_url
from generator.source.load import load_yaml

BUDGET = 30 * 1024  # gzipped bytes of HTML + CSS + JS for one city page
SKIP_SCHEMES = ("http:", "https:", "tel:", "mailto:", "data:", "sms:")


class Refs(HTMLParser):
    """Every URL a page points at, every id it defines, and the scripts and styles it loads."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str]] = []  # (tag.attr, url)
        self.ids: list[str] = []
        self.styles: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        for name in ("href", "src", "action"):
            if a.get(name) is not None:
                self.urls.append((f"{tag}.{name}", a[name]))
        if tag == "link" and a.get("rel") == "stylesheet":
            self.styles.append(a["href"])
        if tag == "script" and a.get("src"):
            self.scripts.append(a["src"])


def parse(dist: Path, path: str) -> Refs:
    refs = Refs()
    refs.feed((dist / path).read_text("utf-8"))
    return refs


def target_file(dist: Path, page: str, url: str) -> tuple[Path, str]:
    """The file a (relative) URL on `page` leads to, and the fragment it names, as the site
    is served at its address (yibao.yaml's base_url, under SITE_PATH)."""
    parts = urlsplit(urljoin("http://site" + SITE_PATH + page_url(page).lstrip("/"), url))
    path = unquote(parts.path)
    path = "/" + path[len(SITE_PATH):] if path.startswith(SITE_PATH) else "/outside-the-site" + path
    file = dist / path.lstrip("/")
    if path.endswith("/"):
        file = file / "index.html"
    return file, parts.fragment


@pytest.fixture(scope="session")
def pages(built_site) -> list[str]:
    return html_pages(built_site)


@pytest.fixture(scope="session")
def parsed(built_site, pages) -> dict[str, Refs]:
    return {p: parse(built_site, p) for p in pages}


def test_no_broken_internal_links_or_assets(built_site, parsed):
    broken = []
    for page, refs in parsed.items():
        for where, url in refs.urls:
            if url.startswith(SKIP_SCHEMES) or url == "":
                continue
            assert not url.startswith("//"), f"{page}: protocol-relative URL {url}"
            file, fragment = target_file(built_site, page, url)
            if not file.is_file():
                broken.append(f"{page}: {where}={url} → {file.relative_to(built_site)} missing")
            elif fragment and file.suffix == ".html":
                target = parsed.get(file.relative_to(built_site).as_posix()) or parse(built_site, file.name)
                if unquote(fragment) not in target.ids:
                    broken.append(f"{page}: {where}={url} → no id {fragment!r}")
    assert not broken, "\n".join(broken[:30])


def not_found_copies(dist: Path) -> set[str]:
    """The 404 page, and its copies in the folders of files (static/, the search index)."""
    page = (dist / "404.html").read_bytes()
    return {p.relative_to(dist).as_posix() for p in dist.rglob("*.html") if p.read_bytes() == page}


def test_every_folder_of_the_site_answers_with_a_page(built_site):
    """A folder without index.html is a 404 on GitHub Pages and a list of files on other
    hosts. Folders of pages list their pages; folders of files show the 404 page."""
    folders = [built_site, *(p for p in built_site.rglob("*") if p.is_dir())]
    missing = [f.relative_to(built_site).as_posix() for f in folders if not (f / "index.html").is_file()]
    assert not missing, missing
    copies = not_found_copies(built_site)
    assert {p.split("/")[0] for p in copies} == {"404.html", "static", "search"}, copies
    assert "search/index.html" not in copies
    listing = (built_site / "qingchuan" / "checklists" / "index.html").read_text("utf-8")
    for checklist in (built_site / "qingchuan" / "checklists").iterdir():
        if checklist.is_dir():
            assert f'href="{checklist.name}/"' in listing
    articles = (built_site / "articles" / "index.html").read_text("utf-8")
    assert articles.count("<li>") == len([p for p in (built_site / "articles").iterdir() if p.is_dir()])


def test_links_are_relative_so_the_site_works_under_any_base_url(built_site, parsed):
    # (but the 404 page: a server shows it at whatever address was asked for)
    copies = not_found_copies(built_site)
    absolute = [(page, url) for page, refs in parsed.items() for _, url in refs.urls
                if url.startswith("/") and not url.startswith("//") and page not in copies]
    assert not absolute, absolute[:10]


def test_every_page_links_home_and_its_search_box_goes_to_the_search_page(built_site, parsed):
    for page, refs in parsed.items():
        actions = [url for where, url in refs.urls if where == "form.action"]
        header = actions[0]
        file, _ = target_file(built_site, page, header)
        assert file == built_site / "search" / "index.html", (page, header)
        html = (built_site / page).read_text("utf-8")
        assert re.search(r'<form class="search-form" role="search" action="[^"]*" method="get">\s*'
                         r'<label for="site-q"[^>]*>[^<]+</label>\s*<input id="site-q" name="q" type="search"', html), page


def test_sitemap_lists_every_page_but_404_and_search(built_site, pages):
    base = load_yaml(TEST_PROJECT / "yibao.yaml", "yibao.yaml").data["base_url"].rstrip("/")
    tree = ET.parse(built_site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text for loc in tree.getroot().findall("s:url/s:loc", ns)]
    assert len(locs) == len(set(locs))
    expected = {base + page_url(p) for p in pages
                if p not in ("search/index.html", *not_found_copies(built_site))}
    assert set(locs) == expected
    assert base + "/" in locs and base + "/qingchuan/offices/" in locs
    assert base + "/qingchuan/checklists/" in locs and base + "/articles/" in locs
    robots = (built_site / "robots.txt").read_text("utf-8").splitlines()
    assert "User-agent: *" in robots
    assert f"Sitemap: {base}/sitemap.xml" in robots


def test_every_page_is_valid_html5_without_duplicate_ids(built_site, pages, parsed):
    import html5lib

    problems = []
    for page in pages:
        parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
        try:
            parser.parse((built_site / page).read_bytes(), likely_encoding="utf-8")
        except html5lib.html5parser.ParseError as exc:
            problems.append(f"{page}: {exc}")
        ids = parsed[page].ids
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            problems.append(f"{page}: duplicate ids {duplicates}")
    assert not problems, "\n".join(problems)


MODULE_IMPORT = re.compile(r"""(?:^|[;\s])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*['"]([^'"]+)['"]""")


def loaded_js(dist: Path, page: str, scripts: list[str]) -> set[Path]:
    """Every script file a page loads, following static ES module imports (not dynamic
    import(), which is how the search page fetches Pagefind only when someone searches)."""
    seen: set[Path] = set()
    todo = [target_file(dist, page, s)[0] for s in scripts]
    while todo:
        file = todo.pop()
        if file in seen:
            continue
        assert file.is_file(), file
        seen.add(file)
        for m in MODULE_IMPORT.finditer(file.read_text("utf-8")):
            spec = m.group(1) or m.group(2)
            todo.append((file.parent / spec).resolve())
    return seen


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def test_city_pages_fit_a_slow_connection(built_site, pages, parsed):
    city_pages = [p for p in pages if p.count("/") >= 2 and not p.startswith(("articles/", "static/", "search/"))]
    assert len(city_pages) >= 6 * 9
    report = []
    for page in city_pages:
        refs = parsed[page]
        files = {built_site / page}
        files |= {target_file(built_site, page, s)[0] for s in refs.styles}
        files |= loaded_js(built_site, page, refs.scripts)
        assert not any("search" in f.relative_to(built_site).parts[:1] for f in files), page
        size = sum(gz(f.read_bytes()) for f in files)
        report.append((size, page, len(files)))
        assert size <= BUDGET, f"{page}: {size} bytes gzipped over {len(files)} files (budget {BUDGET})"
    assert max(report)[0] > 3_000  # the sum is real, not an empty page


def snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_build_is_deterministic(tmp_path, built_site):
    first, second = tmp_path / "one", tmp_path / "two"
    root = copy_project(tmp_path / "project")
    build_site(root, first)
    build_site(root, second)
    a, b = snapshot(first), snapshot(second)
    assert any(k.startswith("search/data/t/") for k in a)
    assert sorted(a) == sorted(b), set(a) ^ set(b)
    differ = [k for k in a if a[k] != b[k]]
    assert not differ, differ[:20]
    # and the session's site, built earlier in this run, is the same too
    assert snapshot(built_site) == a


def test_chinese_prose_uses_full_width_punctuation(built_site, pages):
    """`身份：在职职工`, `年龄（周岁）`, `能用医保？` — never `身份:`, `年龄(周岁)`, `医保?`.
    A source quoted word for word (between “ and ”) keeps its own marks."""
    half = re.compile(r"[\u4e00-\u9fff）。][,:;?!()]|[,:;?!()][\u4e00-\u9fff（]")
    found = []
    for page in pages:
        markup = (built_site / page).read_text("utf-8")
        text = re.sub(r"<(script|style)\b.*?</\1>|<[^>]+>", "\n", markup, flags=re.S)
        text = re.sub(r"“[^“”]*”", "", html.unescape(text))
        found += [f"{page}: {text[max(0, m.start() - 8):m.end() + 8]!r}" for m in half.finditer(text)]
    assert not found, found[:10]
