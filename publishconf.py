"""Pelican settings for production: `make publish`.

SITEURL, the site's absolute address, is required: `make publish` refuses to build
without one. Give it on the command line (the environment):
    make publish SITEURL=https://example.org
or write it once in place of "" on the SITEURL line below.
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
RELATIVE_URLS = False

# A production build starts from an empty folder: nothing stale ships.
DELETE_OUTPUT_DIRECTORY = True

# A post dated in the future is held back (a draft) until a build on or after its date.
WITH_FUTURE_DATES = False
# Drafts (and, with WITH_FUTURE_DATES off, scheduled posts) are never written in production.
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
