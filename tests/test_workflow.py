"""The author's workflow, run as the author runs it: `make newpost`, `make check`,
`make publish` and `make devserver` in a temporary copy of the project."""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from scripts import manifest, posts
from scripts.publish import held_back
from tests.support.browser import free_port
from tests.support.publishing import NOT_COPIED
from tests.support.sitebuild import COLUMN_URL, ROOT

FIXTURES = Path(__file__).parent / "fixtures" / "workflow"
COLUMN_FILE = "content/posts/2012-10-29-finish-first-even-if-you-finished-second.md"
# The venv running the tests; the copies use it instead of making their own.
VENV = Path(sys.prefix)
NOT_COPIED_ANYWHERE = shutil.ignore_patterns(
    "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis", ".build-*"
)
PROBLEM_LINE = re.compile(r"^(?P<path>content/\S+\.md):(?P<line>\d+): (?P<field>\w+): .+; .+$")


def ignore(folder, names):
    top = {name for name in names if name in NOT_COPIED} if Path(folder) == ROOT else set()
    return top | NOT_COPIED_ANYWHERE(folder, names)


@pytest.fixture
def project(tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(ROOT, copy, ignore=ignore)
    (copy / "content" / "images").mkdir(exist_ok=True)
    shutil.copy(FIXTURES / "workflow-calendar.svg", copy / "content" / "images")
    return copy


def make_command(project, *args):
    # -o: the shared venv is up to date; never reinstall into it from a copy.
    return [
        "make",
        "--no-print-directory",
        "-C",
        str(project),
        f"VENV={VENV}",
        "-o",
        f"{VENV}/.site-installed",
        *args,
    ]


def make_env():
    outer_make = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")
    return {key: value for key, value in os.environ.items() if key not in outer_make}


def make(project, *args, timeout=300):
    return subprocess.run(
        make_command(project, *args),
        capture_output=True,
        text=True,
        timeout=timeout,
        env=make_env(),
    )


def write_post(project, text, name="new-post.md"):
    path = project / "content" / "posts" / name
    path.write_text(text, encoding="utf-8")
    return path


def problem_lines(result):
    """`make check` prints them on stdout, a build (which runs the same check) on stderr."""
    output = result.stdout + result.stderr
    return [line for line in output.splitlines() if PROBLEM_LINE.match(line)]


# --- make newpost -------------------------------------------------------------------


def test_newpost_writes_a_draft_with_every_field_that_passes_check(project):
    result = make(project, "newpost", "TITLE=What to say in the follow-up email")
    assert result.returncode == 0, result.stderr
    created = project / result.stdout.strip()
    assert created.is_file()
    assert created.parent == project / "content" / "posts"
    assert created.name.endswith("-what-to-say-in-the-follow-up-email.md")

    settings = posts.load_settings(project)
    post = posts.read_post(created, project)
    assert post.get("title") == "What to say in the follow-up email"
    assert post.get("slug") == "what-to-say-in-the-follow-up-email"
    assert post.get("author") == settings["AUTHOR"]
    assert post.get("category") == settings["DEFAULT_CATEGORY"]
    assert post.get("tags") == "" and post.get("summary") == ""
    assert post.get("status") == "draft"
    written = posts.parse_date(post.get("date"), settings)
    assert abs((posts.site_now(settings) - written).total_seconds()) < 120
    assert created.name.startswith(f"{written:%Y-%m-%d}-")

    check = make(project, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    (warning,) = problem_lines(check)
    assert ": summary: warning: " in warning, "a draft may leave its summary empty"


def test_newpost_refuses_a_title_whose_slug_exists(project):
    result = make(project, "newpost", "TITLE=Finish First, even if you finished second!")
    assert result.returncode != 0
    assert COLUMN_FILE in result.stderr
    assert list((project / "content" / "posts").glob("*.md")) == [project / COLUMN_FILE]


def test_newpost_without_a_title_says_how_to_give_one(project):
    result = make(project, "newpost")
    assert result.returncode != 0
    assert 'TITLE="' in result.stderr


# --- make check ---------------------------------------------------------------------

GOOD_POST = (FIXTURES / "good-post.md").read_text(encoding="utf-8")


def test_the_fixture_post_and_the_site_pass_check(project):
    write_post(project, GOOD_POST)
    result = make(project, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


LONG_SUMMARY = "Summary: " + "A summary that goes on. " * 13
BAD_POSTS = {
    # case: (text replaced, replacement, field, words in the message, text on the line named)
    "missing title": (
        "Title: Thank the panel, then wait three months\n",
        "",
        "title",
        "missing",
        "Date:",
    ),
    "impossible date": (
        "Date: 2026-03-02 08:30",
        "Date: 2026-02-30",
        "date",
        "not a real",
        "Date:",
    ),
    "date not ISO": ("Date: 2026-03-02 08:30", "Date: 03/02/2026", "date", "YYYY-MM-DD", "Date:"),
    "duplicate slug": (
        "Slug: thank-the-panel-then-wait",
        "Slug: finish-first-even-if-you-finished-second",
        "slug",
        COLUMN_FILE,
        "Slug:",
    ),
    "unknown category": (
        "Category: Interviews",
        "Category: Job Serach",
        "category",
        "CATEGORIES",
        "Job Serach",
    ),
    "summary missing": ("Summary: A short", "Summery: A short", "summary", "missing", "Title:"),
    "summary too long": ("Summary: A short", LONG_SUMMARY, "summary", "under 300", "Summary:"),
    "markdown image without alt": (
        "![A calendar with the follow-up week circled]",
        "![]",
        "image",
        "alt text",
        "![]",
    ),
    "html image without alt": (' alt="The same calendar, as HTML"', "", "image", "alt", "<img"),
    "broken filename link": (
        "{filename}2012-10-29-finish-first",
        "{filename}2012-10-30-finish-first",
        "link",
        "does not exist",
        "{filename}",
    ),
    "broken static link": (
        "{static}/images/workflow-calendar.svg)",
        "{static}/images/calendar.svg)",
        "image",
        "content/images/calendar.svg",
        "{static}",
    ),
    "bad calculator probation": (
        "Followup_Probation: P6M",
        "Followup_Probation: P3M1D",
        "followup_probation",
        "P3M1D",
        "Followup_Probation:",
    ),
    "bad calculator lead": (
        "Followup_Lead: P3W",
        "Followup_Lead: P4W",
        "followup_lead",
        "P4W",
        "Followup_Lead:",
    ),
}


@pytest.mark.parametrize("case", BAD_POSTS)
def test_each_kind_of_bad_post_gives_one_line_and_fails(project, case):
    old, new, field, words, on_line = BAD_POSTS[case]
    assert old in GOOD_POST
    text = GOOD_POST.replace(old, new)
    write_post(project, text)

    result = make(project, "check")

    assert result.returncode != 0
    lines = problem_lines(result)
    assert len(lines) == 1, result.stdout
    found = PROBLEM_LINE.match(lines[0])
    assert found["path"] == "content/posts/new-post.md"
    assert found["field"] == field
    assert words in lines[0]
    assert on_line in text.splitlines()[int(found["line"]) - 1]


@pytest.mark.parametrize("target", ["html", "serve"])
def test_a_development_build_refuses_a_bad_post_instead_of_skipping_it(project, target):
    """Pelican alone would log an error, leave the post out and build the rest."""
    write_post(project, GOOD_POST.replace("Date: ", "Date: 2026-02-30 09:00\nX-Was: "))
    result = make(project, target, timeout=60)
    assert result.returncode != 0
    (line,) = problem_lines(result)
    assert line.startswith("content/posts/new-post.md:") and ": date: " in line
    assert not (project / "output").exists()


def test_make_html_on_another_port_links_its_feeds_to_that_port(project):
    result = make(project, "html", "PORT=8123", timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    feed = (project / "output" / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert 'href="http://127.0.0.1:8123/' in feed
    assert "127.0.0.1:8000" not in feed


def test_a_typo_in_the_category_suggests_the_closest_one(project):
    write_post(project, GOOD_POST.replace("Category: Interviews", "Category: Job Serach"))
    (line,) = problem_lines(make(project, "check"))
    assert "did you mean 'Job Search'?" in line


def test_keys_are_read_case_insensitively_like_pelican(project):
    write_post(project, GOOD_POST.replace("Title:", "TITLE:").replace("Summary:", "summary:"))
    assert make(project, "check").returncode == 0


def test_a_published_post_needs_its_summary(project):
    draft = GOOD_POST.replace("Summary: A short", "Status: draft\nSummary:\nX-Was: A short")
    write_post(project, draft)
    assert make(project, "check").returncode == 0
    write_post(project, draft.replace("Status: draft\n", ""))
    result = make(project, "check")
    assert result.returncode != 0
    assert "summary: empty" in result.stdout


# --- deploying ----------------------------------------------------------------------


def test_deploy_targets_name_what_is_missing_before_building(project):
    for target, variable in (("rsync_upload", "SSH_HOST"), ("s3_upload", "S3_BUCKET")):
        result = make(project, target)
        assert result.returncode != 0
        assert variable in result.stdout
        assert not (project / "releases").exists(), "nothing is built before the check"


def test_github_dry_run_shows_the_change_and_leaves_no_branch(project):
    def git(*args):
        identity = ["-c", "user.name=Test", "-c", "user.email=test@example.invalid"]
        return subprocess.run(
            ["git", *identity, *args], cwd=project, capture_output=True, text=True, check=True
        )

    git("init", "--quiet")
    git("add", "content")
    git("commit", "--quiet", "-m", "Posts")
    result = make(project, "github", "DRY_RUN=1", "SITEURL=https://finishfirst.test")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no gh-pages branch yet; every file would be new" in result.stdout
    assert "dry-run" not in git("branch", "--list").stdout


# --- make devserver -----------------------------------------------------------------


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError):
        return None, ""


def wait_for(condition, seconds, what, every=0.3):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(every)
    pytest.fail(f"waited {seconds} s for {what}")


@pytest.fixture
def devserver(project, tmp_path, request):
    """`make devserver` in the project copy: its address and its terminal's log.
    `@pytest.mark.posts(N)` adds N synthetic posts first."""
    marker = request.node.get_closest_marker("posts")
    if marker:
        generate = [sys.executable, "-m", "bench.generate", "--count"]
        target = project / "content" / "posts" / "bench"
        subprocess.run([*generate, str(marker.args[0]), str(target)], cwd=ROOT, check=True)
    port = free_port()
    log_file = tmp_path / "devserver.log"
    with log_file.open("w") as log:
        server = subprocess.Popen(
            make_command(project, "devserver", f"PORT={port}"),
            stdout=log,
            stderr=subprocess.STDOUT,
            env=make_env(),
            start_new_session=True,  # its own process group, stopped as one below
        )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(
            lambda: server.poll() is not None or fetch(base + COLUMN_URL)[0] == 200,
            120,
            "the first build",
        )
        assert server.poll() is None, log_file.read_text()
        yield base, log_file
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_devserver_serves_rebuilds_and_survives_a_broken_edit(project, devserver):
    base, log_file = devserver
    url = base + COLUMN_URL
    status, page = fetch(url)
    assert "livereload.js" in page, "the page reloads itself after a rebuild"

    edit(project / COLUMN_FILE, "Job Interview:", "Edited Interview:")
    wait_for(lambda: "Edited Interview" in fetch(url)[1], 60, "the rebuild after an edit")
    # The quick build writes the post's page; the listings follow with the whole site.
    wait_for(lambda: "Edited Interview" in fetch(base)[1], 60, "the home page to follow")
    wait_for(lambda: "the whole site is rebuilt" in log_file.read_text(), 60, "the whole site")

    write_post(project, GOOD_POST.replace("2026-03-02 08:30", "2026-02-30"), "broken.md")
    wait_for(
        lambda: "still serving the last good site" in log_file.read_text(),
        60,
        "the broken edit to be reported",
    )
    assert "content/posts/broken.md:2: date:" in log_file.read_text()
    status, page = fetch(url)
    assert status == 200 and "Edited Interview" in page


@pytest.mark.posts(600)
def test_a_save_during_the_whole_site_build_starts_it_over(project, devserver):
    base, log_file = devserver
    column = project / COLUMN_FILE
    edit(column, "Job Interview:", "First title:")
    # Step 1 done: step 2 starts now and, for 600 posts, takes over a second.
    wait_for(lambda: "the rest of the site follows" in log_file.read_text(), 30, "step 1", 0.02)
    edit(column, "First title:", "Second title:")
    archives = base + "archives/"  # lists every post; the home page only the newest
    wait_for(lambda: "Second title" in fetch(archives)[1], 60, "the listings after the second save")
    log = log_file.read_text()
    assert log.count("the whole site is rebuilt") == 1, "the first whole-site build was stopped"
    assert "First title" not in fetch(archives)[1]
    assert not list(project.glob(".build-*")), "a stopped build leaves no folder behind"


def test_devserver_reloads_the_open_page_after_each_save(project, devserver, browser):
    base, log_file = devserver
    page = browser.new_page()
    page.goto(base + COLUMN_URL)
    wait_for(lambda: "Browser Connected" in log_file.read_text(), 30, "livereload to connect")
    column = project / COLUMN_FILE
    # Saved twice in quick succession: livereload alone drops a reload within 3 s of the
    # last one, and the second save never showed.
    for old, new in (("Job Interview:", "First save:"), ("First save:", "Second save:")):
        edit(column, old, new)
        page.wait_for_function(
            "title => document.querySelector('h1').textContent.includes(title)",
            arg=new,
            timeout=30_000,
        )
    reloads = page.evaluate("performance.getEntriesByType('navigation')[0].type")
    assert reloads == "reload", "the page was reloaded by the devserver, not opened again"
    page.close()


# --- the pure parts -----------------------------------------------------------------


def test_metadata_is_read_like_python_markdown_meta():
    lines = [
        "Title: One",
        "SUMMARY: first line",
        "    continued",
        "Tags:",
        "",
        "Not: metadata",
    ]
    fields, body_start = posts.parse_metadata(lines)
    assert fields["title"].value == "One" and fields["title"].line == 1
    assert fields["summary"].value == "first line continued" and fields["summary"].line == 2
    assert fields["tags"].value == ""
    assert "not" not in fields and lines[body_start] == "Not: metadata"


def test_manifest_comparison_names_added_changed_and_removed():
    old = {"a": {"size": 1, "sha256": "x"}, "b": {"size": 1, "sha256": "y"}}
    new = {"a": {"size": 1, "sha256": "x"}, "b": {"size": 2, "sha256": "z"}, "c": {}}
    assert manifest.compare(old, new) == {"added": ["c"], "changed": ["b"], "removed": []}
    assert manifest.compare(new, new) == {"added": [], "changed": [], "removed": []}


def test_held_back_lists_only_future_published_posts():
    settings = {"WITH_FUTURE_DATES": False, "TIMEZONE": "America/Vancouver"}
    now = posts.parse_date("2026-06-01 12:00", settings)

    def post(date, status="published"):
        fields = {"date": posts.Field(date, 2), "status": posts.Field(status, 3)}
        return posts.Post(Path(f"{date}.md"), fields, [], 4)

    candidates = [post("2026-06-01 11:59"), post("2026-06-01 12:01"), post("2027-01-01", "draft")]
    assert [path for _, path, _ in held_back(candidates, settings, now)] == [
        Path("2026-06-01 12:01.md")
    ]
    assert held_back(candidates, {**settings, "WITH_FUTURE_DATES": True}, now) == []
