"""Stage 6 — write: put the finished site's files into the staging folder `publish`
hands out. Like Pelican's writer, it refuses to write one output path twice: two pages,
or a page and a static file, that map to the same file are a bug to report, not a
silent overwrite."""
from __future__ import annotations

import os
import posixpath
import tempfile
from pathlib import Path
from typing import Callable

from generator.core.files import copy_tree


class OutputClash(RuntimeError):
    """Two things of the site map to one output path."""


class Writer:
    """Writes the site's files under `folder`, each output path at most once. Paths are
    compared as a case-insensitive file system sees them, so the site copies safely."""

    def __init__(self, folder: Path, spare: Path | None = None,
                 before_new: Callable[[str], None] = lambda name: None):
        """`spare`: set when `folder` is a site being served (`yibao serve`), a folder on
        the same file system (publish.scratch): each file is written there first and
        renamed over its place, so a reader gets the old file or the new one, never half
        of one, and a killed writer leaves nothing in the site. `before_new(name)` is
        called before a name that is not there yet is made at the top of `folder` (serve
        adds it to the site's marker file first)."""
        self.folder = folder
        self.spare = spare
        self.before_new = before_new
        self.claimed: dict[str, str] = {}  # case-folded path → the path as first claimed
        self.parents: set[str] = set()  # case-folded folders that hold a claimed path

    def write(self, rel: str, content: str | bytes) -> None:
        claimed = self._claim(rel)
        target = self.folder / claimed
        data = content.encode("utf-8") if isinstance(content, str) else content
        if self.spare is None:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            return
        self.announce(claimed)
        folder = self.folder
        for part in claimed.split("/")[:-1]:  # a site being served: never through a link
            folder = folder / part
            if folder.is_symlink():
                raise OutputClash(f"输出路径 {rel} 经过符号链接")
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=self.spare)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.chmod(temporary, 0o644)
            os.replace(temporary, target)
        except BaseException:
            os.unlink(temporary)
            raise

    def claim(self, rel: str) -> None:
        """A file written by other means (a city's pass, in a worker process): nothing else
        may be written at its path."""
        self._claim(rel)

    def announce(self, rel: str) -> None:
        """Say (`before_new`) that rel's first part is about to be made, if it is not there."""
        top = rel.split("/")[0]
        if not os.path.lexists(self.folder / top):
            self.before_new(top)

    def reserve(self, rel: str) -> None:
        """A folder filled by other means (static/, the search index): nothing else may be
        written there."""
        self._claim(rel, suffix="/")

    def _claim(self, rel: str, suffix: str = "") -> str:
        path = posixpath.normpath(rel)
        if path.startswith(("/", "../")) or path in (".", ".."):
            raise OutputClash(f"输出路径 {rel} 在网站文件夹之外")
        key = path.casefold()
        parts = key.split("/")
        parents = ["/".join(parts[:i]) for i in range(1, len(parts))]
        clash = next((self.claimed[k] for k in (key, *parents) if k in self.claimed), None)
        if clash is None and key in self.parents:
            clash = next(p for k, p in self.claimed.items() if k.startswith(key + "/"))
        if clash is not None:
            raise OutputClash(f"网站里的 {rel} 要写两次（已经写过 {clash}），后写的会覆盖先写的")
        self.claimed[key] = path + suffix
        self.parents.update(parents)
        return path


def fill_folders(top: Path, page: bytes) -> None:
    """Every folder under `top` (and `top`) that has no index.html gets `page`: the folders
    of files rather than pages (static/, the search index) then answer with a page too,
    not with a 404 on one host and a list of files on another. `page` is the 404 page,
    whose links start at the site's own path, so it works in any folder. Links are
    never followed."""
    if not page or top.is_symlink() or not top.is_dir():
        return
    for folder, folders, files in os.walk(top):
        folders[:] = [name for name in folders if not (Path(folder) / name).is_symlink()]
        if "index.html" not in files:
            (Path(folder) / "index.html").write_bytes(page)


def copy_static(source: Path, stage: Path) -> None:
    """Copy static/ as ordinary files only: a link or special file is refused, never
    followed (the check has refused them already; this holds even if one appears later)."""
    if os.path.lexists(source):
        copy_tree(source, stage / "static", "static")
