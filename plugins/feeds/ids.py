"""Entry and feed ids that never change: RFC 4151 `tag:` URIs.

An id is built from a fixed tagging entity (a domain the site owns and the year
it owned it, from the FEED_ID_AUTHORITY setting), never from SITEURL, so moving
the site keeps every id; and from the post's date and slug, which are part of
its permanent URL, never from its title, so a title edit keeps it too.
"""

import re
from datetime import date
from urllib.parse import quote

_DOMAIN = r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+"
_EMAIL = r"[^@,\s]+@" + _DOMAIN
_TAGGING_ENTITY = re.compile(rf"({_DOMAIN}|{_EMAIL}),\d{{4}}(-\d{{2}}(-\d{{2}})?)?", re.IGNORECASE)
# RFC 4151 `specific`: pchar, "/" and "?" (percent-encode the rest).
_SPECIFIC_SAFE = "/?:@!$&'()*+,;=-._~"

TAGGING_ENTITY_FORM = 'a domain the site owns and a year it owned it, e.g. "example.org,2012"'


def is_tagging_entity(value: object) -> bool:
    return isinstance(value, str) and _TAGGING_ENTITY.fullmatch(value) is not None


def entry_id(tagging_entity: str, published: date, slug: str) -> str:
    """tag:example.org,2012:2012-10-29/the-slug"""
    return f"tag:{tagging_entity}:{published:%Y-%m-%d}/{quote(slug, safe=_SPECIFIC_SAFE)}"


def feed_id(tagging_entity: str, feed_path: str) -> str:
    """tag:example.org,2012:feeds/all.atom.xml"""
    return f"tag:{tagging_entity}:{quote(feed_path, safe=_SPECIFIC_SAFE)}"
