"""Only what is published is public: `make publish` of a site with a draft and a post
scheduled for a later date, each with a tag, a category and an author no published post
uses. No page, feed, sitemap entry, listing or search index entry may show them."""

import gzip
import json
from urllib.parse import urlsplit

import pytest
from lxml import etree

from scripts import posts
from tests.support.publishing import GOOD_POST, SITEURL, make, new_project, write_post
from tests.support.sitebuild import COLUMN_URL

DRAFT_TITLE = "Draft about salary talks"
FUTURE_TITLE = "Scheduled post about references"
DRAFT_WORD = "quokkanomics"  # in the draft's text only
# What only the draft or the scheduled post uses: (kind, slug).
UNPUBLISHED = [
    ("tag", "email"),
    ("tag", "salary-talks"),
    ("tag", "references"),
    ("category", "career-growth"),
    ("category", "interviews"),
    ("author", "ghost-writer"),
    ("author", "pat-future"),
]


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    project = new_project(tmp_path_factory.mktemp("published-only") / "site")
    settings = posts.load_settings(project)
    write_post(
        project,
        GOOD_POST.replace("Thank the panel, then wait three months", DRAFT_TITLE)
        .replace("thank-the-panel-then-wait", "draft-about-salary")
        .replace("Category: Interviews", "Category: Career Growth")
        .replace("Tags: follow-up, probation", "Tags: email, salary-talks")
        .replace("Author: Minto Roy", "Author: Ghost Writer")
        .replace("Summary:", "Status: draft\nSummary:")
        + f"\nA word only this draft has: {DRAFT_WORD}.\n",
        "draft.md",
    )
    write_post(
        project,
        GOOD_POST.replace("Thank the panel, then wait three months", FUTURE_TITLE)
        .replace("thank-the-panel-then-wait", "scheduled-about-references")
        .replace("Tags: follow-up, probation", "Tags: references")
        .replace("Author: Minto Roy", "Author: Pat Future")
        .replace("2026-03-02 08:30", f"{posts.site_now(settings).year + 50}-01-05 09:00"),
        "future.md",
    )
    result = make(project, "publish", f"SITEURL={SITEURL}")
    assert result.returncode == 0, result.stdout + result.stderr
    return project, result


def test_the_scheduled_post_is_named_as_held_back(published):
    _, result = published
    held = [line for line in result.stdout.splitlines() if "held back" in line]
    assert len(held) == 1 and "content/posts/future.md" in held[0]


def test_no_page_or_feed_exists_for_what_only_unpublished_posts_use(published):
    project, _ = published
    public = project / "public"
    assert (public / COLUMN_URL / "index.html").is_file()
    assert (public / "tag" / "probation" / "index.html").is_file(), "a published tag has one"
    for kind, slug in UNPUBLISHED:
        assert not (public / kind / slug).exists(), (kind, slug)
        assert not list((public / "feeds").rglob(f"{slug}.*")), (kind, slug)


def test_no_file_names_or_shows_an_unpublished_post(published):
    project, _ = published
    public = project / "public"
    for path in public.rglob("*"):
        relative = path.relative_to(public).as_posix()
        assert "draft-about-salary" not in relative and "scheduled-about" not in relative
        if path.suffix in {".html", ".xml", ".json", ".txt"}:
            text = path.read_text(encoding="utf-8")
            for unpublished in (DRAFT_TITLE, FUTURE_TITLE, "Ghost Writer", "Pat Future"):
                assert unpublished not in text, (relative, unpublished)
            for kind, slug in UNPUBLISHED:
                assert f"/{kind}/{slug}/" not in text, (relative, slug)


def test_the_sitemap_lists_only_published_pages(published):
    project, _ = published
    public = project / "public"
    tree = etree.fromstring((public / "sitemap.xml").read_bytes())
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    paths = [urlsplit(loc).path for loc in tree.xpath("//s:loc/text()", namespaces=namespace)]
    assert "/" + COLUMN_URL in paths
    for path in paths:
        assert (public / path.lstrip("/") / "index.html").is_file(), path
    for kind, slug in UNPUBLISHED:
        assert f"/{kind}/{slug}/" not in paths


def test_the_search_index_holds_only_the_published_post(published):
    project, _ = published
    index = project / "public" / "pagefind"
    entry = json.loads((index / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sum(language["page_count"] for language in entry["languages"].values()) == 1
    for fragment in index.rglob("*.pf_fragment"):
        text = gzip.decompress(fragment.read_bytes()).decode("utf-8", "replace")
        for unpublished in (DRAFT_WORD, DRAFT_TITLE, FUTURE_TITLE):
            assert unpublished not in text
