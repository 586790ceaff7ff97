"""What the page says about a figure the sources do not give cleanly."""
from __future__ import annotations

from generator.model.city import Uncertain


def caveat(u: Uncertain | None, fallback: str | None = None) -> str | None:
    """'注意：……在来源原文里字迹残缺（原文是“增加?%”），……', '……是根据来源推断的……',
    '……是一般常识……' — or None for a sourced figure."""
    if u is None:
        return None
    what = u.what or (f"“{fallback}”" if fallback else None)
    if u.kind == "damaged":
        quoted = f"（原文是“{u.quote}”）" if u.quote else ""
        return (f"注意：{what or '这个数字'}在来源原文里字迹残缺{quoted}，"
                "这里的数字是推测的，办理前请先向医保部门确认。")
    if u.kind == "inference":
        return (f"注意：{what or '这一点'}是根据来源推断的，来源里没有直接这样写，"
                "办理前请先向医保部门确认。")
    return (f"注意：{what or '这一点'}来源里没有写，是一般常识，不是来自本市的资料，"
            "办理前请先向医保部门确认。")
