"""Files are files: a symbolic link, a device or a FIFO in cities/, content/, static/ or
templates/ (or as yibao.yaml) is refused by name, never followed, read or copied, and
never hangs the checker. Each check runs in a child process with a time and memory limit,
so a regression fails the test instead of hanging the suite or filling the memory."""
from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, build_site, copy_project
from generator.core.errors import UserError

LIMIT_BYTES = 2 * 1024 ** 3


def _limits():
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))


def yibao(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), *args],
                          capture_output=True, text=True, timeout=60, cwd=PROJECT,
                          preexec_fn=_limits)


def outside_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir(exist_ok=True)
    (folder / "secret.txt").write_text("不该发布的秘密\n", encoding="utf-8")
    return folder


def make(kind: str, path: Path, tmp_path: Path) -> None:
    if kind == "link to /dev/zero":
        path.symlink_to("/dev/zero")
    elif kind == "link to /etc/passwd":
        path.symlink_to("/etc/passwd")
    elif kind == "link to a file outside":
        path.symlink_to(outside_folder(tmp_path) / "secret.txt")
    elif kind == "linked folder":
        path.symlink_to(outside_folder(tmp_path), target_is_directory=True)
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        try:
            os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 5))  # /dev/zero's numbers
        except PermissionError:
            pytest.skip("making a device file needs root")
    else:
        raise AssertionError(kind)


KIND_WORDS = {"link to /dev/zero": "符号链接", "link to /etc/passwd": "符号链接",
              "link to a file outside": "符号链接", "linked folder": "符号链接",
              "fifo": "命名管道", "device": "设备文件"}
NAMES = {"cities": "zero.yaml", "content": "zero.md", "static": "leak.txt", "templates": "leak.html"}
CASES = [(folder, kind) for folder in NAMES for kind in KIND_WORDS]


@pytest.mark.parametrize("folder, kind", CASES, ids=[f"{f}-{k}" for f, k in CASES])
def test_check_refuses_what_is_not_a_plain_file(tmp_path, folder, kind):
    root = copy_project(tmp_path / "project")
    name = "linked" if kind == "linked folder" else NAMES[folder]
    make(kind, root / folder / name, tmp_path)
    done = yibao(root, "check")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    [line] = [l for l in done.stderr.splitlines() if not l.startswith("共 ")]
    assert line.startswith(f"{folder}/{name}:1:1: "), done.stderr
    assert KIND_WORDS[kind] in line


@pytest.mark.parametrize("folder", ["static/calc", "templates/partials"])
def test_check_refuses_a_link_deep_inside_a_folder(tmp_path, folder):
    root = copy_project(tmp_path / "project")
    make("link to /etc/passwd", root / folder / "passwd", tmp_path)
    done = yibao(root, "check")
    assert done.returncode == 1
    assert f"{folder}/passwd:1:1: " in done.stderr and "符号链接" in done.stderr


@pytest.mark.parametrize("rel, kind", [("yibao.yaml", "link to a file outside"),
                                       ("yibao.yaml", "fifo"),
                                       ("content/search-terms.yaml", "link to a file outside"),
                                       ("content/search-terms.yaml", "fifo"),
                                       ("cities/qingchuan.yaml", "fifo")])
def test_check_refuses_a_settings_file_that_is_not_plain(tmp_path, rel, kind):
    root = copy_project(tmp_path / "project")
    (root / rel).unlink()
    make(kind, root / rel, tmp_path)
    done = yibao(root, "check")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert f"{rel}:1:1: " in done.stderr and KIND_WORDS[kind] in done.stderr


def test_check_refuses_a_linked_top_folder(tmp_path):
    root = copy_project(tmp_path / "project")
    real = tmp_path / "real-static"
    (root / "static").rename(real)
    (root / "static").symlink_to(real, target_is_directory=True)
    done = yibao(root, "check")
    assert done.returncode == 1
    assert "static:1:1: " in done.stderr and "符号链接" in done.stderr


@pytest.mark.parametrize("folder, name, kind", [
    ("static", "leak.txt", "link to /etc/passwd"),
    ("static", "linked", "linked folder"),
    ("templates", "leak.html", "link to /etc/passwd"),
    ("content", "zero.md", "link to /dev/zero"),
    ("static", "pipe.txt", "fifo"),
])
def test_build_refuses_before_touching_dist(tmp_path, folder, name, kind):
    root = copy_project(tmp_path / "project")
    out = root / "dist"
    build_site(root, out, index=False)  # the previous site, as a real build left it
    before = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    make(kind, root / folder / name, tmp_path)
    done = yibao(root, "build", "--no-search")
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{folder}/{name}:1:1: " in done.stderr
    after = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".dist") and p.is_dir()] == []


def test_copy_static_never_follows_a_link(tmp_path):
    """Even if a link appears after the check (a race), it is not copied."""
    from generator.output import write

    source = tmp_path / "static"
    source.mkdir()
    (source / "site.css").write_text("body{}", encoding="utf-8")
    (source / "sub").mkdir()
    (source / "sub" / "a.js").write_text("1", encoding="utf-8")
    make("link to a file outside", source / "sub" / "leak.txt", tmp_path)
    stage = tmp_path / "stage"
    stage.mkdir()
    with pytest.raises(UserError) as caught:
        write.copy_static(source, stage)
    assert caught.value.problems[0].file == "static/sub/leak.txt"
    assert not list(stage.rglob("leak.txt"))


def test_copy_static_copies_plain_files(tmp_path):
    from generator.output import write

    stage = tmp_path / "stage"
    stage.mkdir()
    write.copy_static(PROJECT / "static", stage)
    copied = sorted(p.relative_to(stage / "static").as_posix() for p in (stage / "static").rglob("*"))
    original = sorted(p.relative_to(PROJECT / "static").as_posix() for p in (PROJECT / "static").rglob("*"))
    assert copied == original
    assert (stage / "static/site.css").read_bytes() == (PROJECT / "static/site.css").read_bytes()


@pytest.mark.parametrize("where", ["leak.html", "partials/leak.html", "linked/base.html"])
def test_templates_are_never_read_through_a_link(tmp_path, where):
    from jinja2 import TemplateNotFound

    from generator.render.pages import environment

    templates = tmp_path / "templates"
    (templates / "partials").mkdir(parents=True)
    outside = outside_folder(tmp_path)
    (outside / "base.html").write_text("秘密模板", encoding="utf-8")
    if where == "linked/base.html":
        (templates / "linked").symlink_to(outside, target_is_directory=True)
    else:
        (templates / where).symlink_to(outside / "secret.txt")
    with pytest.raises((TemplateNotFound, UserError)):
        environment(templates).get_template(where)


def test_templates_load_as_before():
    from generator.render.pages import environment

    env = environment(PROJECT / "templates")
    for name in ("base.html", "article.html", "partials/blocks.html"):
        assert env.get_template(name).name == name


def test_read_text_stops_at_the_limit_whatever_the_size_says(tmp_path, monkeypatch):
    """The limit counts the bytes actually read: a file that grows after being measured
    (or claims to be small) still stops at the limit."""
    from generator.source import load

    path = tmp_path / "x.yaml"
    path.write_bytes(b"#" * (load.MAX_BYTES + 10))
    real_fstat, real_stat = os.fstat, os.stat

    def lie(result: os.stat_result) -> os.stat_result:
        return os.stat_result((*result[:6], 10, *result[7:]))

    monkeypatch.setattr(os, "fstat", lambda fd: lie(real_fstat(fd)))
    monkeypatch.setattr(os, "stat", lambda p, *a, **k: lie(real_stat(p, *a, **k))
                        if str(p) == str(path) else real_stat(p, *a, **k))
    with pytest.raises(UserError) as caught:
        load.read_text(path, "cities/x.yaml")
    assert "太大" in caught.value.problems[0].message


def test_the_test_project_builds(tmp_path):
    root = copy_project(tmp_path / "project")
    summary = build_site(root, root / "dist", index=False)
    assert summary.cities == 3
    assert (root / "dist/static/site.css").is_file()
