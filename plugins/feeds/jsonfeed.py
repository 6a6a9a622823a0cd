"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1) as a feedgenerator feed.

Written here because no kept Python library writes it: the one Pelican plugin
(pelican_json_feed) writes version 1.0, is not on PyPI and is unmaintained.
Being a feedgenerator feed, it takes the same items as Atom and RSS (formats.add_entry).
"""

import json

from feedgenerator import SyndicationFeed

VERSION = "https://jsonfeed.org/version/1.1"


class JsonFeed(SyndicationFeed):
    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding):
        author = self.feed["author_name"]
        feed = {
            "version": VERSION,
            "title": self.feed["title"],
            "home_page_url": self.feed["link"],
            "feed_url": self.feed["feed_url"],
            "description": self.feed["description"],
            "language": self.feed["language"],
            "authors": [{"name": author}] if author else [],
            "items": [_item(item) for item in self.items],
        }
        outfile.write(json.dumps(feed, ensure_ascii=False, indent=2) + "\n")


def _item(item: dict) -> dict:
    published = item["pubdate"]
    return {
        "id": item["unique_id"],
        "url": item["link"],
        "title": item["title"],
        "content_html": item["content"],
        "summary": item["summary_text"],
        "date_published": published.isoformat(),
        "date_modified": (item["updateddate"] or published).isoformat(),
        "authors": [{"name": name} for name in item["authors"]],
        "tags": list(item["categories"]),
    }
