"""Loading one article (content/<name>.md): its name, its size, its front matter
(title, summary, updated) and its Markdown body, rendered safely by markdown_render.
Every mistake is a `Problem` with the file and line."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from generator.core.errors import Problem, UserError
from generator.source.load import parse_yaml, read_text
from generator.source.markdown import render
from generator.model.city import Article
from generator.check.schema import schema_problems

# The three articles are 3–4 KB; 32 KB is about ten thousand Chinese characters. The
# worst Markdown of this size renders in well under a second (benchmarks/parsers.py).
MAX_ARTICLE_BYTES = 32 * 1024
_NAME = re.compile(r"[a-z0-9-]+")


def load_article(path: Path, display: str, problems: list[Problem]) -> Article | None:
    """The article in `path`, or None with its problems added to `problems`."""
    slug = path.name[: -len(".md")]
    if not _NAME.fullmatch(slug):
        problems.append(Problem(display, 1, 1, "", _name_message(path.name, slug)))
        return None
    try:
        text = read_text(path, display, MAX_ARTICLE_BYTES,
                         f"一篇文章最多 {MAX_ARTICLE_BYTES // 1024} KB（约一万个汉字），请分成几篇。")
    except UserError as exc:
        problems.extend(exc.problems)
        return None
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---" or "---" not in [l.strip() for l in lines[1:]]:
        problems.append(Problem(display, 1, 1, "",
                                "文章开头缺少信息块：第一行写 ---，接着写 title、summary、updated，再写一行 ---。"))
        return None
    end = 1 + [l.strip() for l in lines[1:]].index("---")
    try:
        # a blank first line keeps the front matter's line numbers equal to the article's
        doc = parse_yaml("\n" + "\n".join(lines[1:end]) + "\n", display, "article")
    except UserError as exc:
        problems.extend(exc.problems)
        return None
    found = schema_problems(doc, "article")
    if isinstance(doc.data, dict) and isinstance(doc.data.get("updated"), str):
        try:
            dt.date.fromisoformat(doc.data["updated"])
        except ValueError:
            found.append(doc.problem(("updated",), f"“{doc.data['updated']}”不是真实存在的日期。"))
    body = "\n".join(lines[end + 1:])
    if not body.strip():
        found.append(Problem(display, end + 1, 1, "", "文章正文是空的。"))
    if found:
        problems.extend(found)
        return None
    html, refused = render(body)
    first = end + 2  # the body's first line in the file
    problems.extend(Problem(display, first + r.line - 1, r.column, "", r.message) for r in refused)
    if refused:
        return None
    return Article(slug, doc.data["title"], doc.data["summary"],
                   dt.date.fromisoformat(doc.data["updated"]), html, body.strip(), display)


def _name_message(name: str, slug: str) -> str:
    suggestion = re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9]", "-", slug.lower())).strip("-")
    example = f"例如 {suggestion}.md" if suggestion else "例如 yibao-zhinan.md"
    return (f"文章的文件名“{name}”不合适：文件名只能用小写英文字母、数字和连字符（-），"
            f"它会成为网页地址的一部分。请改名，{example}。")
