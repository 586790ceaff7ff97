"""The cities of one version of the project: a git revision or a folder.

`yibao diff` compares two of these and `yibao report` reads one. A revision's files are
read with `git archive` into a temporary folder, so the work tree is never touched. Each
city file is checked on its own: the cities that pass are loaded, the others are listed
with their problems, so a broken file on one side does not hide the rest.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.core.errors import Problem
from generator.model.city import City
from generator.model.site import load_city_file
from generator.core.project import CITIES

_CITY_FILE = re.compile(r"^[^/\\]+\.yaml$")


class VersionError(Exception):
    """A version that cannot be read at all; the message is plain Chinese."""


@dataclass(frozen=True)
class Version:
    label: str  # as the user typed it: "origin/main", "HEAD", "../old"
    cities: dict[str, City]  # by file name without .yaml
    failed: dict[str, tuple[Problem, ...]]  # file name without .yaml → its problems
    digests: dict[str, str] = field(default_factory=dict)  # file name without .yaml → sha256 of its bytes

    @property
    def names(self) -> set[str]:
        return set(self.cities) | set(self.failed)


def is_folder_spec(spec: str) -> bool:
    """A folder is written as a path: `./old`, `../old`, `/tmp/old`, `~/old` (or `.`).
    Anything else is a git revision, even when a folder of that name exists: a pull
    request that adds `HEAD/cities/` must not stand in for the revision HEAD. No git
    revision starts with `.`, `/` or `~`, so the two can never be confused."""
    return spec.startswith(("./", "../", "/", "~", ".\\", "..\\")) or spec in (".", "..")


def load_version(spec: str, root: Path, today: dt.date) -> Version:
    """`spec` is a folder written as a path (a project folder, or a folder of city files;
    see `is_folder_spec`) or else a git revision of the repository that holds `root`."""
    if is_folder_spec(spec):
        folder = Path(spec).expanduser()
        if not folder.is_dir():
            raise VersionError(f"找不到文件夹 {spec}。")
        cities = folder / CITIES if (folder / CITIES).is_dir() else folder
        if not any(cities.glob("*.yaml")):
            raise VersionError(f"文件夹 {spec} 里没有城市文件(cities/*.yaml)。")
        return _load(spec, cities, today)
    with tempfile.TemporaryDirectory(prefix="yibao-version-") as temp:
        cities = Path(temp) / CITIES
        _extract_cities(spec, root, cities)
        return _load(spec, cities, today)


def _load(label: str, folder: Path, today: dt.date) -> Version:
    cities: dict[str, City] = {}
    failed: dict[str, tuple[Problem, ...]] = {}
    digests: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.is_file() and not path.is_symlink():
            digests[path.stem] = hashlib.sha256(path.read_bytes()).hexdigest()
        city, problems = load_city_file(path, f"cities/{path.name}", today)
        if city is not None:
            cities[path.stem] = city
        else:
            failed[path.stem] = tuple(problems)
    return Version(label, cities, failed, digests)


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=120)
    except FileNotFoundError:
        raise VersionError("找不到 git 命令。请先安装 git,或者比较两个文件夹:yibao diff 旧文件夹 新文件夹") from None


def _extract_cities(rev: str, root: Path, dest: Path) -> None:
    """The city files of revision `rev`, written into `dest` (regular files only)."""
    if rev.startswith("-"):
        raise VersionError(f"“{rev}”不是文件夹,也不是 git 版本。")
    hint = (f"要比较文件夹 {rev},请写成 ./{rev}(文件夹要写成路径:./ 或 / 开头)。"
            if Path(rev).expanduser().is_dir() else "")
    inside = _git(root, "rev-parse", "--show-prefix")
    if inside.returncode != 0:
        raise VersionError(f"“{rev}”不是文件夹路径;项目文件夹 {root} 也不在 git 仓库里,无法按版本比较。{hint}")
    prefix = inside.stdout.decode().strip()
    if _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}").returncode != 0:
        raise VersionError(f"找不到版本“{rev}”:它不是这个 git 仓库里的版本"
                           f"(例如 HEAD、HEAD~1、main、origin/main 或提交编号)。{hint}")
    archive = _git(root, "archive", "--format=tar", f"{rev}:{prefix}cities")
    if archive.returncode != 0:
        raise VersionError(f"版本“{rev}”里没有 cities/ 文件夹。")
    dest.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        for member in tar.getmembers():
            if member.isfile() and _CITY_FILE.match(member.name):
                source = tar.extractfile(member)
                assert source is not None
                (dest / member.name).write_bytes(source.read())
