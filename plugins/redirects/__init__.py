"""Redirects: a small page at each address a post or page was published at before
(`Redirect_from:`), leading to where it is now. See README.md.

Each redirect page is rendered from the template `redirect` (the theme's own if it has
one, else this plugin's) and written through Pelican's writer, after the posts
(`article_writer_finalized`) and after the pages (`page_writer_finalized`). Each post
gets `earlier_urls`, its old addresses oldest first, which the feeds plugin makes its
entry id from, so a moved post keeps its id.
"""

from pelican import signals

from .pelican_hooks import (
    add_template_folder,
    check_addresses,
    give_earlier_urls,
    write_page_redirects,
    write_post_redirects,
)


def register():
    signals.content_object_init.connect(give_earlier_urls)
    signals.generator_init.connect(add_template_folder)
    signals.all_generators_finalized.connect(check_addresses)
    signals.article_writer_finalized.connect(write_post_redirects)
    signals.page_writer_finalized.connect(write_page_redirects)
