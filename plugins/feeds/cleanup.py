"""Make post HTML fit for a feed: only characters XML 1.0 allows, only absolute URLs.

Free of Pelican so it can be tested alone.
"""

import re
from html import escape
from html.parser import HTMLParser
from urllib.parse import urljoin

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
    finder = _RelativeUrlFinder(base_url)
    finder.feed(html)
    finder.close()
    line_starts = [0]
    line_starts += [match.end() for match in re.finditer("\n", html)]
    pieces, done = [], 0
    for (line, column), old_length, new_tag in finder.rewrites:
        start = line_starts[line - 1] + column
        pieces += [html[done:start], new_tag]
        done = start + old_length
    pieces.append(html[done:])
    return "".join(pieces)


class _RelativeUrlFinder(HTMLParser):
    def __init__(self, base_url: str):
        super().__init__(convert_charrefs=False)
        self.base_url = base_url
        self.rewrites: list[tuple[tuple[int, int], int, str]] = []

    def handle_starttag(self, tag, attrs):
        resolved = [(name, self._resolve(name, value)) for name, value in attrs]
        if resolved == attrs:
            return
        original = self.get_starttag_text()
        markup = " ".join(
            [tag]
            + [name if value is None else f'{name}="{escape(value)}"' for name, value in resolved]
        )
        closing = "/>" if original.endswith("/>") else ">"
        self.rewrites.append((self.getpos(), len(original), f"<{markup}{closing}"))

    def _resolve(self, name: str, value: str | None) -> str | None:
        if value is None:
            return None
        if name in URL_ATTRIBUTES:
            return absolute_url(value, self.base_url)
        if name == "srcset":
            return absolute_srcset(value, self.base_url)
        return value


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []

    def handle_data(self, data):
        self.text.append(data)
