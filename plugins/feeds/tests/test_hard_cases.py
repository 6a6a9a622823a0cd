"""Feeds built from the hard cases in plugins/feeds/tests/fixtures/content (`&`, `<` and
`]]>` in metadata, emoji, right-to-left text, every form of relative link, images, a
draft, a hidden and a future post each with a tag of its own, a post with `Modified`),
plus filler posts so that the 20-post limit bites. Built in production mode unless said.
Characters XML forbids are `make check`'s to reject; test_entries.py gives them to the
plugin directly."""

import json
import re
import shutil
from collections import Counter
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

import feedparser
import pytest
from blinker import signal
from bs4 import BeautifulSoup
from lxml import etree
from pelican import Pelican
from pelican.settings import read_settings

from tests.support.feedcheck import (
    all_feeds,
    atom_feeds,
    atom_rule_violations,
    atom_schema,
    is_absolute,
    json_feed_violations,
    json_feeds,
    rss_feeds,
    strict_xml,
    urls_in_feed,
)
from tests.support.sitebuild import PRODUCTION_SITEURL, ROOT, build, build_or_fail, variant_settings

FIXTURE = ROOT / "plugins" / "feeds" / "tests" / "fixtures" / "content"
PASTED_POST = "posts/2024-01-10-pasted-from-a-word-processor.md"
FEED_ID_AUTHORITY = "finishfirst.example,2012"
FILLER_POSTS = 18
FEED_MAX_ITEMS = 20
TIMEZONE = ZoneInfo("America/Vancouver")
feed_entry_html = signal("feed_entry_html")
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def metadata(path):
    """The `Key: value` header of a Markdown post, keys lower-cased."""
    header = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    return {
        key.lower(): value
        for key, _, value in (line.partition(": ") for line in header.split("\n"))
    }


def text(html):
    """What a reader sees of html, white space (non-breaking too) collapsed."""
    return " ".join(BeautifulSoup(html, "html.parser").get_text().split())


def write_fillers(content):
    for number in range(1, FILLER_POSTS + 1):
        (content / "posts" / f"2023-01-{number:02d}-filler-{number}.md").write_text(
            f"Title: Filler {number}\nDate: 2023-01-{number:02d} 09:00\nCategory: Interviews\n"
            f"Tags: filler\nSlug: filler-{number}\n\nFiller post {number}, with no summary.\n",
            encoding="utf-8",
        )


def published_posts(content):
    """The posts a feed must carry, newest first, from the sources alone."""
    now = datetime.now(TIMEZONE)
    posts = []
    for path in (content / "posts").glob("*.md"):
        meta = metadata(path)
        date = datetime.fromisoformat(meta["date"]).replace(tzinfo=TIMEZONE)
        if meta.get("status") in ("draft", "hidden") or date > now:
            continue
        posts.append(
            {**meta, "date": date, "url": f"{PRODUCTION_SITEURL}/{date:%Y/%m}/{meta['slug']}/"}
        )
    return sorted(posts, key=lambda post: post["date"], reverse=True)


def withheld_posts(content):
    published = {post["slug"] for post in published_posts(content)}
    return [
        metadata(path)
        for path in (content / "posts").glob("*.md")
        if metadata(path)["slug"] not in published
    ]


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    folder = tmp_path_factory.mktemp("feeds-content") / "content"
    shutil.copytree(FIXTURE, folder)
    write_fillers(folder)
    return folder


@pytest.fixture(scope="module")
def site(content, tmp_path_factory):
    return build_or_fail(
        tmp_path_factory.mktemp("feeds-prod") / "output", "publishconf.py", content=content
    )


@pytest.fixture(scope="module")
def dev_site(content, tmp_path_factory):
    return build_or_fail(
        tmp_path_factory.mktemp("feeds-dev") / "output", "pelicanconf.py", content=content
    )


@pytest.mark.parametrize("mode", ["production", "development"])
def test_xml_feeds_are_well_formed_and_parse_without_faults(mode, site, dev_site):
    built = site if mode == "production" else dev_site
    feeds = [*atom_feeds(built), *rss_feeds(built)]
    assert len(feeds) >= 8
    for feed in feeds:
        strict_xml(feed)
        parsed = feedparser.parse(feed.read_bytes())
        assert not parsed.bozo, (feed, parsed.get("bozo_exception"))
        assert parsed.entries, feed


def test_atom_feeds_validate_against_rfc_4287(site):
    schema = atom_schema()
    for feed in atom_feeds(site):
        root = strict_xml(feed)
        assert schema.validate(root), (feed, schema.error_log)
        assert atom_rule_violations(root) == [], feed


def test_the_atom_schema_rejects_an_entry_without_id(site):
    root = strict_xml(site / "feeds" / "all.atom.xml")
    entry = root.find("{http://www.w3.org/2005/Atom}entry")
    entry.remove(entry.find("{http://www.w3.org/2005/Atom}id"))
    assert not atom_schema().validate(root)


def test_rss_declares_every_namespace_it_uses(site):
    for feed in rss_feeds(site):
        root = strict_xml(feed)
        declared = set(root.nsmap.values())
        used = {
            etree.QName(element).namespace
            for element in root.iter()
            if etree.QName(element).namespace
        }
        assert used <= declared, feed
        assert {"content", "atom", "dc"} <= set(root.nsmap), feed
        self_links = root.findall("channel/{http://www.w3.org/2005/Atom}link[@rel='self']")
        assert [link.get("href") for link in self_links] == [
            f"{PRODUCTION_SITEURL}/{feed.relative_to(site).as_posix()}"
        ]


def test_json_feed_follows_json_feed_1_1(site):
    assert [path.relative_to(site).as_posix() for path in json_feeds(site)] == ["feeds/all.json"]
    feed = json.loads((site / "feeds" / "all.json").read_text(encoding="utf-8"))
    assert json_feed_violations(feed) == []
    assert feed["feed_url"] == f"{PRODUCTION_SITEURL}/feeds/all.json"


def test_no_relative_url_in_any_feed(site):
    for feed in all_feeds(site):
        urls = urls_in_feed(feed)
        assert urls, feed
        relative = [url for url in urls if not is_absolute(url)]
        assert relative == [], feed


def test_relative_links_resolve_as_on_the_page(site):
    """Each form of link points where a reader's browser would go from the post."""
    feed = json.loads((site / "feeds" / "all.json").read_text(encoding="utf-8"))
    post = f"{PRODUCTION_SITEURL}/2024/02/every-kind-of-link/"
    up_two = f"{PRODUCTION_SITEURL}/2024/"
    html = next(item["content_html"] for item in feed["items"] if item["url"] == post)
    for expected in (
        f'href="{PRODUCTION_SITEURL}/2024/01/pasted-from-a-word-processor/"',
        f'href="{PRODUCTION_SITEURL}/about/"',
        f'href="{PRODUCTION_SITEURL}/2024/"',
        f'href="{post}sibling/"',
        f'href="{post}#answer"',
        'href="https://example.org/page"',
        'href="mailto:minto@example.org"',
        f'src="{PRODUCTION_SITEURL}/images/chart.svg"',
        f'src="{PRODUCTION_SITEURL}/2024/02/img.png"',
        f'srcset="{up_two}images/chart.svg 1x, {PRODUCTION_SITEURL}/images/chart.svg 2x"',
        f'href="{post}unquoted.html"',
        f'poster="{PRODUCTION_SITEURL}/images/chart.svg"',
        f'cite="{post}quote.html"',
    ):
        assert expected in html


def test_hard_characters_survive_in_every_format(site, content):
    source = metadata(content / PASTED_POST)
    title = XML_FORBIDDEN.sub("", source["title"])  # "<b>pay</b>" is text, as typed
    rtl = metadata(content / "posts" / "2024-03-01-right-to-left.md")["title"]
    items = json.loads((site / "feeds" / "all.json").read_text(encoding="utf-8"))["items"]
    bodies = {item["title"]: item["content_html"] for item in items}
    for feed in [site / "feeds" / "all.atom.xml", *rss_feeds(site)]:
        entries = feedparser.parse(feed.read_bytes()).entries
        bodies.update({entry.title: entry.content[0].value for entry in entries})
        assert {title, rtl} <= {entry.title for entry in entries}, feed
    assert {title, rtl} <= {item["title"] for item in items}
    for html in (bodies[title], bodies[rtl]):
        text = " ".join(BeautifulSoup(html, "html.parser").get_text().split())
        assert any(sample in text for sample in ("3 < 5 & 5 > 3", "תודה על זמנך"))
    assert "]]> in the middle" in " ".join(
        BeautifulSoup(bodies[title], "html.parser").get_text().split()
    )
    assert "👩🏽‍💻" in bodies[title] and "شكرا لوقتك" in bodies[rtl]


def test_entries_are_the_latest_published_posts(site, content):
    expected = published_posts(content)[:FEED_MAX_ITEMS]
    assert len(published_posts(content)) > FEED_MAX_ITEMS, "the fixture must exceed the limit"
    atom = feedparser.parse((site / "feeds" / "all.atom.xml").read_bytes()).entries
    rss = feedparser.parse((site / "feeds" / "all.rss.xml").read_bytes()).entries
    items = json.loads((site / "feeds" / "all.json").read_text(encoding="utf-8"))["items"]
    urls = [post["url"] for post in expected]
    assert [entry.link for entry in atom] == urls
    assert [entry.link for entry in rss] == urls
    assert [item["url"] for item in items] == urls
    # One id per post, the same in every format.
    assert (
        [entry.id for entry in atom]
        == [entry.id for entry in rss]
        == [item["id"] for item in items]
    )
    assert len(set(entry.id for entry in atom)) == len(atom)
    # Exactly what the URL holds below SITEURL: year, month and slug.
    for entry, post in zip(atom, expected, strict=True):
        assert entry.id == f"tag:{FEED_ID_AUTHORITY}:{post['date']:%Y/%m}/{post['slug']}"


def test_category_and_tag_feeds_hold_their_posts(site, content):
    posts = published_posts(content)
    for feed in atom_feeds(site):
        kind = feed.parent.name
        if kind not in ("category", "tag"):
            continue
        parsed = feedparser.parse(feed.read_bytes())
        name = parsed.feed.title.removeprefix("Finish First - ")
        field = "category" if kind == "category" else "tags"
        wanted = [
            post["url"]
            for post in posts
            if name
            in (XML_FORBIDDEN.sub("", term.strip()) for term in post.get(field, "").split(","))
        ][:FEED_MAX_ITEMS]
        assert wanted, feed
        assert [entry.link for entry in parsed.entries] == wanted, feed


def test_drafts_hidden_and_future_posts_are_in_no_feed(site, content):
    withheld = withheld_posts(content)
    assert {post.get("status") for post in withheld} >= {"draft", "hidden"}
    assert any(datetime.fromisoformat(post["date"]).year > datetime.now().year for post in withheld)
    for feed in all_feeds(site):
        text = feed.read_text(encoding="utf-8")
        for post in withheld:
            assert post["slug"] not in text and post["title"] not in text, (feed, post["slug"])


def test_a_tag_only_unpublished_posts_use_has_no_feed(site, content):
    """pelican-related-posts puts the draft's and the scheduled post's tags into Pelican's
    tag list (a defaultdict): the plugin groups published posts itself."""
    published_tags = {
        tag.strip() for post in published_posts(content) for tag in post["tags"].split(",")
    }
    withheld_tags = {
        tag.strip() for post in withheld_posts(content) for tag in post["tags"].split(",")
    }
    only_withheld = withheld_tags - published_tags
    assert {"draft-only", "hidden-only", "scheduled-only"} <= only_withheld
    titles = {
        feedparser.parse(feed.read_bytes()).feed.title.removeprefix("Finish First - ")
        for feed in (site / "feeds" / "tag").glob("*.atom.xml")
    }
    assert titles == published_tags


def test_two_builds_write_byte_identical_feeds(site, content, tmp_path):
    again = build_or_fail(tmp_path / "output", "publishconf.py", content=content)
    feeds = [feed.relative_to(site) for feed in all_feeds(site)]
    assert feeds == [feed.relative_to(again) for feed in all_feeds(again)]
    for feed in feeds:
        assert (site / feed).read_bytes() == (again / feed).read_bytes(), feed


def test_a_feed_is_as_new_as_its_newest_entry(site):
    for feed in atom_feeds(site):
        root = strict_xml(feed)
        entries = root.findall("{http://www.w3.org/2005/Atom}entry")
        newest = max(
            datetime.fromisoformat(e.findtext("{http://www.w3.org/2005/Atom}updated"))
            for e in entries
        )
        assert datetime.fromisoformat(root.findtext("{http://www.w3.org/2005/Atom}updated")) == (
            newest
        ), feed
    for feed in rss_feeds(site):
        channel = strict_xml(feed).find("channel")
        newest = max(
            datetime.fromisoformat(item.findtext("{http://purl.org/dc/terms/}modified"))
            for item in channel.findall("item")
        )
        assert parsedate_to_datetime(channel.findtext("lastBuildDate")) == newest, feed


def test_a_site_without_posts_has_empty_site_feeds_dated_by_the_id_authority(tmp_path):
    """Written, so that the pages' feed links and /subscribe/ work before the first post;
    dated by FEED_ID_AUTHORITY's year, never by the clock, so every build agrees."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE / "pages", content / "pages")
    (content / "posts").mkdir()
    first = build_or_fail(tmp_path / "output", "publishconf.py", content=content)
    names = [feed.relative_to(first).as_posix() for feed in all_feeds(first)]
    assert names == ["feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/all.json"]
    year = int(FEED_ID_AUTHORITY.rsplit(",", 1)[1])
    authority_start = datetime(year, 1, 1, tzinfo=UTC)
    atom = strict_xml(first / "feeds" / "all.atom.xml")
    assert atom.findall("{http://www.w3.org/2005/Atom}entry") == []
    assert datetime.fromisoformat(atom.findtext("{http://www.w3.org/2005/Atom}updated")) == (
        authority_start
    )
    rss = strict_xml(first / "feeds" / "all.rss.xml").find("channel")
    assert parsedate_to_datetime(rss.findtext("lastBuildDate")) == authority_start
    assert json.loads((first / "feeds" / "all.json").read_text(encoding="utf-8"))["items"] == []


def test_every_format_carries_dates_author_terms_and_summary(site, content):
    source = metadata(content / "posts" / "2024-04-01-updated-later.md")
    published = datetime.fromisoformat(source["date"]).replace(tzinfo=TIMEZONE)
    modified = datetime.fromisoformat(source["modified"]).replace(tzinfo=TIMEZONE)
    terms = [source["category"], *(tag.strip() for tag in source["tags"].split(","))]
    url = f"{PRODUCTION_SITEURL}/2024/04/updated-later/"

    atom = strict_xml(site / "feeds" / "all.atom.xml")
    entry = next(e for e in atom.iter("{*}entry") if e.find("{*}link").get("href") == url)
    assert datetime.fromisoformat(entry.findtext("{*}published")) == published
    assert datetime.fromisoformat(entry.findtext("{*}updated")) == modified
    assert [a.findtext("{*}name") for a in entry.findall("{*}author")] == [source["author"]]
    assert [c.get("term") for c in entry.findall("{*}category")] == terms
    assert text(entry.findtext("{*}summary")) == source["summary"]

    rss = strict_xml(site / "feeds" / "all.rss.xml")
    item = next(i for i in rss.iter("item") if i.findtext("link") == url)
    assert parsedate_to_datetime(item.findtext("pubDate")) == published
    assert datetime.fromisoformat(item.findtext("{http://purl.org/dc/terms/}modified")) == modified
    assert [c.text for c in item.findall("{http://purl.org/dc/elements/1.1/}creator")] == [
        source["author"]
    ]
    assert [c.text for c in item.findall("category")] == terms
    assert text(item.findtext("description")) == source["summary"]
    assert "The corrected" in item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")

    items = json.loads((site / "feeds" / "all.json").read_text(encoding="utf-8"))["items"]
    item = next(i for i in items if i["url"] == url)
    assert datetime.fromisoformat(item["date_published"]) == published
    assert datetime.fromisoformat(item["date_modified"]) == modified
    assert item["authors"] == [{"name": source["author"]}]
    assert item["tags"] == terms
    assert item["summary"] == source["summary"]


def test_ids_survive_a_title_edit_and_a_move_of_the_site(site, content, tmp_path):
    edited = tmp_path / "content"
    shutil.copytree(content, edited)
    post = edited / "posts" / "2024-04-01-updated-later.md"
    post.write_text(
        post.read_text(encoding="utf-8").replace(
            "Title: A post that was updated later", "Title: A better title"
        ),
        encoding="utf-8",
    )
    moved = build_or_fail(
        tmp_path / "output",
        "publishconf.py",
        content=edited,
        siteurl="https://moved.example/column",
    )

    def ids_and_links(built):
        entries = feedparser.parse((built / "feeds" / "all.atom.xml").read_bytes()).entries
        return (
            [entry.id for entry in entries],
            [entry.link for entry in entries],
            [e.title for e in entries],
        )

    ids, links, titles = ids_and_links(site)
    moved_ids, moved_links, moved_titles = ids_and_links(moved)
    assert "A better title" in moved_titles and "A better title" not in titles
    assert all(link.startswith("https://moved.example/column/") for link in moved_links)
    assert moved_ids == ids


def test_each_post_in_a_feed_is_made_into_an_entry_once(content, tmp_path):
    """In this process, so that a receiver of the extension point counts: it hears once
    per post that any feed carries, however many feeds carry it."""
    heard = Counter()

    def count(article, entry_url):
        heard[entry_url] += 1
        return ""

    feed_entry_html.connect(count)
    try:
        settings = read_settings(
            str(ROOT / "publishconf.py"),
            override={
                "PATH": str(content),
                "OUTPUT_PATH": str(tmp_path / "output"),
                "SITEURL": PRODUCTION_SITEURL,
                # The fixture holds what make check refuses on purpose (plugins/content_check).
                "CONTENT_CHECK": False,
            },
        )
        Pelican(settings).run()
    finally:
        feed_entry_html.disconnect(count)
    carried = Counter(link for feed in atom_feeds(tmp_path / "output") for link in links(feed))
    assert max(carried.values()) >= 3, "a post in several feeds, or the test proves nothing"
    assert heard == Counter(set(carried))


def links(feed):
    return [entry.link for entry in feedparser.parse(feed.read_bytes()).entries]


def test_bad_feed_settings_stop_the_build_one_line_each_before_anything_is_written(tmp_path):
    settings = variant_settings(
        tmp_path,
        "publishconf.py",
        FEED_ID_AUTHORITY="https://finishfirst.example/",
        FEED_ALL_RSS="feeds/all.rss.xml",
        FEED_MAX_ITEMS=0,
        FEEDS={
            "all": {"atom": "../all.atom.xml", "rss": "feeds/all.rss.xml", "atom1": "x.xml"},
            "tag": {"atom": "feeds/tag/all.atom.xml", "json": "feeds/all.rss.xml"},
            "author": {"atom": "feeds/author/{slug}.atom.xml"},
        },
    )
    output = tmp_path / "output"
    result = build(output, settings, content=FIXTURE)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    expected = [
        ("FEED_ALL_RSS = 'feeds/all.rss.xml'", "set it to None and list the feed in FEEDS"),
        ("FEEDS['all']['atom'] = '../all.atom.xml'", "leaves the site"),
        ("FEEDS['all']['atom1']", "unknown format; use one of atom, rss, json"),
        ("FEEDS['tag']['atom'] = 'feeds/tag/all.atom.xml'", "must hold {slug}"),
        ("FEEDS['tag']['json'] = 'feeds/all.rss.xml'", "must hold {slug}"),
        ("FEEDS['author']", "unknown kind of feed"),
        ("FEED_ID_AUTHORITY = 'https://finishfirst.example/'", 'e.g. "example.org,2012"'),
        ("FEED_MAX_ITEMS = 0", "or None for every post"),
    ]
    for setting, fix in expected:
        assert sum(setting in line and fix in line for line in lines) == 1, (setting, lines)
    assert lines[-1] == "feeds: 8 problem(s) above; fix them and build again"
    assert "Traceback" not in result.stdout + result.stderr
    assert not output.exists()


def test_two_feeds_at_one_path_are_refused(tmp_path):
    settings = variant_settings(
        tmp_path,
        "publishconf.py",
        FEEDS={"all": {"atom": "feeds/all.xml", "rss": "feeds/all.xml"}},
    )
    result = build(tmp_path / "output", settings, content=FIXTURE)
    assert result.returncode == 1
    assert "FEEDS['all']['rss'] = 'feeds/all.xml': two feeds at one path" in result.stderr
