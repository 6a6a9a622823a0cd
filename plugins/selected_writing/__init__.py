"""Writes only the pages of the source files named in SELECTED_SOURCES, as Pelican's own
WRITE_SELECTED did before Pelican 4.12 removed it: `make devserver` shows a saved post
this way in well under a second on a site of 1,000 posts, then builds the whole site
behind it (scripts/devserver.py, docs/preview.md).

Everything is still read, so the pages written are the ones a whole build writes: the
same older/newer links, related posts and listings in the context. Listings, feeds and
every other page are skipped, and of the content's static files (images) only the
selected ones are copied; the theme's few files always are. With SELECTED_SOURCES None
(the default, and every mode but the devserver's quick step) it does nothing.

    python -m scripts.build -s devserverconf.py -o DIR -e 'SELECTED_SOURCES=["content/a.md"]'
"""

import os

from pelican import signals
from pelican.writers import Writer

from build_errors import stop_build

# The keyword Pelican's generators pass the article, draft or page being written.
CONTENT_KEYWORDS = ("article", "page")


def selected_paths(settings: dict) -> frozenset[str] | None:
    sources = settings.get("SELECTED_SOURCES")
    return None if sources is None else frozenset(os.path.abspath(path) for path in sources)


def check_settings(pelican) -> None:
    sources = pelican.settings.get("SELECTED_SOURCES")
    if sources is None:
        return
    if not isinstance(sources, list | tuple) or not all(isinstance(s, str) for s in sources):
        problem = f"SELECTED_SOURCES = {sources!r} is not a list of file paths"
        stop_build(
            [f"settings: {problem}; give one, or None to write every page"], "selected_writing"
        )


class SelectedWriter(Writer):
    """Pelican's writer, skipping every page whose content is not from a selected file."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings)
        self.selected = selected_paths(self.settings)

    def write_file(self, name, template, context, *args, **kwargs):
        content = next((kwargs[key] for key in CONTENT_KEYWORDS if key in kwargs), None)
        source = getattr(content, "source_path", None)
        if source is None or os.path.abspath(source) not in self.selected:
            return None
        return super().write_file(name, template, context, *args, **kwargs)


def copy_only_selected_static_files(generator) -> None:
    selected = selected_paths(generator.settings)
    if selected is None:
        return
    # In place: the context holds this same list, and Pelican copies what it lists.
    generator.staticfiles[:] = [
        static
        for static in generator.staticfiles
        if os.path.abspath(static.source_path) in selected
    ]


def selected_writer(pelican_object):
    if selected_paths(pelican_object.settings) is None:
        return None  # Pelican's own writer
    return SelectedWriter


def register():
    signals.initialized.connect(check_settings)
    signals.get_writer.connect(selected_writer)
    signals.static_generator_finalized.connect(copy_only_selected_static_files)
