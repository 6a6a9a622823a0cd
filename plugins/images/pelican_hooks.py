"""The Pelican side of the images plugin: where an `<img src>` of a post is on disk.

It runs at `content_object_init`, while `{static}` links are still unresolved, so that
the source file is known; the added attributes then go wherever the content goes
(pages, feeds, summaries) and change no text.
"""

import logging
import os
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from pelican.contents import Article, Page

from .sizes import add_image_attributes

logger = logging.getLogger(__name__)

FILE_LINKS = {"static", "attach", "filename"}


def image_file(content, src: str) -> Path | None:
    """The file behind `src` in a post or page, or None when it is none of the site's."""
    root = Path(content.settings["PATH"])
    link = re.match(content.settings["INTRASITE_LINK_REGEX"], src)
    if link:
        if link.group("what") not in FILE_LINKS:
            return None
        path = unquote(urlparse(src[link.end() :]).path)
        # As Pelican's Content._link_replacer: from the content folder with a leading /,
        # otherwise from the post's own folder.
        base = root if path.startswith("/") else Path(content.source_path).parent
        return Path(os.path.normpath(base / path.lstrip("/")))
    # A plain src is what the browser fetches from the page's address; static files keep
    # their content path in the output (Pelican's default STATIC_SAVE_AS, "{path}").
    site_path = urlparse(content.settings["SITEURL"]).path.rstrip("/") + "/"
    fetched = unquote(urlparse(urljoin(urljoin(site_path, content.url), src)).path)
    if not fetched.startswith(site_path):
        return None
    return root / fetched.removeprefix(site_path)


def add_image_sizes(content) -> None:
    if not isinstance(content, Article | Page) or not content._content:
        return
    content._content, unsized = add_image_attributes(
        content._content, lambda src: image_file(content, src)
    )
    for image in unsized:
        logger.warning(
            "images: %s: <img src=%r> gets no width/height (%s); fix the src, or give the "
            "<img> width and height so the text does not jump when it loads",
            os.path.relpath(content.source_path),
            image.src,
            image.reason,
        )
