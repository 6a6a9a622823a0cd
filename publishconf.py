"""Pelican settings for production: `make publish`.

SITEURL comes from the environment so the same build can target any host:
    make publish SITEURL=https://example.org
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "https://finishfirst.example").rstrip("/")
RELATIVE_URLS = False

# A production build starts from an empty folder: nothing stale ships.
DELETE_OUTPUT_DIRECTORY = True

# A post dated in the future is held back (a draft) until a build on or after its date.
WITH_FUTURE_DATES = False
# Drafts (and, with WITH_FUTURE_DATES off, scheduled posts) are never written in production.
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""

# .gz and .br beside every text file, for hosts that serve pre-compressed files.
PLUGINS = [*PLUGINS, "pelican.plugins.precompress"]  # noqa: F405
PRECOMPRESS_GZIP = True
PRECOMPRESS_BROTLI = True  # needs the brotli package (requirements.txt)
PRECOMPRESS_ZOPFLI = False
PRECOMPRESS_ZSTANDARD = False
