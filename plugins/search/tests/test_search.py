"""plugins/search: a Pagefind index of the published posts' pages where SEARCH_INDEX is
on, none where it is off; Pagefind starts once the last post page is written; a bad
setting or a failing Pagefind stops the build with one line. (The kept index, reused
while no post page changes: tests/test_warm_builds.py. Searching in a browser:
tests/test_theme_browser.py.)"""

import json
import shutil
import subprocess

import pytest

from tests.support.publishing import require_root
from tests.support.sitebuild import ROOT, build, build_or_fail, variant_settings

COLUMN = "2012/10/finish-first-even-if-you-finished-second/index.html"


def indexed_pages(output):
    entry = json.loads((output / "pagefind" / "pagefind-entry.json").read_text())
    return sum(language["page_count"] for language in entry["languages"].values())


def test_the_index_is_built_with_the_setting_on_and_left_out_with_it_off(dev_site, tmp_path):
    assert (dev_site / "pagefind" / "pagefind.js").is_file(), "on by default"
    settings = variant_settings(tmp_path, "pelicanconf.py", SEARCH_INDEX=False)
    output = build_or_fail(tmp_path / "output", settings)
    assert (output / "search" / "index.html").is_file()
    assert not (output / "pagefind").exists()


def test_only_the_published_posts_are_indexed(prod_site):
    # The site's one published post; not its page (About), listings or the search page.
    assert (prod_site / "about" / "index.html").is_file()
    assert indexed_pages(prod_site) == 1


def test_pagefind_starts_after_the_last_post_page_and_before_the_listings(tmp_path):
    settings = variant_settings(tmp_path, "publishconf.py", SEARCH_CACHE_PATH=None)
    command_output = build(tmp_path / "output", settings, debug=True)
    assert command_output.returncode == 0, command_output.stderr
    lines = command_output.stderr.splitlines()
    started = next(n for n, line in enumerate(lines) if "search: Pagefind started on 1" in line)
    written = [n for n, line in enumerate(lines) if line.startswith("Writing ")]
    post = next(n for n in written if COLUMN in lines[n])
    archives = next(n for n in written if "/archives/index.html" in lines[n])
    assert post < started < archives


def test_a_site_without_posts_still_gets_an_index(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    (content / "posts").mkdir()
    output = build_or_fail(tmp_path / "output", "publishconf.py", content=content)
    assert (output / "pagefind" / "pagefind.js").is_file()


def test_a_failing_pagefind_stops_the_build_with_one_line(tmp_path):
    settings = variant_settings(
        tmp_path, "publishconf.py", SEARCH_EXCLUDE_SELECTORS=["[["], SEARCH_CACHE_PATH=None
    )
    result = build(tmp_path / "output", settings)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    [line] = [line for line in result.stderr.splitlines() if line.startswith("search: Pagefind")]
    # Pagefind panics once per page: the line holds its message once, not thousands of lines.
    assert line.startswith("search: Pagefind stopped (exit status ") and len(line) < 400
    assert line.endswith(
        "check SEARCH_EXCLUDE_SELECTORS; run Pagefind on the output by hand to see more"
    )
    assert result.stderr.splitlines()[-1] == "search: 1 problem(s) above; fix them and build again"


def test_an_index_pagefind_could_not_write_stops_the_build_with_one_line(tmp_path):
    # Pagefind exits 0 on a full disk, its files left empty: the release must not get them.
    require_root("mounting a tmpfs")
    disk = tmp_path / "disk"
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)], check=True)
    try:
        settings = variant_settings(
            tmp_path, "publishconf.py", SEARCH_CACHE_PATH=str(disk / "search")
        )
        result = build(tmp_path / "output", settings)
        assert [path.name for path in disk.iterdir()] == ["search"], "no index, no probe left"
        assert list((disk / "search").iterdir()) == []
    finally:
        subprocess.run(["umount", "--lazy", str(disk)], check=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    [line] = [line for line in result.stderr.splitlines() if line.startswith("search: Pagefind")]
    assert line.startswith("search: Pagefind's index is incomplete (")
    cause = f": No space left on device ({disk / 'search'}); make room on that disk and build again"
    assert line.endswith(cause)


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"SEARCH_INDEX": "no"}, "SEARCH_INDEX = 'no' is not True or False"),
        ({"SEARCH_EXCLUDE_SELECTORS": "#followup"}, "is not a list of CSS selectors"),
        ({"SEARCH_CACHE_PATH": ""}, "SEARCH_CACHE_PATH = '' is not a folder"),
    ],
)
def test_a_wrong_setting_stops_the_build_with_one_line(tmp_path, overrides, problem):
    result = build(tmp_path / "output", variant_settings(tmp_path, "pelicanconf.py", **overrides))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    [line] = [line for line in result.stderr.splitlines() if line.startswith("settings: SEARCH")]
    assert problem in line
    assert not (tmp_path / "output").exists()
