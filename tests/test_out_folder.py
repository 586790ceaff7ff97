"""`yibao build --out` and `yibao serve --out` replace the output folder whole, so they
refuse any folder that is not a site this project built: the project itself, a folder
holding it, its source folders, someone else's files. Refusing touches nothing."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from conftest import build_site, copy_project
from generator import cli

SITE_MARKER = ".yibao-site"


def tree(root: Path) -> dict[str, str]:
    """Every entry under `root` (files, folders, links, hidden ones too) with what it holds."""
    found = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[rel] = "-> " + os.readlink(path)
            elif path.is_dir():
                found[rel] = "dir"
            else:
                found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.fixture
def project(tmp_path) -> Path:
    root = copy_project(tmp_path / "holder" / "project")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", "utf-8")
    return root


def run(args: list[str], capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = cli.main(args)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def assert_refused(code: int, text: str, before: dict, after: dict) -> None:
    assert code == 1, text
    assert "Traceback" not in text
    assert "不能" in text and "什么都没有改动" in text, text
    assert after == before, set(after.items()) ^ set(before.items())


@pytest.mark.parametrize("out", ["cities", "content", "templates", "static", ".git", "templates/new-site",
                                 ".", "..", "../.."])
@pytest.mark.parametrize("command", ["build", "serve"])
def test_the_project_and_its_source_folders_are_refused(project, capsys, monkeypatch, out, command):
    from livereload import Server

    def never(*args, **kwargs):  # if serve got as far as serving, the test has failed already
        raise AssertionError("serve started instead of refusing")

    monkeypatch.setattr(Server, "application", never)  # serve starts livereload's server through this
    monkeypatch.chdir(project)
    holder = project.parent.parent
    before = tree(holder)
    code, text = run(["--root", str(project), command, "--out", out], capsys)
    assert_refused(code, text, before, tree(holder))
    assert out.rstrip("/") in text or str((project / out).resolve()) in text, text


def test_a_folder_with_someone_elses_files_is_refused(project, tmp_path, capsys):
    other = tmp_path / "photos"
    other.mkdir()
    (other / "holiday.jpg").write_bytes(b"\xff\xd8 not really a photo")
    before = tree(tmp_path)
    code, text = run(["--root", str(project), "build", "--out", str(other)], capsys)
    assert_refused(code, text, before, tree(tmp_path))
    assert str(other) in text and SITE_MARKER in text


def test_a_file_and_a_link_are_refused(project, tmp_path, capsys):
    file = tmp_path / "notes.txt"
    file.write_text("mine", "utf-8")
    built = tmp_path / "built"
    build_site(project, built, index=False)
    link = tmp_path / "link"
    link.symlink_to(built)
    before = tree(tmp_path)
    for out in (file, link):
        code, text = run(["--root", str(project), "build", "--out", str(out)], capsys)
        assert_refused(code, text, before, tree(tmp_path))
        assert str(out) in text


def test_a_built_site_with_files_added_by_hand_is_refused(project, tmp_path, capsys):
    out = tmp_path / "site"
    build_site(project, out, index=False)
    (out / "CNAME").write_text("yibao.example.org\n", "utf-8")
    (out / ".git").mkdir()
    before = tree(tmp_path)
    code, text = run(["--root", str(project), "build", "--out", str(out)], capsys)
    assert_refused(code, text, before, tree(tmp_path))
    assert "CNAME" in text and ".git" in text


def test_an_empty_folder_and_a_site_built_before_are_accepted(project, tmp_path, capsys):
    out = tmp_path / "empty"
    out.mkdir()
    code, text = run(["--root", str(project), "build", "--no-search", "--out", str(out)], capsys)
    assert code == 0, text
    assert (out / "qingchuan" / "index.html").is_file()
    marker = (out / SITE_MARKER).read_text("utf-8")
    assert "qingchuan" in marker.splitlines() and "index.html" in marker.splitlines()
    # and again: the folder now holds a site this project built
    code, text = run(["--root", str(project), "build", "--no-search", "--out", str(out)], capsys)
    assert code == 0, text


def test_a_dist_built_by_the_old_generator_is_accepted(project, capsys):
    out = project / "dist"
    build_site(project, out, index=False)
    (out / SITE_MARKER).unlink()  # what the generator before the marker left behind
    code, text = run(["--root", str(project), "build", "--no-search"], capsys)
    assert code == 0, text
    assert (out / SITE_MARKER).is_file()


def test_an_old_looking_site_with_a_git_folder_is_refused(project, capsys):
    out = project / "dist"
    build_site(project, out, index=False)
    (out / SITE_MARKER).unlink()
    (out / ".git").mkdir()  # e.g. a gh-pages checkout: not ours to delete
    before = tree(project)
    code, text = run(["--root", str(project), "build", "--no-search"], capsys)
    assert_refused(code, text, before, tree(project))
