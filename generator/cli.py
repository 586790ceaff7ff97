"""`yibao check | build | serve`: the thin layer that parses arguments and prints.

The only place that prints problems; every stage raises `UserError` instead.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .errors import UserError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="yibao", description="医保城市指南:检查数据、生成网站、本地预览。")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="项目目录(默认:当前目录)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="检查 cities/ 和 content/ 里的所有文件,列出全部问题")
    build = commands.add_parser("build", help="检查并生成网站到 dist/")
    build.add_argument("--out", type=Path, default=None, help="输出目录(默认:dist)")
    build.add_argument("--base-url", default=None, help="网站地址,用于 sitemap.xml")
    build.add_argument("--no-search", action="store_true", help="不生成搜索索引(更快,仅供调试)")
    serve = commands.add_parser("serve", help="生成网站并在本机预览,文件改动后自动重新生成")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        if args.command == "check":
            from .site import load_site

            site = load_site(root)
            print(f"检查通过:{len(site.cities)} 个城市,{len(site.articles)} 篇文章。")
            return 0
        if args.command == "build":
            from .build import build

            summary = build(root, args.out or root / "dist", base_url=args.base_url,
                            index=not args.no_search, progress=_progress)
            print(summary.line())
            return 0
        if args.command == "serve":
            from .serve import serve

            serve(root, args.out or root / "dist", host=args.host, port=args.port)
            return 0
    except UserError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"共 {len(exc.problems)} 个问题,请修改后再运行。网站没有更新。", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        # e.g. the port is taken, or the output folder cannot be written
        print(f"无法完成:{exc.strerror or exc}"
              + (f"({exc.filename})" if getattr(exc, "filename", None) else "")
              + "。如果是端口被占用,请换一个端口:yibao serve --port 8001", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug in the generator, not in the user's files
        print(f"生成器内部出错({type(exc).__name__}: {exc})。这不是您文件的问题,请把这段话报告给维护者。",
              file=sys.stderr)
        if os.environ.get("YIBAO_DEBUG"):
            raise
        return 2
    return 2


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
