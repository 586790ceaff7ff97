"""The site's addresses: where each common page, the open data and the search index live,
the names a city's pinyin cannot take, and the site's own public address (`--base-url`).

Every stage asks here, so checking a city file does not have to load the page views to
learn which names are taken.
"""
from __future__ import annotations

import re
from typing import Mapping
from urllib.parse import urlsplit

from generator.core.errors import CannotBuild

# The pages every site has, whatever its cities, and the folder of the articles.
HOME = "index.html"
COMPARE = "compare/index.html"
SEARCH = "search/index.html"
NOT_FOUND = "404.html"
OPEN_DATA = "data"  # the open data files: data/<拼音>.json, data/facts.csv, data/schema.json
OPEN_DATA_CSV = "facts.csv"
OPEN_DATA_SCHEMA = "schema.json"
DATA = f"{OPEN_DATA}/index.html"  # the page that explains the open data files beside it
ARTICLES = "articles/"
SEARCH_INDEX = "search/data"  # the search index, beside the search page
STATIC = "static"  # a copy of the project's static/ folder
# What the build writes beside the pages: the sitemap and robots.txt, and the static files.
BESIDE_PAGES = ("sitemap.xml", "robots.txt", "static/")
# A city's folder is its pinyin, at the top of the site: it must not be one of the site's
# own names. tests/test_names.py builds the site and fails if anything it writes at the
# top is missing here.
RESERVED_NAMES = frozenset(path.split("/")[0].split(".")[0]
                           for path in (HOME, COMPARE, SEARCH, NOT_FOUND, DATA, ARTICLES, *BESIDE_PAGES)) | {
    # a city's open data file is data/<拼音>.json, beside the schema of those files
    OPEN_DATA_SCHEMA.removesuffix(".json")}
# The pages that list or compare cities: a change to any city changes them.
LISTS_CITIES = frozenset({HOME, COMPARE, DATA, SEARCH})  # the search page offers the cities in its city field


def city_page(pinyin: str, *parts: str) -> str:
    """The output path of one of a city's pages: city_page("dalian", "offices") →
    "dalian/offices/index.html"."""
    return "/".join((pinyin, *parts, "index.html"))


def reserved_name(pinyin: str) -> str:
    """Why `pinyin` cannot be a city's pinyin, in the words `check` and `yibao new` use."""
    taken = (f"开放数据的说明文件 {OPEN_DATA}/{OPEN_DATA_SCHEMA} 已经用了这个名字，城市的资料文件会和它重名"
             if f"{pinyin}.json" == OPEN_DATA_SCHEMA else f"网址 /{pinyin}/ 已被占用")
    return (f"“{pinyin}”是网站自己的页面用的名字（{taken}），不能用作城市拼音。"
            "请换一个拼音（例如在后面加上 shi），文件名也用同样的拼音。不能用的名字有：" + "、".join(sorted(RESERVED_NAMES)) + "。")


BASE_URL_EXAMPLE = "https://example.org/"


def base_url_problem(url: str) -> str | None:
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


def site_path(base_url: str) -> str:
    """'https://example.org/guide' → '/guide/'; 'https://example.org' → '/': the prefix of
    root-relative links (the 404 page is served at any depth)."""
    path = urlsplit(base_url).path.strip("/")
    return f"/{path}/" if path else "/"


# The repository the 纠错 links open: yibao.yaml's repo_url (the same pattern as its schema)
REPO_URL = re.compile(r"https://github\.com/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+/?")
REPO_URL_EXAMPLE = "https://github.com/用户名/仓库名"


def repository_of_workflow(env: Mapping[str, str]) -> str | None:
    """The repository a GitHub Actions run builds (GITHUB_SERVER_URL/GITHUB_REPOSITORY,
    which GitHub sets in every step), or None outside Actions: a fork's site then opens
    the fork's correction form, not the repository it was copied from."""
    server, repository = env.get("GITHUB_SERVER_URL", ""), env.get("GITHUB_REPOSITORY", "")
    url = f"{server.rstrip('/')}/{repository}"
    return url if server and repository and REPO_URL.fullmatch(url) else None


def repo_url_option(url: str) -> str:
    """`--repo-url` as given, or CannotBuild saying what to write instead."""
    if not REPO_URL.fullmatch(url):
        shown = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in url)
        raise CannotBuild(f"--repo-url “{shown}”不是 GitHub 仓库的网址。请写成 {REPO_URL_EXAMPLE} 。网站没有更新。")
    return url


def base_url_option(url: str) -> str:
    """`--base-url` as given, or CannotBuild saying what to write instead."""
    reason = base_url_problem(url)
    if reason:
        shown = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in url)
        raise CannotBuild(f"--base-url “{shown}”不是完整的网站地址：{reason}。"
                          f"请写成 {BASE_URL_EXAMPLE} 这样以 http:// 或 https:// 开头的完整网址。网站没有更新。")
    return url
