"""Chinese phone numbers: which kinds a guide may print, and how to tell them apart.

The one place that knows what a landline, hotline, mobile or SMS service number looks
like; `validate` uses it to check files and `render` to build `tel:` links.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Every pattern here spells digits [0-9]: Python's \d is any Unicode decimal digit, so
# `1２３３３` or `010-6318270𝟢` (a mathematical zero) passed as phone numbers and became
# tel: links and JSON-LD that a reviewer could not tell apart from the real number.

LANDLINE = re.compile(r"0[1-9][0-9]{1,2}-[2-9][0-9]{6,7}(-[0-9]{1,6})?")   # 0411-83709176, 010-12345678-123
HOTLINE = re.compile(r"1[0-9]{4}|9[0-9]{4,5}")                          # 12333, 12345, 96102, 962218
MOBILE = re.compile(r"1[3-9][0-9]{9}")                               # 13812345678
SMS_SERVICE = re.compile(r"10[0-9]{4,18}")                           # 1062665533
NATIONAL = re.compile(r"[48]00-?([0-9]{3}-?[0-9]{4}|[0-9]{4}-?[0-9]{3})")     # 400-123-4567, 400-6789-123
LOCAL_ONLY = re.compile(r"[2-9][0-9]{6,7}")                          # 83697016 (area code missing)


def kind(number: str) -> str | None:
    """'landline', 'hotline', 'mobile', 'sms', 'national' — or None if not a phone number."""
    for name, pattern in (("landline", LANDLINE), ("hotline", HOTLINE), ("mobile", MOBILE),
                          ("sms", SMS_SERVICE), ("national", NATIONAL)):
        if pattern.fullmatch(number):
            return name
    return None


# Dashes an input method or a word processor types where a phone number needs "-".
DASHES = "\uff0d\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\ufe58"


def not_ascii(text: str) -> tuple[str, str] | None:
    """The first digit or dash in `text` that is not ASCII (a full-width ０ or －, a
    mathematical 𝟢, a Devanagari १), with `text` as it should be written: every such digit
    as its ASCII digit, every such dash as "-". None when there is none."""
    for ch in text:
        if (ch in DASHES or unicodedata.category(ch) == "Nd") and not ("0" <= ch <= "9"):
            return ch, "".join("-" if c in DASHES else str(unicodedata.decimal(c)) if unicodedata.category(c) == "Nd"
                               else c for c in text)
    return None


def _not_ascii_message(number: str, ch: str, corrected: str) -> str:
    what = ("全角数字" if "\uff10" <= ch <= "\uff19" else "全角连字符" if ch == "\uff0d"
            else "不是连字符“-”" if ch in DASHES else "不是 0 到 9 的普通数字")
    what = what if what.startswith("不是") else f"{what}（常是输入法打出来的）"
    return (f"电话“{number}”里的“{ch}”（U+{ord(ch):04X}）{what}，电话号码只能用 0 到 9 和“-”。"
            f"请写成 {corrected}。")


def problem(number: str, area_code: str | None, sms: bool = False) -> str | None:
    """A plain-Chinese message if `number` cannot be printed and dialled as written."""
    text = number.strip()
    slip = not_ascii(text)
    if slip:
        return _not_ascii_message(number, *slip)
    found = kind(text)
    if sms:
        if found in ("sms", "hotline", "mobile"):
            return None
        return f"短信号码“{number}”不对：应是 106 开头的短信服务号、12333 这样的短号码或手机号码。"
    if found == "sms":
        return f"“{number}”是短信服务号，不能拨打。请写在渠道的 sms_to 里。"
    if found:
        return None
    digits = re.sub(r"[\s()()-]", "", text)
    example = f"{area_code}-83709176" if area_code else "0411-83709176"
    if LOCAL_ONLY.fullmatch(text) and area_code:
        return f"座机号码“{number}”缺少区号。请写成 {area_code}-{text}。"
    if LOCAL_ONLY.fullmatch(text):
        return f"座机号码“{number}”缺少区号。请写成“区号-号码”，例如 0411-83709176。"
    if re.fullmatch(r"0[1-9][0-9]{8,10}", digits) and digits != text:
        for size in (3, 4):
            if LANDLINE.fullmatch(f"{digits[:size]}-{digits[size:]}"):
                return f"电话“{number}”写法不对。请写成 {digits[:size]}-{digits[size:]}（区号和号码之间用一个连字符）。"
    if re.fullmatch(r"0[1-9][0-9]{8,10}", text):
        return f"电话“{number}”请在区号后加连字符，例如 {example}。"
    return (f"“{number}”不像电话号码。座机写成 {example}，热线写成 12333，"
            "手机写 11 位数字；一个格子只写一个号码。")


def tel_href(number: str) -> str | None:
    """A `tel:` link for a number a phone can dial, or None (an SMS service number, say)."""
    number = number.strip()
    if kind(number) in ("landline", "hotline", "mobile", "national"):
        return "tel:" + number.replace("-", "")
    return None


@dataclass(frozen=True)
class PhoneView:
    text: str
    href: str | None  # tel: address, None if it is not something one can call


def phone_view(number: str) -> PhoneView:
    return PhoneView(number.strip(), tel_href(number))


# A phone number as it may stand in running text: "0411-83709176", "010-12333",
# "(0411)12333", a bare local number (83172488), a mobile, or a short service line (12333,
# 12393, 96110, 962218; 110 and 120 only as themselves). Not part of a longer number or
# word (a file name), an amount (“12000 元”) or a date.
_TEXT_PHONE = re.compile(
    r"(?<![\dA-Za-z_])(?<![\d][.,\-])(?<!邮编)("
    r"[(\uff08]0[1-9][0-9]{1,2}[)\uff09]\s?[0-9]{5,8}"
    r"|0[1-9][0-9]{1,2}-(?:[2-9][0-9]{6,7}(?:-[0-9]{1,6})?|1[0-9]{4})"
    r"|1[3-9][0-9]{9}"
    r"|[2-9][0-9]{6,7}"
    r"|12[0-9]{3}|9[56][0-9]{3,4}"
    r"|11[09]|120"
    r")(?![\dA-Za-z_]|[.,\uff0c\-:\uff0d][\d]|\s?[元年月日号岁%%个天万次倍米路楼室])")
# (The number itself is ASCII digits; what may not touch it is any digit, \d, so that no
# part of 010-6318270𝟢 becomes a link.)
_SKIP = ("a", "script", "style", "title", "head", "textarea", "option", "button", "code", "pre")
_TAG = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
# A tag that opens or closes one of _SKIP (ASCII letters in either case, as HTML names go).
_SKIP_TAG = re.compile(r"<\s*(/?)\s*(" + "|".join("".join(f"[{c}{c.upper()}]" for c in name) for name in _SKIP)
                       + r")(?![a-zA-Z0-9])")
_DIGIT = re.compile(r"[0-9]")


def _dial(text: str) -> str:
    return "tel:" + re.sub(r"[^0-9]", "", text)


def _link(m: re.Match[str]) -> str:
    return f'<a class="tel" href="{_dial(m.group(1))}">{m.group(1)}</a>'


def link_numbers(html: str) -> str:
    """Every phone number in the text of a rendered page made a tel: link, however it got
    there (a template, a city file's sentence, an article): run after rendering, on the
    finished HTML, so it does not depend on how the Markdown was turned into HTML.

    Text inside the elements of _SKIP (a link already, a script, a title…) is left alone.
    Runs on every page of the site: only the tags of those elements are looked at one by
    one, and only text with a digit in it is searched."""
    parts = _TAG.split(html)  # text at even places, tags (and comments) at odd places
    marks = [i for i, m in enumerate(map(_SKIP_TAG.match, parts)) if m is not None and i % 2]
    skipping: list[str] = []
    start = 0
    for i in (*marks, len(parts)):
        if not skipping:  # the text between the previous mark and this one
            for j in range(start, i, 2):
                if parts[j] and _DIGIT.search(parts[j]):
                    parts[j] = _TEXT_PHONE.sub(_link, parts[j])
        if i == len(parts):
            break
        tag = parts[i]
        m = _SKIP_TAG.match(tag)
        assert m is not None
        closing, name = m.group(1) == "/", m.group(2).lower()
        if closing:
            if name in skipping:
                del skipping[len(skipping) - 1 - skipping[::-1].index(name):]
        elif not tag.rstrip().endswith("/>"):
            skipping.append(name)
        start = i + 1
    return "".join(parts)
