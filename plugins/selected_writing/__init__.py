"""Writes only the pages of the source files named in SELECTED_SOURCES, as Pelican's own
WRITE_SELECTED did before Pelican 4.12 removed it: `make devserver` shows an edited
post this way in about half a second on a site of 1,000 posts, then builds the whole
site behind it (scripts/devserver.py).

Everything is still read, so the pages written are the ones a whole build writes: the
same older/newer links, related posts and listings in the context. Listings, feeds and
every other page are skipped, and of the content's static files (images) only the
selected ones are copied; the theme's few files always are. Without the setting (or
with it None) Pelican writes everything as usual.

    pelican content -s devserverconf.py -e 'SELECTED_SOURCES=["content/posts/a.md"]'
"""

import os

from pelican import signals
from pelican.writers import Writer

# The keyword Pelican's generators pass the article, draft or page being written.
CONTENT_KEYWORDS = ("article", "page")


def absolute_paths(sources) -> frozenset[str]:
    if not isinstance(sources, list | tuple) or not all(isinstance(s, str) for s in sources):
        raise ValueError(f"SELECTED_SOURCES must be a list of file paths, not {sources!r}")
    return frozenset(os.path.abspath(source) for source in sources)


class SelectedWriter(Writer):
    """Pelican's writer, skipping every page whose content is not from a selected file."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings)
        self.selected = absolute_paths(self.settings["SELECTED_SOURCES"])

    def write_file(self, name, template, context, *args, **kwargs):
        content = next((kwargs[key] for key in CONTENT_KEYWORDS if key in kwargs), None)
        source = getattr(content, "source_path", None)
        if source is None or os.path.abspath(source) not in self.selected:
            return None
        return super().write_file(name, template, context, *args, **kwargs)


def copy_only_selected_static_files(generator) -> None:
    sources = generator.settings.get("SELECTED_SOURCES")
    if sources is None:
        return
    selected = absolute_paths(sources)
    # In place: the context holds this same list, and Pelican copies what it lists.
    generator.staticfiles[:] = [
        static
        for static in generator.staticfiles
        if os.path.abspath(static.source_path) in selected
    ]


def selected_writer(pelican_object):
    if pelican_object.settings.get("SELECTED_SOURCES") is None:
        return None  # Pelican's own writer
    return SelectedWriter


def register():
    signals.get_writer.connect(selected_writer)
    signals.static_generator_finalized.connect(copy_only_selected_static_files)
