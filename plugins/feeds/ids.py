"""Entry and feed ids that never change while the URL stays: RFC 4151 `tag:` URIs.

An id is built from a fixed tagging entity (a domain the site owns and the year
it owned it, from the FEED_ID_AUTHORITY setting), never from SITEURL, so moving
the site keeps every id; and from exactly what the URL the post was first published at
holds (its path below SITEURL, e.g. `2012/10/the-slug`), never from its title or its
full date, so a title edit, or a date edit that keeps the URL, keeps it too. A post
moved with a redirect (`Redirect_from:`, plugins/redirects, which gives each post its
`earlier_urls`) keeps its id; an edit that moves the URL without one moves the id, and
`make check` refuses it once the post is published.

`entry_id` is the one place an entry's id is made.
"""

import re
from collections.abc import Sequence
from datetime import datetime
from urllib.parse import quote

_DOMAIN = r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+"
_EMAIL = r"[^@,\s]+@" + _DOMAIN
_DATE = r"(?P<year>\d{4})(-(?P<month>\d{2})(-(?P<day>\d{2}))?)?"
_TAGGING_ENTITY = re.compile(rf"({_DOMAIN}|{_EMAIL}),{_DATE}", re.IGNORECASE)
# RFC 4151 `specific`: pchar, "/" and "?" (percent-encode the rest).
_SPECIFIC_SAFE = "/?:@!$&'()*+,;=-._~"

TAGGING_ENTITY_FORM = 'a domain the site owns and a year it owned it, e.g. "example.org,2012"'


def is_tagging_entity(value: object) -> bool:
    return isinstance(value, str) and _TAGGING_ENTITY.fullmatch(value) is not None


def entry_id(tagging_entity: str, url: str, earlier_urls: Sequence[str] = ()) -> str:
    """tag:example.org,2012:2012/10/the-slug for the post whose URL (relative to
    SITEURL, as Pelican's `Article.url`) is 2012/10/the-slug/, or which was published
    there first: `earlier_urls` are the post's earlier URLs, oldest first."""
    first = earlier_urls[0] if earlier_urls else url
    return f"tag:{tagging_entity}:{quote(first.strip('/'), safe=_SPECIFIC_SAFE)}"


def feed_id(tagging_entity: str, feed_path: str) -> str:
    """tag:example.org,2012:feeds/all.atom.xml"""
    return f"tag:{tagging_entity}:{quote(feed_path, safe=_SPECIFIC_SAFE)}"


def authority_date(tagging_entity: str) -> datetime:
    """The first instant of the tagging entity's date (2012 is 2012-01-01), in UTC: the
    `updated` of a feed with no entry yet: fixed in the settings, so every build agrees."""
    parts = _TAGGING_ENTITY.fullmatch(tagging_entity)
    return datetime.fromisoformat(
        f"{parts['year']}-{parts['month'] or '01'}-{parts['day'] or '01'}T00:00:00+00:00"
    )
