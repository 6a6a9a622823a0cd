"""The author's workflow, run as the author runs it: `make newpost`, `make check`,
`make publish` and `make devserver` in a temporary copy of the project."""

import contextlib
import copy
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG

from scripts import manifest, posts
from scripts.build import held_back
from tests.support.browser import free_port
from tests.support.publishing import (
    GOOD_POST,
    make,
    make_command,
    make_env,
    new_project,
    write_post,
)
from tests.support.sitebuild import COLUMN_URL, ROOT

COLUMN_FILE = "content/posts/2012-10-29-finish-first-even-if-you-finished-second.md"
PROBLEM_LINE = re.compile(r"^(?P<path>content/\S+\.md):(?P<line>\d+): (?P<field>\w+): .+; .+$")


@pytest.fixture
def project(tmp_path):
    return new_project(tmp_path / "site")


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

# A plugin the tests add to their copy of the project: while the file `hold` exists
# beside content/, each build waits once it has read the posts (holding, it writes
# `holding`); with "whole" in it, only whole-site builds wait. A build is then known to
# be running, without any guess at how long one takes.
HOLD_PLUGIN = """
import time
from pathlib import Path

from pelican import signals


def hold(generator):
    flag = Path(generator.settings["PATH"]).parent / "hold"
    if not flag.exists():
        return
    if "whole" in flag.read_text() and generator.settings.get("SELECTED_SOURCES") is not None:
        return
    (flag.parent / "holding").write_text(str(time.time_ns()))
    while flag.exists():
        time.sleep(0.05)


def register():
    signals.article_generator_finalized.connect(hold)
"""


def fetch(url, host=None):
    """(status, body), or (None, "") when nothing answered in time: on a busy machine
    the caller asks again rather than fail."""
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", errors="replace")
    except (OSError, http.client.HTTPException):  # refused, reset, timed out, cut short
        return None, ""


def wait_for(condition, seconds, what, every=0.1):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(every)
    pytest.fail(f"waited {seconds} s for {what}")


class Devserver:
    """`make devserver` running in a project copy: its address, its terminal's log."""

    def __init__(self, project, log_file):
        self.project = project
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        self.log_file = log_file
        with log_file.open("w") as log:
            self.process = subprocess.Popen(
                make_command(project, "devserver", f"PORT={self.port}"),
                stdout=log,
                stderr=subprocess.STDOUT,
                env=make_env(project),
                start_new_session=True,  # its own process group, as a terminal's job
            )

    def log(self):
        return self.log_file.read_text(encoding="utf-8")

    def said(self, words):
        return self.log().count(words)

    def wait_until_said(self, words, count=1, seconds=120):
        wait_for(
            lambda: self.said(words) >= count or self.process.poll() is not None,
            seconds,
            f"{words!r} in the devserver's log",
        )
        assert self.process.poll() is None, self.log()

    def stop(self, stop_signal=signal.SIGINT):
        """Ctrl-C (SIGINT to the terminal's process group), or SIGTERM; make waits for it."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, stop_signal)
        return self.process.wait(timeout=60)


def processes_of(project):
    """The processes whose command line names `project`: the devserver's forkserver and
    every build and worker forked from it carry its path."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        with contextlib.suppress(OSError), open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            if str(project).encode() in cmdline.read():
                found.append(int(pid))
    return found


def hold_builds(project, which="all"):
    (project / "hold").write_text(which)


def release_builds(project):
    (project / "hold").unlink()


def build_folders(project):
    return sorted(path.name for path in project.glob(".preview-build-*"))


@pytest.fixture
def devserver(project, tmp_path, request):
    """`make devserver` in the project copy, once its first build is live.
    `@pytest.mark.posts(N)` adds N synthetic posts first; the hold plugin is added."""
    marker = request.node.get_closest_marker("posts")
    if marker:
        generate = [sys.executable, "-m", "bench.generate", "--count"]
        target = project / "content" / "posts" / "bench"
        subprocess.run([*generate, str(marker.args[0]), str(target)], cwd=ROOT, check=True)
    (project / "plugins" / "hold_build").mkdir()
    (project / "plugins" / "hold_build" / "__init__.py").write_text(HOLD_PLUGIN)
    with (project / "devserverconf.py").open("a") as settings:
        settings.write('\nPLUGINS = [*PLUGINS, "hold_build"]  # noqa: F405 (the tests\' copy)\n')
    server = Devserver(project, tmp_path / "devserver.log")
    try:
        server.wait_until_said("the whole site is rebuilt")
        yield server
    finally:
        with contextlib.suppress(FileNotFoundError):
            release_builds(project)
        server.stop()
    wait_for(lambda: not processes_of(project), 30, "the devserver's processes to end")


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_devserver_serves_rebuilds_and_survives_a_broken_edit(project, devserver):
    url = devserver.base + COLUMN_URL
    status, page = fetch(url)
    assert status == 200 and "/_devserver/reload.js" in page, "served pages reload themselves"
    written = (project / "preview" / COLUMN_URL / "index.html").read_text(encoding="utf-8")
    assert "_devserver" not in written, "the reload script is never written into the site"
    assert "_devserver" not in fetch(devserver.base + "theme/css/site.css")[1]

    edit(project / COLUMN_FILE, "Job Interview:", "Edited Interview:")
    wait_for(lambda: "Edited Interview" in fetch(url)[1], 60, "the rebuild after an edit")
    # The quick step writes the post's page; the listings follow with the whole site.
    wait_for(lambda: "Edited Interview" in fetch(devserver.base)[1], 60, "the home page")
    devserver.wait_until_said("the whole site is rebuilt", count=2)
    # Its own lines only: no warning of Python's from the processes building.
    others = [line for line in devserver.log().splitlines() if not line.startswith("devserver: ")]
    assert others == []

    write_post(project, GOOD_POST.replace("2026-03-02 08:30", "2026-02-30"), "broken.md")
    devserver.wait_until_said("still serving the last good site")
    log = devserver.log()
    # The check's lines alone, as a build that checks first shows them: the quick step's
    # build beside the check (the check off) stopped on a line of Pelican's, not shown.
    others = [line for line in log.splitlines() if not line.startswith("devserver: ")]
    assert any(line.startswith("content/posts/broken.md:") for line in others), log
    assert all(line.startswith(("content/posts/broken.md:", "check: ")) for line in others), log
    assert "Traceback" not in log
    status, page = fetch(url)
    assert status == 200 and "Edited Interview" in page


def test_a_plugin_edited_while_the_devserver_runs_takes_effect(project, devserver):
    """Each build imports the plugins afresh (the warm process it is forked from holds
    installed libraries only), scripts/build.py's own imports of them included."""
    edit(project / "plugins" / "build_errors.py", "fix them and build again", "fix, then save")
    devserver.wait_until_said("the whole site is rebuilt", count=2)
    write_post(project, GOOD_POST.replace("2026-03-02 08:30", "2026-02-30"), "broken.md")
    devserver.wait_until_said("still serving the last good site")
    assert "check: 1 problem(s) above; fix, then save" in devserver.log(), devserver.log()


def test_devserver_answers_only_its_own_name_with_the_sites_404_and_never_a_500(devserver):
    base, port = devserver.base, devserver.port
    assert fetch(base, host=f"localhost:{port}")[0] == 200
    for host in ("evil.example", f"evil.example:{port}", "127.0.0.1", f"localhost:{port + 1}"):
        assert fetch(base, host=host)[0] == 403, host
    not_found = (devserver.project / "preview" / "404.html").read_text(encoding="utf-8")
    heading = soup_text(not_found, "h1")
    for missing in ("no/such/page/", "%00", "a/%00/b.html", "%2e%2e/%2e%2e/etc/passwd"):
        status, page = fetch(base + missing)
        assert status == 404 and soup_text(page, "h1") == heading, missing
        assert "/_devserver/reload.js" in page, "a 404 page reloads once the post exists"


def soup_text(html, selector):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "lxml").select_one(selector).get_text(" ", strip=True)


def test_devserver_checks_its_port_before_building(project):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = make(project, "devserver", f"PORT={port}", timeout=60)
    assert result.returncode != 0
    [line] = result.stderr.strip().splitlines()[:1]
    assert f"cannot listen on 127.0.0.1:{port}" in line and f"PORT={port + 1}" in line
    assert "Traceback" not in result.stdout + result.stderr
    assert not (project / "preview").exists() and not (project / "cache").exists()


def test_the_server_answers_while_a_build_runs(project, devserver):
    archives = devserver.base + "archives/"
    hold_builds(project)
    edit(project / COLUMN_FILE, "Job Interview:", "Held Interview:")
    wait_for((project / "holding").exists, 60, "a build to hold")
    for url in (archives, devserver.base + COLUMN_URL):
        status, page = fetch(url)
        assert status == 200 and "Job Interview:" in page, url
    assert fetch(devserver.base + "no/such/page/")[0] == 404
    assert devserver.said(" is rebuilt") == 1, "only the first build has finished"
    release_builds(project)
    wait_for(lambda: "Held Interview" in fetch(archives)[1], 60, "the released build")


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "term"])
def test_stopping_during_a_build_leaves_the_last_site_and_no_build_folder(
    project, devserver, stop_signal
):
    hold_builds(project)
    edit(project / COLUMN_FILE, "Job Interview:", "Never built:")
    wait_for((project / "holding").exists, 60, "a build to hold")
    assert len(build_folders(project)) == 2, "the live build, and the held one's folder"
    devserver.stop(stop_signal)
    assert "devserver: stopped; preview/ holds the last good site" in devserver.log()
    assert "Traceback" not in devserver.log()
    assert build_folders(project) == []
    preview = project / "preview"
    assert preview.is_dir() and not preview.is_symlink()
    assert "Job Interview:" in (preview / COLUMN_URL / "index.html").read_text(encoding="utf-8")


def test_a_save_during_the_whole_site_build_starts_it_over(project, devserver):
    hold_builds(project, "whole")
    column = project / COLUMN_FILE
    edit(column, "Job Interview:", "First title:")
    devserver.wait_until_said("the rest of the site follows")
    wait_for((project / "holding").exists, 60, "the whole-site build to hold")
    edit(column, "First title:", "Second title:")
    devserver.wait_until_said("the rest of the site follows", count=2)
    release_builds(project)
    archives = devserver.base + "archives/"  # lists every post; the home page the newest
    wait_for(lambda: "Second title" in fetch(archives)[1], 60, "the listings")
    assert devserver.said("the whole site is rebuilt") == 2, "the first build and the last"
    assert "First title" not in fetch(archives)[1]
    assert len(build_folders(project)) <= 2, "the live build and the one before it, at most"


@pytest.mark.slow
@pytest.mark.posts(600)
def test_a_large_site_shows_two_quick_saves_and_its_listings(project, devserver):
    column = project / COLUMN_FILE
    edit(column, "Job Interview:", "First title:")
    devserver.wait_until_said("the rest of the site follows")
    edit(column, "First title:", "Second title:")
    archives = devserver.base + "archives/"
    wait_for(lambda: "Second title" in fetch(archives)[1], 120, "the listings after two saves")
    assert "Second title" in fetch(devserver.base + COLUMN_URL)[1]
    assert "First title" not in fetch(archives)[1]
    devserver.stop()
    assert build_folders(project) == []
    # The build the second save stopped was reading on every core: no worker of it may
    # outlive it (the fixture looks once the devserver has stopped).


def test_devserver_reloads_the_open_page_after_each_save(project, devserver, browser):
    page = browser.new_page()
    page.goto(devserver.base + COLUMN_URL)
    column = project / COLUMN_FILE
    # Two saves in quick succession: each one shows.
    for old, new in (("Job Interview:", "First save:"), ("First save:", "Second save:")):
        edit(column, old, new)
        page.wait_for_function(
            "title => document.querySelector('h1').textContent.includes(title)",
            arg=new,
            timeout=60_000,
        )
    # Reloaded by the devserver, not opened again. The whole-site build behind the quick
    # step may reload the page once more meanwhile: a wait, which outlives a reload.
    page.wait_for_function("performance.getEntriesByType('navigation')[0].type === 'reload'")
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


def test_held_back_lists_only_future_posts_that_are_not_drafts():
    settings = {**copy.deepcopy(DEFAULT_CONFIG), "WITH_FUTURE_DATES": False}
    now = datetime.now(ZoneInfo("America/Vancouver"))

    def post(when, status=None):
        metadata = {"title": f"A &amp; B at {when:%H:%M}", "date": when}
        if status:
            metadata["status"] = status
        return Article("<p>Text.</p>", metadata, settings, f"{ROOT}/content/{when:%H%M}.md")

    past, soon = now - timedelta(minutes=1), now + timedelta(minutes=1)
    drafts = [post(soon), post(past, "draft"), post(soon + timedelta(days=1), "draft")]
    drafts += [post(now + timedelta(days=400), "hidden")]
    assert all(draft.status == "draft" for draft in drafts)
    listed = held_back(drafts)
    assert [(path, title) for _, path, title in listed] == [
        (f"content/{soon:%H%M}.md", f"A & B at {soon:%H:%M}"),
        (f"content/{now + timedelta(days=400):%H%M}.md", f"A & B at {now:%H:%M}"),
    ]
    assert [datetime.fromisoformat(when) for when, _, _ in listed] == [
        soon,
        now + timedelta(days=400),
    ]


def fake_build(arguments, log, whole_site, behind):
    """In place of scripts/build.py in a quick step whose saved post is broken: the build
    (check off) fails at once on a line of Pelican's; the check, later, on its own."""
    if "--check-only" in arguments:
        time.sleep(0.5)
        lines = "content/posts/broken.md:2: date: not a real date\ncheck: 1 problem(s) above\n"
    else:
        lines = "error: Could not process posts/broken.md\nbuild: stopped\n"
    with open(log, "w") as problems:
        problems.write(lines)
    sys.exit(1)


def test_a_quick_step_shows_only_the_checks_lines_when_its_build_fails_first(
    tmp_path, monkeypatch, capsys
):
    import multiprocessing

    from scripts import devserver

    monkeypatch.setattr(devserver, "CACHE", tmp_path)
    monkeypatch.setattr(devserver, "run_build", fake_build)
    folders = devserver.PreviewFolders(tmp_path / "preview")
    folders.live = tmp_path / "live"
    builder = devserver.Builder(folders, devserver.LiveSite(folders.live), quick_step=True)
    builder.processes = multiprocessing.get_context("fork")
    job = devserver.Job(devserver.QUICK, save_cache=True, selected=(tmp_path / "broken.md",))
    assert builder.build(job, tmp_path / "new") == devserver.FAILED
    assert capsys.readouterr().out.splitlines() == [
        "content/posts/broken.md:2: date: not a real date",
        "check: 1 problem(s) above",
        f"devserver: the build stopped on the problem(s) above; {devserver.STILL_SERVING}",
    ]
    assert not list(tmp_path.glob("*.log"))
