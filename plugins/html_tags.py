"""Rewrite the start tags of an HTML fragment and keep every other byte as written.

Not a plugin: a module the plugins import (plugins/ is on the import path, as for
build_errors.py). The feeds plugin makes URL attributes absolute with it, the images
plugin adds width/height and lazy loading to `<img>`.

Written on the standard library's HTMLParser because the HTML libraries (lxml,
html5lib, BeautifulSoup) serialize the whole document again, and the output must keep
what Markdown and typogrify wrote byte for byte. The parser still does the hard part:
it tells real tags from `<` in text, comments and scripts, and decodes attributes.
"""

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser


@dataclass(frozen=True)
class StartTag:
    name: str  # lower case
    attributes: tuple[tuple[str, str | None], ...]  # in order, values decoded, None if bare
    text: str  # exactly as written, from "<" to ">"


def rewrite_start_tags(html: str, replace: Callable[[StartTag], str | None]) -> str:
    """html with each start tag for which `replace` returns text replaced by that text;
    a tag for which it returns None, and everything between tags, stays as written."""
    pieces, done = [], 0
    for start, tag in _StartTagFinder(html).tags:
        new_text = replace(tag)
        if new_text is not None and new_text != tag.text:
            pieces += [html[done:start], new_text]
            done = start + len(tag.text)
    pieces.append(html[done:])
    return "".join(pieces)


def with_attributes(tag: StartTag, attributes) -> str:
    """The tag written anew with these (name, value) pairs, every value quoted."""
    written = [name if value is None else f'{name}="{escape(value)}"' for name, value in attributes]
    closing = "/>" if tag.text.endswith("/>") else ">"
    return f"<{' '.join([tag.name, *written])}{closing}"


def with_added_attributes(tag: StartTag, added: dict[str, str]) -> str:
    """The tag as written, with these attributes added at its end."""
    extra = "".join(f' {name}="{escape(value)}"' for name, value in added.items())
    if tag.text.endswith("/>"):
        return f"{tag.text[:-2].rstrip()}{extra} />"
    return f"{tag.text[:-1]}{extra}>"


class _StartTagFinder(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        # getpos() counts lines by "\n" only (not str.splitlines' other line breaks).
        self.line_starts = [0]
        for line in html.split("\n"):
            self.line_starts.append(self.line_starts[-1] + len(line) + 1)
        self.tags: list[tuple[int, StartTag]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        line, column = self.getpos()
        text = self.get_starttag_text()
        self.tags.append((self.line_starts[line - 1] + column, StartTag(tag, tuple(attrs), text)))
