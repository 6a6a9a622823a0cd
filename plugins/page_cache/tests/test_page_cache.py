"""A page written from the cache is the page a build without it renders.

Production builds (scripts/build.py with a content cache, as `make publish` runs them,
and as `make html` runs them with the development settings)
of the site's own content and a few synthetic posts, with a copy of the theme. After
each kind of change, the warm build (the caches of the build before) is compared, file
by file, with a build from empty caches; and the count of pages rendered shows the cache
was used where nothing a page shows changed, and not where something did.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.generate import generate
from tests.support.sitebuild import NOTMYIDEA, ROOT, files, project_env, variant_settings

POSTS = 12
COUNTS = re.compile(r"page cache: (\d+) pages reused, (\d+) rendered")
BIO_TEXT = "Brings more than a decade of experience"


class Site:
    def __init__(self, folder: Path, base: str = "publishconf.py", **settings):
        self.folder = folder
        self.base = base
        self.content = folder / "content"
        shutil.copytree(ROOT / "content", self.content)
        generate(self.content / "posts" / "bench", POSTS)
        self.theme = folder / "theme"
        shutil.copytree(ROOT / "theme", self.theme)
        self.settings = {"THEME": str(self.theme), "SEARCH_INDEX": False, **settings}
        self.caches = folder / "caches"
        self.builds = 0

    def build(self, caches: Path, build_date: str) -> tuple[Path, int, int]:
        """A production build with these caches: its output, pages reused and rendered."""
        self.builds += 1
        output = self.folder / f"output-{self.builds}"
        conf = variant_settings(self.folder, self.base, **self.settings)
        command = [sys.executable, "-m", "scripts.build", str(self.content), "-o", str(output)]
        command += ["-s", conf, "--fatal", "warnings", "--content-cache", str(caches), "-D"]
        env = project_env(SITEURL="https://finishfirst.test", BUILD_DATE=build_date)
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr[-3000:]
        [(reused, rendered)] = COUNTS.findall(result.stderr)
        return output, int(reused), int(rendered)

    def warm_and_cold(self, build_date: str = "2026-06-15") -> tuple[dict, int, int]:
        """A warm build, which must write what a build from empty caches writes: its files,
        the pages it reused and those it rendered."""
        warm, reused, rendered = self.build(self.caches, build_date)
        empty = self.folder / f"empty-caches-{self.builds}"
        cold, cold_reused, cold_rendered = self.build(empty, build_date)
        assert cold_reused == 0 and cold_rendered == reused + rendered
        warm_files = files(warm)
        assert warm_files == files(cold)
        return warm_files, reused, rendered

    def post(self, number: int) -> Path:
        return sorted((self.content / "posts" / "bench").glob("*.md"))[number]


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def site(tmp_path):
    return Site(tmp_path)


def test_each_change_rerenders_what_shows_it_and_nothing_else(site):
    first, reused, rendered = site.warm_and_cold()
    pages = reused + rendered
    assert reused == 0 and pages > 3 * POSTS

    _, reused, rendered = site.warm_and_cold()
    assert (reused, rendered) == (pages, 0), "nothing changed: every page from the cache"

    # A post's text (it has a Summary): its page, and the listing pages that list it.
    with site.post(5).open("a", encoding="utf-8") as post:
        post.write("\nA paragraph added after the first build.\n")
    built, reused, rendered = site.warm_and_cold()
    assert 1 <= rendered <= 12 and reused == pages - rendered
    assert b"A paragraph added after the" in b"".join(built.values())  # then widont's &nbsp;

    # A title shows on other posts' pages (older/newer, related posts) and on listings.
    replace_in(site.post(7), "Title: How to", "Title: Here is how to")
    _, reused, rendered = site.warm_and_cold()
    assert rendered > POSTS

    # The bio is a page, shown on every post: its text counts everywhere.
    replace_in(site.content / "pages" / "about.md", BIO_TEXT, "Has more than ten years")
    built, reused, rendered = site.warm_and_cold()
    assert rendered > POSTS
    column = built[Path("2012/10/finish-first-even-if-you-finished-second/index.html")]
    assert b"Has more than ten years" in column and BIO_TEXT.encode() not in column

    # A post's tags: its page, the tag pages, the listings.
    replace_in(site.post(2), "Tags: ", "Tags: salary talks, ")
    built, _, rendered = site.warm_and_cold()
    assert Path("tag/salary-talks/index.html") in built and rendered > 1

    # A new post, then removed again.
    added = site.post(3).with_name("zz-copy.md")
    shutil.copy(site.post(3), added)
    replace_in(added, "Slug: ", "Slug: copy-of-")
    site.warm_and_cold()
    added.unlink()
    site.warm_and_cold()

    # The day the advice-age notes count from (a setting every page is given).
    _, reused, rendered = site.warm_and_cold(build_date="2030-01-01")
    assert reused == 0

    # The theme: any of its files.
    with (site.theme / "templates" / "base.html").open("a", encoding="utf-8") as base:
        base.write("{# a comment changes no page, but the cache cannot know #}\n")
    _, reused, rendered = site.warm_and_cold(build_date="2030-01-01")
    assert reused == 0
    _, reused, rendered = site.warm_and_cold(build_date="2030-01-01")
    assert rendered == 0


def test_a_theme_without_the_calculator_hooks_gets_the_widget_once(tmp_path):
    """notmyidea never calls followup_widget: the calculator's fallback puts the widget
    into the written page; a page written from the cache gets it once, as a rendered one."""
    site = Site(tmp_path, **NOTMYIDEA)
    site.settings["THEME"] = NOTMYIDEA["THEME"]
    site.warm_and_cold()
    with site.post(1).open("a", encoding="utf-8") as post:
        post.write("\nA paragraph added after the first build.\n")
    built, reused, _ = site.warm_and_cold()
    assert reused > POSTS
    column = built[Path("2012/10/finish-first-even-if-you-finished-second/index.html")]
    assert column.count(b'<section id="followup"') == 1


def test_the_development_build_s_relative_addresses_come_out_the_same(tmp_path):
    """`make html`: every page's addresses are relative to the page itself."""
    site = Site(tmp_path, base="pelicanconf.py")
    site.warm_and_cold()
    with site.post(2).open("a", encoding="utf-8") as post:
        post.write("\nA paragraph added after the first build.\n")
    built, reused, rendered = site.warm_and_cold()
    assert reused > POSTS and rendered >= 1
    column = built[Path("2012/10/finish-first-even-if-you-finished-second/index.html")]
    assert b'href="../../../theme/css/site.css"' in column
