"""The site's public address (`--base-url`, or `base_url` in yibao.yaml) and the two files
made from it: sitemap.xml (XML-escaped, page paths percent-encoded) and robots.txt."""
from __future__ import annotations

from typing import Iterable
from urllib.parse import quote, urlsplit
from xml.sax.saxutils import escape

from .errors import CannotBuild, Problem
from .load import Document

EXAMPLE = "https://example.org/"


def problem(url: str) -> str | None:
    """Why `url` cannot be the site's address, or None: it must be an absolute http(s) URL
    with a host, in plain ASCII, without spaces, user name, query or fragment."""
    if any(not ch.isprintable() or ch.isspace() or ord(ch) > 126 for ch in url):
        return "网址里有空格、换行或非 ASCII 字符（中文域名请写成 xn-- 开头的形式）"
    if any(ch in '<>"\\^`{|}' for ch in url):
        return "网址里有不能出现的字符（如 < > \" 或花括号）"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not url.lower().startswith(f"{parts.scheme}://"):
        return "网址要以 http:// 或 https:// 开头"
    try:
        parts.port
    except ValueError:
        return "端口号不对"
    if not parts.hostname:
        return "网址里缺少域名"
    if parts.username is not None or parts.password is not None:
        return "网址里不能有用户名或密码"
    if "?" in url or "#" in url:
        return "网址里不能有 ? 或 # 及其后面的部分"
    return None


def check_option(url: str) -> str:
    """`--base-url` as given, or CannotBuild saying what to write instead."""
    reason = problem(url)
    if reason:
        shown = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in url)
        raise CannotBuild(f"--base-url “{shown}”不是完整的网站地址：{reason}。"
                          f"请写成 {EXAMPLE} 这样以 http:// 或 https:// 开头的完整网址。网站没有更新。")
    return url


def config_problems(doc: Document) -> list[Problem]:
    """yibao.yaml's `base_url`, checked as `--base-url` is (so `check` and `build` agree)."""
    url = doc.data.get("base_url") if isinstance(doc.data, dict) else None
    reason = problem(url) if isinstance(url, str) else None
    if not reason:
        return []
    return [doc.problem(("base_url",), f"网站地址不是完整的 http(s) 网址：{reason}。请写成 {EXAMPLE} 这样的完整网址。")]


def site_path(base_url: str) -> str:
    """'https://example.org/guide' → '/guide/'; 'https://example.org' → '/': the prefix of
    root-relative links (the 404 page is served at any depth)."""
    path = urlsplit(base_url).path.strip("/")
    return f"/{path}/" if path else "/"


def page_url(base_url: str, path: str) -> str:
    """The public address of the page at output path `path`, e.g. 'dalian/offices/index.html'."""
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return base_url.rstrip("/") + "/" + quote(path, safe="/")


def sitemap(pages: Iterable, base_url: str) -> str:
    return sitemap_of(sitemap_entries(pages, base_url))


def sitemap_entries(pages: Iterable, base_url: str) -> dict[str, str]:
    """Each page's line of the sitemap, by its path (`yibao serve` keeps them)."""
    return {p.path: f"<url><loc>{escape(page_url(base_url, p.path))}</loc></url>\n" for p in pages if p.sitemap}


def sitemap_of(entries: dict[str, str]) -> str:
    urls = "".join(entries[path] for path in sorted(entries))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + urls + "</urlset>\n")


def robots(base_url: str) -> str:
    sitemap_line = f"Sitemap: {base_url.rstrip('/')}/sitemap.xml\n" if base_url else ""
    return "User-agent: *\nAllow: /\n" + sitemap_line
