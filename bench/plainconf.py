"""The baseline of the build benchmark: plain Pelican on the same posts.

What pelican-quickstart gives: Pelican's defaults, its built-in theme, no
plugins and no typogrify. Only what decides which files are read and how many
pages come out is taken from pelicanconf.py, so both builds process the same posts.
"""

# Pelican reads every upper-case name of this module, imported ones included.
from pelicanconf import (  # noqa: F401
    ARTICLE_PATHS,
    AUTHOR,
    DEFAULT_LANG,
    DEFAULT_PAGINATION,
    PAGE_PATHS,
    SITENAME,
    STATIC_PATHS,
    TIMEZONE,
)

SITEURL = "https://finishfirst.example"
RELATIVE_URLS = False
# An empty list, not None: None would load every plugin installed in .venv.
PLUGINS = []
TYPOGRIFY = False
DELETE_OUTPUT_DIRECTORY = True
# Publishes the same posts as ours: posts dated in the future wait in both.
WITH_FUTURE_DATES = False
