"""Feeds parse cleanly, carry the full column, and use absolute URLs in production."""

import re

import feedparser
import pytest
from bs4 import BeautifulSoup
from sitebuild import COLUMN_URL, PRODUCTION_SITEURL

FEEDS = ["feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/category/job-search.atom.xml"]


@pytest.mark.parametrize("feed", FEEDS)
def test_feed_parses_without_faults(site, feed):
    parsed = feedparser.parse((site / feed).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert len(parsed.entries) == 1


@pytest.mark.parametrize("feed", FEEDS)
def test_feed_carries_full_content(site, feed):
    entry = feedparser.parse((site / feed).read_bytes()).entries[0]
    text = BeautifulSoup(
        entry.content[0].value if "content" in entry else entry.description, "lxml"
    ).get_text()
    assert "second chance to finish\u00a0first." in text


@pytest.mark.parametrize("feed", FEEDS)
def test_production_feed_urls_are_absolute(prod_site, feed):
    raw = (prod_site / feed).read_text(encoding="utf-8")
    parsed = feedparser.parse(raw)
    entry = parsed.entries[0]
    assert entry.link == f"{PRODUCTION_SITEURL}/{COLUMN_URL}"
    html = entry.content[0].value if "content" in entry else entry.description
    for url in re.findall(r'(?:href|src)="([^"]*)"', html):
        assert url.startswith(("https://", "http://", "mailto:")), url
