"""The two files made from the site's public address (`--base-url`, or `base_url` in
yibao.yaml): sitemap.xml (XML-escaped, page paths percent-encoded) and robots.txt."""
from __future__ import annotations

from typing import Iterable
from urllib.parse import quote
from xml.sax.saxutils import escape


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
