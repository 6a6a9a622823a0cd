"""The Pelican side of the images plugin: where an `<img src>` of a post is on disk.

It runs at `content_object_init`, while `{static}` links are still unresolved, so that
the source file is known; the added attributes then go wherever the content goes
(pages, feeds, summaries) and change no text. It also gives each post and page its
`share_image`: the picture link previews show (og:image, Twitter, JSON-LD).
"""

import logging
import os
import re
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urljoin, urlparse

from pelican.contents import Article, Page

from .sizes import PostImage, file_size, size_images

logger = logging.getLogger(__name__)

FILE_LINKS = {"static", "attach", "filename"}
# What link previews (Facebook, LinkedIn, Slack, X...) show: no SVG.
SHAREABLE = (".png", ".jpg", ".jpeg", ".gif", ".webp")


class ShareImage(NamedTuple):
    """The picture shared with links to a post; `url` from the site's root, as `.url`."""

    url: str
    width: int
    height: int
    alt: str


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
    if not isinstance(content, Article | Page):
        return
    images = []
    if content._content:
        sized = size_images(content._content, lambda src: image_file(content, src))
        content._content, images = sized.html, sized.images
        for image in sized.unsized:
            logger.warning(
                "images: %s: <img src=%r> gets no width/height (%s); fix the src, or give "
                "the <img> width and height so the text does not jump when it loads",
                os.path.relpath(content.source_path),
                image.src,
                image.reason,
            )
    content.share_image = share_image(content, images)


def share_image(content, images: list[PostImage]) -> ShareImage | None:
    """The post's `Image:` (make check has checked it), else its first PNG, JPEG, GIF or
    WebP image; None, and the theme shows its DEFAULT_OG_IMAGE."""
    named = content.metadata.get("image")
    if named:
        path = image_file(content, named)
        size, _ = file_size(path)
        image = PostImage(named, path, *size, "") if size else None
    else:
        image = next((i for i in images if i.path.suffix.lower() in SHAREABLE), None)
    if image is None:
        return None
    relative = Path(os.path.relpath(image.path, content.settings["PATH"])).as_posix()
    return ShareImage(static_url(relative, content.settings), image.width, image.height, image.alt)


def static_url(relative: str, settings) -> str:
    """The URL of a content file Pelican copies as it is (STATIC_URL, or its own `url` in
    EXTRA_PATH_METADATA)."""
    extra = settings.get("EXTRA_PATH_METADATA", {}).get(relative, {})
    return extra.get("url") or settings["STATIC_URL"].format(path=relative)
