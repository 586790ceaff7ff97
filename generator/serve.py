"""`yibao serve`: build, serve dist/ with live reload, rebuild on every change.

When a volunteer saves a broken file, the build fails as usual (dist/ is left as it
was), and every page of the preview shows the problems — file, line and message —
until the file is fixed; then the site comes back by itself.
"""
from __future__ import annotations

import html
import mimetypes
import sys
import threading
from pathlib import Path
from typing import Callable, Iterable

from . import publish
from .build import build
from .errors import CannotBuild, UserError

WATCHED = ("cities", "content", "templates", "static", "yibao.yaml")

mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("application/json", ".json")
mimetypes.add_type("text/css", ".css")


class Preview:
    """The state of the preview: where the site is, and what the last build said."""

    def __init__(self, root: Path, out: Path, log: Callable[[str], None] = print):
        self.root = root
        self.out = out
        self.log = log
        self.problems: list[str] = []
        self.heading = ""
        self.lock = threading.Lock()

    def rebuild(self) -> bool:
        with self.lock:
            try:
                summary = build(self.root, self.out, progress=self.log)
            except UserError as exc:
                self.fail("数据文件有问题，网站没有更新", [str(p) for p in exc.problems])
                return False
            except CannotBuild as exc:
                self.fail("无法生成，网站没有更新", [str(exc)])
                return False
            except Exception as exc:  # a bug in the generator: still never the stale site with 200
                self.fail("生成器内部出错，网站没有更新",
                          [f"生成器内部出错（{type(exc).__name__}: {exc}）。这不是您文件的问题，"
                           "请把这段话报告给维护者。"])
                return False
            self.problems = []
            self.log(summary.line())
            return True

    def fail(self, heading: str, problems: list[str]) -> None:
        self.heading, self.problems = heading, problems
        self.log(f"生成失败,共 {len(problems)} 个问题:")
        for line in problems:
            self.log("  " + line)

    # --- WSGI ---------------------------------------------------------------
    def __call__(self, environ: dict, start_response) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "/")
        try:
            path = path.encode("latin-1").decode("utf-8")
        except (UnicodeDecodeError, UnicodeEncodeError):
            pass
        target = self.resolve(path)
        if self.problems and (target is None or target.suffix == ".html"):
            body = self.error_page().encode("utf-8")
            start_response("500 Internal Server Error", [("Content-Type", "text/html; charset=utf-8"),
                                                         ("Cache-Control", "no-store")])
            return [body]
        body = _read(target) if target else None  # None also if a rebuild took it away meanwhile
        if target is None or body is None:
            start_response("404 Not Found", [("Content-Type", "text/html; charset=utf-8")])
            return [_read(self.out / "404.html") or b"<!doctype html><title>404</title>not found"]
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/json", "application/xml"):
            kind += "; charset=utf-8"
        start_response("200 OK", [("Content-Type", kind), ("Cache-Control", "no-store")])
        return [body]

    def resolve(self, url_path: str) -> Path | None:
        """The file under dist/ for a URL path, or None; never anything outside dist/, and
        None, not an exception, for paths no file can have (a NUL, a name too long)."""
        if "\0" in url_path:
            return None
        try:
            base = self.out.resolve()
            candidate = (base / url_path.lstrip("/")).resolve()
            if candidate != base and base not in candidate.parents:
                return None
            if candidate.is_dir():
                candidate = candidate / "index.html"
            return candidate if candidate.is_file() else None
        except (OSError, ValueError):
            return None

    def error_page(self) -> str:
        items = "".join(f"<li><code>{html.escape(p)}</code></li>" for p in self.problems)
        return ("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                f"<title>{html.escape(self.heading)} · 预览</title>"
                "<style>body{font:18px/1.7 system-ui,sans-serif;margin:1rem;color:#1a1a1a}"
                "li{margin:.6rem 0}code{white-space:pre-wrap;word-break:break-all}</style></head>"
                f"<body><main><h1>{html.escape(self.heading)}</h1>"
                f"<p>共 {len(self.problems)} 个问题。改好并保存文件后,这个页面会自动刷新。</p>"
                f"<ol id=\"problems\">{items}</ol></main></body></html>")


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def serve(root: Path, out: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    from livereload import Server
    from livereload.handlers import LiveReloadHandler

    # livereload drops a reload that comes less than 3 s after the previous one, so a file
    # saved again soon after (or just after the preview opened) left the page stale.
    # A rebuild takes about a second and the watcher polls every 0.8 s: reload every time.
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0
    publish.check_out(root, out)  # refuse a folder it may not replace before anything starts
    preview = Preview(root, out, log=lambda m: print(m, file=sys.stderr, flush=True))
    preview.rebuild()
    server = Server(app=preview)
    for name in WATCHED:
        path = root / name
        if path.exists():
            server.watch(str(path), preview.rebuild)
    print(f"预览地址:http://{host}:{port}/ (按 Ctrl+C 停止)", file=sys.stderr, flush=True)
    server.serve(host=host, port=port, debug=False, restart_delay=0)
