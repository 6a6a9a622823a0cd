"""Atom 1.0 and RSS 2.0 as feedgenerator writes them, plus what it leaves out, and how
a FeedEntry becomes an item of any format.

feedgenerator 2.2.1 already writes RSS's `xmlns:atom` and `atom:link rel="self"`. It
does not write: more than one author, RSS's `content:encoded` (full text beside the
summary), a modified date in RSS, or `dc:creator` with its namespace on the root.
Each item carries the extra keys "authors" (names) and "summary_text" (JSON Feed).

A feed's `updated` (Atom) and `lastBuildDate` (RSS) is its newest entry's date, never
the time of the build; a feed with no entry yet gets the fixed `empty_updated`.
"""

from feedgenerator import Atom1Feed, Rss201rev2Feed
from feedgenerator.django.utils.feedgenerator import rfc3339_date

from .entry import FeedEntry

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
DCTERMS_NS = "http://purl.org/dc/terms/"


class DatedByEntries:
    def latest_post_date(self):
        # feedgenerator's own answer for a feed without items is the current time.
        return super().latest_post_date() if self.items else self.feed["empty_updated"]


class AtomFeed(DatedByEntries, Atom1Feed):
    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")


class RssFeed(DatedByEntries, Rss201rev2Feed):
    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": CONTENT_NS,
            "xmlns:dc": DC_NS,
            "xmlns:dcterms": DCTERMS_NS,
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item["content"] is not None:
            handler.addQuickElement("content:encoded", item["content"])
        for name in item["authors"]:
            handler.addQuickElement("dc:creator", name)
        # Like Atom's <updated>: the modified date, else the publication date.
        updated = item["updateddate"] or item["pubdate"]
        handler.addQuickElement("dcterms:modified", rfc3339_date(updated))


def add_entry(feed, entry: FeedEntry) -> None:
    summary = entry.summary_html
    if isinstance(feed, AtomFeed) and summary == entry.content_html:
        summary = None  # Atom: a summary that repeats the content is noise
    feed.add_item(
        title=entry.title,
        link=entry.url,
        description=summary,
        content=entry.content_html,
        unique_id=entry.id,
        unique_id_is_permalink=False,
        categories=entry.terms,
        author_name=None,
        authors=entry.authors,
        summary_text=entry.summary_text,
        pubdate=entry.published,
        updateddate=entry.modified,
    )
