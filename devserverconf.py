"""Pelican settings for `make devserver`'s preview: pelicanconf.py without the
production extras, and with the content cache on, so that a saved post shows in the
browser within a second on a site of 1,000 posts (`make bench` measures it).

The preview leaves out the feeds, the search index and the sitemap; every page, listing
and the calculator are built as `make html` builds them. `make html` and `make publish`
never read this file.
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

# Keep finished articles between rebuilds (Markdown, typogrify and the images plugin
# done), not only the Markdown output: a rebuild re-reads only the posts that changed.
# scripts/devserver.py passes --cache-path, outside the output folder it replaces.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "generator"
# Pelican warns that this layer conflicts with holding back future posts
# (WITH_FUTURE_DATES = False, production only): a post cached before its date would
# stay held back. The preview shows them, as pelicanconf.py does.
WITH_FUTURE_DATES = True
GZIP_CACHE = False  # the cache stays on this machine; compressing it costs each rebuild

# Feeds: about a quarter of a rebuild, and no page of the preview needs them.
FEEDS = {}
# Search: Pagefind re-indexes every page after every rebuild; /search/ finds nothing.
# The sitemap: nothing reads it in the preview, and it would list only the pages of a
# quick build. selected_writing: scripts/devserver.py first writes only the saved post.
SITEMAP_SAVE_AS = ""
LEFT_OUT = ("search",)
PLUGINS = [name for name in PLUGINS if name not in LEFT_OUT] + ["selected_writing"]  # noqa: F405
