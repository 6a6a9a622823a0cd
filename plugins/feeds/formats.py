"""Atom 1.0 and RSS 2.0 as feedgenerator writes them, plus what it leaves out.

feedgenerator 2.2.1 already writes RSS's `xmlns:atom` and `atom:link rel="self"`,
and the RSS stylesheet instruction. It does not write: the stylesheet instruction
in Atom, more than one author, RSS's `content:encoded` (full text beside the
summary), a modified date in RSS, or `dc:creator` with its namespace on the root.
Each item carries the extra key "authors" (names) for the authors.
"""

from feedgenerator import Atom1Feed, Rss201rev2Feed
from feedgenerator.django.utils.feedgenerator import rfc3339_date
from feedgenerator.django.utils.xmlutils import SimplerXMLGenerator

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
DCTERMS_NS = "http://purl.org/dc/terms/"


class AtomFeed(Atom1Feed):
    def write(self, outfile, encoding):
        # Atom1Feed.write has no stylesheet hook; it must come before the root element.
        handler = SimplerXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        for stylesheet in self.feed["stylesheets"] or []:
            handler.processingInstruction("xml-stylesheet", str(stylesheet))
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")


class RssFeed(Rss201rev2Feed):
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
