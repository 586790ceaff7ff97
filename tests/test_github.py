"""The GitHub side: the workflows and the issue forms validate against their published
schemas (shipped inside check-jsonschema, so no network), and every command the
workflows run is run here too, in a git copy of the project, as GitHub Actions would run
it — a renamed command or flag breaks this test before it breaks a pull request."""
from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from conftest import copy_project

PROJECT = Path(__file__).resolve().parents[1]
GITHUB = PROJECT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent  # the project's own venv: where `yibao` is installed
BASE_URL = "https://example-org.github.io/yibao-guide"
# The repository the workflows run in, as GitHub sets it in every step: a fork, not the
# repository yibao.yaml names.
WORKFLOW_REPOSITORY = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "example-org/yibao-guide"}
# What GitHub substitutes for each ${{ … }} a `run:` step or its env may use. An expression
# not listed here fails the test: add it with a realistic value.
EXPRESSIONS = {
    "github.base_ref": "main",
    "steps.pages.outputs.base_url": BASE_URL,
}


def check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema,
                           *map(str, files)], capture_output=True, text=True)


def workflow(name: str) -> dict:
    data = yaml.safe_load((GITHUB / "workflows" / name).read_text("utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


# --- schemas ---------------------------------------------------------------------------------
def test_workflows_validate_against_the_github_workflow_schema():
    assert [p.name for p in WORKFLOWS] == ["check.yml", "pages.yml"]
    result = check_jsonschema("vendor.github-workflows", *WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_issue_form_and_chooser_validate_against_their_schemas():
    result = check_jsonschema("vendor.github-issue-forms", GITHUB / "ISSUE_TEMPLATE" / "correction.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    result = check_jsonschema("vendor.github-issue-config", GITHUB / "ISSUE_TEMPLATE" / "config.yml")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("schema, name, breakage", [
    ("vendor.github-workflows", "check.yml", lambda d: d["jobs"]["check"].pop("runs-on")),
    ("vendor.github-issue-forms", "correction.yml", lambda d: d["body"][1].update(type="text")),
])
def test_the_schema_check_does_reject_a_broken_file(tmp_path, schema, name, breakage):
    """So the two tests above could fail."""
    source = next(GITHUB.rglob(name))
    data = yaml.safe_load(source.read_text("utf-8"))
    breakage(data)
    broken = tmp_path / name
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    assert check_jsonschema(schema, broken).returncode != 0


# --- what the workflows say -----------------------------------------------------------------
def actions(data: dict) -> list[str]:
    return [step["uses"] for job in data["jobs"].values() for step in job["steps"] if "uses" in step]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_by_commit_with_the_tag_in_a_comment(path):
    """A tag can be moved to other code; a commit id cannot. The tag stays beside it for
    people (and for tools that propose updates)."""
    used = actions(workflow(path.name))
    assert used
    for uses in used:
        assert re.fullmatch(r"actions/[a-z-]+@[0-9a-f]{40}", uses), uses
    lines = [line.strip() for line in path.read_text("utf-8").splitlines() if "uses:" in line]
    assert len(lines) == len(used)
    for line in lines:
        assert re.fullmatch(r"(- )?uses: actions/[a-z-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", line), line


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_each_job_gets_only_the_permissions_it_needs(path):
    data = workflow(path.name)
    assert data["permissions"] == {"contents": "read"}
    for name, job in data["jobs"].items():
        granted = {**data["permissions"], **job.get("permissions", {})} if "permissions" not in job \
            else job["permissions"]
        writes = {k for k, v in granted.items() if v == "write"}
        if name == "deploy":
            assert granted == {"pages": "write", "id-token": "write"}
        else:
            assert writes == set(), f"{path.name}: job {name} may write {writes}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_checkout_leaves_no_token_for_the_code_it_runs(path):
    steps = [step for job in workflow(path.name)["jobs"].values() for step in job["steps"]
             if step.get("uses", "").startswith("actions/checkout@")]
    assert steps
    for step in steps:
        assert step.get("with", {}).get("persist-credentials") is False, step


def test_the_published_site_is_built_with_the_locked_dependencies():
    install = next(s for s in workflow("pages.yml")["jobs"]["build"]["steps"] if "scripts/venv.sh" in s.get("run", ""))
    assert re.search(r"^YIBAO_LOCKED=1 bash scripts/venv.sh$", install["run"], re.M)
    venv = (PROJECT / "scripts" / "venv.sh").read_text("utf-8")
    assert "--require-hashes --no-deps" in venv and "--no-deps --no-build-isolation -e ." in venv
    lock = (PROJECT / "requirements.lock").read_text("utf-8")
    pins = re.findall(r"^([a-z0-9][a-z0-9._-]*)==(\S+)((?: ;[^\\\n]*)?) \\\n((?:    --hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)",
                      lock, re.M)
    requirements = [line for line in lock.splitlines() if line and not line.startswith((" ", "#"))]
    assert len(pins) == len(requirements), "every requirement is pinned with ==, each with its hashes"
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    wanted = tomllib.loads((PROJECT / "pyproject.toml").read_text("utf-8"))
    names = [re.match(r"[A-Za-z0-9._-]+", d).group(0) for d in wanted["project"]["dependencies"]]
    names += [re.match(r"[A-Za-z0-9._-]+", d).group(0) for d in wanted["build-system"]["requires"]]
    locked = {re.sub(r"[-_.]+", "-", name) for name, *_ in pins}
    missing = [n for n in names if re.sub(r"[-_.]+", "-", n.lower()) not in locked]
    assert not missing, f"not in requirements.lock (run bash scripts/lock.sh): {missing}"


def test_pull_requests_are_checked_with_the_whole_history():
    data = workflow("check.yml")
    assert "pull_request" in data["on"]
    steps = data["jobs"]["check"]["steps"]
    assert steps[0]["uses"].startswith("actions/checkout@") and steps[0]["with"]["fetch-depth"] == 0
    assert data["permissions"] == {"contents": "read"}
    runs = "\n".join(s.get("run", "") for s in steps)
    assert re.search(r"^yibao check$", runs, re.M)
    assert "$GITHUB_STEP_SUMMARY" in runs


def test_pull_requests_run_every_test():
    """A volunteer's change to a city file can break a test: the pull request runs them all,
    those without a browser and those with one, through the README's scripts/test.sh."""
    job = workflow("check.yml")["jobs"]["tests"]
    runs = [s["run"] for s in job["steps"] if "run" in s]
    assert runs == ['bash scripts/test.sh -m "not browser"', "bash scripts/test.sh -m browser"]
    assert job["steps"][0]["uses"].startswith("actions/checkout@")
    browser = next(s for s in job["steps"] if s.get("run", "").endswith("-m browser"))
    assert browser["env"]["CHROMIUM"].startswith("/")
    assert re.search(r'^markers = \[.*"browser: ', (PROJECT / "pyproject.toml").read_text("utf-8"), re.M)
    assert 'CHROMIUM' in (PROJECT / "scripts" / "test.sh").read_text("utf-8")


def test_main_is_published_to_pages_under_its_base_path():
    data = workflow("pages.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    assert deploy["permissions"]["pages"] == "write" and deploy["permissions"]["id-token"] == "write"
    assert [a.split("@")[0] for a in actions({"jobs": {"b": build}})] == [
        "actions/checkout", "actions/setup-python", "actions/configure-pages", "actions/upload-pages-artifact"]
    configure = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/configure-pages@"))
    make = next(s for s in build["steps"] if "yibao build" in s.get("run", ""))
    assert make["env"]["BASE_URL"] == "${{ steps.%s.outputs.base_url }}" % configure["id"]
    assert "--base-url" in make["run"] and "$BASE_URL" in make["run"]
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert re.search(r"--out (\S+)", make["run"]).group(1) == upload["with"]["path"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


# --- the commands, run --------------------------------------------------------------------
def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """A git copy of the project as a pull request's checkout sees it: the target branch
    as origin/main, and HEAD one commit ahead with a changed phone number."""
    root = copy_project(tmp_path_factory.mktemp("clone") / "project")
    for extra in (".github", "scripts"):
        subprocess.run(["cp", "-r", str(PROJECT / extra), str(root / extra)], check=True)
    for name in ("pyproject.toml", "README.md"):
        (root / name).write_bytes((PROJECT / name).read_bytes())
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "update-ref", "refs/remotes/origin/main", "HEAD")
    git(root, "checkout", "-q", "-b", "change")
    city = root / "cities" / "baihe.yaml"
    text = city.read_text("utf-8")
    phone = re.search(r'"?(0408-\d{8})"?', text).group(1)
    city.write_text(text.replace(phone, phone[:-1] + str((int(phone[-1]) + 1) % 10), 1), "utf-8")
    git(root, "commit", "-q", "-am", "a phone changed")
    return root


def substitute(text: str) -> str:
    def value(match: re.Match) -> str:
        expression = match.group(1).strip()
        assert expression in EXPRESSIONS, f"${{{{ {expression} }}}} is not known to this test"
        return EXPRESSIONS[expression]
    return re.sub(r"\$\{\{(.*?)\}\}", value, text)


def run_steps(root: Path, name: str, job: str, tmp_path: Path) -> list[tuple[dict, subprocess.CompletedProcess]]:
    """Every `run:` step of a job, in order, with bash as GitHub runs it; the install step
    is the README's set-up (scripts/venv.sh), which the test suite has already done."""
    summary, github_path = tmp_path / "summary.md", tmp_path / "path"
    summary.write_text("", "utf-8")
    github_path.write_text("", "utf-8")
    base_env = {**os.environ, "GITHUB_ACTIONS": "true", "CI": "true", "GITHUB_STEP_SUMMARY": str(summary),
                "GITHUB_PATH": str(github_path), "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
                **WORKFLOW_REPOSITORY}
    base_env.pop("VIRTUAL_ENV", None)
    results = []
    for step in workflow(name)["jobs"][job]["steps"]:
        if "run" not in step:
            continue
        script = substitute(step["run"])
        if "scripts/venv.sh" in script:
            assert (root / "scripts" / "venv.sh").is_file()
            assert "$PWD/.venv/bin" in script and "$GITHUB_PATH" in script
            continue
        env = {**base_env, **{k: substitute(str(v)) for k, v in step.get("env", {}).items()}}
        result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                                cwd=root, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, f"{name}: {step.get('name')}: {script}\n{result.stdout}\n{result.stderr}"
        results.append((step, result))
    return results


def test_the_pull_request_check_runs(clone, tmp_path):
    results = run_steps(clone, "check.yml", "check", tmp_path)
    assert any(r.args[-1].strip() == "yibao check" for _, r in results)
    assert (clone / "dist" / "index.html").is_file()
    summary = (tmp_path / "summary.md").read_text("utf-8")
    if "yibao diff" in (GITHUB / "workflows" / "check.yml").read_text("utf-8"):
        assert "白河" in summary  # the changed phone is Baihe's


def test_a_broken_city_file_fails_the_check_with_annotations(clone, tmp_path):
    broken = tmp_path / "broken"
    subprocess.run(["cp", "-r", str(clone), str(broken)], check=True)
    city = broken / "cities" / "qingchuan.yaml"
    text = city.read_text("utf-8")
    assert "\ncity:\n" in text
    city.write_text(text.replace("\ncity:\n", "\ncity:\n  bogus: 1\n", 1), "utf-8")
    step = next(s for s in workflow("check.yml")["jobs"]["check"]["steps"] if s.get("run") == "yibao check")
    result = subprocess.run(["bash", "-eo", "pipefail", "-c", step["run"]], cwd=broken, capture_output=True, text=True,
                            env={**os.environ, "GITHUB_ACTIONS": "true", "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"})
    assert result.returncode == 1
    assert re.search(r"^::error file=cities/qingchuan\.yaml,line=\d+,col=\d+::", result.stdout, re.M), result.stdout


def test_the_pages_build_runs_and_works_under_a_sub_path(clone, tmp_path):
    run_steps(clone, "pages.yml", "build", tmp_path)
    dist = clone / "dist"
    # the 纠错 links open the form of the repository the workflow ran in (a fork's own)
    fork = "https://github.com/example-org/yibao-guide/issues/new?"
    offices = (dist / "baihe" / "offices" / "index.html").read_text("utf-8")
    assert f'href="{fork}' in offices
    assert "github.com/yibao-guide/yibao-guide/issues" not in offices
    assert f"<loc>{BASE_URL}/baihe/</loc>" in (dist / "sitemap.xml").read_text("utf-8")
    # every link and asset of every page resolves inside the project site's sub-path
    site = BASE_URL + "/"
    pages = [p for p in dist.rglob("*.html") if p.name != "404.html"]
    assert len(pages) > 50
    for path in pages:
        here = urljoin(site, path.relative_to(dist).as_posix())
        text = path.read_text("utf-8")
        for target in re.findall(r'(?:href|src)="([^"]+)"', text):
            target = html.unescape(target)
            absolute = urljoin(here, target)
            if not absolute.startswith("https://example-org.github.io/"):
                continue  # another host (sources, the repository) or tel:/mailto:
            assert absolute.startswith(site), f"{path.relative_to(dist)}: {target} leaves the sub-path"
            rel = urlsplit(absolute).path[len(urlsplit(site).path):]
            file = dist / rel
            assert file.is_file() or (file / "index.html").is_file(), f"{path.relative_to(dist)}: {target} is missing"


# --- the way in for people without an account ------------------------------------------------
def mail_routes(config: dict) -> list[dict]:
    return [link for link in config.get("contact_links") or []
            if "邮件" in link.get("name", "") + link.get("about", "") or link.get("url", "").startswith("mailto:")]


def test_the_issue_chooser_offers_mail_only_to_the_address_the_site_uses():
    """A route that leads nowhere is worse than none: the chooser offers 用邮件纠错 only as
    a mailto: to yibao.yaml's correction_email, and offers it whenever that is set."""
    config = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "config.yml").read_text("utf-8"))
    address = yaml.safe_load((PROJECT / "yibao.yaml").read_text("utf-8")).get("correction_email")
    routes = mail_routes(config)
    if address is None:
        assert routes == [], f"the chooser offers mail, but yibao.yaml sets no correction_email: {routes}"
    else:
        assert [link["url"] for link in routes] == [f"mailto:{address}"]
    for link in config.get("contact_links") or []:
        assert link["url"].startswith(("https://", "mailto:")), link



def slug(heading: str) -> str:
    """GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces → '-'."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_contributing_guide_is_linked_and_its_anchors_exist():
    from urllib.parse import unquote
    guide = (PROJECT / "CONTRIBUTING.md").read_text("utf-8")
    anchors = {slug(h) for h in re.findall(r"^#{1,6} (.+)$", guide, re.M)}
    for target in re.findall(r"\]\(#([^)]+)\)", guide):
        assert target in anchors, target
    config = yaml.safe_load((PROJECT / "yibao.yaml").read_text("utf-8"))
    chooser = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "config.yml").read_text("utf-8"))
    for contact in chooser.get("contact_links") or []:  # a link into the guide must find its place
        url = urlsplit(contact["url"])
        if contact["url"].startswith(config["repo_url"].rstrip("/") + "/blob/main/CONTRIBUTING.md#"):
            assert unquote(url.fragment) in anchors
    # the guide names no mail address but the one the site's 纠错 links use (if any is set)
    for address in re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", guide):
        assert address == config.get("correction_email"), address
    assert "](CONTRIBUTING.md)" in (PROJECT / "README.md").read_text("utf-8")
