"""Stage 4 — render: pages to HTML strings with Jinja. Autoescape is always on, so
anything from a volunteer's file prints as text, never as markup."""
from __future__ import annotations

import os
from pathlib import Path

from jinja2 import BaseLoader, Environment, StrictUndefined, TemplateNotFound, select_autoescape
from jinja2.loaders import split_template_path

from generator.core.errors import Problem, UserError
from generator.core.files import Missing, open_beneath, read_limited
from generator.views.pages import Page
from generator.core.phones import link_numbers
from generator.model.site import Site
from generator.core.project import TEMPLATES

MAX_TEMPLATE_BYTES = 1024 * 1024


class NoLinkLoader(BaseLoader):
    """Templates from one folder, like Jinja's FileSystemLoader, except that a symbolic
    link (to a file or a folder) is never followed and only ordinary files are read."""

    def __init__(self, folder: Path):
        self.folder = folder

    def get_source(self, environment: Environment, template: str):
        parts = tuple(split_template_path(template))
        display = "/".join((TEMPLATES, *parts))
        try:
            fd = open_beneath(self.folder, parts, display)
        except Missing:
            raise TemplateNotFound(template) from None
        try:
            raw = read_limited(fd, MAX_TEMPLATE_BYTES)
        finally:
            os.close(fd)
        if len(raw) > MAX_TEMPLATE_BYTES:
            raise UserError([Problem(display, 1, 1, "", "模板文件太大（超过 1 MB）。")])
        return raw.decode("utf-8"), str(self.folder.joinpath(*parts)), None


def environment(templates: Path) -> Environment:
    return Environment(
        loader=NoLinkLoader(templates),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_pages(site: Site, pages: list[Page], templates: Path, env: Environment | None = None) -> dict[str, str]:
    """`env`: the templates as compiled before (`yibao serve` keeps them until a template changes)."""
    env = env or environment(templates)
    lines = site.lines()  # the footer's number: the first line for the whole country (12393)
    common = {"config": site.config, "articles": site.articles, "hotline": lines[0] if lines else None}
    out: dict[str, str] = {}
    for page in pages:
        template = env.get_template(page.template)
        # every phone number in the finished page dials, wherever its text came from
        out[page.path] = link_numbers(template.render(**common, **page.context, title=page.title, root=page.root))
    return out
