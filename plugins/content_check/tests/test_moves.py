"""Redirect_from and the published record, on small sites in a temporary folder: what the
check refuses, warns about or lets through when an edit would move a published post.
The record is written with scripts.manifest, as `make publish` writes it; the site
tests (tests/test_redirects.py) publish for real."""

import os
from pathlib import Path

import pytest

from content_check.published import Published
from content_check.tests import small_site
from content_check.tests.small_site import ABOUT, problems
from feeds.ids import entry_id
from pelicanconf import FEED_ID_AUTHORITY
from scripts import manifest

POST_URL = "2026/03/a-post/"
RELEASE = "0001-20260302-090000"


def post(slug="a-post", **fields) -> str:
    return small_site.post(slug, "The text.", **fields)


def published(url=POST_URL, source="posts/a.md", earlier=(), page=False) -> Published:
    """A post (or page) as `make publish` records it."""
    feed_id = None if page else entry_id(FEED_ID_AUTHORITY, url, earlier)
    return Published(url, source, feed_id, tuple(earlier))


def record(tmp_path, *entries: Published, text: str | None = None) -> Path:
    """A live release beside the content folder whose manifest records `entries` (or
    holds `text`), and `public` naming it, as make publish leaves them."""
    releases = tmp_path / "releases"
    (releases / RELEASE).mkdir(parents=True)
    path = releases / f"{RELEASE}.manifest.json"
    if text is None:
        manifest.write({}, {entry.url: entry.as_json() for entry in entries}, path)
    else:
        path.write_text(text, encoding="utf-8")
    os.symlink(f"releases/{RELEASE}", tmp_path / "public")
    return path


# --- An edit that moves a published post ------------------------------------------------


def test_with_nothing_published_yet_nothing_is_compared(tmp_path):
    assert problems(tmp_path, {"posts/a.md": post("another-slug")}) == []


def test_a_slug_edit_is_refused_on_the_slug_line_naming_both_addresses(tmp_path):
    record(tmp_path, published())
    (line,) = problems(tmp_path, {"posts/a.md": post("a-better-slug")})
    assert line.startswith("posts/a.md:3: slug: moves the published post from ")
    assert "from /2026/03/a-post/ to /2026/03/a-better-slug/" in line
    assert "add a line 'Redirect_from: /2026/03/a-post/'" in line


def test_a_date_edit_into_another_month_is_refused_on_the_date_line(tmp_path):
    record(tmp_path, published())
    (line,) = problems(tmp_path, {"posts/a.md": post(Date="2026-04-01 09:00")})
    assert line.startswith("posts/a.md:2: date: moves the published post from ")
    assert "from /2026/03/a-post/ to /2026/04/a-post/" in line


def test_a_date_edit_within_the_month_or_a_title_edit_moves_nothing(tmp_path):
    record(tmp_path, published())
    files = {"posts/a.md": post(Date="2026-03-30 18:00", Title="A better title")}
    assert problems(tmp_path, files) == []


def test_a_page_moved_is_refused_too(tmp_path):
    record(tmp_path, published("about/", "pages/about.md", page=True))
    files = {"pages/about.md": ABOUT.replace("Slug: about", "Slug: about-me")}
    (line,) = problems(tmp_path, files)
    assert line.startswith("pages/about.md:2: slug: moves the published page from /about/ to ")
    assert "feed" not in line


def test_a_move_with_a_redirect_passes_and_a_second_move_adds_to_it(tmp_path):
    record(tmp_path, published())
    moved = post("a-better-slug", Redirect_from="/2026/03/a-post/")
    assert problems(tmp_path, {"posts/a.md": moved}) == []

    # Published so: the record now holds the new address, its redirect and the first id.
    tmp_path.joinpath("public").unlink()
    again = tmp_path / "again"
    record(again, published("2026/03/a-better-slug/", earlier=[POST_URL]))
    third = post("third-slug", Redirect_from="/2026/03/a-post/")
    (line,) = problems(again, {"posts/a.md": third})
    assert "from /2026/03/a-better-slug/ to /2026/03/third-slug/" in line
    assert "add /2026/03/a-better-slug/ at the end of its Redirect_from line" in line
    third = post("third-slug", Redirect_from="/2026/03/a-post/, /2026/03/a-better-slug/")
    assert problems(again, {"posts/a.md": third}) == []


def test_redirects_out_of_order_would_change_the_feed_id(tmp_path):
    record(tmp_path, published("2026/03/b/", earlier=[POST_URL]))
    files = {"posts/a.md": post("c", Redirect_from="/2026/03/b/ /2026/03/a-post/")}
    (line,) = problems(tmp_path, files)
    assert line.startswith("posts/a.md:6: redirect_from: would change the post's feed id from ")
    assert f"tag:{FEED_ID_AUTHORITY}:2026/03/a-post to tag:{FEED_ID_AUTHORITY}:2026/03/b" in line
    assert "list /2026/03/a-post/ first in Redirect_from" in line


def test_a_redirect_to_a_post_that_never_moved_would_change_its_feed_id(tmp_path):
    record(tmp_path, published())
    files = {"posts/a.md": post(Redirect_from="/2019/01/an-old-post/")}
    (line,) = problems(tmp_path, files)
    assert "would change the post's feed id" in line and "it has none: remove the line" in line


def test_a_removed_redirect_is_a_warning_and_the_id_it_gave_an_error(tmp_path):
    record(tmp_path, published("2026/03/b/", earlier=[POST_URL]))
    warning, error = problems(tmp_path, {"posts/a.md": post("b")})
    assert warning == (
        "posts/a.md:1: redirect_from: warning: /2026/03/a-post/ led to this post and would "
        "answer 404; keep it in Redirect_from"
    )
    assert error.startswith("posts/a.md:3: slug: would change the post's feed id")


def test_a_deleted_post_is_a_warning_naming_its_address(tmp_path):
    record(tmp_path, published("2026/03/b/", earlier=[POST_URL]))
    (line,) = problems(tmp_path, {"posts/other.md": post("other")})
    assert line == (
        "posts/a.md:1: file: warning: is gone, and /2026/03/a-post/, /2026/03/b/ (published) "
        "would answer 404; restore it, or add the line 'Redirect_from: /2026/03/a-post/, "
        "/2026/03/b/' to the file it became (renamed, or replaced by another post)"
    )
    renamed = post("c", Redirect_from="/2026/03/a-post/, /2026/03/b/")
    assert problems(tmp_path, {"posts/renamed.md": renamed}) == []


def test_a_renamed_file_at_the_same_address_is_the_same_post(tmp_path):
    record(tmp_path, published())
    assert problems(tmp_path, {"posts/2026-03-02-a-post.md": post()}) == []


def test_a_published_post_made_a_draft_is_a_warning(tmp_path):
    record(tmp_path, published())
    (line,) = problems(tmp_path, {"posts/a.md": post(Status="draft")})
    assert line.startswith("posts/a.md:6: status: warning: 'Status: draft' leaves out the ")
    assert "published post at /2026/03/a-post/, whose address would answer 404" in line


def test_a_published_post_dated_later_than_now_is_a_warning(tmp_path):
    record(tmp_path, published("2199/12/a-post/"))
    (line,) = problems(tmp_path, {"posts/a.md": post(Date="2199-12-01 09:00")})
    assert line.startswith("posts/a.md:2: date: warning: a date later than now holds back ")


@pytest.mark.parametrize(
    "text",
    [
        '{"files": {}, "published": {"2026/03/a-post/": {"source": 1}}}',
        '{"files": {}, "published": ["2026/03/a-post/"]}',
        '{"files": {}, "published": {"2026/03/a-post/": {"source": "posts/a.md", "feed',
        "",
    ],
)
def test_a_damaged_record_is_a_warning_and_counts_as_none(tmp_path, text):
    path = record(tmp_path, text=text)
    (line,) = problems(tmp_path, {"posts/a.md": post("another-slug")})
    # Shown as it is: outside the folder paths are shown from (content/ here).
    assert line.startswith(f"{path}:1: published: warning: ")
    assert "taken as no record" in line


def test_a_manifest_from_before_records_were_kept_is_no_record(tmp_path):
    record(tmp_path, text='{"index.html": {"size": 1, "sha256": "00"}}')
    assert problems(tmp_path, {"posts/a.md": post("another-slug")}) == []


def test_a_changed_feed_id_authority_is_one_line_on_the_setting(tmp_path):
    record(tmp_path, published())
    (line,) = problems(tmp_path, {"posts/a.md": post()}, FEED_ID_AUTHORITY="example.org,2020")
    assert "FEED_ID_AUTHORITY: 'example.org,2020' is not the authority the published" in line
    assert f"('{FEED_ID_AUTHORITY}')" in line


# --- The Redirect_from field ------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("https://example.org/2012/10/x/", "is not an address below the site's root"),
        ("2012/10/x/", "is not an address below the site's root"),
        ("//example.org/x/", "is not an address below the site's root"),
        ("/", "is the home page"),
        ("/2012/../../etc/x/", "holds '.' or '..'"),
        ("/2012//x/", "holds an empty part"),
        ('/2012/10/x"><script>/', "has characters other than letters"),
        ("/2012/10/caf%C3%A9/", "has characters other than letters"),
        ("/2012/10/x?page=2", "has characters other than letters"),
        ("/2012/10/x", "ends neither with / "),
        ("/" + "x" * 256 + "/", "longer than 255"),
        ("/2026/03/a-post/", "is this post's own address"),
        ("/2026/03/other/", "is the address of posts/other.md"),
        ("/about/", "is the address of pages/about.md"),
        ("/archives/", "is one of the site's own pages (/archives/)"),
        ("/tag/salary/", "is one of the site's own pages (/tag/salary/)"),
        ("/feeds/all.atom.xml.html", None),
        ("/theme/css/", None),
        ("/page/2/", "is a page of one of the site's listings"),
        ("/old/, /old/", "is given twice"),
    ],
)
def test_redirect_addresses_a_build_cannot_write(tmp_path, value, words):
    files = {
        "posts/a.md": post(Redirect_from=value, Tags="salary"),
        "posts/other.md": post("other"),
    }
    lines = problems(tmp_path, files)
    if words is None:
        assert lines == []
    else:
        (line,) = lines
        assert line.startswith("posts/a.md:6: redirect_from: '") and words in line, line


def test_a_redirect_answers_for_one_post_only(tmp_path):
    files = {
        "posts/a.md": post(Redirect_from="/old/"),
        "posts/b.md": post("b", Redirect_from="/old/"),
        "images/x.html": "static",
        "posts/c.md": post("c", Redirect_from="/images/x.html"),
    }
    assert problems(tmp_path, files) == [
        "posts/b.md:6: redirect_from: '/old/' is already a redirect of posts/a.md; give only "
        "addresses the post was published at before, as a reader saw them below the site's "
        "root, e.g. '/2012/10/old-slug/'",
        "posts/c.md:6: redirect_from: '/images/x.html' is the file images/x.html; give only "
        "addresses the post was published at before, as a reader saw them below the site's "
        "root, e.g. '/2012/10/old-slug/'",
    ]


def test_several_addresses_on_one_line_or_on_indented_lines(tmp_path):
    lines = post(Redirect_from="/2012/10/a/, /2012/11/b/\n    /old.html")
    assert problems(tmp_path, {"posts/a.md": lines}) == []
    empty = post(Redirect_from="")
    (line,) = problems(tmp_path, {"posts/a.md": empty})
    assert "redirect_from: empty; give the addresses the post was published at before" in line


def test_a_link_to_a_redirect_is_a_warning_naming_where_it_leads(tmp_path):
    files = {
        "posts/a.md": post(Redirect_from="/2012/10/old/"),
        "posts/b.md": post("b") + "\n[the post](/2012/10/old/)\n",
    }
    (line,) = problems(tmp_path, files)
    assert line.startswith("posts/b.md:9: link: warning: /2012/10/old/ leads to a redirect")
    assert "to /2026/03/a-post/ (Redirect_from of posts/a.md)" in line
