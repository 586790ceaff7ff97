"""Article Markdown → HTML that cannot run script, in time linear in its length.

Articles are untrusted input. The parser is markdown-it-py with the CommonMark preset
(raw HTML off, so `<script>` is shown as text; no attribute lists, no linkify), chosen
over Python-Markdown because no input makes it slow (benchmarks/parsers.py measures
both). Link and image addresses are checked (`refused`): `yibao check` turns each
refusal into a problem with its line. The rendered HTML then passes through nh3 (the
Ammonia sanitizer) with an allow-list of the tags, attributes and URL schemes articles
need, as a last line of defence.

One addition to CommonMark: `**粗体。**后文` is bold. CommonMark does not close bold
after Chinese punctuation when a Chinese character follows (its flanking rules assume
spaces between words); `_cjk_emphasis` follows the CJK-friendly amendment drafted for
CommonMark, as markdown-it-cjk-friendly does for JavaScript.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import isWhiteSpace
from markdown_it.rules_inline.state_inline import Delimiter, Scanned, StateInline
from markdown_it.token import Token

LINK_SCHEMES = frozenset({"http", "https", "tel", "mailto"})
LINK_RULE = "链接地址只能是 http(s)、站内相对地址、tel: 或 mailto:"
IMAGE_RULE = "图片地址只能是站内的相对地址（例如 ../../static/示意图.png）：网页不从别的网站加载图片"

_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "a", "img",
         "blockquote", "code", "pre", "hr", "br"}
_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}
_CLEANER = nh3.Cleaner(tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=set(LINK_SCHEMES),
                       strip_comments=True)


@dataclass(frozen=True)
class Refused:
    """A link or image address an article may not have: line and column in the body."""

    line: int
    column: int
    message: str


def render(body: str) -> tuple[str, list[Refused]]:
    """The article body as safe HTML, and the addresses in it that `yibao check` refuses."""
    tokens = _MD.parse(body, {})
    refused = _refused(tokens, body.split("\n"))
    html = _MD.renderer.render(tokens, _MD.options, {})
    return _CLEANER.clean(html), refused


# --- link and image addresses ---------------------------------------------------------------

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")


def scheme(url: str) -> str | None:
    """The scheme of `url` as a browser reads it (tabs and line breaks removed, leading
    spaces and control characters dropped), lower-cased; None for a relative address."""
    cleaned = re.sub(r"[\t\n\r]", "", url).lstrip("".join(map(chr, range(0x21))))
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def link_allowed(url: str) -> bool:
    found = scheme(url)
    return found is None or found in LINK_SCHEMES


def image_allowed(url: str) -> bool:
    """Only the site's own images: relative, and not `//host/…` (another host)."""
    cleaned = re.sub(r"[\t\n\r]", "", url).strip()
    return scheme(url) is None and not re.match(r"[/\\]{2}", cleaned)


def _refused(tokens: list[Token], lines: list[str]) -> list[Refused]:
    found = []
    for block in tokens:
        if block.type != "inline" or not block.children or block.map is None:
            continue
        line, cursor = block.map[0], 0
        for child in block.children:
            if child.type in ("softbreak", "hardbreak"):
                line, cursor = line + 1, 0
                continue
            if child.type == "link_open":
                url = str(child.attrs.get("href", ""))
                if link_allowed(url):
                    continue
                message = (f"{LINK_RULE}，这里是“{_shown(url)}”。请改成网址（https://…）、"
                           "电话（tel:…）或邮箱（mailto:…），或删掉这个链接。")
            elif child.type == "image":
                url = str(child.attrs.get("src", ""))
                if image_allowed(url):
                    continue
                message = (f"{IMAGE_RULE}，这里是“{_shown(url)}”。请把图片放进 static/ 文件夹再引用它。"
                           if link_allowed(url) else
                           f"{LINK_RULE}，这里是“{_shown(url)}”。图片请放进 static/ 文件夹再引用。")
            else:
                continue
            text = lines[line] if line < len(lines) else ""
            column = _column(text, url, cursor)
            cursor = column
            found.append(Refused(line + 1, column, message))
    return found


def _shown(url: str) -> str:
    return url if len(url) <= 40 else url[:37] + "…"


def _column(text: str, url: str, start: int) -> int:
    """Where on its line the address (or, failing that, its link) starts, from 1."""
    found_scheme = scheme(url)
    for needle in (url, f"{found_scheme}:" if found_scheme else None, "]("):
        if needle:
            at = text.lower().find(needle.lower(), start)
            if at >= 0:
                return at + (3 if needle == "](" else 1)
    return start + 1


# --- emphasis next to Chinese ---------------------------------------------------------------

def _is_cjk(char: str) -> bool:
    """A Chinese, Japanese or Korean character or full-width punctuation mark (East Asian
    Wide, Full-width or Half-width), not an emoji."""
    code = ord(char)
    if code < 0x1100 or 0x1F000 <= code <= 0x1FAFF or 0x2300 <= code <= 0x2BFF:
        return False
    return unicodedata.east_asian_width(char) in ("W", "F", "H")


def _scan(state: StateInline, start: int, can_split_word: bool) -> Scanned:
    scanned = state.scanDelims(start, can_split_word)
    if not can_split_word or (scanned.can_open and scanned.can_close):
        return scanned
    before = state.src[start - 1] if start > 0 else " "
    after_at = start + scanned.length
    after = state.src[after_at] if after_at < state.posMax else " "
    if isWhiteSpace(ord(before)) or isWhiteSpace(ord(after)):
        return scanned  # next to a space the amendment changes nothing
    if not (_is_cjk(before) or _is_cjk(after)):
        return scanned
    # With a CJK character on either side, punctuation on the other no longer
    # prevents the run from opening or closing (the amendment for `*`).
    return Scanned(True, True, scanned.length)


def _cjk_emphasis(state: StateInline, silent: bool) -> bool:
    """markdown-it-py's emphasis rule, with `_scan` deciding whether a run opens or closes."""
    marker = state.src[state.pos]
    if silent or marker not in ("_", "*"):
        return False
    scanned = _scan(state, state.pos, marker == "*")
    for _ in range(scanned.length):
        token = state.push("text", "", 0)
        token.content = marker
        state.delimiters.append(Delimiter(marker=ord(marker), length=scanned.length,
                                          token=len(state.tokens) - 1, end=-1,
                                          open=scanned.can_open, close=scanned.can_close))
    state.pos += scanned.length
    return True


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.inline.ruler.at("emphasis", _cjk_emphasis)
    # Every address reaches the tokens so `_refused` can name it; nh3 strips any that
    # were rendered without being checked.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


_MD = _parser()
