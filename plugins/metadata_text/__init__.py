"""Metadata is text: an author's Title and Summary are escaped before typogrify runs, so
`<negotiate>` or `&lt;/title&gt;` shows exactly as typed, and the theme gets a `plain`
filter for the places that take text only. See README.md."""

from pelican import signals

from build_errors import stop_build

from .readers import REPLACEMENTS
from .text import plain


def check_settings(pelican) -> None:
    """Summary is text: Markdown in it (FORMATTED_FIELDS) would be escaped and show as
    typed, markup included."""
    settings = pelican.settings
    formatted = [
        name
        for name in settings.get("FORMATTED_FIELDS", [])
        if name.lower() in ("title", "summary")
    ]
    if formatted:
        stop_build(
            [
                f"settings: FORMATTED_FIELDS = {settings['FORMATTED_FIELDS']!r} makes "
                f"{', '.join(formatted)} Markdown; metadata_text reads them as plain text: "
                "remove them from FORMATTED_FIELDS (pelicanconf.py)"
            ],
            "metadata_text",
        )


def use_text_readers(readers) -> None:
    """Our readers wherever Pelican's own Markdown or HTML reader would read. Listed
    before typogrify_in_reader in PLUGINS, which wraps whatever reads: the author's text
    is escaped first, then typogrified."""
    for extension, reader_class in readers.reader_classes.items():
        if reader_class in REPLACEMENTS:
            readers.reader_classes[extension] = REPLACEMENTS[reader_class]


def add_plain_filter(generator) -> None:
    generator.env.filters["plain"] = plain


def register():
    signals.initialized.connect(check_settings)
    signals.readers_init.connect(use_text_readers)
    signals.generator_init.connect(add_plain_filter)
