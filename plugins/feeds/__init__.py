"""Feeds every reader can subscribe to: Atom, RSS 2.0 and JSON Feed 1.1, always
well-formed, with absolute URLs and stable ids, for published posts only.
See README.md.

Extension point: `feed_entry_html` (a blinker named signal, like Pelican's own) is sent
once per post that a feed carries; each receiver gets the article and `entry_url` (the
absolute URL of its page) and returns HTML to append to the entry's full content (never
to its summary), or "" for nothing. Another plugin connects a module-level function:

    blinker.signal("feed_entry_html").connect(my_receiver)
"""

from pelican import signals

from .pelican_hooks import check_settings, give_feed_ids, write_feeds


def register():
    signals.initialized.connect(check_settings)
    signals.article_generator_finalized.connect(give_feed_ids)
    signals.article_writer_finalized.connect(write_feeds)
