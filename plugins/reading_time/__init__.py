"""Reading time of each post (`article.reading_minutes`): its words at 230 a minute, at
least one minute, shown by the theme's partials/post-meta.html.

Counted inside the readers (each reader class wrapped at Pelican's public
`readers_init` signal, plugins/reader_wrappers.py), so the count is part of what Pelican's content
cache keeps and what parallel_reading's helpers return: a warm build or the
devserver's quick step counts only the posts that changed. Counted in the template, it
ran again on every listing a post appears in; counted as each post was made
(`content_object_init`), on every post of every build, cached or not (0.27 s of the
devserver's quick step at 1,000 posts). The count is Jinja's own `striptags|wordcount`,
so it matches what a template computing it would print.
"""

import math

from jinja2.filters import do_striptags, do_wordcount
from pelican import signals

from reader_wrappers import wrap_readers

WORDS_PER_MINUTE = 230
FIELD = "reading_minutes"  # Pelican makes each metadata field an attribute of the post


def reading_minutes(html: str) -> int:
    return max(1, math.ceil(do_wordcount(do_striptags(html)) / WORDS_PER_MINUTE))


class TimingReader:
    """Mixed into a reader class: its metadata carries the reading time of its content."""

    def read(self, source_path):
        content, metadata = super().read(source_path)
        metadata[FIELD] = reading_minutes(content or "")
        return content, metadata


def time_in_readers(readers) -> None:
    wrap_readers(readers, TimingReader)


def register():
    signals.readers_init.connect(time_in_readers)
