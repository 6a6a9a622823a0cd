"""Pelican settings for `make devserver`'s preview: pelicanconf.py with the same plugins
and different values, so that a saved post shows in the browser within a second on a
site of 1,000 posts (`make bench` measures it; docs/preview.md).

The preview leaves out the feeds and the search index, and its sitemap is empty; every
page, listing and the calculator are built as `make html` builds them, byte for byte.
`make html` and `make publish` never read this file.
"""

import hashlib
import os
import sys

from jinja2 import FileSystemBytecodeCache

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

# Pelican's content cache at its reader layer: each post's Markdown is read again only
# when its file changed. scripts/devserver.py passes --cache-path (cache/preview/).
# Its generator layer, which would keep whole posts, pickles every post's context with
# the older/newer links chained through all the posts: RecursionError at a few hundred.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"
GZIP_CACHE = False  # the cache stays on this machine; compressing it costs each rebuild
# Typography is in the readers in every build (pelicanconf.py), so the cache keeps it.

# Feeds: about a quarter of a rebuild, and no page of the preview needs them.
FEEDS = {}
# Search: Pagefind would index every page after every rebuild; /search/ finds nothing.
SEARCH_INDEX = False
# The sitemap: nothing reads it in the preview, and a quick step, which writes one page,
# would list only that page.
SITEMAP_SAVE_AS = ""

# The theme's templates compiled once, not on every rebuild: Jinja's own bytecode cache
# (a template compiles again when its source changes), in a folder named by the options
# that change what Jinja compiles (a digest of JINJA_ENVIRONMENT), inside cache/preview/.
_JINJA_OPTIONS = repr(sorted(JINJA_ENVIRONMENT.items())).encode()  # noqa: F405
_COMPILED = os.path.join(
    os.path.dirname(os.path.abspath(__file__)),
    "cache",
    "preview",
    "templates",
    hashlib.sha256(_JINJA_OPTIONS).hexdigest()[:16],
)
os.makedirs(_COMPILED, exist_ok=True)
JINJA_ENVIRONMENT = {**JINJA_ENVIRONMENT, "bytecode_cache": FileSystemBytecodeCache(_COMPILED)}  # noqa: F405
