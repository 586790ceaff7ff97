"""Publishing: the finished site goes into an output folder the build may own, one build
at a time, and is swapped in whole, so a reader never finds it half-done or missing.

- `check_out` refuses a folder the build must not replace: the project, a folder that
  holds it, its source folders, anything that is not a site this project built (each
  build leaves a marker file, `.yibao-site`, listing what it made).
- `publishing` takes the lock (`.<out>.lock` beside the output folder), cleans what a
  killed build left beside it, hands out a fresh staging folder and, when the build got
  through, swaps it in with one `renameat2(RENAME_EXCHANGE)`: the output folder always
  exists, holding either the old site or the new one. Where that call is missing (not
  Linux, old glibc, a file system without it) two renames do it, with a moment between
  them when the folder is missing.
"""
from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import functools
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Callable, Iterator

from generator.core.errors import CannotBuild
from generator.core.project import FOLDERS

MARKER = ".yibao-site"
# Folders of the project that hold what a build reads, or the generator itself.
SOURCE_FOLDERS = frozenset({*FOLDERS, "generator", "tests", "scripts", "benchmarks"})
# What every site the generator built before the marker existed holds.
OLD_SITE_FILES = ("index.html", "404.html", "robots.txt", "sitemap.xml", "static/site.css")
# Our temporary folders beside the output folder: .<out>.new-XXXX (staging), .<out>.old-XXXX
# (the previous site on the way out) and .<out>.index-XXXX (the search index `yibao serve` builds
# in the background; earlier builds handed their pages to Pagefind there).
TEMPORARY_KINDS = ("new", "old", "index")


def check_out(root: Path, out: Path) -> None:
    """Raise CannotBuild, touching nothing, unless the build may replace `out` whole."""
    out = Path(os.path.abspath(out))
    reason = _refusal(root.resolve(), out)
    if reason:
        raise CannotBuild(f"不能把网站生成到 {out}：{reason}。什么都没有改动。")


def _refusal(root: Path, out: Path) -> str | None:
    fix = "请换一个新的或空的文件夹，例如 --out dist"
    if out.is_symlink():
        return f"它是一个符号链接。{fix}"
    real = out.resolve()
    if real == root:
        return f"这是项目文件夹本身，生成时会整个替换输出文件夹。{fix}"
    if real in root.parents:
        return f"它包含项目文件夹 {root}，生成时会整个替换输出文件夹。{fix}"
    if root in real.parents:
        first = real.relative_to(root).parts[0]
        if first in SOURCE_FOLDERS or first.startswith("."):
            return f"它在项目的 {first}/ 文件夹里，那里放的是源文件。{fix}"
    if not os.path.lexists(out):
        return None
    if not out.is_dir():
        return f"这是一个文件，不是文件夹。{fix}"
    names = set(os.listdir(out))
    if not names or (MARKER not in names and _old_site(out, names)):
        return None
    if MARKER not in names:
        return (f"这个文件夹里已经有东西，而且不是本项目生成的网站（没有 {MARKER} 标记文件）。"
                f"生成会整个替换输出文件夹，里面原有的文件都会被删除。{fix}")
    extra = sorted(names - set(_made(out)) - {MARKER})
    if extra:
        return (f"里面有不是本项目生成的 {'、'.join(extra)}。生成会整个替换这个文件夹："
                "请先把它们移到别处，或换一个输出文件夹")
    return None


def _old_site(out: Path, names: set[str]) -> bool:
    """A site built before the marker existed: all of our files, nothing hidden (.git)."""
    return (all((out / name).is_file() and not (out / name).is_symlink() for name in OLD_SITE_FILES)
            and not any(name.startswith(".") for name in names))


def _made(out: Path) -> list[str]:
    """The names the build that left `out` wrote there, as its marker lists them."""
    marker = out / MARKER
    if marker.is_symlink() or not marker.is_file():
        return []
    with open(marker, "rb") as f:
        text = f.read(1 << 16).decode("utf-8", "replace")
    return text.splitlines()[1:]


def mark(site: Path, also: frozenset[str] | set[str] = frozenset(), spare: Path | None = None) -> None:
    """Write the marker file that lists what the site holds at its top (unless it does
    already), and the names in `also`, which are about to be made there.

    A site being served (`spare`: a folder beside it, publish.scratch) gets its marker in
    one rename, and before anything new appears at its top: were serve stopped at any
    moment, the marker still lists at least what the site holds, and the next build
    takes the folder instead of refusing it."""
    names = sorted((set(os.listdir(site)) | set(also)) - {MARKER})
    text = ("本文件夹是 yibao build 生成的网站，每次生成都会整个替换；请不要在这里放别的文件。\n"
            + "".join(f"{name}\n" for name in names))
    marker = site / MARKER
    if not marker.is_symlink() and marker.is_file() and marker.read_text("utf-8", "replace") == text:
        return
    if spare is None:  # a staging folder: nobody takes it for a site before it is swapped in
        marker.write_text(text, encoding="utf-8")
        return
    fd, temporary = tempfile.mkstemp(dir=spare)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, marker)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@contextlib.contextmanager
def locked(out: Path, progress: Callable[[str], None]) -> Iterator[None]:
    """One build at a time per output folder; a second one waits for the first."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(out.parent / f".{out.name}.lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            progress(f"另一个 yibao 正在生成到 {out}，等它完成后再继续…")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the file releases the lock


@contextlib.contextmanager
def publishing(root: Path, out: Path, progress: Callable[[str], None]) -> Iterator[Path]:
    """A fresh staging folder to write the site into; swapped in for `out` if the block
    ends normally, removed if it raises."""
    out = Path(os.path.abspath(out))
    check_out(root, out)
    with locked(out, progress):
        check_out(root, out)  # another build may have changed it while this one waited
        clean_leftovers(out)
        stage = _temporary(out, "new")
        try:
            yield stage
            mark(stage)
            swap_in(stage, out)
        finally:
            _remove(stage)


@contextlib.contextmanager
def scratch(out: Path, kind: str) -> Iterator[Path]:
    """A temporary folder beside the output folder, removed afterwards (or, if the build
    is killed, by the next build)."""
    folder = _temporary(Path(os.path.abspath(out)), kind)
    try:
        yield folder
    finally:
        _remove(folder)


def within(out: Path, rel: str) -> Path:
    """out/rel, for a path `rel` the site itself names; ValueError if it would lead outside
    `out` or through a symbolic link (the site never makes one)."""
    parts = rel.split("/")
    if rel.startswith("/") or any(part in ("", ".", "..") for part in parts):
        raise ValueError(f"{rel} is not a path inside the site")
    path = out
    for part in parts[:-1]:
        path = path / part
        if path.is_symlink():
            raise ValueError(f"{rel} leads through a symbolic link")
    return out / rel


def swap_folder(out: Path, rel: str, new: Path) -> None:
    """Put the folder `new` in the place of out/rel in one step (the live preview's search
    index, static files), and remove what was there."""
    target = within(out, rel)
    if target.is_symlink() or (os.path.lexists(target) and not target.is_dir()):
        raise ValueError(f"{rel} in the site is not a folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    _replace(new, target, out)


def remove(out: Path, rel: str) -> None:
    """Remove the file or folder out/rel, if it is there (a city that left the preview)."""
    target = within(out, rel)
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
    elif os.path.lexists(target):
        os.unlink(target)


def clean_leftovers(out: Path) -> None:
    """Remove what killed builds left beside `out`: only folders named as ours."""
    ours = re.compile(rf"\.{re.escape(out.name)}\.(?:{'|'.join(TEMPORARY_KINDS)})-[A-Za-z0-9_]+")
    for entry in os.scandir(out.parent):
        if ours.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False):
            _remove(Path(entry.path))


def swap_in(stage: Path, out: Path) -> None:
    """Put `stage` in the place of `out`, and remove what was there."""
    os.chmod(stage, 0o755)
    _replace(stage, out, out)


def _replace(new: Path, target: Path, out: Path) -> None:
    """Put the folder `new` in the place of `target` (the site `out` or a folder in it) in one
    step where the system can exchange two names, else in two renames; remove what was there."""
    if not os.path.lexists(target):
        os.rename(new, target)
    elif _exchange(new, target):
        _remove(new)  # now the previous folder
    else:
        old = _temporary(out, "old")
        os.rename(target, old / "previous")
        os.rename(new, target)
        _remove(old)


@functools.lru_cache(maxsize=None)
def _renameat2():
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step; False where the system cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _temporary(out: Path, kind: str) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.{kind}-", dir=out.parent))


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
