"""Stage 4 — render: pages to HTML strings with Jinja. Autoescape is always on, so
anything from a volunteer's file prints as text, never as markup."""
from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .pages import Page
from .site import Site


def environment(templates: Path) -> Environment:
    return Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_pages(site: Site, pages: list[Page], templates: Path) -> dict[str, str]:
    env = environment(templates)
    common = {"config": site.config, "articles": site.articles}
    out: dict[str, str] = {}
    for page in pages:
        template = env.get_template(page.template)
        out[page.path] = template.render(**common, **page.context, title=page.title, root=page.root)
    return out
