"""Checks shared by the feed tests: find a build's feeds, read every URL in them,
validate Atom against RFC 4287 and JSON Feed against version 1.1."""

import functools
import json
import re
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import rnc2rng
from bs4 import BeautifulSoup
from lxml import etree

from .sitebuild import ROOT

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
# RFC 4287's own schema, in its compact syntax, as the RFC prints it.
ATOM_SCHEMA = ROOT / "plugins" / "feeds" / "tests" / "fixtures" / "atom.rnc"
# Attributes whose value is a URL, as HTML defines them; srcset holds several.
HTML_URL_ATTRIBUTES = ["href", "src", "poster", "cite", "data", "action", "formaction"]


def atom_feeds(site: Path) -> list[Path]:
    return sorted((site / "feeds").rglob("*.atom.xml"))


def rss_feeds(site: Path) -> list[Path]:
    return sorted((site / "feeds").rglob("*.rss.xml"))


def json_feeds(site: Path) -> list[Path]:
    return sorted((site / "feeds").rglob("*.json"))


def all_feeds(site: Path) -> list[Path]:
    """Every feed the build wrote: Atom, then RSS, then JSON Feed."""
    return [*atom_feeds(site), *rss_feeds(site), *json_feeds(site)]


def strict_xml(path: Path) -> etree._Element:
    """Parse as XML 1.0 with no recovery: any fault raises."""
    return etree.fromstring(path.read_bytes(), etree.XMLParser(recover=False))


def is_absolute(url: str) -> bool:
    return bool(urlsplit(url.strip()).scheme)


def urls_in_html(html: str) -> list[str]:
    page = BeautifulSoup(html, "html.parser")
    urls = [tag[name] for name in HTML_URL_ATTRIBUTES for tag in page.find_all(attrs={name: True})]
    for tag in page.find_all(srcset=True):
        urls += [
            candidate.split()[0] for candidate in tag["srcset"].split(",") if candidate.strip()
        ]
    return urls


def urls_in_feed(path: Path) -> list[str]:
    """Every URL a reader may follow: the feed's own links and every URL inside the
    HTML of each entry."""
    if path.suffix == ".json":
        feed = json.loads(path.read_text(encoding="utf-8"))
        urls = [feed[key] for key in ("home_page_url", "feed_url") if key in feed]
        for item in feed["items"]:
            # JSON Feed's summary is plain text (version 1.1): no URL to follow in it.
            urls += [item["url"], *urls_in_html(item["content_html"])]
        return urls
    root = strict_xml(path)
    urls = [link.get("href") for link in root.iter(f"{ATOM}link")]
    urls += [link.text for link in root.iter("link")]
    html_elements = [f"{ATOM}content", f"{ATOM}summary", "description", CONTENT_ENCODED]
    for name in html_elements:
        for element in root.iter(name):
            urls += urls_in_html(element.text or "")
    return urls


@functools.cache
def atom_schema() -> etree.RelaxNG:
    """The RFC's compact schema, converted by rnc2rng (what lxml's
    `RelaxNG.from_rnc_string` does), less one fault of rnc2rng 2.7.0: it declares the
    RFC's `namespace local = ""` as `xmlns:local=""`, which XML forbids (only the default
    namespace can be empty) and which nothing uses (names carry `ns=""` themselves)."""
    grammar = rnc2rng.dumps(rnc2rng.loads(ATOM_SCHEMA.read_text(encoding="utf-8")))
    grammar = re.sub(r'\s+xmlns:\w+=""', "", grammar)
    return etree.RelaxNG(etree.fromstring(grammar.encode("utf-8")))


def atom_rule_violations(root: etree._Element) -> list[str]:
    """RFC 4287's rules that its RELAX NG schema leaves to Schematron and prose."""
    problems = []
    entries = root.findall(f"{ATOM}entry")
    if root.find(f"{ATOM}author") is None and any(
        entry.find(f"{ATOM}author") is None for entry in entries
    ):
        problems.append("feed without author has an entry without author (4.1.1)")
    for where in [root, *entries]:
        alternates = [
            link for link in where.findall(f"{ATOM}link") if link.get("rel") in (None, "alternate")
        ]
        if len({(link.get("type"), link.get("hreflang")) for link in alternates}) != len(
            alternates
        ):
            problems.append("two alternate links with the same type and hreflang (4.1.1, 4.1.2)")
    if [link.get("rel") for link in root.findall(f"{ATOM}link")].count("self") != 1:
        problems.append("the feed needs exactly one rel=self link (4.1.1 SHOULD)")
    for entry in entries:
        has_alternate = any(
            link.get("rel") in (None, "alternate") for link in entry.findall(f"{ATOM}link")
        )
        if entry.find(f"{ATOM}content") is None and not has_alternate:
            problems.append("entry without content has no alternate link (4.1.2)")
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    if len(set(ids)) != len(ids):
        problems.append("two entries share an id (4.2.6)")
    return problems


JSON_FEED_KEYS = {
    "version", "title", "home_page_url", "feed_url", "description", "user_comment",
    "next_url", "icon", "favicon", "authors", "author", "language", "expired", "hubs", "items",
}  # fmt: skip
JSON_ITEM_KEYS = {
    "id", "url", "external_url", "title", "content_html", "content_text", "summary", "image",
    "banner_image", "date_published", "date_modified", "authors", "author", "tags", "language",
    "attachments",
}  # fmt: skip


def json_feed_violations(feed: dict) -> list[str]:
    """The JSON Feed 1.1 rules (https://jsonfeed.org/version/1.1)."""
    problems = []
    if feed.get("version") != "https://jsonfeed.org/version/1.1":
        problems.append(f"version is {feed.get('version')!r}")
    if not isinstance(feed.get("title"), str) or not feed["title"]:
        problems.append("title must be a non-empty string")
    if not isinstance(feed.get("items"), list):
        return [*problems, "items must be a list"]
    problems += [
        f"unknown key {key}" for key in feed if key not in JSON_FEED_KEYS and key[0] != "_"
    ]
    for key in ("home_page_url", "feed_url"):
        if key in feed and not is_absolute(feed[key]):
            problems.append(f"{key} is not an absolute URL")
    problems += _authors_violations(feed.get("authors", []), "feed")
    ids = []
    for item in feed["items"]:
        where = f"item {item.get('id')!r}"
        problems += [
            f"{where}: unknown key {key}"
            for key in item
            if key not in JSON_ITEM_KEYS and key[0] != "_"
        ]
        if not isinstance(item.get("id"), str) or not item["id"]:
            problems.append(f"{where}: id must be a non-empty string")
        ids.append(item.get("id"))
        if not ("content_html" in item or "content_text" in item):
            problems.append(f"{where}: needs content_html or content_text")
        for key in ("date_published", "date_modified"):
            if key in item and datetime.fromisoformat(item[key]).tzinfo is None:
                problems.append(f"{where}: {key} has no time zone (RFC 3339)")
        if not isinstance(item.get("tags", []), list) or not all(
            isinstance(tag, str) for tag in item.get("tags", [])
        ):
            problems.append(f"{where}: tags must be a list of strings")
        problems += _authors_violations(item.get("authors", []), where)
    if len(set(ids)) != len(ids):
        problems.append("two items share an id")
    return problems


def _authors_violations(authors, where: str) -> list[str]:
    if not isinstance(authors, list) or not all(
        isinstance(author, dict) and set(author) <= {"name", "url", "avatar"} and author
        for author in authors
    ):
        return [f"{where}: authors must be a list of objects with name, url or avatar"]
    return []
