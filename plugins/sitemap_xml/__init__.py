"""sitemap.xml: every published page the build writes, each dated by what it shows.

See README.md. Written by hand rather than with pelican-sitemap, which dates every page
without a date of its own by the time of the build (so the sitemap changed on every
publish) and has no way to date a listing by the posts it lists.
"""

from pelican import signals

from .pelican_hooks import forget_pages, note_page, write_sitemap


def register():
    signals.initialized.connect(forget_pages)
    signals.content_written.connect(note_page)
    signals.finalized.connect(write_sitemap)
