"""Feeds parse cleanly, carry the full column, and use absolute URLs in production."""

import json
import re
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup

from tests.support.feedcheck import (
    all_feeds,
    atom_feeds,
    atom_rule_violations,
    atom_schema,
    is_absolute,
    json_feed_violations,
    rss_feeds,
    strict_xml,
    urls_in_feed,
)
from tests.support.sitebuild import COLUMN_URL, PRODUCTION_SITEURL, ROOT, soup

FEEDS = [
    "feeds/all.atom.xml",
    "feeds/all.rss.xml",
    "feeds/category/job-search.atom.xml",
    "feeds/tag/probation.atom.xml",
]


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


def test_site_offers_atom_rss_json_and_a_feed_per_category_and_tag(site):
    names = {path.relative_to(site).as_posix() for path in all_feeds(site)}
    assert {"feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/all.json"} <= names
    column = soup(site / COLUMN_URL / "index.html")
    tags = [link["href"].rstrip("/").rsplit("/", 1)[-1] for link in column.select(".tags a")]
    assert tags and {f"feeds/tag/{tag}.atom.xml" for tag in tags} <= names
    assert "feeds/category/job-search.atom.xml" in names


def test_production_feeds_validate_and_hold_no_relative_url(prod_site):
    schema = atom_schema()
    for feed in atom_feeds(prod_site):
        root = strict_xml(feed)
        assert schema.validate(root), (feed, schema.error_log)
        assert atom_rule_violations(root) == [], feed
    for feed in rss_feeds(prod_site):
        strict_xml(feed)
    feed = json.loads((prod_site / "feeds" / "all.json").read_text(encoding="utf-8"))
    assert json_feed_violations(feed) == []
    for feed in all_feeds(prod_site):
        assert [url for url in urls_in_feed(feed) if not is_absolute(url)] == [], feed


def html_pages(site):
    return list(site.rglob("*.html"))  # never the .html.gz and .html.br copies


def test_every_page_names_the_site_feeds_and_its_own(site):
    """Autodiscovery: <link rel="alternate"> in each page's head, each to a built feed."""
    for path in html_pages(site):
        page = soup(path)
        links = page.head.select('link[rel="alternate"][type]')
        hrefs = [link["href"] for link in links]
        targets = [
            str(urljoin(f"https://host/{path.relative_to(site).as_posix()}", href))
            for href in hrefs
        ]
        names = [urlsplit(target).path.lstrip("/") for target in targets]
        for site_feed in ("feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/all.json"):
            assert any(name.endswith(site_feed) for name in names), path
        for name, link in zip(names, links, strict=True):
            local = name[name.index("feeds/") :]
            assert (site / local).is_file(), (path, name)
            assert link["type"] in (
                "application/atom+xml",
                "application/rss+xml",
                "application/feed+json",
            )
        relative = path.relative_to(site).parent.as_posix()
        for kind in ("category", "tag"):
            if relative.startswith(f"{kind}/") and relative.count("/") == 1:
                slug = relative.split("/")[1]
                assert any(name.endswith(f"feeds/{kind}/{slug}.atom.xml") for name in names), path


def test_subscribe_page_lists_every_feed_with_a_copy_button(site):
    page = soup(site / "subscribe" / "index.html")
    listed = [item.select_one(".feed-url").get_text() for item in page.select("li.feed")]
    # Absolute even in the development build, whose pages link relatively: it is copied.
    assert all(is_absolute(url) for url in listed)
    paths = sorted(urlsplit(url).path.lstrip("/") for url in listed)
    assert paths == sorted(path.relative_to(site).as_posix() for path in all_feeds(site))
    for item in page.select("li.feed"):
        button = item.select_one("button.copy-feed-url")
        assert button["data-url"] == item.select_one(".feed-url").get_text()
        assert button.has_attr("hidden"), "shown by the script only, never a dead button"
    scripts = page.find_all("script")
    assert all(script.get("src") and not script.string for script in scripts), "no inline script"
    handlers = [name for tag in page.find_all(True) for name in tag.attrs if name.startswith("on")]
    assert handlers == [], "no inline event handler"


def test_feeds_are_plain_xml_with_no_stylesheet(prod_site):
    """Browsers are removing XSLT (Chromium covers a styled feed with a warning banner):
    readers follow /subscribe/, feed readers the feeds."""
    for feed in [*atom_feeds(prod_site), *rss_feeds(prod_site)]:
        root = strict_xml(feed)
        before_root = list(root.itersiblings(preceding=True))
        assert before_root == [], (feed, before_root)
        assert b"<?xml-stylesheet" not in feed.read_bytes(), feed
    assert not list(prod_site.rglob("*.xsl")), "no stylesheet for feeds is published"


def test_every_footer_sends_readers_to_the_subscribe_page_not_to_a_feed_file(site):
    for path in html_pages(site):
        footer = soup(path).select_one(".site-footer")
        hrefs = [urlsplit(link["href"]).path for link in footer.find_all("a", href=True)]
        assert any(href.endswith("/subscribe/") for href in hrefs), path
        assert not [href for href in hrefs if "/feeds/" in href], path


def test_readme_subscribing_section_names_every_feed(prod_site):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Subscribing") :].split("\n## ", 1)[0]
    for feed in ("feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/all.json"):
        assert feed in section
    assert "feeds/category/{slug}.atom.xml" in section and "feeds/tag/{slug}.atom.xml" in section
    assert "/subscribe/" in section


def test_copy_button_copies_the_feed_address_under_a_strict_csp(browser, served_site):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(f"{served_site.url}/subscribe/")
    button = page.locator("li.feed", has_text="feeds/all.rss.xml").locator("button")
    button.click()
    assert page.evaluate("navigator.clipboard.readText()") == f"{served_site.url}/feeds/all.rss.xml"
    assert "Copied" in page.locator("#copy-status").inner_text()
    assert errors == []
    context.close()
