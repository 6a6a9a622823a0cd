"""Dates the sitemap's pages that have no date of their own (home, archives, category,
tag and author pages, the about page) by the newest post, not by the time of the build:
they change when a post does. pelican-sitemap dates them "now", so the sitemap changed
on every build (in every publish's list of changes) and its dates said nothing; it has
no setting for this.
"""

from pelican import signals
from pelican.plugins.sitemap import sitemap


def date_undated_pages_by_the_newest_post(generator) -> None:
    posts = generator.articles
    if posts:
        sitemap.generator.now = max(getattr(post, "modified", post.date) for post in posts)


def register():
    signals.article_generator_finalized.connect(date_undated_pages_by_the_newest_post)
