"""The 纠错 links: each opens the repository's correction form on GitHub with the city,
page and section already filled in, or the same text as an email for people without a
GitHub account.

GitHub issue forms take a prefill for each field from the query parameter named after the
field's `id`; `FIELDS` must therefore match `.github/ISSUE_TEMPLATE/correction.yml`
(tests/test_corrections.py holds them together).
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

TEMPLATE = "correction.yml"

# (id in the issue form, its label): the form's fields in order, and the lines of the email.
FIELDS: tuple[tuple[str, str], ...] = (
    ("city", "城市"),
    ("page", "页面"),
    ("section", "哪一部分"),
    ("fact", "哪一条资料有误"),
    ("correct", "正确的应该是什么"),
    ("evidence", "在哪里看到的"),
    ("seen", "什么时候看到的"),
)


@dataclass(frozen=True)
class Correction:
    """What a 纠错 link is about: the part of a page the reader thinks is wrong."""

    city: str
    page: str  # the page's address
    section: str

    @property
    def title(self) -> str:
        return f"纠错：{self.city} · {self.section}"

    def prefill(self) -> dict[str, str]:
        return {"city": self.city, "page": self.page, "section": self.section}


@dataclass(frozen=True)
class CorrectionLink:
    issue: str  # the GitHub issue form, prefilled
    mail: str | None = None  # mailto: with the same text, when the site has an address


def issue_url(repo_url: str, correction: Correction) -> str:
    query = {"template": TEMPLATE, "title": correction.title, **correction.prefill()}
    return f"{repo_url.rstrip('/')}/issues/new?{urlencode(query, quote_via=quote)}"


def mail_url(address: str, correction: Correction) -> str:
    """`mailto:` (RFC 6068): subject and body percent-encoded as UTF-8, lines end in CRLF."""
    values = correction.prefill()
    body = "\r\n".join(f"{label}：{values.get(key, '')}" for key, label in FIELDS)
    return (f"mailto:{quote(address, safe='@')}?subject={quote(correction.title, safe='')}"
            f"&body={quote(body, safe='')}")


@dataclass(frozen=True)
class Corrections:
    """Makes every 纠错 link of one build."""

    repo_url: str
    email: str | None = None
    base_url: str = ""  # the site's address; pages are named by their path without it

    def page_address(self, path: str) -> str:
        """`path` is the page's address inside the site, e.g. 'dalian/offices/'."""
        return f"{self.base_url.rstrip('/')}/{path.lstrip('/')}"

    def link(self, city: str, path: str, section: str) -> CorrectionLink:
        correction = Correction(city, self.page_address(path), section)
        return CorrectionLink(issue_url(self.repo_url, correction),
                              mail_url(self.email, correction) if self.email else None)
