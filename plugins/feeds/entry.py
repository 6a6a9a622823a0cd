"""One post as every feed format needs it, cleaned once.

Free of Pelican: `from_post` reads a Pelican article by its attributes only.
"""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin

from blinker import signal

from .cleanup import absolute_urls_in_html, html_to_text, remove_forbidden_characters
from .ids import entry_id

# The extension point (see __init__.py): receivers return HTML for the entry's content.
feed_entry_html = signal("feed_entry_html")


@dataclass(frozen=True)
class FeedEntry:
    id: str
    url: str
    title: str  # plain text
    content_html: str
    summary_html: str  # equal to content_html when the post has no shorter summary
    authors: tuple[str, ...]
    terms: tuple[str, ...]  # the category first, then the tags
    published: datetime
    modified: datetime | None


def from_post(post, site_url: str, tagging_entity: str, with_timezone) -> "FeedEntry":
    """post: a Pelican article; with_timezone: makes a naive datetime aware."""
    url = urljoin(site_url.rstrip("/") + "/", post.url)

    def html(markup: str) -> str:
        return absolute_urls_in_html(remove_forbidden_characters(str(markup)), url)

    terms = [post.category] if getattr(post, "category", None) else []
    terms += getattr(post, "tags", [])
    modified = getattr(post, "modified", None)
    return FeedEntry(
        id=entry_id(tagging_entity, post.date, remove_forbidden_characters(post.slug)),
        url=url,
        title=plain_text(post.title),
        content_html=html(post.get_content(site_url) + extra_html(post, url)),
        summary_html=html(post.get_summary(site_url)),
        authors=tuple(plain_text(author.name) for author in getattr(post, "authors", [])),
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
    return " ".join(html_to_text(remove_forbidden_characters(str(markup))).split())
