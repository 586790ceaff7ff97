"""`yibao diff OLD NEW` over a scripted git history: a phone changed, an office added, a
step added, only formatting and comments changed, a city added, a city file broken —
and two folders. The work tree is never touched."""
from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from generator.cli import main
from generator.commands.diff import FORMATTING_ONLY, NO_CITY_FILE_CHANGED, SOURCES_ONLY
from helpers import TextFile, copy_project, snapshot

OLD_PHONE, NEW_PHONE = "0409-62310001", "0409-62310009"
NEW_OFFICE = ("    - id: beishan", "      name: 北山区医保管理中心", "      address: 北山区黄河路 1 号",
              '      phones: ["0409-66612345"]', "      hours: 周一至周五 8:30-16:30", "      sources: [s000]")
NEW_STEP = "        - 办完后保存好回执。"


def git(repo, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "志愿者", "GIT_AUTHOR_EMAIL": "v@example.org",
           "GIT_COMMITTER_NAME": "志愿者", "GIT_COMMITTER_EMAIL": "v@example.org"}
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True)
    return result.stdout


def commit(repo, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """A repository whose commits each make one kind of change, oldest first:
    start, phone, office, step, formatting, city, broken."""
    if not shutil.which("git"):
        pytest.fail("git is needed for yibao diff and its tests (scripts/test.sh installs it)")
    repo = copy_project(tmp_path_factory.mktemp("history") / "project")
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "start")

    city = TextFile(repo, "cities/qingchuan.yaml")
    line = city.find(re.escape(f'phones: ["{OLD_PHONE}"]'))
    city.replace(line, OLD_PHONE, NEW_PHONE)
    city.save()
    commit(repo, "phone")

    city = TextFile(repo, "cities/qingchuan.yaml")
    city.insert_after(city.find_in("offices", r"^  items:$"), *NEW_OFFICE)
    city.save()
    commit(repo, "office")

    city = TextFile(repo, "cities/qingchuan.yaml")
    steps = city.find_in("procedures", r"^      steps:$")
    last = next(n for n in range(steps + 1, len(city.lines) + 1) if not city.line(n + 1).startswith("        - "))
    city.insert_after(last, NEW_STEP)
    city.save()
    commit(repo, "step")

    # formatting only: comments, a flow list written as a block list, blank lines
    city = TextFile(repo, "cities/qingchuan.yaml")
    line = city.find(re.escape(f'phones: ["{NEW_PHONE}"]'))
    city.set(line, "      phones:")
    city.insert_after(line, f'        - "{NEW_PHONE}"  # 总机')
    city.insert_after(city.find(r"^offices:"), "  # 各经办机构按来源顺序排列", "")
    city.insert_after(0, "# 青川市医保资料")
    city.save()
    commit(repo, "formatting")

    text = (repo / "cities" / "baihe.yaml").read_text("utf-8")
    assert "name: 白河\n" in text and "pinyin: baihe\n" in text
    (repo / "cities" / "hongshi.yaml").write_text(
        text.replace("name: 白河\n", "name: 红石\n").replace("pinyin: baihe\n", "pinyin: hongshi\n"), "utf-8")
    commit(repo, "city")

    city = TextFile(repo, "cities/baihe.yaml")
    line = city.find(r"^  province: ")
    city.set(line, "  province 岚江省")
    city.save()
    qingchuan = TextFile(repo, "cities/qingchuan.yaml")
    qingchuan.replace(qingchuan.find("北山区医保管理中心"), "北山区医保管理中心", "北山医保中心")
    qingchuan.save()
    commit(repo, "broken")
    return repo


def run(capsys, repo, *args: str):
    capsys.readouterr()
    code = main(["--root", str(repo), "diff", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def rev(n: int) -> str:
    """The commit n steps before the broken (last) one."""
    return f"HEAD~{n}" if n else "HEAD"


PHONE, OFFICE, STEP, FORMATTING, CITY, BROKEN = 5, 4, 3, 2, 1, 0


def test_a_changed_phone_is_named_by_office_and_field_with_sources_on_both_sides(history, capsys):
    code, out, err = run(capsys, history, rev(PHONE + 1), rev(PHONE))
    assert code == 0, err
    assert "青川（cities/qingchuan.yaml）" in out
    assert "  经办机构\n" in out
    assert "修改：青川市医疗保险管理中心 · 电话" in out
    assert f"原来：{OLD_PHONE}" in out and f"现在：{NEW_PHONE}" in out
    # the source, and its date as the site prints it (“2024年10月16日”, “约2012年”, “日期不详”)
    assert re.search(r"来源（前后相同）：《青川市医保个人账户查询办法》（(.+，)?(\d{4}年\S*|约\d{4}年|日期不详)）", out)
    assert "共修改 1 条事实，新增 0 条，删除 0 条。" in out
    assert "offices" not in out and "phones" not in out and "city-centre" not in out  # no YAML keys


def test_an_added_office_is_listed_with_its_facts(history, capsys):
    code, out, _ = run(capsys, history, rev(OFFICE + 1), rev(OFFICE))
    assert code == 0
    assert "新增：北山区医保管理中心" in out
    assert "地址：北山区黄河路 1 号" in out and "电话：0409-66612345" in out
    assert "办公时间：周一至周五 8:30-16:30" in out
    assert "修改：" not in out and "删除：" not in out


def test_an_added_step_is_shown_as_one_step(history, capsys):
    code, out, _ = run(capsys, history, rev(STEP + 1), rev(STEP))
    assert code == 0
    assert "办理流程" in out and " · 步骤" in out
    assert f"增加的一条：{NEW_STEP.strip()[2:]}" in out
    assert "删除的一条" not in out


def test_formatting_and_comments_only_change_no_fact(history, capsys):
    code, out, _ = run(capsys, history, rev(FORMATTING + 1), rev(FORMATTING))
    assert code == 0
    assert git(history, "diff", "--stat", rev(FORMATTING + 1), rev(FORMATTING)).strip()  # the files did change
    assert "只改了格式，事实没有变化。" in out
    assert "青川（" not in out


def test_an_added_city_is_named(history, capsys):
    code, out, _ = run(capsys, history, rev(CITY + 1), rev(CITY))
    assert code == 0
    assert re.search(r"新增城市：红石（cities/hongshi\.yaml），共 \d+ 条事实", out)
    code, out, _ = run(capsys, history, rev(CITY), rev(CITY + 1))
    assert re.search(r"删除城市：红石（cities/hongshi\.yaml），原有 \d+ 条事实", out)


def test_a_broken_side_is_said_plainly_and_the_rest_is_still_compared(history, capsys):
    code, out, err = run(capsys, history, rev(CITY), rev(BROKEN))
    assert code == 0, err
    assert "新版本（HEAD）的 cities/baihe.yaml 没有通过检查" in out
    assert "cities/baihe.yaml:" in out  # its problems, with file and line
    assert "删除城市" not in out  # a broken file is not a removed city
    assert "修改：北山医保中心 · 机构名称" in out
    assert "原来：北山区医保管理中心" in out


def test_many_commits_at_once_and_markdown_for_the_job_summary(history, capsys):
    code, out, err = run(capsys, history, rev(PHONE + 1), rev(CITY), "--format", "markdown")
    assert code == 0, err
    assert out.startswith("### 事实变化：HEAD\\~6 → HEAD\\~1\n")
    assert "#### 青川（cities/qingchuan\\.yaml）" in out
    assert "**经办机构**" in out
    assert "- 修改：青川市医疗保险管理中心 · 电话" in out
    assert "  - 现在：0409\\-62310009" in out
    assert "- 新增：北山区医保管理中心" in out
    assert "新增城市：红石" in out


def test_markdown_shows_file_text_as_text(history, tmp_path, capsys):
    new = tmp_path / "new"
    shutil.copytree(history / "cities", new / "cities")
    city = TextFile(new, "cities/qingchuan.yaml")
    target = city.find_in("offices", r"^      address: ")
    city.replace(target, city.line(target).split(": ", 1)[1], "<img src=x onerror=alert(1)> **粗体** [链接](http://x)")
    city.save()
    code, out, _ = run(capsys, history, str(history), str(new), "--format", "markdown")
    assert code == 0
    assert "· 地址" in out
    assert "\\<img" in out and not re.search(r"(?<!\\)[<>]", out)
    assert "**粗体**" not in out and "](http" not in out


def test_two_folders_can_be_compared(history, tmp_path, capsys):
    new = tmp_path / "copy"
    shutil.copytree(history / "cities", new / "cities")
    city = TextFile(new, "cities/qingchuan.yaml")
    city.replace(city.find(re.escape(NEW_PHONE)), NEW_PHONE, "0409-60000000")
    city.save()
    code, out, _ = run(capsys, history, str(history), str(new / "cities"))
    assert code == 0
    assert f"原来：{NEW_PHONE}" in out and "现在：0409-60000000" in out
    assert "修改 1 条" in out


def test_the_work_tree_is_never_touched(history, capsys):
    before = snapshot(history)
    status = git(history, "status", "--porcelain")
    run(capsys, history, rev(PHONE + 1), rev(BROKEN))
    assert snapshot(history) == before
    assert git(history, "status", "--porcelain") == status


def test_an_unknown_revision_exits_1_with_a_chinese_message(history, capsys):
    code, out, err = run(capsys, history, "no-such-branch", "HEAD")
    assert code == 1
    assert out == ""
    assert "找不到版本“no-such-branch”" in err and "Traceback" not in err


def test_outside_a_git_repository_folders_still_work(tmp_path, capsys):
    one = copy_project(tmp_path / "one")
    two = copy_project(tmp_path / "two")
    code, out, _ = run(capsys, one, str(one), str(two))
    assert code == 0 and NO_CITY_FILE_CHANGED in out
    code, _, err = run(capsys, one, "HEAD", str(two))
    assert code == 1 and "不在 git 仓库里" in err


def test_a_folder_named_like_a_revision_does_not_fool_it(history, tmp_path, capsys, monkeypatch):
    """A pull request that adds `HEAD/cities/` and `origin/main/cities/` (copies of the old
    files) must not make `yibao diff origin/main HEAD` compare those folders and say
    nothing changed: a name is a git revision; a folder is written as a path (./HEAD)."""
    repo = tmp_path / "repo"
    shutil.copytree(history, repo)
    before, phone = (git(repo, "rev-parse", rev(n)).strip() for n in (PHONE + 1, PHONE))
    git(repo, "checkout", "-q", "-B", "work", phone)  # the commit that changed the phone
    git(repo, "update-ref", "refs/remotes/origin/main", before)
    for fake in ("HEAD", "origin/main"):
        shutil.copytree(repo / "cities", repo / fake / "cities")  # both say the new phone
    commit(repo, "adds HEAD/cities and origin/main/cities")
    monkeypatch.chdir(repo)
    code, out, err = run(capsys, repo, "origin/main", "HEAD")
    assert code == 0, err
    assert f"原来：{OLD_PHONE}" in out and f"现在：{NEW_PHONE}" in out
    assert FORMATTING_ONLY not in out
    # the folders, asked for as paths, are folders
    code, out, err = run(capsys, repo, "./origin/main", "./HEAD")
    assert code == 0 and NO_CITY_FILE_CHANGED in out, err


def test_a_folder_given_as_a_bare_name_is_not_guessed(tmp_path, capsys, monkeypatch):
    """`yibao diff old new` with folders `old/` and `new/` but no such revisions: the
    message says to write ./old, instead of reading whichever exists."""
    copy_project(tmp_path / "old")
    copy_project(tmp_path / "new")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, tmp_path / "old", "old", "./new")
    assert code == 1 and out == ""
    assert "./old" in err and "Traceback" not in err
    code, out, err = run(capsys, tmp_path / "old", "./old", "./new")
    assert code == 0 and NO_CITY_FILE_CHANGED in out, err


def test_a_phone_correction_lists_the_phone_first_and_source_only_changes_together(tmp_path, capsys, monkeypatch):
    """A correction of one phone that also adds a source to its office: the phone comes
    first; the five facts whose values stayed come after it, as one entry (the office's note
    cites [s001] itself, so its sources did not change)."""
    copy_project(tmp_path / "old")
    copy_project(tmp_path / "new")
    city = TextFile(tmp_path / "new", "cities/qingchuan.yaml")
    phone = city.find(re.escape('phones: ["0409-62710022"]'))
    city.replace(phone, "0409-62710022", "0409-62710023")
    sources = next(n for n in range(phone, phone + 12) if city.line(n).strip() == "sources: [s000, s001]")
    city.replace(sources, "[s000, s001]", "[s000, s001, s002]")
    city.save()
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, tmp_path / "old", "./old", "./new")
    assert code == 0, err
    lines = out.splitlines()
    entries = [line.strip() for line in lines if re.match(r"^    \S", line)]
    assert entries[0] == "修改：临江区医保管理中心 · 电话", out
    assert entries[1:] == ["改了来源：5 条事实"], out
    assert lines.index(f"  {SOURCES_ONLY}") > lines.index("    修改：临江区医保管理中心 · 电话")
    assert "修改 1 条事实" in out and "另有 5 条事实只改了来源" in out
    code, out, err = run(capsys, tmp_path / "old", "./old", "./new", "--format", "markdown")
    assert code == 0 and out.index("电话") < out.index(SOURCES_ONLY), out


def test_a_commit_that_touches_no_city_file_says_so_not_formatting(history, tmp_path, capsys):
    """A commit that changes only files outside cities/: no “只改了格式”."""
    repo = tmp_path / "repo"
    shutil.copytree(history, repo)
    git(repo, "checkout", "-q", "-B", "work", rev(CITY))  # before the broken file
    (repo / "yibao.yaml").write_text((repo / "yibao.yaml").read_text("utf-8") + "# 只改网站设置\n", "utf-8")
    commit(repo, "templates only")
    code, out, err = run(capsys, repo, "HEAD~1", "HEAD")
    assert code == 0 and NO_CITY_FILE_CHANGED in out and FORMATTING_ONLY not in out, err
    code, out, err = run(capsys, repo, rev(FORMATTING + 1), rev(FORMATTING))
    assert code == 0 and FORMATTING_ONLY in out and NO_CITY_FILE_CHANGED not in out, err
