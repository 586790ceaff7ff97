"""Shared fixtures for the tests of the built site: the test project (tests/project/)
built once, served on 127.0.0.1, and headless chromium opening it the way a phone user would (360 px wide,
no other host reachable)."""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import os
import shutil
import socket
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from helpers import PROJECT, TEST_PROJECT, copy_project  # noqa: F401  (the one copy_project)

ARTIFACTS = Path(__file__).resolve().parent / ".artifacts"
def _chromium() -> str:
    """The chromium to drive: $CHROMIUM, else Debian's (scripts/test.sh installs it), else the
    chromium or Chrome a CI runner ships."""
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("google-chrome"), shutil.which("chromium-browser")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return "/usr/bin/chromium"


CHROMIUM = _chromium()
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PHONE = {"width": 360, "height": 800}


def fixed_epoch() -> str:
    """Midnight UTC today: fixed for the whole run (so builds are comparable), and never
    before the `verified:` dates volunteers write (the checker rejects dates in the future)."""
    today = dt.datetime.now(dt.timezone.utc).date()
    return str(calendar.timegm(today.timetuple()))


BROWSER_FIXTURES = {"browser", "page", "nojs_page"}


def pytest_collection_modifyitems(items):
    """Every test that opens chromium is marked `browser`: `pytest -m "not browser"` runs
    the rest where no chromium is at hand (the pull-request workflow runs both)."""
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def source_date_epoch():
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = fixed_epoch()
    yield os.environ["SOURCE_DATE_EPOCH"]
    if old is None:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
    else:
        os.environ["SOURCE_DATE_EPOCH"] = old


def build_site(root: Path, out: Path, index: bool = True):
    from generator.commands.build import build

    return build(root, out, index=index)


def stop(proc) -> None:
    """Stop a `yibao serve` started by a test as Ctrl-C would, and kill it if it hangs."""
    import signal
    import subprocess

    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def html_pages(dist: Path) -> list[str]:
    """Every built HTML page as a site path relative to the root, e.g. 'dalian/offices/index.html'.
    Not the copies of the 404 page in the folders of files (static/, the search index):
    they are 404.html, tested as such."""
    not_found = dist / "404.html"
    page = not_found.read_bytes() if not_found.is_file() else None
    return sorted(p.relative_to(dist).as_posix() for p in dist.rglob("*.html")
                  if not (p.parent != dist and p.name == "index.html" and p.read_bytes() == page))


def page_url(path: str) -> str:
    """'dalian/offices/index.html' → '/dalian/offices/' (how people link to it)."""
    if path.endswith("index.html"):
        return "/" + path[: -len("index.html")]
    return "/" + path


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, source_date_epoch) -> Path:
    """The test project (tests/project/ with the real templates/ and static/) built once
    with its search index, shared by every test that only reads the site."""
    root = copy_project(tmp_path_factory.mktemp("site") / "project")
    build_site(root, root / "dist")
    return root / "dist"


@pytest.fixture(scope="session")
def real_site(tmp_path_factory, source_date_epoch) -> Path:
    """The real guide built once: for the invariants of tests/test_real_cities.py and the
    search quality measured on the real pages."""
    out = tmp_path_factory.mktemp("real-site") / "dist"
    build_site(PROJECT, out)
    return out


def _site_path() -> str:
    """Where yibao.yaml's base_url puts the site ('/yibao-guide/' for a GitHub project page)."""
    import yaml

    from generator.core.addresses import site_path
    return site_path(yaml.safe_load((TEST_PROJECT / "yibao.yaml").read_text("utf-8")).get("base_url") or "")


# The test server serves the site both at / and under this path, as the host it is
# published on does: the 404 page links from the site path, whatever address was asked.
SITE_PATH = _site_path()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output readable
        pass

    def translate_path(self, path):
        if SITE_PATH != "/" and (path + "/").startswith(SITE_PATH):
            path = "/" + path[len(SITE_PATH):]
        return super().translate_path(path)

    def send_error(self, code, message=None, explain=None):
        """A missing page gets the site's 404.html, with status 404, as static hosts
        (GitHub Pages, Netlify, nginx `error_page`) serve it — at whatever address was asked."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@dataclass
class Server:
    root: Path
    url: str  # "http://127.0.0.1:PORT" without trailing slash
    httpd: ThreadingHTTPServer

    def __call__(self, path: str = "/") -> str:
        return self.url + path


def start_server(root: Path) -> Server:
    handler = functools.partial(_QuietHandler, directory=str(root))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return Server(root, f"http://127.0.0.1:{httpd.server_address[1]}", httpd)


@pytest.fixture(scope="session")
def site(built_site) -> Server:
    """The built site served over HTTP on 127.0.0.1; call it with a path to get a URL."""
    server = start_server(built_site)
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture(scope="session")
def all_pages(built_site) -> list[str]:
    return html_pages(built_site)


@pytest.fixture(scope="session")
def real_server(real_site) -> Server:
    """The real guide served like `site` (for the search quality measured on its pages)."""
    server = start_server(real_site)
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class PageLog:
    """What a page did that a user should never see happen."""

    external: list[str] = field(default_factory=list)  # requests to any host but 127.0.0.1
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions
    failed: list[str] = field(default_factory=list)  # local responses >= 400 and failed requests

    def clear(self) -> None:
        self.external.clear()
        self.errors.clear()
        self.failed.clear()

    def assert_clean(self, allow_missing: tuple[str, ...] = ()) -> None:
        assert not self.external, f"requests to other hosts: {self.external}"
        failed = [f for f in self.failed if not any(a in f for a in allow_missing)]
        assert not failed, f"failed requests: {failed}"
        errors = [e for e in self.errors if not (allow_missing and "404" in e)]
        assert not errors, f"console errors: {errors}"


def open_context(browser, log: PageLog, **options):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", **options)
    context.set_default_timeout(15_000)

    def route(route):
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            log.external.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    return context


def watch(page, log: PageLog) -> None:
    page.on("console", lambda m: log.errors.append(f"console.{m.type}: {m.text} @ {m.location.get('url')}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: log.errors.append(f"pageerror: {e}"))
    page.on("requestfailed", lambda r: log.failed.append(f"{r.url} ({r.failure})")
            if urlsplit(r.url).hostname == "127.0.0.1" else None)
    page.on("response", lambda r: log.failed.append(f"{r.url} → {r.status}")
            if r.status >= 400 and urlsplit(r.url).hostname == "127.0.0.1" else None)


@pytest.fixture
def page_log() -> PageLog:
    return PageLog()


@pytest.fixture
def page(browser, page_log):
    """A fresh phone-sized tab (new context per test) whose every outside request and
    console error lands in `page_log`."""
    context = open_context(browser, page_log)
    tab = context.new_page()
    watch(tab, page_log)
    yield tab
    context.close()


@pytest.fixture
def nojs_page(browser, page_log):
    """The same tab with JavaScript turned off."""
    context = open_context(browser, page_log, java_script_enabled=False)
    tab = context.new_page()
    watch(tab, page_log)
    yield tab
    context.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- a project with markup typed into its city file ----------------------------------
SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=2">'


@pytest.fixture(scope="session")
def pwned_site(tmp_path_factory, source_date_epoch):
    """The test project with markup typed into an office name and a note."""
    root = copy_project(tmp_path_factory.mktemp("pwned") / "project")
    city = root / "cities" / "qingchuan.yaml"
    text = city.read_text("utf-8")
    name = "      name: 青川市医疗保险管理中心\n      address: 青川市柳湾区望江路18号\n"
    assert name in text
    text = text.replace(name, f"      name: '青川市医疗保险管理中心{SCRIPT}{IMG}'\n"
                              "      address: 青川市柳湾区望江路18号\n"
                              f"      note: '旧址备注{IMG}{SCRIPT}'\n", 1)
    city.write_text(text, "utf-8")
    out = root / "dist"
    build_site(root, out)
    server = start_server(out)
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()
