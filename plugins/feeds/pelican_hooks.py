"""The Pelican side of the feeds plugin: settings, the Atom/RSS writer, JSON Feed,
and the build-time warning about characters XML 1.0 forbids."""

import logging
from urllib.parse import urljoin

from feedgenerator import Stylesheet
from pelican.utils import order_content, set_date_tzinfo
from pelican.writers import Writer

from .cleanup import forbidden_characters
from .entry import FeedEntry, from_post, plain_text
from .formats import AtomFeed, RssFeed
from .ids import TAGGING_ENTITY_FORM, feed_id, is_tagging_entity
from .jsonfeed import JsonFeed

logger = logging.getLogger(__name__)

FEED_SETTINGS = (
    "FEED_ATOM",
    "FEED_RSS",
    "FEED_ALL_ATOM",
    "FEED_ALL_RSS",
    "FEED_ALL_JSON",
    "CATEGORY_FEED_ATOM",
    "CATEGORY_FEED_RSS",
    "TAG_FEED_ATOM",
    "TAG_FEED_RSS",
    "AUTHOR_FEED_ATOM",
    "AUTHOR_FEED_RSS",
)


class FeedSettingsError(SystemExit):
    """A bad feeds setting: ends the build with one clear line, no traceback."""

    def __init__(self, message: str):
        logger.critical("%s", message)
        super().__init__(1)


def check_settings(pelican) -> None:
    settings = pelican.settings
    if not any(settings.get(name) for name in FEED_SETTINGS):
        return
    authority = settings.get("FEED_ID_AUTHORITY")
    if not is_tagging_entity(authority):
        raise FeedSettingsError(
            f"pelicanconf.py: FEED_ID_AUTHORITY = {authority!r} is not a feed id authority; "
            f"set it to {TAGGING_ENTITY_FORM}, and never change it once published "
            "(every feed reader would show every post again)"
        )
    for name in ("FEED_ALL_JSON", "FEED_STYLESHEET"):
        value = settings.get(name)
        if value is not None and not (isinstance(value, str) and value.strip("/")):
            raise FeedSettingsError(
                f"pelicanconf.py: {name} = {value!r} is not a path; "
                'give a path inside the site such as "feeds/all.json", or None to turn it off'
            )


def feed_entry(post, settings: dict) -> FeedEntry:
    timezone = settings.get("TIMEZONE")
    return from_post(
        post,
        site_url=settings["SITEURL"],
        tagging_entity=settings["FEED_ID_AUTHORITY"],
        with_timezone=lambda moment: set_date_tzinfo(moment, timezone),
    )


def warn_about_forbidden_characters(generator) -> None:
    """Once per post, at build time: the feeds drop these characters silently."""
    for post in [*generator.articles, *generator.translations]:
        fields = {
            "title": post.title,
            "content": post._content,
            "summary": post.metadata.get("summary", ""),
            "slug": post.slug,
            "category": getattr(post, "category", ""),
            "tags": " ".join(map(str, getattr(post, "tags", []))),
            "authors": " ".join(map(str, getattr(post, "authors", []))),
        }
        found = {field: forbidden_characters(str(text)) for field, text in fields.items()}
        found = {field: chars for field, chars in found.items() if chars}
        if found:
            characters = sorted({char for chars in found.values() for char in chars})
            logger.warning(
                "%s: removed %s from the feeds (XML 1.0 forbids them; found in the %s). "
                "Delete them from the file: they usually come from text pasted "
                "from a word processor.",
                post.relative_source_path,
                ", ".join(characters),
                ", ".join(found),
            )


class FeedWriter(Writer):
    """Pelican's writer with our Atom, RSS and JSON Feed classes, stable ids and clean
    entries."""

    def write_feed(self, elements, context, path=None, url=None, *args, **kwargs):
        self._feed_path = url or path
        return super().write_feed(elements, context, path, url, *args, **kwargs)

    def _create_new_feed(self, feed_type, feed_title, context):
        feed_class = {"rss": RssFeed, "json": JsonFeed}.get(feed_type, AtomFeed)
        title = context["SITENAME"] + (f" - {feed_title}" if feed_title else "")
        stylesheet = self.settings.get("FEED_STYLESHEET")
        return feed_class(
            title=plain_text(title),
            link=self.site_url + "/",
            feed_url=self.feed_url,
            description=plain_text(context.get("SITESUBTITLE", "")),
            subtitle=plain_text(context.get("SITESUBTITLE", "")) or None,
            language=self.settings.get("DEFAULT_LANG"),
            author_name=self.settings.get("AUTHOR"),
            feed_guid=feed_id(self.settings["FEED_ID_AUTHORITY"], self._feed_path),
            stylesheets=[Stylesheet(absolute(self.feed_domain, stylesheet), "text/xsl")]
            if stylesheet
            else None,
        )

    def _add_item_to_the_feed(self, feed, item):
        entry = feed_entry(item, self.settings)
        summary = entry.summary_html
        if isinstance(feed, AtomFeed) and summary == entry.content_html:
            summary = None  # Atom: a summary that repeats the content is noise
        feed.add_item(
            title=entry.title,
            link=entry.url,
            description=summary,
            content=entry.content_html,
            unique_id=entry.id,
            unique_id_is_permalink=False,
            categories=entry.terms,
            author_name=None,
            authors=entry.authors,
            pubdate=entry.published,
            updateddate=entry.modified,
        )


def absolute(base: str, path: str) -> str:
    return urljoin(base.rstrip("/") + "/", path.lstrip("/"))


def provide_writer(pelican):
    """Ours only when feeds are on: Pelican takes one writer, and the preview, which has
    no feeds, needs plugins/selected_writing's."""
    if any(pelican.settings.get(name) for name in FEED_SETTINGS):
        return FeedWriter
    return None


def write_json_feed(generator, writer) -> None:
    """JSON Feed through Pelican's own feed writing, like Atom and RSS (jsonfeed.py)."""
    settings = generator.settings
    path = settings.get("FEED_ALL_JSON")
    if not path:
        return
    posts = [*generator.articles]
    for post in generator.articles:
        posts.extend(post.translations)
    posts = order_content(posts, order_by=settings["ARTICLE_ORDER_BY"])
    writer.write_feed(posts, generator.context, path, feed_type="json")
