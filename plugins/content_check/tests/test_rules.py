"""The rules on small sites in a temporary folder: where each link and image leads from
the post's own address, and what else a build would refuse. (tests/test_hostile_metadata.py
runs every kind of refused post through check and a production build.)"""

import struct
import types
import zlib

import pytest
from pelican.settings import read_settings

import content_check
from build_errors import BuildStopped
from content_check.pelican_site import site_from_settings
from content_check.rules import suggested_slug
from content_check.tests.small_site import post, problems, write_content
from tests.support.sitebuild import ROOT


def png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = (b"\x00" + b"\x00\x00\x00" * width) * height
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))


@pytest.mark.parametrize(
    "body",
    [
        "![a]({static}/images/a.png)",
        "![a]({static}../images/a.png)",
        "![a](../../../images/a.png)",
        "![a](/images/a.png)",
        '<img src="/images/a.png" alt="a">',
        "[about](/about/) [about](/about) [the year](../../) [home](/) [a](#part)",
        "[other]({filename}other.md) [tag](/tag/probation/) [feed](/feeds/all.atom.xml)",
        "[css](/theme/css/site.css) [out](https://example.org/x) [mail](mailto:a@b.c)",
        "[category]({category}Interviews) [index]({index}) [older](/page/2/)",
    ],
)
def test_what_resolves_passes(tmp_path, body):
    files = {
        "images/a.png": png(4, 3),
        "posts/a.md": post(body=body, Tags="probation"),
        "posts/other.md": post("other"),
    }
    assert problems(tmp_path, files) == []


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("![a](../images/a.png)", "image: ../images/a.png leads to /2026/03/images/a.png"),
        ("![a](images/a.png)", "leads to /2026/03/a-post/images/a.png"),
        ("[x](/nowhere/)", "link: /nowhere/ leads to /nowhere/, which the site does not have"),
        ("[x](/tag/never-used/)", "leads to /tag/never-used/"),
        ("[x]({filename}missing.md)", "posts/missing.md, which does not exist"),
        ("[x]({filename}../images/a.png)", "not a post or page; use {static}"),
        ("[x]({static}other.md)", "points to the post posts/other.md; use {filename}"),
        ("[x]({filename}draft.md)", "which is not published"),
        ("[x]({filename}later.md)", "which is not published"),
        ("![a](/images/broken.png)", "whose width and height cannot be read"),
        ("![](/images/a.png)", "has no alt text"),
        ('<img src="/images/a.png" alt="">', "has no alt text"),
    ],
)
def test_what_leads_nowhere_is_one_line(tmp_path, body, words):
    files = {
        "images/a.png": png(4, 3),
        "images/broken.png": b"not an image",
        "posts/a.md": post(body=body),
        "posts/other.md": post("other"),
        "posts/draft.md": post("draft", Status="draft"),
        "posts/later.md": post("later", Date="2199-01-01 09:00"),
    }
    (line,) = problems(tmp_path, files)
    assert line.startswith("posts/a.md:7: ") and words in line, line


def test_a_site_under_a_path_resolves_root_relative_links_outside_it(tmp_path):
    files = {"posts/a.md": post(body="[about](/about/) [here](../../../about/)")}
    (line,) = problems(tmp_path, files, SITEURL="https://example.org/blog")
    assert "/about/ leads outside the site" in line


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (post(Slug=None), "slug: missing; add a line 'Slug: a-post'"),
        (post(Slug="Hello World Ünïcode"), "e.g. 'Slug: hello-world-unicode'"),
        (post(Slug=None, Status="draft", Title="Word " * 30), "title: makes the slug"),
        (post(Tags="salary, 🚀"), "'🚀' makes an empty URL"),
        (post(Tags="a, b; c"), "Pelican then splits at ';' only, making 2 of them"),
        (post(Tags="t" * 300), "file name of 300 bytes (tag/{slug}/index.html)"),
        (post(Date="2200-01-01 00:00"), "outside 1900-01-01 to 2199-12-31"),
        (post(Date="0999-01-01 00:00", Followup="off"), "is before 1000"),
        (post(Lang="fr"), "'fr' is not the site's"),
        (post(Save_as="x.html"), "save_as: sets the address by hand"),
        (post(Template="nope"), "'nope' is not a template of the theme"),
        (post(Image="{static}/images/a.svg"), "not a picture that link previews show"),
        (post(Image="{static}/images/none.png"), "which does not exist"),
        (post(Status="later"), "'later' is not a status"),
    ],
)
def test_metadata_a_build_would_refuse(tmp_path, text, words):
    files = {"images/a.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"/>'}
    lines = problems(tmp_path, {**files, "posts/a.md": text})
    assert len(lines) == 1 and words in lines[0], lines


def test_a_draft_without_a_slug_is_fine_and_its_summary_may_wait(tmp_path):
    lines = problems(tmp_path, {"posts/a.md": post(Slug=None, Status="draft", Summary=None)})
    assert lines == [
        "posts/a.md:1: summary: warning: empty, which a draft may be; write one or two "
        "sentences before you remove 'Status: draft'"
    ]


def test_two_spellings_of_one_tag_are_refused(tmp_path):
    files = {"posts/a.md": post(Tags="Job offers"), "posts/b.md": post("b", Tags="job-offers")}
    (line,) = problems(tmp_path, files)
    assert line.startswith("posts/b.md:") and "'Job offers' (posts/a.md)" in line


def test_a_page_cannot_take_the_address_of_the_sites_own_pages(tmp_path):
    files = {
        "pages/archive.md": "Title: Archive\nSlug: archives\n\nx\n",
        "pages/year.md": "Title: Year\nSlug: 2026\n\nx\n",
        "posts/a.md": post(),
    }
    lines = problems(tmp_path, files)
    assert [line.split(":")[0] for line in lines] == ["pages/archive.md", "pages/year.md"]
    assert all("one of the site's own pages" in line for line in lines)


def test_files_pelican_reads_but_check_cannot_or_leaves_out(tmp_path):
    files = {"posts/a.rst": "A\n=\n", "stray.md": post("stray"), "images/notes.md": "static"}
    assert [line.split(": ", 2)[:2] for line in problems(tmp_path, files)] == [
        ["posts/a.rst:1", "file"],
        ["stray.md:1", "file"],
    ]


def test_ignore_files_silences_a_file_left_out_on_purpose(tmp_path):
    files = {"README.md": "Notes for authors"}
    assert problems(tmp_path, files, IGNORE_FILES=["README.md"]) == []


def test_suggested_slugs_fit_the_rule(tmp_path):
    site = site_from_settings(read_settings(str(ROOT / "pelicanconf.py")))
    assert suggested_slug("Salary & benefits: <negotiate> without fear", site) == (
        "salary-benefits-negotiate-without-fear"
    )
    long = suggested_slug("Words " * 40, site)
    assert len(long) <= 80 and long.endswith("words") and not long.endswith("-")
    assert suggested_slug("🚀🚀", site) == ""


def test_a_build_of_selected_files_checks_their_own_rules_and_the_sites(tmp_path):
    """The devserver's quick step (SELECTED_SOURCES): the saved post's own rules and the
    site's rules, not every other post's; a whole build checks them all."""
    files = {
        "posts/saved.md": post("saved", Category="Job Serach"),
        "posts/other.md": post("other", Category="Interviewz"),
        "posts/twin.md": post("saved", Title="A twin"),  # the saved post's slug again
    }
    content = write_content(tmp_path, files)

    def stopped(**overrides):
        settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})
        pelican = types.SimpleNamespace(settings={**settings, **overrides})
        with pytest.raises(BuildStopped) as stop:
            content_check.check_before_reading(pelican)
        return "\n".join(stop.value.problems)

    whole = stopped()
    quick = stopped(SELECTED_SOURCES=[str(content / "posts/saved.md")])
    for lines in (whole, quick):
        assert "saved.md:4: category:" in lines
        assert "twin.md:3: slug: 'saved' is already used by" in lines
    assert "other.md:4: category:" in whole and "other.md" not in quick
