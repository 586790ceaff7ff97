"""`yibao serve`: build, serve dist/ with live reload, and keep it up to date.

File events (watchfiles: inotify and its kin, no polling) say which files changed;
live.py redoes only what they touch — a saved city file costs that city's pages and the
pages that list cities — and the open pages reload (livereload's reload message over its
WebSocket). The search index catches up afterwards, in the background.

When a volunteer saves a broken file, nothing of the served site changes, and every page
of the preview shows the problems — file, line and message — until the file is fixed;
then the site comes back by itself.
"""
from __future__ import annotations

import contextlib
import html
import json
import mimetypes
import os
import queue
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import unquote, urlsplit

from generator.output import publish
from generator.core.errors import CannotBuild, UserError
from generator.commands.live import CHILDREN, WATCHED, WHOLE, LiveSite

mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("application/json", ".json")
mimetypes.add_type("text/css", ".css")


class Preview:
    """The state of the preview: where the site is, and what the last build said."""

    def __init__(self, root: Path, out: Path, log: Callable[[str], None] = print):
        self.root = root
        self.out = out
        self.log = log
        self.live = LiveSite(root, out, log)
        self.problems: list[str] = []
        self.heading = ""
        self.lock = threading.Lock()

    def rebuild(self) -> bool:
        """Build the whole site."""
        return self._run(self.live.full)

    def update(self, changed: Iterable[Path]) -> bool:
        """Redo what the changed files touch; False if it failed (the error page shows)."""
        changed = list(changed)
        return self._run(lambda: self.live.update(changed))

    def _run(self, step) -> bool:
        with self.lock:
            started = time.perf_counter()
            try:
                done = step()
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
            if done.changed:
                self.log(f"{done.line()}（{time.perf_counter() - started:.2f} 秒）")
            return True

    def fail(self, heading: str, problems: list[str]) -> None:
        self.heading, self.problems = heading, problems
        self.log(f"生成失败，共 {len(problems)} 个问题：")
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


def watch(root: Path, changes: "queue.Queue[set[Path]]", stop: threading.Event) -> None:
    """Put every batch of changed files under `root` that a build reads into `changes`.
    The folders are watched with all they hold; the project folder itself only for its
    own entries (yibao.yaml, which editors often replace by a new file, and the folders
    appearing or going), never for what is inside dist/ or .venv/."""
    import watchfiles

    folders_changed = threading.Event()

    def present() -> list[Path]:
        return [root / name for name in WATCHED if (root / name).is_dir() and not (root / name).is_symlink()]

    def top() -> None:
        for batch in watchfiles.watch(root, recursive=False, stop_event=stop, step=20, raise_interrupt=False):
            found = {Path(path) for _, path in batch if Path(path).name in WATCHED and Path(path).parent == root}
            if present() != watching:
                folders_changed.set()  # a watched folder came or went: watch the new set
            if found:
                changes.put(found)

    watching = present()
    threading.Thread(target=top, daemon=True, name="watch-project").start()
    while not stop.is_set():
        watching = present()
        folders_changed.clear()
        if not watching:
            stop.wait(0.5)
            continue
        try:
            for batch in watchfiles.watch(*watching, stop_event=_Either(stop, folders_changed), step=20,
                                          raise_interrupt=False):
                changes.put({Path(path) for _, path in batch})
        except (FileNotFoundError, RuntimeError):  # a watched folder went away meanwhile
            stop.wait(0.2)


class _Either:
    """Set when either event is: watchfiles' stop_event."""

    def __init__(self, *events: threading.Event):
        self.events = events

    def is_set(self) -> bool:
        return any(event.is_set() for event in self.events)


def _remember_pages(handler) -> None:
    """livereload's WebSocket handler hears from each tab which page it shows (the
    "info" message of its protocol) but does not keep it; keep it, so that an update
    reloads only the tabs whose page it rewrote."""
    original = handler.on_message
    if getattr(original, "remembers_pages", False):
        return

    def on_message(self, message):
        original(self, message)
        with contextlib.suppress(ValueError, TypeError, AttributeError):
            data = json.loads(message)
            if data.get("command") == "info":
                self.shows = _file_of(urlsplit(str(data.get("url") or "")).path)

    on_message.remembers_pages = True  # type: ignore[attr-defined]
    handler.on_message = on_message


def _file_of(url_path: str) -> str:
    """'/dalian/offices/' → 'dalian/offices/index.html': the file under dist/ a tab shows."""
    path = unquote(url_path).lstrip("/")
    if path == "" or path.endswith("/"):
        return path + "index.html"
    return path if "." in path.rsplit("/", 1)[-1] else path + "/index.html"


def _reload(handler, paths: set[str] | None) -> None:
    """livereload's reload message to the tabs showing one of `paths` (a tab that has not
    said what it shows reloads too), or to every tab; on the server's own thread."""
    message = {"command": "reload", "path": "*", "liveCSS": True, "liveImg": True}
    for tab in list(handler.waiters):
        if paths is None or getattr(tab, "shows", None) is None or tab.shows in paths:
            try:
                tab.write_message(message)
            except Exception:  # a tab that went away meanwhile
                handler.waiters.discard(tab)


def serve(root: Path, out: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    from livereload import Server
    from livereload.handlers import LiveReloadHandler
    from tornado.ioloop import IOLoop

    root = root.absolute()
    publish.check_out(root, out)  # refuse a folder it may not replace before anything starts
    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    preview = Preview(root, out, log=log)
    preview.rebuild()
    _remember_pages(LiveReloadHandler)
    server = Server(app=preview)
    # livereload's server and reload message; not its watcher, which polls (Server.serve starts it)
    server.application(port, host, liveport=None, debug=False, live_css=True)
    loop = IOLoop.current()
    stop = threading.Event()
    changes: queue.Queue[set[Path]] = queue.Queue()
    wake_index = threading.Event()

    reloaded = threading.Event()

    def reload_tabs(paths: set[str] | None = None) -> None:
        """Reload the open tabs that show one of `paths` (files under dist/), or every tab."""
        if paths is not None:
            if preview.problems:  # the tabs show the error page until the update is through: then all reload
                return
            reloaded.set()
        loop.add_callback(_reload, LiveReloadHandler, paths)

    def keep_up() -> None:
        while not stop.is_set():
            changed = changes.get()
            time.sleep(0.02)  # an editor saving several files at once: take them together
            while not changes.empty():
                changed |= changes.get_nowait()
            failing = bool(preview.problems)
            reloaded.clear()
            ok = preview.update(changed)
            changed_site = preview.live.generation != shown[0]
            shown[0] = preview.live.generation
            # every tab showed or shows the error page; else an update of cities reloaded the tabs it changed
            if not ok or failing or (changed_site and not reloaded.is_set()):
                reload_tabs()
            if ok:
                wake_index.set()

    def index() -> None:
        indexed_generation = -1
        while not stop.is_set():
            wake_index.wait()
            wake_index.clear()
            time.sleep(0.3)  # let the open pages reload first
            if stop.is_set():
                break
            if preview.problems or preview.live.generation == indexed_generation:
                continue
            generation = preview.live.generation
            try:
                started = time.perf_counter()
                indexed_generation, pages = preview.live.index_in_background()
                log(f"搜索索引已更新：{pages} 个页面（{time.perf_counter() - started:.1f} 秒）。")
            except Exception as exc:  # the preview goes on; the next change tries again
                if preview.live.generation == generation and not stop.is_set():  # else a build replaced the site
                    log(f"搜索索引没有更新：{exc}")

    shown = [preview.live.generation]
    preview.live.pages_written = reload_tabs
    threading.Thread(target=watch, args=(root, changes, stop), daemon=True, name="watch").start()
    threading.Thread(target=keep_up, daemon=True, name="keep-up").start()
    indexing = threading.Thread(target=index, daemon=True, name="index")
    indexing.start()
    wake_index.set()
    log(f"预览地址：http://{host}:{port}/（按 Ctrl+C 停止）")
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it as Ctrl+C does
    try:
        loop.start()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        wake_index.set()
        _stop_children()
        _finish(preview.live, indexing, log)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _stop_children() -> None:
    for pid in list(CHILDREN):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)


def _finish(live, indexing: threading.Thread, log: Callable[[str], None]) -> None:
    """Stopping: the search index that was catching up is dropped (its child stopped, its
    folder beside dist/ removed), and an update being written into dist/ is written to the
    end, so that the next build or serve finds a whole site. A second Ctrl+C stops at once
    (dist/ is still a site the next build accepts and rebuilds)."""
    indexing.join(timeout=30)
    if not live.writing.acquire(blocking=False):
        log("正在写完这一次的更新，写完就停止…")
        live.writing.acquire()  # held until the process ends: no update starts after this one
    while CHILDREN and indexing.is_alive():  # an index started meanwhile
        _stop_children()
        indexing.join(timeout=1)
