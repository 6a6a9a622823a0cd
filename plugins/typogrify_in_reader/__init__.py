"""Typogrify inside the content readers, so that Pelican's content cache keeps the result.

Pelican typogrifies a post after its reader has run, outside what the reader-layer
content cache keeps, so a warm build still typogrifies every post: at 1,000 posts that
is most of a second of the devserver's quick step and about 2.5 s of a whole build.
With TYPOGRIFY_IN_READER = True (and Pelican's own TYPOGRIFY = False, so that it runs
once) each reader's content, title and summary are typogrified before Pelican caches
them, and a warm build typogrifies only the posts that changed.

The output is the one TYPOGRIFY = True gives, byte for byte (tests/): the same call,
settings (TYPOGRIFY_IGNORE_TAGS, TYPOGRIFY_OMIT_FILTERS, TYPOGRIFY_DASHES) and
smartypants options as Pelican's Readers.read_file, repeated here because Pelican has no
hook between a reader and its typogrify pass. Registered through Pelican's public
`readers_init` signal: each enabled reader class is wrapped (plugins/reader_wrappers.py).
Smartypants gets fast paths with the same output (fast_paths.py, on the version they
were read off only).
"""

import smartypants
from pelican import signals
from typogrify.filters import typogrify

from build_errors import stop_build
from reader_wrappers import wrap_readers

from . import fast_paths

# TYPOGRIFY_DASHES, as pelican/readers.py maps it; anything else is smartypants' set1.
DASHES = {"oldschool": smartypants.Attr.set2, "oldschool_inverted": smartypants.Attr.set3}
# Metadata Pelican typogrifies besides the content.
TYPOGRIFIED_FIELDS = ("title", "summary")


def check_settings(pelican) -> None:
    settings = pelican.settings
    enabled = settings.get("TYPOGRIFY_IN_READER", False)
    if not isinstance(enabled, bool):
        problem = f"TYPOGRIFY_IN_READER = {enabled!r} is not True or False; set one of them"
        stop_build([f"settings: {problem}"], "typogrify_in_reader")
    if enabled and settings.get("TYPOGRIFY"):
        problem = "TYPOGRIFY_IN_READER = True with TYPOGRIFY = True typogrifies every post twice"
        stop_build([f"settings: {problem}; set TYPOGRIFY = False beside it"], "typogrify_in_reader")


def typogrified(text: str, settings: dict) -> str:
    # Pelican sets this global before each file; &quot; entities become curly quotes too.
    dashes = DASHES.get(settings["TYPOGRIFY_DASHES"], smartypants.Attr.set1)
    smartypants.Attr.default = dashes | smartypants.Attr.w
    omitted = dict.fromkeys(settings["TYPOGRIFY_OMIT_FILTERS"], False)
    return typogrify(text, settings["TYPOGRIFY_IGNORE_TAGS"], **omitted)


class TypogrifyingReader:
    """Mixed into a reader class: its result comes out typogrified."""

    def read(self, source_path):
        content, metadata = super().read(source_path)
        if content:
            content = typogrified(content, self.settings)
        for field in TYPOGRIFIED_FIELDS:
            if field in metadata:
                metadata[field] = typogrified(metadata[field], self.settings)
        return content, metadata


def typogrify_in_readers(readers) -> None:
    if readers.settings.get("TYPOGRIFY_IN_READER"):
        fast_paths.install()
        wrap_readers(readers, TypogrifyingReader)


def register():
    signals.initialized.connect(check_settings)
    signals.readers_init.connect(typogrify_in_readers)
