"""plugins/search: a Pagefind index of the published posts' pages where SEARCH_INDEX is
on, none where it is off, one per year of posts; Pagefind starts once the last post page
is written, only on the years whose pages changed; a bad setting or a failing Pagefind
stops the build with one line. (Warm builds write what cold ones do:
tests/test_warm_builds.py. Searching every year in a browser: tests/test_theme_browser.py.)"""

import gzip
import json
import shutil
import subprocess

import pytest

from tests.support.publishing import require_root
from tests.support.sitebuild import ROOT, build, build_or_fail, variant_settings

COLUMN = "2012/10/finish-first-even-if-you-finished-second/index.html"


def indexed_pages(index):
    entry = json.loads((index / "pagefind-entry.json").read_text())
    return sum(language["page_count"] for language in entry["languages"].values())


def indexed_urls(index) -> set[str]:
    fragments = (index / "fragment").glob("*.pf_fragment")
    texts = (gzip.decompress(path.read_bytes()) for path in fragments)
    return {json.loads(text[text.index(b"{") :])["url"] for text in texts}  # after a signature


def post(folder, slug, date, words):
    (folder / f"{slug}.md").write_text(
        f"Title: {slug}\nDate: {date}\nCategory: Interviews\nSummary: A test post.\n\n{words}\n",
        encoding="utf-8",
    )


def test_the_index_is_built_with_the_setting_on_and_left_out_with_it_off(dev_site, tmp_path):
    assert (dev_site / "pagefind" / "pagefind.js").is_file(), "on by default"
    settings = variant_settings(tmp_path, "pelicanconf.py", SEARCH_INDEX=False)
    output = build_or_fail(tmp_path / "output", settings)
    assert (output / "search" / "index.html").is_file()
    assert not (output / "pagefind").exists()


def test_only_the_published_posts_are_indexed(prod_site):
    # The site's one published post; not its page (About), listings or the search page.
    assert (prod_site / "about" / "index.html").is_file()
    assert indexed_pages(prod_site / "pagefind") == 1


def test_pagefind_starts_after_the_last_post_page_and_before_the_listings(tmp_path):
    settings = variant_settings(tmp_path, "publishconf.py", SEARCH_CACHE_PATH=None)
    command_output = build(tmp_path / "output", settings, debug=True)
    assert command_output.returncode == 0, command_output.stderr
    lines = command_output.stderr.splitlines()
    started = next(n for n, line in enumerate(lines) if "Pagefind started on 2012;" in line)
    written = [n for n, line in enumerate(lines) if line.startswith("Writing ")]
    post = next(n for n in written if COLUMN in lines[n])
    archives = next(n for n in written if "/archives/index.html" in lines[n])
    assert post < started < archives


def test_each_year_has_an_index_and_an_edit_indexes_its_year_again(tmp_path):
    """The newest year's index is the output's pagefind/ (Pagefind's whole bundle); an
    older year's, pagefind/YEAR/, holds only what the search page merges into it."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    post(content / "posts", "newer", "2020-03-02", "Ask about the probation review.")
    post(content / "posts", "newest", "2021-05-06", "Write within a week.")
    settings = variant_settings(tmp_path, "publishconf.py", SEARCH_CACHE_PATH=str(tmp_path / "c"))

    def build_site():
        result = build(tmp_path / "output", settings, content=content, debug=True)
        assert result.returncode == 0, result.stderr[-2000:]
        [said] = [line for line in result.stderr.splitlines() if "Pagefind started on" in line]
        return tmp_path / "output" / "pagefind", said.split("post pages of ")[1]

    index, said = build_site()
    assert said == "3 year(s): Pagefind started on 2021, 2020, 2012; kept indexes for none"
    assert (index / "pagefind.js").is_file() and not (index / "2020" / "pagefind.js").exists()
    assert sorted(path.name for path in index.iterdir() if path.name.isdigit()) == ["2012", "2020"]
    assert {url.split("/")[-2] for url in indexed_urls(index)} == {"newest"}
    assert [url.split("/")[-2] for url in indexed_urls(index / "2020")] == ["newer"]
    assert indexed_urls(index / "2012") == {"/" + COLUMN.removesuffix("index.html")}
    assert [indexed_pages(index / year) for year in ("", "2020", "2012")] == [1, 1, 1]
    search_page = (tmp_path / "output" / "search" / "index.html").read_text(encoding="utf-8")
    assert 'data-merged-indexes="pagefind/2020/ pagefind/2012/"' in search_page

    post(content / "posts", "newer", "2020-03-02", "Ask about the probation review, kindly.")
    _, said = build_site()
    assert said == "3 year(s): Pagefind started on 2020; kept indexes for 2021, 2012"
    _, said = build_site()
    assert said == "3 year(s): Pagefind started on none; kept indexes for 2021, 2020, 2012"


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
