"""Makes Pelican's generator content cache (CONTENT_CACHING_LAYER = "generator", which
`make devserver` uses) build the same site as a build without it. Three fixes:

- Older/newer and related post links (pelican-neighbors, pelican-related-posts) are
  attached once every cache is saved. Attached where those plugins do it
  (`article_generator_finalized`), they were pickled into the pages cache, since a page's
  context holds every article: pickle followed `next_article` from post to post and
  stopped the build with a RecursionError at a few hundred posts. At
  `all_generators_finalized` nothing is pickled any more and nothing is written yet.
- pelican-related-posts gives a tag used only by drafts or scheduled posts an empty
  entry among the generator's tags, which Pelican then writes a tag page and a tag feed
  for: those entries are removed as soon as it has run.
- A cached article or page comes back with the context of the build that cached it;
  it gets this build's. Otherwise its `{filename}` links ignore RELATIVE_URLS (they
  came out as http://127.0.0.1:8000/... in the preview) and point at stale posts.
"""

from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.plugins.neighbors.neighbors import neighbors
from pelican.plugins.related_posts.related_posts import add_related_posts


def use_this_builds_context(generator) -> None:
    for content in generator.context["generated_content"].values():
        content._context = generator.context


def link_articles(generators) -> None:
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            neighbors(generator)
            add_related_posts(generator)
            forget_unpublished_tags(generator)


def forget_unpublished_tags(generator) -> None:
    """pelican-related-posts looks up the tags of drafts too, in the generator's
    `tags` defaultdict, which adds an empty entry for a tag only drafts (or posts held
    back until their date) use; Pelican would then write a page and a feed for it."""
    for tag in [tag for tag, posts in generator.tags.items() if not posts]:
        del generator.tags[tag]


def register():
    # As soon as all articles, then all pages, are read, before anything renders them.
    signals.article_generator_pretaxonomy.connect(use_this_builds_context)
    signals.page_generator_finalized.connect(use_this_builds_context)
    signals.all_generators_finalized.connect(link_articles)
