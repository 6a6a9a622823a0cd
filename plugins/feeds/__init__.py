"""Feeds every reader can subscribe to: Atom, RSS 2.0 and JSON Feed 1.1, always
well-formed, with absolute URLs, stable ids and a browser-readable stylesheet.
See README.md, "Subscribing".

Extension point: `feed_entry_html` (a blinker named signal, like Pelican's own) is sent
once per post for every feed entry; each receiver gets the article and `entry_url` (the
absolute URL of its page) and returns HTML to append to the entry's full content (never
to its summary), or "" for nothing. Another plugin connects a module-level function:

    blinker.signal("feed_entry_html").connect(my_receiver)
"""

from pelican import signals

from .pelican_hooks import (
    check_settings,
    provide_writer,
    warn_about_forbidden_characters,
    write_json_feed,
)


def register():
    signals.initialized.connect(check_settings)
    signals.get_writer.connect(provide_writer)
    signals.article_generator_finalized.connect(warn_about_forbidden_characters)
    signals.article_writer_finalized.connect(write_json_feed)
