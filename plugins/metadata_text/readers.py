"""Pelican's Markdown and HTML readers, with Title and Summary read as the author's
text: `read()` (their public method) returns them escaped, before Pelican typogrifies
them. Every other field stays as Pelican reads it (text, escaped by the templates)."""

from html import unescape

from pelican.readers import HTMLReader, MarkdownReader

from .text import as_html

TEXT_FIELDS = ("title", "summary")


def escaped_fields(metadata: dict) -> dict:
    return {
        name: as_html(value) if name in TEXT_FIELDS else value for name, value in metadata.items()
    }


class TextMarkdownReader(MarkdownReader):
    """Markdown posts: `Title:` and `Summary:` are plain text (FORMATTED_FIELDS empty)."""

    def read(self, source_path):
        content, metadata = super().read(source_path)
        return content, escaped_fields(metadata)


class TextHTMLReader(HTMLReader):
    """HTML posts: `<title>` holds HTML source text (`&amp;`), decoded first; a
    `<meta name="summary" content="...">` is text already (an attribute), and
    decoding it again changes nothing but a typed entity."""

    def read(self, filename):
        content, metadata = super().read(filename)
        for name in TEXT_FIELDS:
            if isinstance(metadata.get(name), str):
                metadata[name] = unescape(metadata[name])
        return content, escaped_fields(metadata)


# Pelican's reader class for each extension → ours.
REPLACEMENTS = {MarkdownReader: TextMarkdownReader, HTMLReader: TextHTMLReader}
