"""`make publish` in a copy of the project, and every fault it must survive: a full disk,
a kill at each step, Ctrl-C, two publishes at once, a damaged manifest, a read-only
folder. After each, the live site is whole (`public` names a release that matches its
manifest) and nothing is left behind (tests/support/publishing.py)."""

import contextlib
import fcntl
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scripts import manifest
from scripts.releases import ReleaseLayout
from tests.support.publishing import (
    GOOD_POST,
    SITEURL,
    assert_live_site_whole,
    assert_nothing_left_behind,
    assert_one_line_no_traceback,
    make,
    new_project,
    publish,
    publish_command,
    publish_env,
    publish_or_fail,
    require_root,
    write_post,
)
from tests.support.sitebuild import COLUMN_URL, ROOT

GOOD_POST_URL = "2026/03/thank-the-panel-then-wait/"
# A post that shares nothing with the column: another category, its own tag, older.
UNRELATED_POST = """Title: Salary bands, read plainly
Date: 2011-05-03 10:00
Author: Minto Roy
Category: Career Growth
Tags: salary
Slug: salary-bands-read-plainly
Summary: What the band in a job ad tells you, and what it does not.

A band is a range the employer has approved for the role.
"""


@pytest.fixture
def project(tmp_path):
    return new_project(tmp_path / "site")


def modes(folder):
    """{mode: count} over every file and folder under `folder`, itself included."""
    found = {stat.S_IMODE(folder.stat().st_mode): 1}
    for path in folder.rglob("*"):
        mode = stat.S_IMODE(path.lstat().st_mode)
        found[mode] = found.get(mode, 0) + 1
    return found


# --- a publish, what it leaves, rollback ------------------------------------------------


def test_make_publish_makes_a_readable_release_live_and_rollback_goes_back(project):
    first = make(project, "publish", f"SITEURL={SITEURL}", umask=0o077)
    assert first.returncode == 0, first.stdout + first.stderr
    public = project / "public"
    assert public.is_symlink()
    layout = ReleaseLayout(project)
    first_release = assert_live_site_whole(project)
    assert os.readlink(public) == f"releases/{first_release}"
    # Readable by a web server running as another user, whatever the umask.
    assert set(modes(public.resolve())) == {0o755, 0o644}
    page = public / COLUMN_URL / "index.html"
    for suffix in (".gz", ".br"):
        assert page.with_name("index.html" + suffix).is_file()
    assert not (public / "drafts").exists()
    assert f"public/ now serves {first_release}" in first.stdout
    unchanged = ("about/index.html", "about/index.html.gz", "theme/css/site.css")
    times = {name: (public / name).stat().st_mtime_ns for name in unchanged}
    home_time = (public / "index.html").stat().st_mtime_ns

    write_post(project, GOOD_POST)
    time.sleep(0.01)  # so that a rewritten file would get another time
    second = make(project, "publish", f"SITEURL={SITEURL}")
    assert second.returncode == 0, second.stdout + second.stderr
    second_release = assert_live_site_whole(project)
    assert second_release != first_release
    assert layout.previous() == first_release
    assert GOOD_POST_URL + "index.html" in second.stdout.split("added:")[1]
    assert f"make rollback goes back to {first_release}" in second.stdout
    assert_nothing_left_behind(project)
    # A file the same as before keeps its time: the server's ETag stays, browsers get 304.
    assert {name: (public / name).stat().st_mtime_ns for name in unchanged} == times
    assert (public / "index.html").stat().st_mtime_ns != home_time, "a changed page is new"

    rollback = make(project, "rollback")
    assert rollback.returncode == 0, rollback.stdout + rollback.stderr
    assert assert_live_site_whole(project) == first_release
    assert not (public / GOOD_POST_URL).exists()
    again = make(project, "rollback")
    assert again.returncode != 0
    assert "no release before it" in again.stderr and "Traceback" not in again.stderr
    assert assert_live_site_whole(project) == first_release

    # The release rolled back from is removed by the next publish.
    third = make(project, "publish", f"SITEURL={SITEURL}")
    assert third.returncode == 0, third.stdout + third.stderr
    assert second_release in third.stdout.splitlines()[0]
    assert not layout.path(second_release).exists()
    assert_nothing_left_behind(project)


def test_the_same_site_publishes_byte_for_byte_on_any_day_and_a_new_post_changes_what_shows_it(
    project,
):
    publish_or_fail(project, BUILD_DATE="2026-01-10")
    layout = ReleaseLayout(project)
    first = manifest.read(layout.manifest_path(layout.live()))
    again = publish_or_fail(project, BUILD_DATE="2026-08-20")
    assert "no file changed since the last publish" in again.stdout

    write_post(project, UNRELATED_POST, "unrelated.md")
    result = publish_or_fail(project, BUILD_DATE="2026-08-21")
    changes = manifest.compare(first, manifest.read(layout.manifest_path(layout.live())))
    public = project / "public"
    changed = {path for path in changes["changed"] if not path.endswith((".gz", ".br"))}
    assert "2011/05/salary-bands-read-plainly/index.html" in changes["added"]
    assert "tag/salary/index.html" in changes["added"]
    assert "category/career-growth/index.html" in changes["added"]
    # Pagefind names its index files by their content: a new index replaces the old.
    assert [path for path in changes["removed"] if not path.startswith("pagefind/")] == []
    # What lists the new post changed; what does not show it did not.
    assert {"index.html", "archives/index.html", "sitemap.xml"} <= changed
    for untouched in (
        "about/index.html",
        "tag/probation/index.html",
        "category/job-search/index.html",
        "feeds/tag/probation.atom.xml",
        "feeds/category/job-search.atom.xml",
        "robots.txt",
        "theme/css/site.css",
    ):
        assert untouched not in changed, untouched
    # The authors page counts each author's posts; sitemap.xml and Pagefind's files
    # are checked above and in their own tests.
    for path in changed - {"sitemap.xml", "author/index.html"}:
        if path.startswith("pagefind/"):
            continue
        text = (public / path).read_text(encoding="utf-8").lower()
        shows_it = "salary" in text or "career-growth" in text
        # The first post of 2011: the search page merges that year's index.
        shows_it |= path == "search/index.html" and "pagefind/2011/" in text
        assert shows_it, f"{path} changed but shows neither the new post nor its category"
    assert "changed:" in result.stdout


@pytest.mark.parametrize("failure", ["check", pytest.param("build", marks=pytest.mark.slow)])
def test_a_failed_publish_leaves_the_live_site_byte_for_byte_and_nothing_else(project, failure):
    publish_or_fail(project)
    live = assert_live_site_whole(project)
    before = manifest.build_manifest(project / "public")
    if failure == "check":
        write_post(project, GOOD_POST.replace("Category: Interviews", "Category: Job Serach"))
    else:
        # The file exists, so the checks pass, but Pelican warns that {filename} links to
        # a static file: fatal in production.
        (project / "content" / "posts" / "notes.txt").write_text("notes", encoding="utf-8")
        write_post(project, GOOD_POST + "\nSee [my notes]({filename}notes.txt).\n")
    result = publish(project)
    line = assert_one_line_no_traceback(result)
    assert line.endswith(f"public/ still serves {live}")
    assert assert_live_site_whole(project) == live
    assert manifest.build_manifest(project / "public") == before
    assert_nothing_left_behind(project)


# --- the address ------------------------------------------------------------------------


@pytest.mark.parametrize("siteurl", ["", "finishfirst.example", "ftp://finishfirst.example"])
def test_publish_refuses_a_missing_or_relative_address_in_one_line(project, siteurl):
    result = publish(project, SITEURL=siteurl)
    line = assert_one_line_no_traceback(result, "SITEURL", "make publish SITEURL=https://")
    assert "nothing was published" in line
    assert not (project / "releases").exists() and not (project / "public").exists()


def test_deploy_targets_refuse_to_build_without_the_address(project):
    subprocess.run(["git", "init", "--quiet"], cwd=project, check=True)
    for target in (
        ["rsync_upload", "SSH_HOST=me@host", "SSH_TARGET_DIR=/var/www/site"],
        ["github", "DRY_RUN=1"],
    ):
        result = make(project, *target)
        assert result.returncode != 0, target
        assert "SITEURL is not set" in result.stderr, target
        assert not (project / "releases").exists(), target


def test_deploy_targets_upload_public_and_build_br_copies_only_for_nginx(project):
    def recipe(target):
        result = make(
            project, "-n", target, f"SITEURL={SITEURL}", "SSH_HOST=h", "SSH_TARGET_DIR=/d"
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    rsync = recipe("rsync_upload")
    assert "scripts.publish" in rsync and "--no-brotli" not in rsync
    assert " public/ h:/d" in rsync and "--chmod=D0755,F0644" in rsync
    for target in ("github", "s3_upload"):
        assert "scripts.publish --no-brotli" in recipe(target), target
    assert "ghp-import" in recipe("github") and recipe("github").rstrip().endswith("public")
    as_it_is = make(project, "-n", "rsync_upload", "PUBLISH=0", "SSH_HOST=h", "SSH_TARGET_DIR=/d")
    assert "scripts.publish" not in as_it_is.stdout and " public/ h:/d" in as_it_is.stdout
    nothing = make(project, "rsync_upload", "PUBLISH=0", "SSH_HOST=h", "SSH_TARGET_DIR=/d")
    assert nothing.returncode != 0 and "nothing is published yet" in nothing.stdout


def test_a_publish_for_github_has_no_br_copies(project):
    publish_or_fail(project, "--no-brotli")
    public = project / "public"
    assert (public / "index.html.gz").is_file()
    assert not list(public.rglob("*.br"))


# --- faults -----------------------------------------------------------------------------


def test_a_damaged_manifest_is_a_warning_and_the_publish_goes_on(project):
    publish_or_fail(project)
    layout = ReleaseLayout(project)
    damaged = layout.manifest_path(layout.live())
    damaged.write_text(damaged.read_text(encoding="utf-8")[:100], encoding="utf-8")

    result = publish_or_fail(project)
    [warning] = [line for line in result.stdout.splitlines() if "warning" in line]
    assert "is damaged" in warning and "every file counts as added" in warning
    assert "Traceback" not in result.stdout + result.stderr
    assert_live_site_whole(project)
    assert_nothing_left_behind(project)
    assert manifest.read(layout.manifest_path(layout.live())), "the new manifest is whole"


@contextlib.contextmanager
def running_publish(project, *args, **env):
    """scripts/publish.py started in its own process group, as a terminal starts it."""
    process = subprocess.Popen(
        publish_command(*args),
        cwd=project,
        env=publish_env(project, **env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate(timeout=60)


def wait_for(condition, what, seconds=120):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"waited {seconds} s for {what}"
        time.sleep(0.01)


def building(project, live):
    """True once a new release folder beside the live one holds a written page."""
    folder = project / "releases"
    return any(
        entry.name != live and any(entry.rglob("*.html"))
        for entry in folder.iterdir()
        if entry.is_dir()
    )


def add_posts(project, count):
    """Synthetic posts (bench/generate.py): a build long enough to stop in the middle."""
    target = project / "content" / "posts" / "generated"
    command = [sys.executable, "-m", "bench.generate", "--count", str(count), str(target)]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)


def ctrl_c(process):
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in the terminal sends


def terminate_through_make(process):
    os.killpg(process.pid, signal.SIGTERM)
    os.kill(process.pid, signal.SIGTERM)  # make passes its own SIGTERM on


@pytest.mark.parametrize("stop", [ctrl_c, terminate_through_make], ids=["ctrl-c", "term"])
def test_stopping_during_the_build_gives_one_line_and_leaves_the_live_site(project, stop):
    publish_or_fail(project)
    live = assert_live_site_whole(project)
    add_posts(project, 40)
    with running_publish(project) as process:
        wait_for(lambda: building(project, live), "the build to write pages")
        stop(process)
        stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "Traceback" not in stdout + stderr
    [line] = [line for line in stderr.splitlines() if line.startswith("publish:")]
    assert line == f"publish: interrupted; public/ still serves {live}"
    assert assert_live_site_whole(project) == live
    assert_nothing_left_behind(project)


def test_a_second_publish_waits_for_the_one_running(project):
    publish_or_fail(project)
    live = assert_live_site_whole(project)
    lock = os.open(project / "releases" / ".lock", os.O_RDWR)
    fcntl.flock(lock, fcntl.LOCK_EX)  # a publish is running
    try:
        with running_publish(project) as second:
            first_line = second.stdout.readline()
            assert first_line.startswith("publish: another publish is running; waiting")
            assert assert_live_site_whole(project) == live, "nothing done while it waits"
            assert [p.name for p in (project / "releases").iterdir() if p.is_dir()] == [live]
            os.close(lock)  # the first publish ends
            lock = None
            second.wait(timeout=300)
            assert second.returncode == 0, second.stderr.read()
    finally:
        if lock is not None:
            os.close(lock)
    assert assert_live_site_whole(project) != live
    assert_nothing_left_behind(project)


@pytest.mark.slow
def test_two_publishes_started_together_both_finish_one_after_the_other(project):
    publish_or_fail(project)
    with running_publish(project) as first, running_publish(project) as second:
        outputs = [process.communicate(timeout=300) for process in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    assert sum("another publish is running" in out for out, _ in outputs) == 1
    assert "Traceback" not in "".join(out + err for out, err in outputs)
    assert_live_site_whole(project)
    assert_nothing_left_behind(project)
    assert len([p for p in (project / "releases").iterdir() if p.is_dir()]) == 2


# A publish killed (SIGKILL: nothing runs after it) once the named step has returned.
KILLED_AFTER = """
import importlib, os, signal, sys
import scripts.publish
module_name, owner_name, step = sys.argv[1:4]
owner = importlib.import_module(module_name)
if owner_name:
    owner = getattr(owner, owner_name)
real = getattr(owner, step)
def killed_after(*args, **kwargs):
    result = real(*args, **kwargs)
    os.kill(os.getpid(), signal.SIGKILL)
    return result
setattr(owner, step, killed_after)
sys.exit(scripts.publish.main([]))
"""
STEPS_BEFORE_THE_SWAP = [
    ("scripts.releases", "ReleaseLayout", "remove_stale"),
    ("scripts.releases", "ReleaseLayout", "new_release"),
    ("scripts.publish", "", "build_release"),
    ("scripts.publish", "", "compress_release"),
    ("scripts.publish", "", "make_readable"),
    ("scripts.publish", "", "verify_release"),
    ("scripts.publish", "", "record_manifest"),
    ("scripts.publish", "", "keep_times_of_unchanged"),
    ("os", "", "symlink"),  # the new link made, not yet renamed over `public`
]
STEPS_AFTER_THE_SWAP = [
    ("scripts.releases", "ReleaseLayout", "make_live"),
    ("scripts.compress", "", "prune_cache"),
]


def publish_killed_after(project, step):
    command = [sys.executable, "-c", KILLED_AFTER, *step]
    env = publish_env(project)
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)


def kill_and_recover(project, step, goes_live):
    publish_or_fail(project)
    live = assert_live_site_whole(project)
    write_post(project, GOOD_POST)
    killed = publish_killed_after(project, step)
    assert killed.returncode == -signal.SIGKILL, killed.stdout + killed.stderr
    now_live = assert_live_site_whole(project)
    assert (now_live != live) == goes_live, step
    assert (project / "public" / GOOD_POST_URL).exists() == goes_live

    publish_or_fail(project)
    assert (project / "public" / GOOD_POST_URL / "index.html").is_file()
    assert_nothing_left_behind(project)


def test_a_kill_just_before_the_swap_leaves_the_old_site_live_and_is_cleaned_up(project):
    kill_and_recover(project, ("scripts.publish", "", "keep_times_of_unchanged"), False)


@pytest.mark.slow
@pytest.mark.parametrize("step", STEPS_BEFORE_THE_SWAP, ids=lambda step: step[-1])
def test_a_kill_after_any_step_before_the_swap_leaves_the_old_site_live(project, step):
    kill_and_recover(project, step, goes_live=False)


@pytest.mark.slow
@pytest.mark.parametrize("step", STEPS_AFTER_THE_SWAP, ids=lambda step: step[-1])
def test_a_kill_after_the_swap_leaves_the_new_site_live(project, step):
    kill_and_recover(project, step, goes_live=True)


@pytest.mark.slow
def test_a_kill_in_the_middle_of_the_build_is_recovered_by_the_next_publish(project):
    publish_or_fail(project)
    live = assert_live_site_whole(project)
    add_posts(project, 40)
    with running_publish(project) as process:
        wait_for(lambda: building(project, live), "the build to write pages")
        process.kill()  # the publish only: its build runs on, holding the lock
        process.wait()
    assert assert_live_site_whole(project) == live
    result = publish_or_fail(project)  # waits for the orphaned build, then removes it
    assert "publish: removed from releases/" in result.stdout
    assert_live_site_whole(project)
    assert_nothing_left_behind(project)


# --- a full disk and a read-only folder (real file systems: root only) ----------------


@contextlib.contextmanager
def small_disk(folder: Path):
    """A file system of its own (a 64 MiB tmpfs) mounted on `folder`."""
    require_root("mounting a tmpfs")
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], check=True)


def space_taken(folder: Path) -> int:
    """The bytes the files under `folder` take on disk (whole blocks)."""
    return sum(path.stat().st_blocks * 512 for path in folder.rglob("*") if path.is_file())


def fill(disk: Path, leave: int) -> Path:
    """Fill the file system of `disk` with one file, leaving `leave` bytes free."""
    usage = os.statvfs(disk)
    filler = disk / "filler"
    with filler.open("wb") as file:
        os.posix_fallocate(file.fileno(), 0, usage.f_bavail * usage.f_frsize - leave)
    return filler


def full_disk_publish(tmp_path, share):
    """A project on a disk of its own; once published, the disk is filled but `share` of
    the space its release takes, and it publishes again."""
    with small_disk(tmp_path / "disk") as disk:
        project = new_project(disk / "site")
        publish_or_fail(project)
        live = assert_live_site_whole(project)
        filler = fill(disk, int(space_taken(project / "public/") * share))
        write_post(project, GOOD_POST)
        result = publish(project)
        assert_one_line_no_traceback(result, f"public/ still serves {live}")
        assert "No space left on device" in result.stdout + result.stderr
        assert assert_live_site_whole(project) == live
        assert_nothing_left_behind(project)
        filler.unlink()
        publish_or_fail(project)
        assert (project / "public" / GOOD_POST_URL / "index.html").is_file()
        assert_nothing_left_behind(project)


def test_a_full_disk_fails_the_publish_and_leaves_the_live_site_whole(tmp_path):
    full_disk_publish(tmp_path, 0.5)


@pytest.mark.slow
@pytest.mark.parametrize("share", [0.02, 0.2, 0.8, 0.95])
def test_a_full_disk_at_any_point_of_the_publish_leaves_the_live_site_whole(tmp_path, share):
    full_disk_publish(tmp_path, share)


@contextlib.contextmanager
def read_only(folder: Path):
    """`folder` on a read-only file system (a read-only bind mount of itself)."""
    require_root("a read-only bind mount")
    subprocess.run(["mount", "--bind", str(folder), str(folder)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True)
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_read_only_releases_folder_gives_one_line_and_changes_nothing(project):
    publish_or_fail(project)
    live = assert_live_site_whole(project)
    with read_only(project / "releases"):
        result = publish(project)
    line = assert_one_line_no_traceback(result, "Read-only file system", "EROFS")
    assert line.endswith(f"public/ still serves {live}")
    assert assert_live_site_whole(project) == live
    publish_or_fail(project)
    assert_nothing_left_behind(project)


def test_a_folder_in_the_way_of_public_is_never_replaced(project):
    (project / "public").mkdir()
    (project / "public" / "mine.txt").write_text("not ours", encoding="utf-8")
    result = publish(project)
    assert_one_line_no_traceback(result, "public/ is a folder")
    assert (project / "public" / "mine.txt").read_text(encoding="utf-8") == "not ours"
    assert not (project / "releases").exists()
