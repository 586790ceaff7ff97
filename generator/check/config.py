"""yibao.yaml, checked beyond its schema."""
from __future__ import annotations

from generator.core.addresses import BASE_URL_EXAMPLE, base_url_problem
from generator.core.errors import Problem
from generator.source.load import Document


def config_problems(doc: Document) -> list[Problem]:
    """yibao.yaml's `base_url`, checked as `--base-url` is (so `check` and `build` agree)."""
    url = doc.data.get("base_url") if isinstance(doc.data, dict) else None
    reason = base_url_problem(url) if isinstance(url, str) else None
    if not reason:
        return []
    return [doc.problem(("base_url",), f"网站地址不是完整的 http(s) 网址：{reason}。"
                                       f"请写成 {BASE_URL_EXAMPLE} 这样的完整网址。")]
