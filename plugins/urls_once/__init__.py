"""Each post's and page's `url` and `save_as` worked out once, not on every use.

Pelican computes `Content.url` and `Content.save_as` anew each time a template or plugin
reads them (the *_URL setting formatted with the post's metadata, its date and its
source folder): about 17,000 times in a build of 1,000 posts, a fifth of the time spent
writing pages. Once every generator has read its content (`all_generators_finalized`),
this plugin stores each value where Pelican looks first, the `override_url` and
`override_save_as` attributes that a post's own `URL:`/`Save_as:` metadata sets (which
`make check` refuses, so no post has them): the same values, computed once. Written by
hand: a few lines on Pelican's public signal and its documented override.
"""

from pelican import signals

# The lists of content of Pelican's articles and pages generators.
CONTENT_LISTS = (
    "articles",
    "hidden_articles",
    "drafts",
    "drafts_translations",
    "pages",
    "hidden_pages",
    "draft_pages",
    "draft_translations",
    "translations",
    "hidden_translations",
)


def compute_once(generators) -> None:
    for generator in generators:
        for name in CONTENT_LISTS:
            for content in getattr(generator, name, ()):
                content.override_url = content.url
                content.override_save_as = content.save_as


def register():
    signals.all_generators_finalized.connect(compute_once)
