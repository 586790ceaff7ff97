"""`yibao check | build | serve`: the thin layer that parses arguments and prints.

The only place that prints problems; every stage raises `UserError` instead. Help and
argument errors are in Chinese: volunteers run `yibao check` too.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path
from typing import Callable, Iterator

from generator.core.errors import CannotBuild, Problem, UserError
from generator.core.today import build_date
from generator.core.project import CITIES, CONFIG

# argparse's own phrases, as volunteers should read them (Python 3.10–3.13 wordings).
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "必填参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示这段说明",
    "%(prog)s: error: %(message)s\n": "%(prog)s：出错了：%(message)s\n",
    "the following arguments are required: %s": "缺少参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "没有“%(value)s”这个命令（可用：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "后面需要写一个值",
    "invalid %(type)s value: %(value)r": "“%(value)s”不是有效的值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
}


@contextlib.contextmanager
def _chinese_argparse() -> Iterator[None]:
    """argparse looks its phrases up through its module-level `_` each time it needs one;
    swap that for the Chinese table only while our parser runs."""
    original = argparse._  # type: ignore[attr-defined]
    argparse._ = lambda text: _ARGPARSE_ZH.get(text, original(text))  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = original  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：{message}。运行 {self.prog} -h 查看说明。\n")


def _parser() -> argparse.ArgumentParser:
    # --root may stand before or after the command: `yibao --root .. build` and
    # `yibao build --root ..` both work. The subcommands' copy must not overwrite the
    # main one with a default, hence SUPPRESS.
    root_help = "项目文件夹（默认：当前文件夹，或它上面最近的一个项目文件夹）"
    parser = _Parser(prog="yibao", description="医保城市指南：检查数据、生成网站、本地预览、比较版本、维护报告。")
    parser.add_argument("--root", type=Path, default=None, help=root_help)
    common = _Parser(add_help=False)
    common.add_argument("--root", type=Path, default=argparse.SUPPRESS, help=root_help)
    commands = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    commands.required = True

    check = commands.add_parser("check", parents=[common], help="检查 cities/ 和 content/ 里的所有文件，列出全部问题",
                                description="检查所有城市文件、文章和网站设置，一次列出全部问题。"
                                            "写上文件名时只检查这几个城市文件，外加整个项目的设置和文章。",
                                epilog="例如：yibao check cities/dalian.yaml")
    check.add_argument("files", nargs="*", type=Path, metavar="文件",
                       help="只检查这些城市文件（默认：全部），例如 cities/dalian.yaml")
    check.add_argument("--format", choices=("text", "github"), default=None,
                       help="问题的输出格式：text（默认）或 github（GitHub Actions 的标注；"
                            "环境变量 GITHUB_ACTIONS=true 时自动使用）")

    build = commands.add_parser("build", parents=[common], help="检查并生成网站（默认生成到 dist/）",
                                description="检查全部文件，然后生成网站。出错时原来的网站保持不变。")
    build.add_argument("--out", type=Path, default=None, help="输出文件夹（默认：dist）")
    build.add_argument("--base-url", default=None, help="网站地址，例如 https://example.org/yibao/，用于 sitemap.xml")
    build.add_argument("--repo-url", default=None, help="纠错链接打开的 GitHub 仓库（默认：yibao.yaml 的 repo_url）；"
                                                        "发布的工作流用它所在的仓库")
    build.add_argument("--no-search", action="store_true", help="不生成搜索索引（更快，仅供调试）")
    build.add_argument("--format", choices=("text", "github"), default=None, help="问题的输出格式（同 check）")

    diff = commands.add_parser("diff", parents=[common], help="比较两个版本的事实：改了什么、增删了什么",
                               description="比较两个版本（git 版本或文件夹）的城市资料，逐条列出改动的事实、"
                                           "新增和删除的经办机构、材料和步骤，以及各自的来源和日期。"
                                           "例如：yibao diff origin/main HEAD")
    diff.add_argument("old", metavar="旧版本", help="git 版本（如 origin/main、HEAD~1），或写成路径的文件夹（./旧文件夹）")
    diff.add_argument("new", metavar="新版本", help="git 版本（如 HEAD），或写成路径的文件夹（./新文件夹）")
    diff.add_argument("--format", choices=("text", "markdown"), default="text",
                      help="输出格式：text（终端，默认）或 markdown（GitHub 的任务摘要）")

    report = commands.add_parser("report", parents=[common], help="维护者报告：资料覆盖、来源年代、待补的内容",
                                 description="列出每个城市各主题的资料条数、来源的年代和类型、"
                                             "标为不确定的数字、没有办公时间的经办机构。")
    report.add_argument("--format", choices=("text", "markdown"), default="text",
                        help="输出格式：text（终端，默认）或 markdown（GitHub 的任务摘要）")

    new = commands.add_parser("new", parents=[common], help="新建一个城市的数据文件 cities/<拼音>.yaml",
                              description="新建 cities/<拼音>.yaml：城市名称和省份已填好，各节都空着，"
                                          "每节上面用中文说明写什么、怎么写。新文件直接通过 yibao check。",
                              epilog="例如：yibao new wuhan --name 武汉 --province 湖北省")
    new.add_argument("pinyin", metavar="拼音", help="城市拼音，小写字母，也是文件名，例如 wuhan")
    new.add_argument("--name", required=True, metavar="名称", help="城市中文名，例如 武汉")
    new.add_argument("--province", required=True, metavar="省份", help="所属省份，例如 湖北省；直辖市写“北京市”")

    serve = commands.add_parser("serve", parents=[common], help="生成网站并在本机预览，文件改动后自动重新生成",
                                description="生成网站，在本机预览；保存文件后自动重新生成并刷新浏览器。")
    serve.add_argument("--host", default="127.0.0.1", help="监听地址（默认：127.0.0.1）")
    serve.add_argument("--port", type=int, default=8000, help="端口（默认：8000）")
    serve.add_argument("--out", type=Path, default=None, help="输出文件夹（默认：dist）")
    return parser


def main(argv: list[str] | None = None) -> int:
    with _chinese_argparse():
        parser = _parser()
        args = parser.parse_args(argv)
    report = _github_report if _wants_github(args) else _text_report
    root = (args.root or find_root(Path.cwd())).resolve()
    try:
        _require_project(root)
        return COMMANDS[args.command](root, args, report)
    except UserError as exc:
        report(exc.problems, args.command)
        return 1
    except CannotBuild as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        # e.g. the port is taken, or the output folder cannot be written
        print(f"无法完成：{exc.strerror or exc}"
              + (f"({exc.filename})" if getattr(exc, "filename", None) else "")
              + "。如果是端口被占用，请换一个端口：yibao serve --port 8001", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug in the generator, not in the user's files
        print(f"生成器内部出错（{type(exc).__name__}: {exc}）。这不是您文件的问题，请把这段话报告给维护者。",
              file=sys.stderr)
        if os.environ.get("YIBAO_DEBUG"):
            raise
        return 2


Report = Callable[[list[Problem], str], None]


def _check(root: Path, args: argparse.Namespace, report: Report) -> int:
    from generator.model.site import load_site

    only = [_city_file(root, path) for path in args.files] if args.files else None
    site = load_site(root, build_date(), only=only)
    above = [r.name for r in site.regions]
    rules = f"，{'、'.join(above)}的规定" if above else ""
    if only:
        names = "、".join(path.relative_to(root).as_posix() for path in only)
        print(f"检查通过：{names}{rules}，以及网站设置和 {len(site.articles)} 篇文章。")
    else:
        print(f"检查通过：{len(site.cities)} 个城市{rules}，{len(site.articles)} 篇文章。")
    return 0


def _city_file(root: Path, path: Path) -> Path:
    """A file named on the command line (from the folder the volunteer is in) as one of
    the project's city files, or a UserError saying what can be named."""
    shown = str(path)
    absolute = Path(os.path.abspath(path))
    if absolute.parent != root / CITIES or absolute.suffix != ".yaml":
        raise UserError([Problem(shown, 0, 0, "",
                                 "这里只能写 cities 文件夹里的城市文件，例如 yibao check cities/dalian.yaml。"
                                 "网站设置和文章每次都会检查；不写文件名就检查全部城市。")])
    if not absolute.is_file():
        raise UserError([Problem(shown, 0, 0, "", "找不到这个文件。请检查文件名（拼音，小写），"
                                                  "或者不写文件名，检查全部城市。")])
    return absolute


def _build(root: Path, args: argparse.Namespace, report: Report) -> int:
    from generator.commands.build import build

    summary = build(root, args.out or root / "dist", base_url=args.base_url,
                    index=not args.no_search, progress=_progress, repo_url=args.repo_url)
    print(summary.line())
    return 0


def _new(root: Path, args: argparse.Namespace, report: Report) -> int:
    from generator.commands.new import create

    path = create(root, args.pinyin, args.name, args.province, build_date())
    shown = path.relative_to(root).as_posix()
    print(f"已新建 {shown}。下一步：按文件里每一节上面的说明，把来源里的资料填进去，"
          f"再运行 yibao check 检查。没填的部分，网站上显示“暂无资料”。")
    return 0


def _serve(root: Path, args: argparse.Namespace, report: Report) -> int:
    from generator.commands.serve import serve

    serve(root, args.out or root / "dist", host=args.host, port=args.port)
    return 0


def _diff(root: Path, args: argparse.Namespace, report: Report) -> int:
    from generator.commands.diff import as_markdown, as_text, compare
    from generator.commands.versions import VersionError, load_version

    try:
        old = load_version(args.old, root, build_date())
        new = load_version(args.new, root, build_date())
    except VersionError as exc:
        print(f"无法比较：{exc}", file=sys.stderr)
        return 1
    result = compare(old, new)
    sys.stdout.write(as_markdown(result) if args.format == "markdown" else as_text(result))
    return 0


def _report(root: Path, args: argparse.Namespace, report: Report) -> int:
    from generator.commands.report import as_markdown, as_text, maintainers_report
    from generator.model.site import load_regions
    from generator.commands.versions import VersionError, load_version

    try:
        version = load_version(str(root), root, build_date())
    except VersionError as exc:
        print(f"无法生成报告：{exc}", file=sys.stderr)
        return 1
    regions, _ = load_regions(root, build_date())  # `yibao check` reports their problems
    result = maintainers_report(version, build_date(), regions)
    sys.stdout.write(as_markdown(result) if args.format == "markdown" else as_text(result))
    return 0


COMMANDS: dict[str, Callable[[Path, argparse.Namespace, Report], int]] = {
    "check": _check,
    "build": _build,
    "new": _new,
    "serve": _serve,
    "diff": _diff,
    "report": _report,
}


def _is_project(folder: Path) -> bool:
    return (folder / CITIES).is_dir() or (folder / CONFIG).exists()


def find_root(start: Path) -> Path:
    """The project folder `start` is in: itself or the nearest folder above it with
    cities/ or yibao.yaml, so that `yibao check` works from inside cities/ too. When
    none is found, `start` (which then gets the wrong-folder message)."""
    start = start.absolute()
    for folder in (start, *start.parents):
        if _is_project(folder):
            return folder
    return start


def _require_project(root: Path) -> None:
    """A volunteer in the wrong folder gets one sentence, not a list of missing files."""
    if not _is_project(root):
        raise UserError([Problem(str(root), 0, 0, "",
                                 "这里不是医保城市指南的项目文件夹（找不到 cities/ 文件夹和 yibao.yaml）。"
                                 "请先用 cd 进入项目文件夹再运行，或用 --root 指定项目文件夹，"
                                 "例如：yibao check --root ~/yibao-guide")])


def _wants_github(args: argparse.Namespace) -> bool:
    chosen = getattr(args, "format", None)
    if chosen:
        return chosen == "github"
    return os.environ.get("GITHUB_ACTIONS") == "true"


def _text_report(problems: list[Problem], command: str) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)
    print(_closing_line(len(problems), command), file=sys.stderr)


def _closing_line(count: int, command: str) -> str:
    if command == "check":
        return f"共 {count} 个问题。请按上面的提示修改，再运行 yibao check。"
    if command == "new":
        return f"共 {count} 个问题，没有新建文件。"
    if command == "serve":
        return f"共 {count} 个问题。请按上面的提示修改后再运行。"
    return f"共 {count} 个问题，网站没有生成，原来的网站保持不变。请按上面的提示修改后再运行。"


def _github_report(problems: list[Problem], command: str) -> None:
    """GitHub Actions workflow commands, so each problem shows on the changed line of a
    pull request; the plain list follows for the log."""
    for problem in problems:
        print(github_annotation(problem))
    _text_report(problems, command)


def github_annotation(problem: Problem) -> str:
    """`::error file=…,line=…,col=…::message`, escaped as the workflow-command syntax needs."""
    problem = problem.shown()
    props = f"file={_escape_property(problem.file)}"
    if problem.line:  # 0: the file or folder as a whole
        props += f",line={problem.line},col={problem.column}"
    return f"::error {props}::{_escape_data(problem.text)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
