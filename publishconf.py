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
