"""A build on several processes (generator/commands/citypass.py: each city file loaded,
checked, rendered, written and indexed in a worker) makes the very same site as a build in
one process, byte for byte, and fails the same way: the same problems, the same message
for a crash, the previous site untouched."""
from __future__ import annotations

import os

import pytest

from generator.commands import citypass
from generator.core.workers import ENV
from helpers import copy_project, run_cli, snapshot


def recording_city_work(path):
    """citypass.city_work, writing down which process did each city (a file: workers are
    other processes)."""
    with open(os.environ["YIBAO_TEST_PIDS"], "a", encoding="utf-8") as f:
        f.write(f"{os.getpid()}\n")
    return REAL_CITY_WORK(path)


REAL_CITY_WORK = citypass.city_work


def build_with(monkeypatch, root, out, workers: int, *args: str):
    monkeypatch.setenv(ENV, str(workers))
    return run_cli(root, "build", "--out", str(out), *args)


def test_one_process_and_two_make_the_same_bytes(tmp_path, monkeypatch):
    root = copy_project(tmp_path / "project")
    pids = tmp_path / "pids"
    monkeypatch.setenv("YIBAO_TEST_PIDS", str(pids))
    monkeypatch.setattr(citypass, "city_work", recording_city_work)
    one = build_with(monkeypatch, root, tmp_path / "one", 1, "--base-url", "https://example.org/guide/")
    assert one.code == 0, one.text
    assert set(pids.read_text().split()) == {str(os.getpid())}
    pids.unlink()
    two = build_with(monkeypatch, root, tmp_path / "two", 2, "--base-url", "https://example.org/guide/")
    assert two.code == 0, two.text
    workers = set(pids.read_text().split())
    assert len(workers) == 2 and str(os.getpid()) not in workers  # every city made in a worker
    a, b = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    assert len(a) > 100 and any(p.startswith("search/") for p in a)
    assert a == b


def test_a_broken_city_file_fails_the_same_way_on_two_processes(tmp_path, monkeypatch):
    root = copy_project(tmp_path / "project")
    out = tmp_path / "dist"
    assert build_with(monkeypatch, root, out, 1).code == 0
    before = snapshot(out)
    path = root / "cities" / "yunxi.yaml"
    path.write_text(path.read_text("utf-8").replace("  name: ", "  name: [", 1), encoding="utf-8")
    one = build_with(monkeypatch, root, out, 1)
    two = build_with(monkeypatch, root, out, 2)
    assert one.code == two.code == 1
    assert "cities/yunxi.yaml" in one.err and (one.out, one.err) == (two.out, two.err)
    assert snapshot(out) == before


def crashing_city_pages(*args):
    raise KeyError("kaboom")


def test_a_crash_in_a_worker_gives_the_message_of_one_process(tmp_path, monkeypatch):
    root = copy_project(tmp_path / "project")
    out = tmp_path / "dist"
    assert build_with(monkeypatch, root, out, 1).code == 0
    before = snapshot(out)
    monkeypatch.setattr(citypass, "city_pages", crashing_city_pages)
    one = build_with(monkeypatch, root, out, 1)
    two = build_with(monkeypatch, root, out, 2)
    assert one.code == two.code == 2
    assert "生成器内部出错（KeyError: 'kaboom'）" in one.err and (one.out, one.err) == (two.out, two.err)
    assert snapshot(out) == before


@pytest.mark.parametrize("value", ["0", "two", "-1", "１"])
def test_a_bad_worker_count_is_named(tmp_path, monkeypatch, value):
    root = copy_project(tmp_path / "project")
    monkeypatch.setenv(ENV, value)
    result = run_cli(root, "build", "--out", str(tmp_path / "dist"))
    assert result.code == 1 and ENV in result.err and "正整数" in result.err
    assert not (tmp_path / "dist").exists()
