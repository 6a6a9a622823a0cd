"""Author text as HTML, and HTML as text. No Pelican here.

`as_html` makes an author's Title or Summary (plain text) the HTML Pelican then
typogrifies and the theme prints with `|safe`; `plain` is the theme's filter for places
that take text only (`<title>`, attributes, JSON-LD): the text a reader sees, without
the markup typogrify adds.
"""

from html import escape

from markupsafe import Markup


def as_html(text: str | list[str]) -> str:
    r"""The author's text, escaped: `<negotiate>` shows as typed. A value written over
    several lines comes as a list and is joined with spaces, as Markdown joins lines.

    Quotes are left to typogrify, which makes them curly as it does in the post's body.
    A backslash becomes `&#92;`: typogrify's smartypants reads `\\` and `\"` as escapes
    and would drop it (`C:\\server` showed as `C:\server`)."""
    if isinstance(text, list):
        text = " ".join(text)
    return escape(text.strip(), quote=False).replace("\\", "&#92;")


def plain(html: object) -> str:
    """The text of `html`: tags dropped, entities decoded, white space (no-break spaces
    too, which typogrify adds to keep the last two words together) one space each.

    markupsafe's `striptags` (Jinja's filter) does the first two; it returns a str, which
    autoescape then escapes wherever it is printed."""
    if html is None:
        return ""
    return " ".join(Markup(str(html)).striptags().split())
