"""The 纠错 links: each section's link opens the repository's correction form with the
city, page and section filled in (GitHub prefills issue-form fields from query parameters
named after their ids), and the mail link carries the same text."""
from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from helpers import PROJECT, TEST_PROJECT, copy_project
import yaml

from generator.commands.build import build
from generator.core.topics import BY_SLUG
from generator.core.corrections import FIELDS, TEMPLATE, Correction, Corrections, issue_url, mail_url

FORM = PROJECT / ".github" / "ISSUE_TEMPLATE" / TEMPLATE
REPO = "https://github.com/example-org/guide"


def query(url: str) -> dict[str, str]:
    parts = parse_qs(urlsplit(url).query, keep_blank_values=True, strict_parsing=True)
    assert all(len(v) == 1 for v in parts.values()), parts
    return {k: v[0] for k, v in parts.items()}


def mail(url: str) -> tuple[str, dict[str, str], str]:
    parts = urlsplit(url)
    assert parts.scheme == "mailto"
    fields = query(url)
    body = {}
    for line in fields["body"].split("\r\n"):
        label, _, value = line.partition("：")
        body[label] = value
    return unquote(parts.path), body, fields["subject"]


AWKWARD = Correction("青川", "https://example.org/yibao/qingchuan/offices/?a=1&b=2#x", "经办机构 · 电话 100% & “号码”+空格")


def test_issue_url_decodes_to_the_form_fields():
    url = issue_url(REPO + "/", AWKWARD)
    assert url.startswith(REPO + "/issues/new?")
    # nothing but unreserved characters and percent-escapes in the query
    assert re.fullmatch(r"[A-Za-z0-9\-._~%=&]+", urlsplit(url).query), url
    assert query(url) == {"template": TEMPLATE, "title": "纠错：青川 · 经办机构 · 电话 100% & “号码”+空格",
                          "city": "青川", "page": AWKWARD.page, "section": AWKWARD.section}


def test_mail_url_carries_the_same_text():
    address, body, subject = mail(mail_url("jiucuo@example.org", AWKWARD))
    assert address == "jiucuo@example.org"
    assert subject == AWKWARD.title
    assert list(body) == [label for _, label in FIELDS]
    labels = dict(FIELDS)
    assert body[labels["city"]] == "青川"
    assert body[labels["page"]] == AWKWARD.page
    assert body[labels["section"]] == AWKWARD.section
    assert all(body[labels[k]] == "" for k in ("fact", "correct", "evidence", "seen"))


def test_no_mail_link_without_an_address():
    assert Corrections(REPO).link("青川", "qingchuan/", "x").mail is None


def test_form_fields_are_the_ones_the_links_fill():
    form = yaml.safe_load(FORM.read_text("utf-8"))
    fields = [(item["id"], item["attributes"]["label"]) for item in form["body"] if item["type"] != "markdown"]
    assert fields == list(FIELDS)
    # prefilling works for text fields only
    prefilled = set(Correction("a", "b", "c").prefill())
    assert {item["type"] for item in form["body"] if item.get("id") in prefilled} == {"input"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict]:
    root = copy_project(tmp_path_factory.mktemp("project"), parts=("cities", "content", "templates", "static"))
    config = yaml.safe_load((TEST_PROJECT / "yibao.yaml").read_text("utf-8"))
    config.update(repo_url=REPO, correction_email="jiucuo@example.org")
    (root / "yibao.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    out = root / "dist"
    build(root, out, base_url="https://example.org/yibao/", index=False)
    return out, config


SECTION = re.compile(r'<section class="block[^"]*" id="[^"]*"[^>]*>\s*<h2[^>]*>(.*?)</h2>(.*?)</section>', re.S)


def links(fragment: str, cls: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(rf'<a class="{cls}" href="([^"]+)"', fragment)]


def test_every_section_of_a_topic_page_opens_the_form_for_itself(built):
    out, _ = built
    page = (out / "qingchuan" / "offices" / "index.html").read_text("utf-8")
    sections = SECTION.findall(page)
    assert sections
    for heading, body in sections:
        heading = re.sub(r"<[^>]+>", "", heading).strip()
        [issue] = links(body, "fix")
        [mail_link] = links(body, "fix-mail")
        fields = query(issue)
        assert issue.startswith(REPO + "/issues/new?")
        assert fields["template"] == TEMPLATE
        assert fields["city"] == "青川"
        assert fields["page"] == "https://example.org/yibao/qingchuan/offices/"
        assert fields["section"] in (heading, f"经办机构 · {heading}")
        assert fields["title"] == f"纠错：青川 · {fields['section']}"
        address, body_fields, subject = mail(mail_link)
        assert address == "jiucuo@example.org" and subject == fields["title"]
        assert body_fields["哪一部分"] == fields["section"]


def test_no_public_page_links_to_the_file_editor(built):
    out, _ = built
    pages = list(out.rglob("*.html"))
    assert len(pages) > 50
    for path in pages:
        assert "/edit/" not in path.read_text("utf-8"), path
    # every city page (hub, topics, calculators) offers 纠错 for the page as a whole
    for path in (out / "qingchuan").rglob("index.html"):
        if path.parent.name == "checklists":  # the folder's list of checklists, each with its own 纠错
            continue
        assert '<p class="edit" data-search-skip>' in path.read_text("utf-8"), path


def test_empty_topic_invites_the_missing_facts(built):
    out, _ = built
    empty_pages = [p for p in out.glob("*/*/index.html") if '<section class="empty"' in p.read_text("utf-8")]
    assert empty_pages
    for path in empty_pages:
        page = path.read_text("utf-8")
        empty = page.split('<section class="empty"')[1].split("</section>")[0]
        [issue] = links(empty, "fix")
        city, topic = path.parent.parent.name, path.parent.name
        assert query(issue)["page"] == f"https://example.org/yibao/{city}/{topic}/"
        assert query(issue)["section"] == BY_SLUG[topic].title


# --- which repository: yibao.yaml, the workflow's, or --repo-url ----------------------------
def project_without_repo_url(tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "project")
    config = yaml.safe_load((root / "yibao.yaml").read_text("utf-8"))
    config.pop("repo_url", None)
    (root / "yibao.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return root


def test_without_repo_url_a_workflow_build_links_to_its_own_repository(tmp_path, monkeypatch):
    root = project_without_repo_url(tmp_path)
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "a-fork/yibao-guide")
    build(root, root / "dist", index=False)
    page = (root / "dist" / "qingchuan" / "offices" / "index.html").read_text("utf-8")
    assert 'href="https://github.com/a-fork/yibao-guide/issues/new?' in page


def test_without_repo_url_or_a_workflow_check_says_what_to_write(tmp_path, monkeypatch, capsys):
    from generator import cli

    root = project_without_repo_url(tmp_path)
    monkeypatch.delenv("GITHUB_SERVER_URL", raising=False)
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    assert cli.main(["check", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert "yibao.yaml:1:1" in err and "repo_url" in err and "Traceback" not in err


def test_repo_url_option_wins_over_yibao_yaml(tmp_path):
    root = copy_project(tmp_path / "project")
    build(root, root / "dist", index=False, repo_url="https://github.com/a-fork/guide")
    page = (root / "dist" / "qingchuan" / "index.html").read_text("utf-8")
    assert 'href="https://github.com/a-fork/guide/issues/new?' in page
    assert 'href="https://github.com/a-fork/guide">' in page  # the footer's 项目仓库


@pytest.mark.parametrize("url", ["https://gitlab.com/a/b", "javascript:alert(1)", "https://github.com/a"])
def test_repo_url_option_that_is_no_repository_is_refused(tmp_path, url):
    from generator.core.errors import CannotBuild

    with pytest.raises(CannotBuild, match="--repo-url"):
        build(PROJECT, tmp_path / "dist", index=False, repo_url=url)
