"""Files are files: what the build reads from the project (cities/, content/, static/,
templates/, yibao.yaml) must be an ordinary file or folder. A symbolic link is never
followed (it could publish /etc/passwd or read /dev/zero forever), and a FIFO or device is
never read (it could hang the build or never end). Every refusal is a `Problem` naming the
file, so `yibao check` lists them all and `yibao build` stops before writing anything.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Iterator

from generator.core.errors import Problem, UserError
from generator.core.project import FOLDERS  # the folders every entry of which must be a plain file

_READ = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)
# O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer.
_FILE = _READ | os.O_NOFOLLOW | os.O_NONBLOCK
_FOLDER = _READ | os.O_NOFOLLOW | os.O_DIRECTORY

_LINK = ("是一个符号链接（快捷方式），不是普通的文件或文件夹。为了安全，生成器不会顺着链接去读别处的内容："
         "请删掉这个链接，把真正的文件或文件夹放在这里。")


def kind_message(mode: int | None) -> str:
    """Why an entry of this kind (st_mode; None for a symbolic link) cannot be used."""
    if mode is None or stat.S_ISLNK(mode):
        return "这" + _LINK
    if stat.S_ISFIFO(mode):
        kind = "命名管道（FIFO）"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "设备文件"
    elif stat.S_ISSOCK(mode):
        kind = "套接字（socket）"
    elif stat.S_ISDIR(mode):
        return "无法读取文件：这是一个文件夹，不是文件。"
    else:
        kind = "特殊文件"
    return f"这是一个{kind}，不是普通文件。生成器只读取普通文件：请删掉它，或换成普通文件。"


def _problem(display: str, mode: int | None) -> Problem:
    return Problem(display, 1, 1, "", kind_message(mode))


class Missing(UserError):
    """The file is not there at all."""


def _open_error(exc: OSError, display: str) -> UserError:
    if exc.errno == errno.ENOENT:
        return Missing([Problem(display, 1, 1, "", f"无法读取文件：{exc.strerror or exc}")])
    if exc.errno in (errno.ELOOP, errno.EMLINK):  # O_NOFOLLOW met a symbolic link
        return UserError([_problem(display, None)])
    if exc.errno == errno.ENOTDIR:
        return UserError([Problem(display, 1, 1, "", "路径中有一段不是文件夹（可能是符号链接）。")])
    return UserError([Problem(display, 1, 1, "", f"无法读取文件：{exc.strerror or exc}")])


def open_file(path: Path | str, display: str, dir_fd: int | None = None) -> int:
    """A file descriptor of `path`, which must be an ordinary file and not a symbolic
    link; or a UserError naming it. The caller closes the descriptor."""
    try:
        fd = os.open(path, _FILE, dir_fd=dir_fd)
    except OSError as exc:
        raise _open_error(exc, display) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise UserError([_problem(display, mode)])
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_limited(fd: int, limit: int) -> bytes:
    """At most `limit` + 1 bytes: enough to tell that a file is over the limit, whatever
    its size claims to be."""
    chunks, total = [], 0
    while total <= limit:
        chunk = os.read(fd, min(1 << 20, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def open_beneath(base: Path, parts: tuple[str, ...], display: str) -> int:
    """Open base/parts[0]/…/parts[-1] without following a symbolic link anywhere below
    `base` (each folder is opened with O_NOFOLLOW and the next name looked up inside it)."""
    try:
        folder = os.open(base, _FOLDER)
    except OSError as exc:
        raise _open_error(exc, display) from None
    try:
        for part in parts[:-1]:
            try:
                inner = os.open(part, _FOLDER, dir_fd=folder)
            except OSError as exc:
                raise _open_error(exc, display) from None
            os.close(folder)
            folder = inner
        return open_file(parts[-1], display, dir_fd=folder)
    finally:
        os.close(folder)


def folder_problems(root: Path) -> list[Problem]:
    """Every entry of FOLDERS (at any depth) that is not an ordinary file or folder,
    found without following any link. A missing folder is not a problem here."""
    problems = []
    for name in FOLDERS:
        top = root / name
        try:
            mode = os.lstat(top).st_mode
        except FileNotFoundError:
            continue
        if not stat.S_ISDIR(mode):
            problems.append(_problem(name, mode if not stat.S_ISLNK(mode) else None))
            continue
        for display, entry_mode in _walk(top, name):
            if not (stat.S_ISREG(entry_mode) or stat.S_ISDIR(entry_mode)):
                problems.append(_problem(display, entry_mode))
    return problems


def _walk(folder: Path, display: str) -> Iterator[tuple[str, int]]:
    """(display path, lstat mode) of everything under `folder`, not entering links."""
    with os.scandir(folder) as entries:
        found = sorted((entry.name, entry.path, entry.stat(follow_symlinks=False).st_mode)
                       for entry in entries)
    for name, path, mode in found:
        shown = f"{display}/{name}"
        yield shown, mode
        if stat.S_ISDIR(mode):
            yield from _walk(Path(path), shown)


def plain_files(folder: Path, suffix: str, hidden: bool = False) -> list[Path]:
    """The ordinary files directly in `folder` whose names end with `suffix` (and start
    with a dot only if `hidden`), sorted. Links and special files are left to
    `folder_problems` to report."""
    try:
        if not stat.S_ISDIR(os.lstat(folder).st_mode):
            return []
        with os.scandir(folder) as entries:
            return sorted(Path(e.path) for e in entries
                          if e.name.endswith(suffix) and (hidden or not e.name.startswith("."))
                          and e.is_file(follow_symlinks=False))
    except FileNotFoundError:
        return []


def copy_tree(source: Path, target: Path, display: str) -> None:
    """Copy the ordinary files and folders under `source` to `target`, reading each file
    through `open_beneath`, so a link that appeared after the check is refused, not copied."""
    try:
        os.close(os.open(source, _FOLDER))
    except OSError as exc:
        raise _open_error(exc, display) from None
    target.mkdir(parents=True, exist_ok=True)
    for shown, mode in _walk(source, display):
        rel = tuple(shown.split("/")[1:])
        if stat.S_ISDIR(mode):
            target.joinpath(*rel).mkdir(exist_ok=True)
            continue
        fd = open_beneath(source, rel, shown)
        try:
            with os.fdopen(fd, "rb", closefd=False) as src, open(target.joinpath(*rel), "wb") as out:
                while chunk := src.read(1 << 20):
                    out.write(chunk)
        finally:
            os.close(fd)
