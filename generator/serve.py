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

from .build import build
from .errors import UserError

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
        self.lock = threading.Lock()

    def rebuild(self) -> bool:
        with self.lock:
            try:
                summary = build(self.root, self.out, progress=self.log)
            except UserError as exc:
                self.problems = [str(p) for p in exc.problems]
                self.log(f"生成失败,共 {len(self.problems)} 个问题:")
                for line in self.problems:
                    self.log("  " + line)
                return False
            self.problems = []
            self.log(summary.line())
            return True

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
        if target is None:
            missing = self.out / "404.html"
            body = missing.read_bytes() if missing.is_file() else b"not found"
            start_response("404 Not Found", [("Content-Type", "text/html; charset=utf-8")])
            return [body]
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/json", "application/xml"):
            kind += "; charset=utf-8"
        start_response("200 OK", [("Content-Type", kind), ("Cache-Control", "no-store")])
        return [target.read_bytes()]

    def resolve(self, url_path: str) -> Path | None:
        """The file under dist/ for a URL path, or None; never anything outside dist/."""
        base = self.out.resolve()
        candidate = (base / url_path.lstrip("/")).resolve()
        if candidate != base and base not in candidate.parents:
            return None
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def error_page(self) -> str:
        items = "".join(f"<li><code>{html.escape(p)}</code></li>" for p in self.problems)
        return ("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                "<title>数据文件有问题 · 预览</title>"
                "<style>body{font:18px/1.7 system-ui,sans-serif;margin:1rem;color:#1a1a1a}"
                "li{margin:.6rem 0}code{white-space:pre-wrap;word-break:break-all}</style></head>"
                "<body><main><h1>数据文件有问题,网站没有更新</h1>"
                f"<p>共 {len(self.problems)} 个问题。改好并保存文件后,这个页面会自动刷新。</p>"
                f"<ol id=\"problems\">{items}</ol></main></body></html>")


def serve(root: Path, out: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    from livereload import Server
    from livereload.handlers import LiveReloadHandler

    # livereload drops a reload that comes less than 3 s after the previous one, so a file
    # saved again soon after (or just after the preview opened) left the page stale.
    # A rebuild takes about a second and the watcher polls every 0.8 s: reload every time.
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0
    preview = Preview(root, out, log=lambda m: print(m, file=sys.stderr, flush=True))
    preview.rebuild()
    server = Server(app=preview)
    for name in WATCHED:
        path = root / name
        if path.exists():
            server.watch(str(path), preview.rebuild)
    print(f"预览地址:http://{host}:{port}/ (按 Ctrl+C 停止)", file=sys.stderr, flush=True)
    server.serve(host=host, port=port, debug=False, restart_delay=0)
