"""One post as every feed format needs it, made once per post and shared by every feed
that carries it.

Free of Pelican: `from_post` reads a Pelican article by its attributes only.
"""

import logging
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin

from blinker import signal

from .cleanup import absolute_urls_in_html, forbidden_characters, html_to_text
from .cleanup import remove_forbidden_characters as xml_safe
from .ids import entry_id

logger = logging.getLogger(__name__)

# The extension point (see __init__.py): receivers return HTML for the entry's content.
feed_entry_html = signal("feed_entry_html")


@dataclass(frozen=True)
class FeedEntry:
    id: str
    url: str
    title: str  # plain text
    content_html: str
    summary_html: str  # equal to content_html when the post has no shorter summary
    summary_text: str  # the summary as plain text
    authors: tuple[str, ...]
    terms: tuple[str, ...]  # the category first, then the tags
    published: datetime
    modified: datetime | None


def from_post(post, site_url: str, tagging_entity: str, with_timezone) -> FeedEntry:
    """post: a Pelican article; with_timezone: makes a naive datetime aware."""
    url = urljoin(site_url.rstrip("/") + "/", post.url)
    terms = [post.category] if getattr(post, "category", None) else []
    terms += getattr(post, "tags", [])
    authors = [author.name for author in getattr(post, "authors", [])]
    content = str(post.get_content(site_url)) + extra_html(post, url)
    summary = str(post.get_summary(site_url))
    names = [*(term.name for term in terms), *authors]
    _log_forbidden_characters(post, [post.title, content, summary, *names])
    summary_html = absolute_urls_in_html(xml_safe(summary), url)
    modified = getattr(post, "modified", None)
    return FeedEntry(
        id=entry_id(tagging_entity, post.url, getattr(post, "earlier_urls", ())),
        url=url,
        title=plain_text(post.title),
        content_html=absolute_urls_in_html(xml_safe(content), url),
        summary_html=summary_html,
        summary_text=plain_text(summary_html),
        authors=tuple(plain_text(name) for name in authors),
        terms=tuple(plain_text(term.name) for term in terms),
        published=with_timezone(post.date),
        modified=with_timezone(modified) if modified else None,
    )


def extra_html(post, url: str) -> str:
    """What other plugins add to this entry's content, through `feed_entry_html`."""
    added = [html for _, html in feed_entry_html.send(post, entry_url=url) if html]
    return "".join(f"\n{html}" for html in added)


def plain_text(markup: str) -> str:
    """Text without tags (typogrify wraps parts of titles in spans), entities decoded,
    white space runs collapsed."""
    return " ".join(html_to_text(xml_safe(str(markup))).split())


def _log_forbidden_characters(post, texts: list[str]) -> None:
    """The last defence: `make check` and the build's own check reject these characters
    with their line and column before any feed is written; whatever still reaches a
    feed is dropped, and said only at info level so that a production build, whose
    warnings are fatal, never stops for it."""
    found = sorted({char for text in texts for char in forbidden_characters(str(text))})
    if found:
        logger.info(
            "feeds: %s: removed %s from its feed entries (XML 1.0 forbids them)",
            getattr(post, "relative_source_path", post.url),
            ", ".join(found),
        )
