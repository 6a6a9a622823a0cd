"""How a plugin of this site changes what Pelican's readers return: a mixin class whose
`read()` calls `super().read()`, mixed into each text reader class at Pelican's public
`readers_init` signal. Pelican caches what a reader returns (the reader-layer content
cache), so work done there is done once per changed file.

Not a plugin: a module the plugins import (plugins/ is on the import path, see the
Makefile), as build_errors.py and html_tags.py are. Used by typogrify_in_reader,
reading_time and parallel_reading; the order of PLUGINS is the order of wrapping, the
first one listed innermost.
"""

import functools

from pelican.readers import BaseReader


@functools.cache
def mixed(mixin: type, reader_class: type) -> type:
    """`reader_class` with `mixin` first: TypogrifyingReader + MarkdownReader gives
    TypogrifyingMarkdownReader. Made once per pair, so every build of a process (the
    tests', the devserver's) wraps with the same class."""
    name = mixin.__name__.removesuffix("Reader") + reader_class.__name__
    return type(name, (mixin, reader_class), {})


def wrap_readers(readers, mixin: type) -> None:
    """Mix `mixin` into every reader class of `readers` (a `readers_init` sender)."""
    for extension, reader_class in readers.reader_classes.items():
        # BaseReader itself reads static files (no text); a subclass of it would also
        # join the readers Pelican finds by itself (BaseReader.__subclasses__()).
        if reader_class not in (None, BaseReader):
            readers.reader_classes[extension] = mixed(mixin, reader_class)
