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

# URLs are forever: one folder with an index.html per page, chosen once.
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
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
]
SEARCH_URL = "search/"
SEARCH_SAVE_AS = SEARCH_URL + "index.html"
SUBSCRIBE_URL = "subscribe/"
SUBSCRIBE_SAVE_AS = SUBSCRIBE_URL + "index.html"
# A template, not a static file: the Sitemap line needs the absolute SITEURL.
ROBOTS_SAVE_AS = "robots.txt"

# Feeds: full content in every format, links made absolute from SITEURL.
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/category/{slug}.atom.xml"
CATEGORY_FEED_RSS = None
TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"
TAG_FEED_RSS = None
FEED_ALL_JSON = "feeds/all.json"  # JSON Feed 1.1, written by plugins/feeds
# Entry ids are tag: URIs from this domain and year, never from SITEURL, so that
# moving the site or editing a title never shows a post twice. Never change it.
FEED_ID_AUTHORITY = "finishfirst.example,2012"
# Opening a feed in a browser shows this stylesheet's page, not raw XML.
FEED_STYLESHEET = "theme/feeds/feed.xsl"
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
RSS_FEED_SUMMARY_ONLY = False
FEED_MAX_ITEMS = 20

TYPOGRIFY = True
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
    "pelican.plugins.sitemap",
    "sitemap_dates",  # listing pages dated by the newest post, not the build (README, Theme)
    "pelican.plugins.neighbors",  # the older and newer post links under each post
    "pelican.plugins.related_posts",  # RELATED_POSTS_MAX posts sharing tags
    "search",
    "feeds",
    "followup",
    "images",  # width/height and lazy loading on post images (README, Theme)
    "reading_time",  # counted once per post, not on every listing (README, Theme)
    # The devserver's settings turn these on (devserverconf.py); off, they do nothing.
    "typogrify_in_reader",  # TYPOGRIFY_IN_READER: typography that the content cache keeps
    "selected_writing",  # SELECTED_SOURCES: write only the pages of these files
]

# The follow-up calculator on every post (README, "The follow-up calculator").
# A post changes its defaults with `followup_probation:` / `followup_lead:` metadata,
# or drops it with `followup: off`.
FOLLOWUP_PROBATION = "P3M"  # PnM (1-12), P1Y, PnW (5-52) or PnD (30-366)
FOLLOWUP_LEAD = "P2W"  # P1W, P2W or P3W
FOLLOWUP_HEADING = "When to follow up"
# Our theme styles the calculator in its one stylesheet: no second request.
FOLLOWUP_STYLESHEET = False

# Theme: sitemap.xml for search engines (drafts are never listed: the plugin
# skips anything not published), 3 related posts by shared tags, the Pagefind
# index without the calculator, and the date advice-age notes count from.
SITEMAP = {
    "format": "xml",
    "exclude": [r"^404\.html$", r"^search/$", r"^robots\.txt$", r"^drafts/"],
}
RELATED_POSTS_MAX = 3
SEARCH_EXCLUDE_SELECTORS = ["#followup"]
BUILD_DATE = datetime.date.today()
DEFAULT_OG_IMAGE = "theme/images/og-default.png"

DELETE_OUTPUT_DIRECTORY = False
CACHE_CONTENT = False
