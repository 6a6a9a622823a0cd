"""Make post HTML fit for a feed: only characters XML 1.0 allows, only absolute URLs.

Free of Pelican so it can be tested alone.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin

from html_tags import StartTag, rewrite_start_tags, with_attributes

# Everything outside XML 1.0's `Char` production makes a whole feed unreadable.
_FORBIDDEN_IN_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# Attributes whose value is one URL; srcset holds several and is handled apart.
URL_ATTRIBUTES = frozenset({"href", "src", "poster", "cite", "data", "action", "formaction"})


def forbidden_characters(text: str) -> list[str]:
    """The XML-forbidden characters in text, as sorted code points ("U+000B")."""
    return sorted({f"U+{ord(char):04X}" for char in _FORBIDDEN_IN_XML.findall(text)})


def remove_forbidden_characters(text: str) -> str:
    return _FORBIDDEN_IN_XML.sub("", text)


def html_to_text(html: str) -> str:
    """The text a browser shows for html: tags dropped, entities decoded, a stray
    "<" kept (markupsafe's striptags would drop "< worth ]]>" as if it were a tag)."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return "".join(collector.text)


def absolute_url(url: str, base_url: str) -> str:
    """The URL a browser would follow from a page at base_url (schemes such as
    mailto: and data: stay as they are)."""
    return urljoin(base_url, url.strip())


def absolute_srcset(srcset: str, base_url: str) -> str:
    candidates = []
    for candidate in srcset.split(","):
        url, _, descriptor = candidate.strip().partition(" ")
        if url:
            candidates.append(f"{absolute_url(url, base_url)} {descriptor.strip()}".strip())
    return ", ".join(candidates)


def absolute_urls_in_html(html: str, base_url: str) -> str:
    """html with every URL attribute resolved against base_url, the page's own URL.

    Only the start tags that change are rewritten; all other markup stays byte for byte.
    """

    def resolved(tag: StartTag) -> str | None:
        attributes = [(name, _resolve(name, value, base_url)) for name, value in tag.attributes]
        return with_attributes(tag, attributes) if tuple(attributes) != tag.attributes else None

    return rewrite_start_tags(html, resolved)


def _resolve(name: str, value: str | None, base_url: str) -> str | None:
    if value is None:
        return None
    if name in URL_ATTRIBUTES:
        return absolute_url(value, base_url)
    if name == "srcset":
        return absolute_srcset(value, base_url)
    return value


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []

    def handle_data(self, data):
        self.text.append(data)
