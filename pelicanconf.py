"""Pelican settings for development: `make html`, `make serve`, `make devserver`.

Production overrides live in publishconf.py.
"""

import datetime
import os

AUTHOR = "Minto Roy"
SITENAME = "Finish First"
SITESUBTITLE = "Career advice for the job you really want"
# Pages link to each other relatively; feeds need absolute links, so they
# point at the local server that `make serve` starts (on PORT, as the Makefile says).
SITEURL = "http://127.0.0.1:" + os.environ.get("PORT", "8000")
RELATIVE_URLS = True

PATH = "content"
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = ["posts"]
STATIC_PATHS = ["images", "extra"]
THEME = "theme"
TIMEZONE = "America/Vancouver"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"

# Categories an author may use; keep it short so readers can browse by it.
CATEGORIES = ["Job Search", "Interviews", "Career Growth"]
DEFAULT_CATEGORY = "Job Search"
# A post's metadata is its own lines, as make check reads them: a post without a
# Category line is in DEFAULT_CATEGORY, not in one named after its folder ("posts"), and
# its date is its Date line (check requires one), not one read from its file name and
# parsed on every build only to be replaced.
USE_FOLDER_AS_CATEGORY = False
FILENAME_METADATA = ""  # no pattern: nothing read from the file name

# URLs are forever: one folder with an index.html per page, chosen once.
# "{date.year}/{date.month:02}" is "{date:%Y}/{date:%m}" without Pelican's strftime,
# which each post's address went through on every build (0.05 s at 1,000 posts).
ARTICLE_URL = "{date.year}/{date.month:02}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = DRAFT_URL + "index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
DRAFT_PAGE_URL = "drafts/pages/{slug}/"
DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_URL + "index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = CATEGORY_URL + "index.html"
CATEGORIES_URL = "category/"
CATEGORIES_SAVE_AS = CATEGORIES_URL + "index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
TAGS_URL = "tag/"
TAGS_SAVE_AS = TAGS_URL + "index.html"
AUTHOR_URL = "author/{slug}/"
AUTHOR_SAVE_AS = AUTHOR_URL + "index.html"
AUTHORS_URL = "author/"
AUTHORS_SAVE_AS = AUTHORS_URL + "index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = ARCHIVES_URL + "index.html"
YEAR_ARCHIVE_URL = "{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = YEAR_ARCHIVE_URL + "index.html"
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
DEFAULT_PAGINATION = 10

# 404.html is what web hosts serve for a missing URL.
DIRECT_TEMPLATES = [
    "index",
    "archives",
    "categories",
    "tags",
    "authors",
    "404",
    "search",
    "robots",
    "subscribe",
    "stylesheet",
]
SEARCH_URL = "search/"
SEARCH_SAVE_AS = SEARCH_URL + "index.html"
# Pagefind's index of the post pages is kept here (outside every output folder) and
# reused while no post page changes (plugins/search).
SEARCH_CACHE_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cache", "search")
SUBSCRIBE_URL = "subscribe/"
SUBSCRIBE_SAVE_AS = SUBSCRIBE_URL + "index.html"
# A template, not a static file: the Sitemap line needs the absolute SITEURL.
ROBOTS_SAVE_AS = "robots.txt"
# The theme's one stylesheet, a template too: its own rules and the calculator's.
STYLESHEET_SAVE_AS = STYLESHEET_URL = "theme/css/site.css"

# Feeds, written by plugins/feeds (its README): full content in every format, links
# made absolute from SITEURL, the latest FEED_MAX_ITEMS published posts each. The
# templates read FEEDS for autodiscovery and /subscribe/; never change a path once
# published.
FEEDS = {
    "all": {"atom": "feeds/all.atom.xml", "rss": "feeds/all.rss.xml", "json": "feeds/all.json"},
    "category": {"atom": "feeds/category/{slug}.atom.xml"},
    "tag": {"atom": "feeds/tag/{slug}.atom.xml"},
}
# Entry ids are tag: URIs from this domain and year, never from SITEURL, so that
# moving the site or editing a title never shows a post twice. Never change it.
FEED_ID_AUTHORITY = "finishfirst.example,2012"
FEED_MAX_ITEMS = 20
# Pelican's own feed writer stays off: the plugin writes every feed in FEEDS.
FEED_ALL_ATOM = CATEGORY_FEED_ATOM = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None

# Typography inside the readers (plugins/typogrify_in_reader) in every build, so that the
# content cache keeps it; Pelican's own pass, after the cache, is off. Same pages.
TYPOGRIFY = False
TYPOGRIFY_IN_READER = True
# Posts read (Markdown, typography) on every core (plugins/parallel_reading).
PARALLEL_READING = True
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {},
    },
    "output_format": "html5",
}

PLUGIN_PATHS = ["plugins"]
# Listing PLUGINS turns off auto-discovery of installed plugins: name them all.
PLUGINS = [
    "content_check",  # make check's rules, before every build reads a post (docs/checking.md)
    "sitemap_xml",  # each page dated by what it shows, never by the build (its README)
    "pelican.plugins.neighbors",  # the older and newer post links under each post
    "pelican.plugins.related_posts",  # RELATED_POSTS_MAX posts sharing tags
    "published_only",  # no tag page or feed for a tag only drafts use (its README)
    "search",
    "feeds",
    "redirects",  # Redirect_from: a page at each earlier address of a moved post (its README)
    "followup",
    "images",  # width/height and lazy loading on post images (README, Theme)
    # Before any plugin that wraps the readers: the author's text is escaped, then typogrified.
    "metadata_text",  # Title and Summary are the author's text, escaped (plugins/metadata_text)
    "typogrify_in_reader",  # TYPOGRIFY_IN_READER: typography that the content cache keeps
    "reading_time",  # counted in the readers, of the typogrified text (its README)
    "parallel_reading",  # PARALLEL_READING: posts read on every core (after the readers' wrappers)
    # The devserver's settings turn this on (devserverconf.py); off, it does nothing.
    "selected_writing",  # SELECTED_SOURCES: write only the pages of these files
    "urls_once",  # each post's URL worked out once, not on every use (its README)
    # make html and make publish turn this on (scripts/content_cache.py); off, it does nothing.
    "page_cache",  # PAGE_CACHE: a page rendered again only when what it shows changed
]

# What is published: the record in the manifest of the release this link names (make
# publish's `public`, beside the content folder). Every check and build refuses an edit
# that would move a published post's address or feed id (docs/checking.md).
CONTENT_CHECK_PUBLISHED = "public"

# Escaping: every value a template prints is escaped unless marked |safe, which only
# an article's or page's content, summary and title are (HTML the build made: Title and
# Summary are the author's text, escaped, then typogrified). Text-only places (<title>,
# attributes, JSON-LD) print them through the `plain` filter (plugins/metadata_text).
# auto_reload off: each build is a new process, so the templates never change under it
# (on, Jinja checks the template file's time at each of some 30,000 includes).
JINJA_ENVIRONMENT = {"autoescape": True, "auto_reload": False}
# Summary is plain text like Title: it is shown in meta descriptions, feeds and search
# results more than on the page, and raw HTML in it reached every listing page.
FORMATTED_FIELDS = []

# The follow-up calculator on every post, with the plugin's defaults (settings and
# metadata: plugins/followup/README.md). Our theme includes its CSS in the theme's one
# stylesheet (followup_stylesheet()), so the plugin links no second one.
FOLLOWUP_STYLESHEET = False

# Theme: 3 related posts by shared tags, the Pagefind index.
RELATED_POSTS_MAX = 3
# sitemap.xml (plugins/sitemap_xml): published pages only; not the 404 or search page,
# nor the pages plugins/redirects leaves at moved posts' earlier addresses.
SITEMAP_SAVE_AS = "sitemap.xml"
SITEMAP_EXCLUDE_TEMPLATES = ["404", "search", "redirect"]
# The day the advice-age note counts from (a post older than three years says so): the
# day the build states, BUILD_DATE=YYYY-MM-DD, which `make publish` always sets and
# prints; today without it. Nothing else in the pages depends on the day of the build.
_build_day = os.environ.get("BUILD_DATE")
BUILD_DATE = datetime.date.fromisoformat(_build_day) if _build_day else datetime.date.today()
DEFAULT_OG_IMAGE = "theme/images/og-default.png"

DELETE_OUTPUT_DIRECTORY = False
CACHE_CONTENT = False
