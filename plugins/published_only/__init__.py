"""Only published posts make listing pages: a tag with no published post is dropped
before anything is written, so no page, feed or sitemap entry exists for a tag that only
drafts or scheduled posts use. See README.md.

Needed because pelican-related-posts looks up drafts' tags in the generator's `tags`
defaultdict, which adds an empty entry for each (Pelican itself lists published posts
only); dropped at `all_generators_finalized`, after every plugin has read the lists.
"""

from pelican import signals
from pelican.generators import ArticlesGenerator


def drop_unpublished_tags(generators) -> None:
    # Categories and authors are lists Pelican made from published posts only.
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            for tag in [tag for tag, posts in generator.tags.items() if not posts]:
                del generator.tags[tag]


def register():
    signals.all_generators_finalized.connect(drop_unpublished_tags)
