"""Chinese phone numbers: which kinds a guide may print, and how to tell them apart.

The one place that knows what a landline, hotline, mobile or SMS service number looks
like; `validate` uses it to check files and `render` to build `tel:` links.
"""
from __future__ import annotations

import re

LANDLINE = re.compile(r"0[1-9]\d{1,2}-[2-9]\d{6,7}(-\d{1,6})?")   # 0411-83709176, 010-12345678-123
HOTLINE = re.compile(r"1\d{4}|9\d{4,5}")                          # 12333, 12345, 96102, 962218
MOBILE = re.compile(r"1[3-9]\d{9}")                               # 13812345678
SMS_SERVICE = re.compile(r"10\d{4,18}")                           # 1062665533
NATIONAL = re.compile(r"[48]00-?(\d{3}-?\d{4}|\d{4}-?\d{3})")     # 400-123-4567, 400-6789-123
LOCAL_ONLY = re.compile(r"[2-9]\d{6,7}")                          # 83697016 (area code missing)


def kind(number: str) -> str | None:
    """'landline', 'hotline', 'mobile', 'sms', 'national' — or None if not a phone number."""
    for name, pattern in (("landline", LANDLINE), ("hotline", HOTLINE), ("mobile", MOBILE),
                          ("sms", SMS_SERVICE), ("national", NATIONAL)):
        if pattern.fullmatch(number):
            return name
    return None


def problem(number: str, area_code: str | None, sms: bool = False) -> str | None:
    """A plain-Chinese message if `number` cannot be printed and dialled as written."""
    text = number.strip()
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
    if re.fullmatch(r"0[1-9]\d{8,10}", digits) and digits != text:
        for size in (3, 4):
            if LANDLINE.fullmatch(f"{digits[:size]}-{digits[size:]}"):
                return f"电话“{number}”写法不对。请写成 {digits[:size]}-{digits[size:]}（区号和号码之间用一个连字符）。"
    if re.fullmatch(r"0[1-9]\d{8,10}", text):
        return f"电话“{number}”请在区号后加连字符，例如 {example}。"
    return (f"“{number}”不像电话号码。座机写成 {example}，热线写成 12333，"
            "手机写 11 位数字；一个格子只写一个号码。")


def tel_href(number: str) -> str | None:
    """A `tel:` link for a number a phone can dial, or None (an SMS service number, say)."""
    number = number.strip()
    if kind(number) in ("landline", "hotline", "mobile", "national"):
        return "tel:" + number.replace("-", "")
    return None
