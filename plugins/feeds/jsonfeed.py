"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1).

Written here because no kept Python library writes it: the one Pelican plugin
(pelican_json_feed) writes version 1.0, is not on PyPI and is unmaintained.
"""

import json
from collections.abc import Iterable

from .entry import FeedEntry

VERSION = "https://jsonfeed.org/version/1.1"


def json_feed(
    *,
    title: str,
    description: str,
    home_page_url: str,
    feed_url: str,
    language: str,
    authors: Iterable[str],
    entries: Iterable[FeedEntry],
) -> str:
    feed = {
        "version": VERSION,
        "title": title,
        "home_page_url": home_page_url,
        "feed_url": feed_url,
        "description": description,
        "language": language,
        "authors": [{"name": name} for name in authors],
        "items": [_item(entry) for entry in entries],
    }
    return json.dumps(feed, ensure_ascii=False, indent=2) + "\n"


def _item(entry: FeedEntry) -> dict:
    return {
        "id": entry.id,
        "url": entry.url,
        "title": entry.title,
        "content_html": entry.content_html,
        "summary": entry.summary_text,
        "date_published": entry.published.isoformat(),
        "date_modified": entry.updated.isoformat(),
        "authors": [{"name": name} for name in entry.authors],
        "tags": list(entry.terms),
    }
