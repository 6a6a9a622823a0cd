"""Intrinsic sizes and lazy loading for the images in a post's HTML. No Pelican here:
the caller says where an image's file is (`resolve`), this module reads its size.

With `width` and `height` on an `<img>` (and the theme's `height: auto`), the browser
reserves the image's box before the file arrives, so the text never jumps.
"""

import re
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlparse

import imagesize

from html_tags import StartTag, rewrite_start_tags, with_added_attributes

# Any <img> start tag begins so; without one, there is no image to size.
IMG_TAG = re.compile("<img", re.IGNORECASE)


class UnsizedImage(NamedTuple):
    """A local image left without width/height, and why (for the build's warning)."""

    src: str
    reason: str


class PostImage(NamedTuple):
    """A local image of the post whose file was read: its own size in pixels."""

    src: str
    path: Path
    width: int
    height: int
    alt: str


class SizedHtml(NamedTuple):
    html: str
    unsized: list[UnsizedImage]
    images: list[PostImage]  # in the order of the HTML


def is_remote(src: str) -> bool:
    """http(s), data: and protocol-relative URLs: not a file of this site."""
    return bool(urlparse(src).scheme) or src.startswith("//")


def _positive_int(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() and int(value) > 0 else None


def file_size(path: Path | None) -> tuple[tuple[int, int] | None, str | None]:
    """The image file's (width, height), or the reason it has none."""
    if path is None:
        return None, "it is not a file of this site"
    if not path.is_file():
        return None, f"no such file: {path}"
    # SVG sizes may be fractional; HTML's width/height are whole pixels.
    width, height = (round(side) for side in imagesize.get(path))
    if width <= 0 or height <= 0:
        return None, f"its size cannot be read from {path}"
    return (width, height), None


def _size_attributes(attributes: dict[str, str | None], size: tuple[int, int]) -> dict[str, str]:
    """The width/height to add to an <img> whose file is `size`."""
    given_width, given_height = attributes.get("width"), attributes.get("height")
    width, height = size
    if given_width is not None and given_height is not None:
        return {}
    # One side set by the author (a number of pixels): the other follows the aspect ratio.
    if given_width is not None:
        author_width = _positive_int(given_width)
        return {"height": str(round(author_width * height / width))} if author_width else {}
    if given_height is not None:
        author_height = _positive_int(given_height)
        return {"width": str(round(author_height * width / height))} if author_height else {}
    return {"width": str(width), "height": str(height)}


def add_image_attributes(
    html: str, resolve: Callable[[str], Path | None]
) -> tuple[str, list[UnsizedImage]]:
    """Return `html` with `width`/`height` (from the image file that `resolve(src)` names)
    on every local `<img>` lacking them, and `loading="lazy"` `decoding="async"` on every
    `<img>` whose author did not set `loading` (remote ones get `loading` only). Attributes
    the author set are kept. A local image whose size cannot be read is left as written and
    returned with the reason."""
    sized = size_images(html, resolve)
    return sized.html, sized.unsized


def size_images(html: str, resolve: Callable[[str], Path | None]) -> SizedHtml:
    """add_image_attributes, and the local images whose file was read (each file is read
    once, for its size, which the post's share image uses too)."""
    unsized, images = [], []
    if not IMG_TAG.search(html):  # most posts: nothing to parse
        return SizedHtml(html, unsized, images)

    def with_sizes(tag: StartTag) -> str | None:
        attributes = dict(tag.attributes)
        src = (attributes.get("src") or "").strip() if tag.name == "img" else ""
        if not src:
            return None
        added: dict[str, str] = {}
        if not is_remote(src):
            both_given = (
                attributes.get("width") is not None and attributes.get("height") is not None
            )
            path = resolve(src)
            size, reason = file_size(path)
            if reason and not both_given:  # a broken image: left as written, for the author
                unsized.append(UnsizedImage(src, reason))
                return None
            if size:
                images.append(PostImage(src, path, *size, attributes.get("alt") or ""))
                added.update(_size_attributes(attributes, size))
        if "loading" not in attributes:
            added["loading"] = "lazy"
            if not is_remote(src) and "decoding" not in attributes:
                added["decoding"] = "async"
        return with_added_attributes(tag, added) if added else None

    return SizedHtml(rewrite_start_tags(html, with_sizes), unsized, images)
