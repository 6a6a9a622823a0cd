"""`make newpost TITLE="..."`: start a post with every metadata field filled in.

The title comes from the arguments or, through make, from the TITLE variable.

Writes content/posts/YYYY-MM-DD-slug.md as a draft and prints its path. The slug is
Pelican's for the title, cut to 80 characters at a hyphen, so that `make check` accepts
it. A title whose slug another post already has is refused, naming that post; so is a
title with a line break or a control character, which would end the metadata.
"""

import os
import sys
from pathlib import Path

from content_check.pelican_site import site_from_settings
from content_check.rules import suggested_slug
from content_check.sources import control_characters

from . import posts

TEMPLATE = """\
Title: {title}
Date: {date}
Slug: {slug}
Author: {author}
Category: {category}
Tags:
Summary:
Status: draft

Write the post here, in Markdown. Fill in Summary (one or two sentences, under
300 characters) and Tags (comma-separated), then remove the Status line to publish.
"""


def render(title: str, slug: str, settings: dict) -> tuple[str, str]:
    """The file name and text of a new post called `title`, dated now."""
    now = posts.site_now(settings)
    text = TEMPLATE.format(
        title=title,
        date=now.strftime("%Y-%m-%d %H:%M"),
        slug=slug,
        author=settings["AUTHOR"],
        category=settings["DEFAULT_CATEGORY"],
    )
    return f"{now:%Y-%m-%d}-{slug}.md", text


def clashing_post(slug: str, settings: dict) -> Path | None:
    for post in posts.read_all(settings):
        if post.is_article and posts.slug_of(post, settings) == slug:
            return post.path
    return None


def main(argv: list[str]) -> int:
    title = (" ".join(argv) or os.environ.get("TITLE", "")).strip()
    if not title:
        print('newpost: give the title: make newpost TITLE="What to say"', file=sys.stderr)
        return 2
    if "\n" in title or "\r" in title or control_characters(title):
        print(
            "newpost: the title has a line break or a control character; give it on one line",
            file=sys.stderr,
        )
        return 2
    settings = posts.load_settings()
    slug = suggested_slug(title, site_from_settings(settings))
    if not slug:
        print(f"newpost: the title {title!r} gives an empty slug; use words", file=sys.stderr)
        return 2
    clash = clashing_post(slug, settings)
    if clash:
        print(
            f"newpost: slug '{slug}' is already used by {clash}; choose another title",
            file=sys.stderr,
        )
        return 1
    name, text = render(title, slug, settings)
    folder = Path(settings["PATH"]) / settings["ARTICLE_PATHS"][0]
    path = folder / name
    folder.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as new_file:  # "x": never overwrite
        new_file.write(text)
    print(path.relative_to(posts.ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
