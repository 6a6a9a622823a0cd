"""Every link and image a post's body makes, with its line. No Pelican here.

Markdown is parsed by markdown-it-py, which maps each block to its source lines (Pelican's
Python-Markdown keeps no line numbers): links and images in code spans and code blocks
are text, not references; reference-style links are resolved; raw HTML is read for
`<a href>`, `<img src>` and the other URL attributes. markdown-it follows CommonMark,
which reads links as Python-Markdown does in all but rare cases (a link whose address
has a space, Markdown inside an HTML block).
"""

from dataclasses import dataclass
from html.parser import HTMLParser

from markdown_it import MarkdownIt

LINK = "link"
IMAGE = "image"
# (tag, attribute) pairs whose value is one URL, and what it is.
URL_ATTRIBUTES = {
    ("a", "href"): LINK,
    ("img", "src"): IMAGE,
    ("source", "src"): IMAGE,
    ("video", "src"): IMAGE,
    ("video", "poster"): IMAGE,
    ("audio", "src"): IMAGE,
}


@dataclass(frozen=True)
class Reference:
    line: int
    kind: str  # LINK or IMAGE
    url: str  # as written: "{static}/images/a.png", "../x/", "https://..."
    alt: str | None = None  # an image's alt text; None for an <img> without alt
    html: bool = False  # written as an HTML tag rather than Markdown


def _markdown_parser() -> MarkdownIt:
    # Emphasis is all the check leaves out: it costs a third of the time and holds no link.
    parser = MarkdownIt("commonmark", {"html": True}).enable("table")
    parser.disable(["emphasis", "strikethrough"])
    # Addresses exactly as written: no percent-encoding of "{filename}", no refusal of
    # schemes (the check decides what a link may be).
    parser.normalizeLink = lambda url: url
    parser.validateLink = lambda url: True
    return parser


_MARKDOWN = _markdown_parser()


class _TagReferences(HTMLParser):
    def __init__(self, first_line: int):
        super().__init__(convert_charrefs=True)
        self.first_line = first_line
        self.found: list[Reference] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        line = self.first_line + self.getpos()[0] - 1
        for name, value in attrs:
            kind = URL_ATTRIBUTES.get((tag, name))
            if kind and value is not None and value.strip():
                alt = attributes.get("alt") if tag == "img" else None
                self.found.append(Reference(line, kind, value.strip(), alt, html=True))
        if tag in ("img", "source") and attributes.get("srcset"):
            for candidate in attributes["srcset"].split(","):
                url = candidate.strip().split(" ")[0]
                if url:
                    self.found.append(Reference(line, IMAGE, url, attributes.get("alt"), True))

    handle_startendtag = handle_starttag


def html_references(html: str, first_line: int = 1) -> list[Reference]:
    parser = _TagReferences(first_line)
    parser.feed(html)
    parser.close()
    return parser.found


def markdown_references(lines: list[str], first_line: int = 1) -> list[Reference]:
    """The references of Markdown `lines`, whose first is line `first_line` of the file."""
    found: list[Reference] = []
    for token in _MARKDOWN.parse("\n".join(lines)):
        if token.map is None:
            continue
        line = first_line + token.map[0]
        if token.type == "html_block":
            found += html_references(token.content, line)
        elif token.type == "inline":
            found += _inline_references(token.children or [], line)
    return found


def _inline_references(children, line: int) -> list[Reference]:
    found = []
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "link_open":
            found.append(Reference(line, LINK, child.attrs.get("href", "")))
        elif child.type == "image":
            found.append(Reference(line, IMAGE, child.attrs.get("src", ""), child.content))
        elif child.type == "html_inline":
            found += html_references(child.content, line)
        if child.type in ("text", "html_inline") and child.content.count("\n"):
            line += child.content.count("\n")
    return found
