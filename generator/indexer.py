"""Running the search indexer, Pagefind (its extended build, which segments Chinese):
find its program, run it over a folder of pages with a time limit, and check that the
index it wrote is whole before the site may be published.

Pagefind runs as its own command line (`--site … --output-path …`) rather than through
its Python API: a process of our own can be given a time limit and stopped, and its exit
code and last words tell a broken indexer from a slow one (the API waits forever for a
reply from an indexer that died). Both write byte-identical indexes.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path

from .errors import CannotBuild

REINSTALL = "请在项目文件夹运行 bash scripts/build.sh 重新安装"
FIX = f"{REINSTALL}；或者先用 yibao build --no-search 生成不带搜索的网站。"


def time_limit(pages: int) -> float:
    """Generous: 10 minutes, plus 20 ms a page. 3,000 cities (36,000 pages) get 22 minutes
    where Pagefind took about 65 s on a 2-core machine."""
    return 600 + 0.02 * pages


def program() -> Path:
    """Pagefind's program: the one PAGEFIND_BINARY_PATH names, else the pagefind[extended] package's."""
    try:
        from pagefind.service import get_executable

        found = get_executable()
    except ImportError:
        found = None
    if found is None or not found.is_file() or not os.access(found, os.X_OK):
        raise CannotBuild(f"找不到搜索索引工具 Pagefind，网站没有更新。{FIX}")
    return found


def run(source: Path, output: Path, limit: float) -> None:
    """Index the pages under `source` into `output`; stopped after `limit` seconds."""
    command = [str(program()), "--site", str(source), "--output-path", str(output),
               "--force-language", "zh-cn", "--silent"]
    try:
        # a session of its own, so that stopping it stops whatever it started too
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, start_new_session=True)
    except OSError as exc:
        raise CannotBuild(f"搜索索引工具 Pagefind 无法启动（{exc.strerror}），网站没有更新。{FIX}") from None
    with proc:
        try:
            log, _ = proc.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            raise CannotBuild(f"搜索索引工具 Pagefind 超过 {limit:g} 秒还没有完成，已经停止，网站没有更新。"
                              f"网站很大时，请用 --index-timeout 秒数 放宽时限；否则{REINSTALL} Pagefind。") from None
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
    if proc.returncode != 0:
        raise CannotBuild(f"搜索索引工具 Pagefind 运行出错（退出码 {proc.returncode}：{_last_line(log)}），"
                          f"网站没有更新。{FIX}")


def _last_line(log: bytes) -> str:
    lines = [line.strip() for line in log.decode("utf-8", "replace").splitlines() if line.strip()]
    last = lines[-1][:200] if lines else "没有输出"
    return "".join(ch if ch.isprintable() else "?" for ch in last)


def check(folder: Path, pages: int) -> int:
    """The number of pages in the index Pagefind wrote to `folder`, once its entry file
    parses, every file it names is there and not empty, and so are all fragment and
    index files; raises CannotBuild otherwise."""
    def incomplete(what: str) -> CannotBuild:
        return CannotBuild(f"搜索索引不完整（{what}），网站没有更新。请再运行一次 yibao build；"
                           f"还是这样的话，{REINSTALL} Pagefind。")

    try:
        entry = json.loads((folder / "pagefind-entry.json").read_text("utf-8"))
        languages = list(entry["languages"].values())
        named = [f"pagefind.{lang['hash']}.pf_meta" for lang in languages]
        named += [f"wasm.{lang['wasm'] or 'unknown'}.pagefind" for lang in languages]
        indexed = sum(int(lang["page_count"]) for lang in languages)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise incomplete("pagefind-entry.json 缺失或读不懂") from None
    if not languages:
        raise incomplete("pagefind-entry.json 里没有任何语言")
    for name in ["pagefind.js", *named]:
        if not _filled(folder / name):
            raise incomplete(f"{name} 缺失或是空的")
    for kind, least in (("fragment", indexed), ("index", 1)):
        files = sorted((folder / kind).iterdir()) if (folder / kind).is_dir() else []
        empty = [f.name for f in files if not _filled(f)]
        if empty or len(files) < least:
            raise incomplete(f"{kind}/ 里{'有空文件 ' + empty[0] if empty else '的文件不够'}")
    if indexed != pages:
        raise incomplete(f"收录了 {indexed} 页，应有 {pages} 页")
    return indexed


def _filled(path: Path) -> bool:
    return path.is_file() and not path.is_symlink() and path.stat().st_size > 0
