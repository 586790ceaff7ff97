"""Articles (content/*.md) are untrusted Markdown: nothing in one may run script on the
page, `yibao check` refuses links that could, every article up to the size limit renders
quickly, and the real articles keep their headings, lists and bold text."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers import PROJECT, TEST_PROJECT, copy_project, run_check, run_cli, snapshot
from generator.model.site import load_site

HEAD = "---\ntitle: 测试文章\nsummary: 只用来测试。\nupdated: 2026-01-02\n---\n"
PROSE = "第一段。\n\n第二段，\n接着写。\n\n"  # the vector goes below: line 10 of the file
VECTOR_LINE = HEAD.count("\n") + PROSE.count("\n") + 1


def write_article(root: Path, body: str, name: str = "test") -> Path:
    path = root / "content" / f"{name}.md"
    path.write_text(HEAD + body, encoding="utf-8")
    return path


class Elements(HTMLParser):
    """Every element and attribute of an HTML fragment."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.text = ""
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text += data

    def tags(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.found if tag == name]


def rendered(root: Path, body: str) -> str:
    write_article(root, body)
    site = load_site(root)
    [article] = [a for a in site.articles if a.slug == "test"]
    return article.html


SCRIPT_VECTORS = {
    "attribute list on an image": '![说明](y.png){: onerror="alert(1)" }',
    "attribute list on a paragraph": '一段话\n{: onmouseover="alert(1)" }',
    "attribute list on a heading": '## 标题 {: onclick="alert(1)" }',
    "attribute list with a style": '一段话\n{: style="position:fixed;top:0" }',
    "raw img tag": "<img src=x onerror=alert(1)>",
    "raw script": "<script>alert(1)</script>",
    "raw link": '<a href="javascript:alert(1)">办理</a>',
    "raw iframe block": "<iframe src=\"https://example.com\"></iframe>",
    "quote breaking out of a title": "[办理](a.html 'x\" onmouseover=\"alert(1)')",
    "markdown inside raw html": '<div markdown="1" onclick="alert(1)">**x**</div>',
}


@pytest.mark.parametrize("body", SCRIPT_VECTORS.values(), ids=SCRIPT_VECTORS.keys())
def test_nothing_in_an_article_runs_script(tmp_path, body):
    html = rendered(copy_project(tmp_path), PROSE + body + "\n")
    elements = Elements(html)
    for tag, attrs in elements.found:
        assert tag not in ("script", "iframe", "object", "embed", "style", "div", "form"), html
        for name, value in attrs.items():
            assert not name.startswith("on"), html
            assert name not in ("style", "class", "id", "markdown"), html
            if name in ("href", "src"):
                assert not re.match(r"\s*(javascript|data|vbscript):", value or "", re.I), html


REFUSED_LINKS = {
    "javascript: link": "[办理](javascript:alert(1))",
    "upper-case scheme": "[办理](JavaScript:alert(1))",
    "scheme hidden in an entity": "[办理](&#106;avascript:alert(1))",
    "javascript: image": "![图](javascript:alert(1))",
    "data: link": "[办理](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "vbscript: link": "[办理](vbscript:msgbox(1))",
    "file: link": "[办理](file:///etc/passwd)",
    "app scheme": "[打开](weixin://dl/chat)",
    "autolink": "<javascript:alert(1)>",
    "reference link": "[办理][官网]\n\n[官网]: javascript:alert(1)",
    "link inside a list": "- [办理](javascript:alert(1))",
}


@pytest.mark.parametrize("body", REFUSED_LINKS.values(), ids=REFUSED_LINKS.keys())
def test_check_refuses_a_link_that_is_not_http_relative_tel_or_mailto(tmp_path, capsys, body):
    root = copy_project(tmp_path)
    write_article(root, PROSE + body + "\n")
    before = snapshot(root)
    result = run_check(root, capsys)
    assert result.code == 1, result.text
    assert "Traceback" not in result.text
    [problem] = result.problem_lines
    assert problem.startswith(f"content/test.md:{VECTOR_LINE}:"), problem
    assert "链接地址只能是 http(s)、站内相对地址、tel: 或 mailto:" in problem
    assert snapshot(root) == before


def test_check_refuses_an_image_from_another_site(tmp_path, capsys):
    """No request leaves the site: an image must be the site's own."""
    root = copy_project(tmp_path)
    write_article(root, PROSE + "![示意图](https://example.com/a.png)\n")
    result = run_check(root, capsys)
    assert result.code == 1, result.text
    [problem] = result.problem_lines
    assert problem.startswith(f"content/test.md:{VECTOR_LINE}:"), problem
    assert "图片" in problem and "站内" in problem


def test_every_refused_link_is_reported_on_its_own_line(tmp_path, capsys):
    root = copy_project(tmp_path)
    write_article(root, "第一段[办理](javascript:a)。\n第二行[办理](data:b)。\n\n- [c](vbscript:c)\n")
    result = run_check(root, capsys)
    lines = [p.split(":")[1] for p in result.problem_lines]
    first = HEAD.count("\n") + 1
    assert lines == [str(first), str(first + 1), str(first + 3)], result.err


ALLOWED_LINKS = {
    "[官网](https://www.nhsa.gov.cn/)": ("a", "href", "https://www.nhsa.gov.cn/"),
    "[官网](http://ybj.dl.gov.cn/)": ("a", "href", "http://ybj.dl.gov.cn/"),
    "[拨打 12393](tel:12393)": ("a", "href", "tel:12393"),
    "[写信](mailto:help@example.org)": ("a", "href", "mailto:help@example.org"),
    "[大连](../../dalian/)": ("a", "href", "../../dalian/"),
    "[本页](#di-yi-bu)": ("a", "href", "#di-yi-bu"),
    "<https://www.nhsa.gov.cn/>": ("a", "href", "https://www.nhsa.gov.cn/"),
    "![示意图](../../static/a.png)": ("img", "src", "../../static/a.png"),
}


@pytest.mark.parametrize("body, expected", ALLOWED_LINKS.items(), ids=ALLOWED_LINKS.keys())
def test_allowed_links_pass_and_are_links(tmp_path, body, expected):
    tag, attribute, value = expected
    elements = Elements(rendered(copy_project(tmp_path), PROSE + body + "\n"))
    assert value in [attrs.get(attribute) for attrs in elements.tags(tag)]


def test_raw_html_is_shown_as_text(tmp_path):
    elements = Elements(rendered(copy_project(tmp_path), "请看 <b>这里</b> & <script>alert(1)</script>\n"))
    assert "<b>这里</b>" in elements.text and "<script>alert(1)</script>" in elements.text
    assert "&" in elements.text
    assert not elements.tags("b") and not elements.tags("script")


@pytest.mark.parametrize("name", ["...md", "a&b.md", "中文.md", "A.md", "a_b.md", "a b.md", "a.b.md"])
def test_check_refuses_an_article_name_that_is_not_lowercase_letters_digits_hyphens(tmp_path, capsys, name):
    root = copy_project(tmp_path)
    (root / "content" / name).write_text(HEAD + "正文。\n", encoding="utf-8")
    result = run_check(root, capsys)
    assert result.code == 1, result.text
    [problem] = result.problem_lines
    assert problem.startswith(f"content/{name}:1:1: "), problem
    assert "小写英文字母、数字和连字符" in problem and "改名" in problem


# --- size and speed -------------------------------------------------------------------------

def worst_cases(size: int) -> dict[str, str]:
    """Bodies known to make Markdown parsers slow (quadratic or worse), each filling
    an article up to `size` bytes."""
    unit = {
        "[": "[", "![": "![", "*": "*", "_": "_", "`": "a`", ">": "> ", "nested >": ">",
        "emphasis run": "*a **b ", "underscore run": "_a __b ", "[*": "[*", "*[": "*[",
        "open links": "[a](b ", "closing brackets": "](", "list nesting": None,
        "nested brackets": None, "entities": "&#1", "backslashes": "\\", "<": "<a ",
        "reference-like": "[a]: ", "table-like": "|a",
    }
    room = size - len(HEAD.encode("utf-8")) - 1
    bodies = {}
    for name, piece in unit.items():
        if name == "list nesting":
            body, depth = "", 0
            while len(body) < room:
                line = "  " * depth + "- a\n"
                if len(body) + len(line) > room:
                    break
                body, depth = body + line, depth + 1
        elif name == "nested brackets":
            body = "[" * (room // 2) + "]" * (room // 2)
        else:
            body = piece * (room // len(piece))
        assert len(body.encode("utf-8")) <= room
        bodies[name] = body
    return bodies


def test_an_article_over_the_size_limit_is_refused(tmp_path, capsys):
    from generator.model.articles import MAX_ARTICLE_BYTES

    root = copy_project(tmp_path)
    path = write_article(root, "")
    path.write_bytes(path.read_bytes() + "啊".encode("utf-8") * (MAX_ARTICLE_BYTES // 3))
    result = run_check(root, capsys)
    assert result.code == 1
    [problem] = result.problem_lines
    assert problem.startswith("content/test.md:1:1: ") and "太大" in problem


def test_an_article_at_the_size_limit_is_accepted(tmp_path, capsys):
    from generator.model.articles import MAX_ARTICLE_BYTES

    root = copy_project(tmp_path)
    path = write_article(root, "")
    room = MAX_ARTICLE_BYTES - path.stat().st_size
    path.write_bytes(path.read_bytes() + b"a" * (room - 1) + b"\n")
    assert path.stat().st_size == MAX_ARTICLE_BYTES
    assert run_check(root, capsys).code == 0


TIMING = textwrap.dedent("""
    import json, sys, time
    sys.path.insert(0, sys.argv[1])
    from test_articles import worst_cases
    from generator.model.articles import MAX_ARTICLE_BYTES
    from generator.source.markdown import render
    times = {}
    for size in (MAX_ARTICLE_BYTES // 4, MAX_ARTICLE_BYTES):
        for name, body in worst_cases(size).items():
            best = None
            for _ in range(2):  # the lesser of two: other work on the machine only adds
                started = time.process_time()
                render(body)
                spent = time.process_time() - started
                best = spent if best is None else min(best, spent)
            times.setdefault(name, []).append(best)
    print(json.dumps(times))
""")
# Four times the text may cost about four times the time (linear); a quadratic parser costs
# sixteen. Below FLOOR seconds a time is too small to compare and counts as FLOOR.
GROWTH, FLOOR = 8, 0.02


def test_worst_case_markdown_grows_linearly_up_to_the_size_limit():
    """A guard, not a benchmark (benchmarks/parsers.py measures): the CPU time at the size
    limit against a quarter of it, in a child with a time limit, so a quadratic parser
    fails the test instead of hanging the suite, whatever else the machine is doing."""
    done = subprocess.run([sys.executable, "-c", TIMING, str(Path(__file__).parent)],
                          capture_output=True, text=True, timeout=300, cwd=PROJECT)
    assert done.returncode == 0, done.stderr
    times = json.loads(done.stdout)
    steep = {name: (round(small, 3), round(full, 3)) for name, (small, full) in times.items()
             if full > GROWTH * max(small, FLOOR)}
    assert not steep, f"more than {GROWTH}× the CPU time for 4× the text (quarter, full size): {steep}"


def test_the_growth_guard_can_fail():
    quadratic = {"x": (0.05, 0.05 * 16)}
    assert [n for n, (small, full) in quadratic.items() if full > GROWTH * max(small, FLOOR)] == ["x"]


def test_check_of_a_pathological_article_at_the_size_limit_finishes(tmp_path):
    """Through the real command: `[` over a whole article took minutes before."""
    from generator.model.articles import MAX_ARTICLE_BYTES

    root = copy_project(tmp_path)
    for name, body in worst_cases(MAX_ARTICLE_BYTES).items():
        if name in ("[", "!["):
            write_article(root, body + "\n", name="worst-" + ("image" if name == "![" else "link"))
    done = run_cli(root, "check", child=True, timeout=60)  # killed (and failed) after a minute
    assert done.code == 0, done.err


# --- the articles of the real guide and of the test project --------------------------------------

ARTICLES = [(root, p.stem) for root in (PROJECT, TEST_PROJECT) for p in sorted((root / "content").glob("*.md"))]


@pytest.mark.parametrize("root, slug", ARTICLES, ids=[f"{r.name}/{s}" for r, s in ARTICLES])
def test_articles_keep_their_structure(root, slug):
    """Headings, lists, numbered steps, links and bold text as the Markdown source has
    them, and no stray Markdown marks (`**` next to Chinese punctuation must still bold)."""
    site = load_site(root)
    [article] = [a for a in site.articles if a.slug == slug]
    source = article.text
    elements = Elements(article.html)
    for level in range(2, 5):
        assert len(elements.tags(f"h{level}")) == len(re.findall(rf"^{'#' * level} ", source, re.M))
    assert len(elements.tags("li")) == len(re.findall(r"^\s*(?:[-*+]|\d+\.) ", source, re.M))
    assert len(elements.tags("ol")) == len(re.findall(r"(?:^(?!\d+\. ).*\n|\A)1\. ", source, re.M))
    assert len(elements.tags("strong")) == source.count("**") // 2
    assert len(elements.tags("a")) == len(re.findall(r"\]\(", source))
    assert len(elements.tags("table")) == len(re.findall(r"^\|?\s*:?-{3,}", source, re.M))
    assert "**" not in elements.text and "#" not in elements.text
    assert elements.found[0][0] in ("p", "h2")
