"""Warm builds write the bytes cold builds write: Pelican's content cache (reader layer,
typography in the readers), the check's kept posts, the posts read on both cores and the
kept Pagefind index change how fast a build is, never a byte of what it writes.

The production settings build the site's own content and 40 synthetic posts (enough for
a second process to read some of them) with every cache empty, then again with the
caches of that build: after a post was edited (the edited post is read again, Pagefind
runs again), with nothing changed (Pagefind does not run), and with a setting changed
(the cache is not used). Each warm build is compared, file by file, with a cold build of
the same content and settings."""

import re
import shutil
import subprocess
import sys

import pytest

from bench.generate import generate
from tests.support.sitebuild import ROOT, files, project_env, variant_settings

POSTS = 40
READ_IN_PARALLEL = "parallel_reading: 1 helper(s)"
CACHE_LOADED = "content cache: loaded"
PAGEFIND_RAN = "search: Pagefind indexed"


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    folder = tmp_path_factory.mktemp("warm") / "content"
    shutil.copytree(ROOT / "content", folder)
    generate(folder / "posts" / "bench", POSTS)
    return folder


def run_build(content, output, caches, **settings) -> subprocess.CompletedProcess:
    """A production build as `make publish` runs it, its caches in `caches`, with its
    debug lines."""
    conf = variant_settings(
        caches, "publishconf.py", SEARCH_CACHE_PATH=str(caches / "search"), **settings
    )
    command = [sys.executable, "-m", "scripts.build", str(content), "-o", str(output), "-s", conf]
    command += ["--fatal", "warnings", "--content-cache", str(caches / "content"), "-D"]
    env = project_env(SITEURL="https://finishfirst.test")
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)


def build(content, output, caches, **settings) -> str:
    """run_build, which must succeed; its log."""
    result = run_build(content, output, caches, **settings)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stderr


def cold(content, tmp_path, name, **settings):
    caches = tmp_path / f"{name}-caches"
    caches.mkdir()
    log = build(content, tmp_path / name, caches, **settings)
    assert CACHE_LOADED not in log and READ_IN_PARALLEL in log and PAGEFIND_RAN in log
    return files(tmp_path / name)


def edit(post, text):
    post.write_text(text, encoding="utf-8")


def test_warm_builds_write_what_cold_builds_write(content, tmp_path):
    caches = tmp_path / "caches"
    caches.mkdir()
    post = sorted((content / "posts" / "bench").glob("*.md"))[POSTS // 2]
    original = post.read_text(encoding="utf-8")
    first = tmp_path / "first"
    log = build(content, first, caches)
    assert READ_IN_PARALLEL in log and PAGEFIND_RAN in log
    assert files(first) == cold(content, tmp_path, "cold-before")

    # One post edited: its body and its title (which shows on other posts' pages).
    edited = original.replace("Title: How to", "Title: Here is how to", 1)
    edit(post, edited + "\nA new paragraph, added after the first build.\n")
    try:
        log = build(content, tmp_path / "warm-edited", caches)
        assert CACHE_LOADED in log and READ_IN_PARALLEL not in log and PAGEFIND_RAN in log
        # The column's year (2012) is not indexed again: only the edited post's is.
        assert f"Pagefind started on {post.name[:4]}; kept indexes for 2012" in log
        warm_edited = files(tmp_path / "warm-edited")
        assert b"A new paragraph, added after the" in b"".join(warm_edited.values())
        assert warm_edited == cold(content, tmp_path, "cold-edited")
    finally:
        edit(post, original)

    # Back as it was: every post page as in the first build, so Pagefind's kept index.
    log = build(content, tmp_path / "warm-again", caches)
    assert CACHE_LOADED in log and PAGEFIND_RAN not in log
    assert files(tmp_path / "warm-again") == files(first)

    # A setting that changes what the readers make: the cache is not used.
    log = build(content, tmp_path / "warm-dashes", caches, TYPOGRIFY_DASHES="oldschool")
    assert CACHE_LOADED not in log
    with_dashes = files(tmp_path / "warm-dashes")
    assert with_dashes != files(first)
    assert with_dashes == cold(content, tmp_path, "cold-dashes", TYPOGRIFY_DASHES="oldschool")


def test_a_warm_build_checks_the_posts_that_changed(content, tmp_path):
    """The check keeps its parsed posts beside the content cache; an edit since is seen."""
    caches = tmp_path / "caches"
    caches.mkdir()
    build(content, tmp_path / "first", caches)
    assert (caches / "content" / "content_check-reads").is_file()
    post = sorted((content / "posts" / "bench").glob("*.md"))[3]
    original = post.read_text(encoding="utf-8")
    edit(post, re.sub(r"^Category: .*$", "Category: Job Serach", original, count=1, flags=re.M))
    try:
        result = run_build(content, tmp_path / "second", caches)
    finally:
        edit(post, original)
    assert result.returncode == 1 and CACHE_LOADED in result.stderr
    [line] = [line for line in result.stderr.splitlines() if ": category: " in line]
    assert line.startswith(f"{post}:") and "Job Serach" in line
    assert not (tmp_path / "second").exists()
