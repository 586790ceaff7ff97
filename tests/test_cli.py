"""The CLI speaks Chinese and never shows a traceback: a taken port, an internal error,
a wrong folder or a mistyped argument each get a sentence."""
import datetime as dt
import socket
from pathlib import Path

import pytest

from helpers import TEST_PROJECT, copy_project

from generator import cli


def test_serve_on_a_taken_port_says_so(tmp_path, capsys, monkeypatch):
    import generator.commands.serve as serve_module

    def fake_serve(root, out, host, port):
        with socket.socket() as a:
            a.bind((host, 0))
            a.listen()
            with socket.socket() as b:
                b.bind((host, a.getsockname()[1]))  # raises OSError: address in use

    monkeypatch.setattr(serve_module, "serve", fake_serve)
    (tmp_path / "cities").mkdir()
    code = cli.main(["--root", str(tmp_path), "serve"])
    err = capsys.readouterr().err
    assert code == 1
    assert "无法完成" in err and "--port" in err
    assert "Traceback" not in err


def test_internal_error_is_reported_without_traceback(tmp_path, capsys, monkeypatch):
    import generator.model.site as site_module

    def broken(root, today=None, **kwargs):
        raise KeyError("boom")

    monkeypatch.setattr(site_module, "load_site", broken)
    (tmp_path / "cities").mkdir()
    code = cli.main(["--root", str(tmp_path), "check"])
    err = capsys.readouterr().err
    assert code == 2
    assert "生成器内部出错" in err and "KeyError" in err
    assert "Traceback" not in err




def test_help_is_in_chinese(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["-h"])
    out = capsys.readouterr().out
    assert exit_.value.code == 0
    assert "用法" in out and "显示这段说明" in out
    for english in ("usage:", "show this help message", "positional arguments", "options:"):
        assert english not in out


@pytest.mark.parametrize("argv, expected", [
    (["chek"], "没有“chek”这个命令"),
    ([], "缺少参数"),
    (["build", "--port", "1"], "无法识别的参数"),
    (["serve", "--port", "abc"], "“abc”不是有效的值"),
])
def test_argument_errors_are_in_chinese(argv, expected, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(argv)
    err = capsys.readouterr().err
    assert exit_.value.code == 2
    assert expected in err and "用法" in err
    assert "error:" not in err and "invalid choice" not in err


def test_argparse_is_english_again_for_others_after_main():
    import argparse

    with pytest.raises(SystemExit):
        cli.main(["-h"])
    assert argparse._("usage: ") == "usage: "


@pytest.mark.parametrize("before", [True, False])
def test_root_is_accepted_before_or_after_the_command(tmp_path, capsys, monkeypatch, before):
    root = copy_project(tmp_path / "project")
    monkeypatch.chdir(tmp_path)
    argv = ["--root", str(root), "check"] if before else ["check", "--root", str(root)]
    assert cli.main(argv) == 0, capsys.readouterr().err
    assert "检查通过" in capsys.readouterr().out


def test_wrong_folder_says_where_to_go(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = cli.main(["check"])
    err = capsys.readouterr().err
    assert code == 1
    assert "不是医保城市指南的项目文件夹" in err and "cd" in err and "--root" in err
    assert err.count("\n") <= 3  # one sentence and the closing line, not a list of missing files


def _broken_copy(tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "project")
    city = root / "cities" / "qingchuan.yaml"
    text = city.read_text(encoding="utf-8")
    city.write_text(text.replace("name: 青川", "name: ''", 1), encoding="utf-8")
    return root


def test_check_closing_line_does_not_talk_about_the_site(tmp_path, capsys):
    root = _broken_copy(tmp_path)
    assert cli.main(["check", "--root", str(root), "--format", "text"]) == 1
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last.startswith("共 ") and "yibao check" in last
    assert "网站" not in last


def test_check_works_from_inside_the_cities_folder(tmp_path, capsys, monkeypatch):
    root = _broken_copy(tmp_path)
    monkeypatch.chdir(root / "cities")
    assert cli.main(["check"]) == 1
    assert "cities/qingchuan.yaml:6:" in capsys.readouterr().err
    (root / "cities" / "qingchuan.yaml").write_text((TEST_PROJECT / "cities" / "qingchuan.yaml").read_text("utf-8"),
                                                    "utf-8")
    assert cli.main(["check"]) == 0, capsys.readouterr().err
    assert "检查通过" in capsys.readouterr().out


def test_check_with_a_file_checks_that_file_and_the_project(tmp_path, capsys, monkeypatch):
    root = _broken_copy(tmp_path)  # qingchuan is broken
    monkeypatch.chdir(root)
    assert cli.main(["check", "cities/baihe.yaml"]) == 0, capsys.readouterr().err
    assert "检查通过：cities/baihe.yaml" in capsys.readouterr().out
    assert cli.main(["check", "cities/qingchuan.yaml"]) == 1
    assert "cities/qingchuan.yaml:6:" in capsys.readouterr().err
    # the checks of the project as a whole run all the same
    (root / "yibao.yaml").write_text("title: 1\n", "utf-8")
    assert cli.main(["check", "cities/baihe.yaml"]) == 1
    assert "yibao.yaml" in capsys.readouterr().err
    monkeypatch.chdir(root / "cities")
    assert cli.main(["check", "qingchuan.yaml"]) == 1
    assert "cities/qingchuan.yaml:6:" in capsys.readouterr().err


@pytest.mark.parametrize("name, words", [("README.md", "只能写 cities 文件夹里的城市文件"),
                                         ("cities/nowhere.yaml", "找不到这个文件")])
def test_check_with_a_file_it_cannot_check_says_so(tmp_path, capsys, monkeypatch, name, words):
    root = copy_project(tmp_path / "project")
    (root / "README.md").write_text("x", "utf-8")
    monkeypatch.chdir(root)
    assert cli.main(["check", name]) == 1
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_github_format_prints_workflow_commands(tmp_path, capsys):
    root = _broken_copy(tmp_path)
    assert cli.main(["check", "--root", str(root), "--format", "github"]) == 1
    out = capsys.readouterr().out
    lines = [l for l in out.splitlines() if l.startswith("::error ")]
    assert lines, out
    import re

    for line in lines:
        assert re.fullmatch(r"::error file=[^,:]+,line=\d+,col=\d+::\S.*", line), line
    assert any(l.startswith("::error file=cities/qingchuan.yaml,line=") for l in lines)


def test_github_format_is_chosen_by_github_actions(tmp_path, capsys, monkeypatch):
    root = _broken_copy(tmp_path)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert cli.main(["check", "--root", str(root)]) == 1
    assert "::error file=cities/qingchuan.yaml" in capsys.readouterr().out


def test_annotation_escapes_what_would_break_the_command():
    from generator.core.errors import Problem

    line = cli.github_annotation(Problem("cities/a,b:c.yaml", 3, 4, "x", "100%\n第二行\r"))
    # a line break quoted from a value is shown escaped (errors.printable), as in the text report
    assert line == "::error file=cities/a%2Cb%3Ac.yaml,line=3,col=4::x：100%25\\n第二行\\r"


def test_annotation_says_the_place_in_words_and_a_folder_without_a_line():
    from generator.core.errors import Problem

    problem = Problem("cities/qingchuan.yaml", 9, 15, "offices.items[2].phones[0]", "缺少区号。",
                      "经办机构“沙河口区医保中心”的 phones 第 1 个")
    assert cli.github_annotation(problem) == (
        "::error file=cities/qingchuan.yaml,line=9,col=15::经办机构“沙河口区医保中心”的 phones 第 1 个：缺少区号。")
    assert cli.github_annotation(Problem("cities", 0, 0, "", "没有城市文件。")) == "::error file=cities::没有城市文件。"


def test_check_and_build_use_the_same_today(tmp_path, monkeypatch):
    from generator.model import site as site_module

    seen = []
    real = site_module.load_site

    def spy(root, today=None, **kwargs):
        seen.append(today)
        return real(root, today, **kwargs)

    monkeypatch.setattr(site_module, "load_site", spy)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2030, 5, 17, tzinfo=dt.timezone.utc).timestamp())))
    root = copy_project(tmp_path / "project")
    assert cli.main(["check", "--root", str(root)]) == 0
    assert seen == [dt.date(2030, 5, 17)]
