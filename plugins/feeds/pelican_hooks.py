"""The Pelican side of the feeds plugin: its settings, checked at `initialized`, and
every feed written at `article_writer_finalized` from the published posts, each post's
entry made once and shared by every feed that carries it.

Pelican's own feed writing stays off (its FEED_* settings None): changing what it
writes means overriding its writer's private methods, and it writes a feed for a tag
that only drafts use once pelican-related-posts has looked that tag up in the
generator's tag defaultdict (it does so for drafts too).
"""

import os

from pelican import signals
from pelican.utils import order_content, sanitised_join, set_date_tzinfo

from build_errors import stop_build

from .entry import FeedEntry, from_post, plain_text
from .formats import AtomFeed, RssFeed, add_entry
from .ids import TAGGING_ENTITY_FORM, authority_date, entry_id, feed_id, is_tagging_entity
from .jsonfeed import JsonFeed

FORMATS = {"atom": AtomFeed, "rss": RssFeed, "json": JsonFeed}
KINDS = ("all", "category", "tag")
DEFAULT_FEEDS = {"all": {"atom": "feeds/all.atom.xml"}}
# Pelican's own feed settings; the plugin writes every feed, so they must be off.
PELICAN_FEED_SETTINGS = (
    "FEED_ATOM",
    "FEED_RSS",
    "FEED_ALL_ATOM",
    "FEED_ALL_RSS",
    "CATEGORY_FEED_ATOM",
    "CATEGORY_FEED_RSS",
    "AUTHOR_FEED_ATOM",
    "AUTHOR_FEED_RSS",
    "TAG_FEED_ATOM",
    "TAG_FEED_RSS",
    "TRANSLATION_FEED_ATOM",
    "TRANSLATION_FEED_RSS",
)
WHERE = "settings (pelicanconf.py or the -s file)"


def check_settings(pelican) -> None:
    """Stop the build, before anything is written, on any bad feeds setting."""
    settings = pelican.settings
    settings.setdefault("FEEDS", DEFAULT_FEEDS)
    problems = [
        f"{WHERE}: {name} = {settings[name]!r}: Pelican would write this feed itself; "
        "set it to None and list the feed in FEEDS (plugins/feeds/README.md)"
        for name in PELICAN_FEED_SETTINGS
        if settings.get(name)
    ]
    problems += [
        f"{WHERE}: FEEDS{problem}" for problem in feeds_setting_problems(settings["FEEDS"])
    ]
    if settings["FEEDS"] and not is_tagging_entity(settings.get("FEED_ID_AUTHORITY")):
        problems.append(
            f"{WHERE}: FEED_ID_AUTHORITY = {settings.get('FEED_ID_AUTHORITY')!r} is not a feed "
            f"id authority; set it to {TAGGING_ENTITY_FORM}, and never change it once "
            "published (every feed reader would show every post again)"
        )
    limit = settings.get("FEED_MAX_ITEMS")
    if limit is not None and not (type(limit) is int and limit > 0):
        problems.append(
            f"{WHERE}: FEED_MAX_ITEMS = {limit!r}; give a number of entries such as 20, "
            "or None for every post"
        )
    stop_build(problems, "feeds")


def feeds_setting_problems(feeds) -> list[str]:
    """What is wrong with FEEDS, each as the rest of a line after "FEEDS"."""
    if not feeds:
        return []  # no feeds: the plugin writes nothing
    if not isinstance(feeds, dict):
        return [f" = {feeds!r} is not a dict; see plugins/feeds/README.md"]
    problems, seen = [], set()
    for kind, formats in feeds.items():
        if kind not in KINDS:
            problems.append(f"[{kind!r}]: unknown kind of feed; use one of {', '.join(KINDS)}")
            continue
        if not isinstance(formats, dict):
            problems.append(f'[{kind!r}] = {formats!r}; give a dict such as {{"atom": "..."}}')
            continue
        for form, path in formats.items():
            where = f"[{kind!r}][{form!r}]"
            if form not in FORMATS:
                problems.append(f"{where}: unknown format; use one of {', '.join(FORMATS)}")
            elif problem := path_problem(kind, path):
                problems.append(f"{where} = {path!r} {problem}")
            elif path in seen:
                problems.append(f"{where} = {path!r}: two feeds at one path; give each its own")
            seen.add(path)
    return problems


def path_problem(kind: str, path) -> str | None:
    if not isinstance(path, str) or not path.strip("/"):
        return "is not a path; give a path inside the site such as 'feeds/all.atom.xml'"
    if path.startswith("/") or ".." in path.split("/"):
        return "leaves the site; give a path inside it such as 'feeds/all.atom.xml'"
    if kind == "all":
        return "holds a {placeholder}; a feed of all posts has one path" if "{" in path else None
    try:
        filled = path.format(slug="slug")
    except (KeyError, IndexError, ValueError):
        filled = None
    if filled is None or "{slug}" not in path:
        return f"must hold {{slug}} and no other placeholder, e.g. 'feeds/{kind}/{{slug}}.atom.xml'"
    return None


def give_feed_ids(generator) -> None:
    """Every post written at its own address gets `feed_id`, the id of its entries,
    whether or not a feed carries it now (FEED_MAX_ITEMS): `make publish` records it
    (docs/publishing.md), and `make check` refuses an edit that would change it."""
    settings = generator.settings
    if not settings.get("FEEDS"):
        return
    kinds = ("articles", "hidden_articles", "translations", "hidden_translations")
    for post in (post for kind in kinds for post in getattr(generator, kind)):
        earlier = getattr(post, "earlier_urls", ())
        post.feed_id = entry_id(settings["FEED_ID_AUTHORITY"], post.url, earlier)


def write_feeds(generator, writer) -> None:
    """Every feed FEEDS lists, from the published posts only (hidden posts, drafts and
    posts scheduled for later are in none)."""
    settings, context = generator.settings, generator.context
    feeds = settings.get("FEEDS")
    if not feeds:
        return
    entries: dict[object, FeedEntry] = {}

    def entry(post) -> FeedEntry:
        if post not in entries:
            entries[post] = from_post(
                post,
                site_url=settings["SITEURL"],
                tagging_entity=settings["FEED_ID_AUTHORITY"],
                with_timezone=lambda moment: set_date_tzinfo(moment, settings.get("TIMEZONE")),
            )
        return entries[post]

    limit = settings.get("FEED_MAX_ITEMS")
    for kind, term, posts in feed_contents(generator):
        for form, path in feeds.get(kind, {}).items():
            path = path.format(slug=term.slug) if term else path
            feed = new_feed(FORMATS[form], path, term, context)
            for post in posts[:limit]:
                add_entry(feed, entry(post))
            signals.feed_generated.send(context, feed=feed)
            complete_path = sanitised_join(generator.output_path, path)
            os.makedirs(os.path.dirname(complete_path), exist_ok=True)
            with open(complete_path, "w", encoding="utf-8") as file:
                feed.write(file, "utf-8")
            signals.feed_written.send(complete_path, context=context, feed=feed)


def feed_contents(generator):
    """(kind, category or tag or None, posts newest first) for each feed to write: the
    site's, then one per category and per tag that a published post has."""
    order = generator.settings["ARTICLE_ORDER_BY"]
    everything = [*generator.articles]
    for post in generator.articles:
        everything.extend(post.translations)
    yield "all", None, order_content(everything, order_by=order)
    # Only original posts are listed by category and tag, as on Pelican's own pages.
    for kind in ("category", "tag"):
        groups: dict[str, tuple] = {}
        for post in generator.articles:
            if kind == "category":
                terms = [post.category] if getattr(post, "category", None) else []
            else:
                terms = getattr(post, "tags", [])
            for term in terms:
                groups.setdefault(term.slug, (term, []))[1].append(post)
        for slug in sorted(groups):
            yield kind, *groups[slug]


def new_feed(feed_class, path: str, term, context):
    title = context["SITENAME"] + (f" - {term.name}" if term else "")
    subtitle = plain_text(context.get("SITESUBTITLE", ""))
    return feed_class(
        title=plain_text(title),
        link=context["SITEURL"] + "/",
        feed_url=f"{(context.get('FEED_DOMAIN') or context['SITEURL']).rstrip('/')}/{path}",
        description=subtitle,
        subtitle=subtitle or None,
        language=context.get("DEFAULT_LANG"),
        author_name=context.get("AUTHOR"),
        feed_guid=feed_id(context["FEED_ID_AUTHORITY"], path),
        empty_updated=authority_date(context["FEED_ID_AUTHORITY"]),
    )
