"""A post's feed entry, made from an object with a Pelican article's attributes: the ids,
and the last defence against characters XML 1.0 forbids (`make check` rejects them with
their line and column before a build; whatever still gets through is dropped here)."""

import io
import json
import logging
import re
from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import feedparser

from feeds.entry import from_post
from feeds.formats import AtomFeed, RssFeed, add_entry
from feeds.ids import authority_date, entry_id
from feeds.jsonfeed import JsonFeed
from tests.support.feedcheck import json_feed_violations

SITE = "https://finishfirst.test"
AUTHORITY = "finishfirst.example,2012"
TIMEZONE = ZoneInfo("America/Vancouver")
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# JSON may spell them as escapes.
JSON_ESCAPED_FORBIDDEN = re.compile(r"\\u(000[0-8bBcCeEfF]|001[0-9a-fA-F]|[fF]{3}[eEfF])")


def named(name):
    return SimpleNamespace(name=name, slug=name.lower())


def post(title="A title", date=datetime(2012, 10, 29, 9), slug="the-slug", **fields):
    """What from_post reads of a Pelican article; the URL as ARTICLE_URL makes it."""
    content = fields.pop("content", "<p>The text.</p>")
    summary = fields.pop("summary", "<p>The summary.</p>")
    defaults = {
        "category": named("Job Search"),
        "tags": [named("salary")],
        "authors": [named("Minto Roy")],
        "modified": None,
        "relative_source_path": f"posts/{slug}.md",
    }
    return SimpleNamespace(
        title=title,
        date=date,
        url=f"{date:%Y/%m}/{slug}/",
        get_content=lambda siteurl: content,
        get_summary=lambda siteurl: summary,
        **{**defaults, **fields},
    )


def entry(article):
    return from_post(article, SITE, AUTHORITY, lambda moment: moment.replace(tzinfo=TIMEZONE))


def written(feed_class, entries) -> str:
    feed = feed_class(
        title="Finish First",
        link=f"{SITE}/",
        description="",
        feed_url=f"{SITE}/feeds/x",
        empty_updated=authority_date(AUTHORITY),
    )
    for one in entries:
        add_entry(feed, one)
    out = io.StringIO()
    feed.write(out, "utf-8")
    return out.getvalue()


def test_the_id_is_what_the_url_holds_below_siteurl():
    first = entry(post())
    assert first.id == f"tag:{AUTHORITY}:2012/10/the-slug"
    assert first.url == f"{SITE}/2012/10/the-slug/"


def test_a_title_edit_or_a_date_edit_within_the_month_keeps_the_id():
    first = entry(post())
    assert entry(post(title="A better title")).id == first.id
    assert entry(post(date=datetime(2012, 10, 30, 18))).id == first.id


def test_an_edit_that_moves_the_url_moves_the_id():
    first = entry(post())
    assert entry(post(date=datetime(2012, 11, 1, 9))).id != first.id
    assert entry(post(slug="another-slug")).id != first.id


def test_ids_percent_encode_what_a_tag_uri_cannot_hold():
    assert (
        entry_id(AUTHORITY, "2012/10/caf\u00e9 au lait/")
        == f"tag:{AUTHORITY}:2012/10/caf%C3%A9%20au%20lait"
    )


def test_the_id_is_the_one_the_build_records_whatever_the_url_holds():
    # give_feed_ids and make publish's record call entry_id on the URL as it is: the
    # entry must not differ (entry_id percent-encodes what XML forbids, never drops it).
    bell = post(slug="the\x07slug")
    assert entry(bell).id == entry_id(AUTHORITY, bell.url) == f"tag:{AUTHORITY}:2012/10/the%07slug"


def test_characters_xml_forbids_are_dropped_from_every_field_and_format(caplog):
    pasted = post(
        title="Offers\x0c & counter-offers",
        content="<p>A vertical tab\x0b, a bell\x07 and a non-character\ufffe.</p>",
        summary="<p>Pasted text\x0b.</p>",
        category=named("Job\x07 Search"),
        tags=[named("bell\x07ringer")],
        authors=[named("Minto\x0b Roy")],
    )
    with caplog.at_level(logging.DEBUG, logger="feeds.entry"):
        made = entry(pasted)
    assert made.title == "Offers & counter-offers"
    assert made.terms == ("Job Search", "bellringer") and made.authors == ("Minto Roy",)
    for feed_class in (AtomFeed, RssFeed, JsonFeed):
        text = written(feed_class, [made])
        assert not XML_FORBIDDEN.search(text), feed_class
        assert not JSON_ESCAPED_FORBIDDEN.search(text), feed_class
    for feed_class in (AtomFeed, RssFeed):
        parsed = feedparser.parse(written(feed_class, [made]).encode("utf-8"))
        assert not parsed.bozo and parsed.entries[0].title == "Offers & counter-offers"
    assert json_feed_violations(json.loads(written(JsonFeed, [made]))) == []


def test_dropping_them_is_said_below_warning_level_so_no_build_stops_for_it(caplog):
    """A production build treats every warning as fatal: the last defence must not stop it."""
    with caplog.at_level(logging.DEBUG, logger="feeds.entry"):
        entry(post(title="Bell\x07", content="<p>Tab\x0b</p>"))
    [record] = caplog.records
    assert record.levelno < logging.WARNING
    assert "posts/the-slug.md" in record.getMessage()
    assert "U+0007, U+000B" in record.getMessage()


def test_a_clean_post_says_nothing(caplog):
    with caplog.at_level(logging.DEBUG, logger="feeds.entry"):
        entry(post())
    assert caplog.records == []


def test_an_empty_feed_is_dated_by_the_id_authority_not_by_the_clock():
    for feed_class in (AtomFeed, RssFeed):
        parsed = feedparser.parse(written(feed_class, []).encode("utf-8"))
        assert tuple(parsed.feed.updated_parsed[:6]) == (2012, 1, 1, 0, 0, 0), feed_class
