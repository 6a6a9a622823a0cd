"""The one module of content_check that imports Pelican: the `Site` the rules check,
made from a build's settings, with Pelican's own slug function and readers."""

import functools
import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican.readers import HTMLReader, MarkdownReader, RstReader
from pelican.utils import slugify

from .rules import UNCHECKED_FORMATS, Site
from .sources import HTML, MARKDOWN

FORMATS = {MarkdownReader: MARKDOWN, HTMLReader: HTML}


def reader_formats(settings) -> dict[str, str]:
    """What Pelican reads, by extension, as its Readers class lists it: each built-in
    reader's extensions (rst only when docutils is installed), then READERS."""
    found = {}
    for reader in (RstReader, MarkdownReader, HTMLReader):
        if reader.enabled:
            for extension in reader.file_extensions:
                found[extension] = FORMATS.get(reader) or UNCHECKED_FORMATS.get(
                    extension, extension
                )
    for extension, reader in (settings.get("READERS") or {}).items():
        if reader is None:
            found.pop(extension, None)
        else:
            found[extension] = next(
                (kind for base, kind in FORMATS.items() if issubclass(reader, base)), extension
            )
    return found


def site_from_settings(settings, shown_from: Path | None = None) -> Site:
    """`shown_from`: the folder paths in messages are relative to (default: here)."""

    @functools.cache
    def pelican_slugify(text: str, kind: str) -> str:
        return slugify(
            text,
            regex_subs=settings.get(
                f"{kind}_REGEX_SUBSTITUTIONS", settings["SLUG_REGEX_SUBSTITUTIONS"]
            ),
            preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
            use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
        )

    return Site(
        settings=settings,
        shown_from=Path(os.path.abspath(shown_from or os.curdir)),
        slugify=pelican_slugify,
        reader_formats=reader_formats(settings),
        now=datetime.now(ZoneInfo(settings["TIMEZONE"])),
    )
