"""`make check`: find every mistake in the posts before anything is built.

One line per problem, `content/path.md:LINE: field: what is wrong; how to fix it`,
and a non-zero exit status when there is any. Drafts may leave the summary empty
(a warning, not an error): `make newpost` writes one that way on purpose.

    make check  (.venv/bin/python -m scripts.check, PYTHONPATH as the Makefile sets it)
"""

import difflib
import os
import re
import sys
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

from followup.options import post_options

from . import posts

ARTICLE_FIELDS = ("title", "date", "summary")
PAGE_FIELDS = ("title",)
SUMMARY_LIMIT = 300  # characters; a summary must be shorter
STATUSES = ("published", "draft", "hidden")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2})?)?")
FENCE = re.compile(r"^\s*(```|~~~)")
MARKDOWN_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\][(\[](?P<src>[^)\]\s]*)")
INTRASITE_LINK = re.compile(r"\{(?P<what>filename|static|attach)\}(?P<target>[^\s)\"'>]+)")


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    field: str
    message: str  # "what is wrong; how to fix it"
    warning: bool = False

    def __str__(self):
        prefix = "warning: " if self.warning else ""
        return f"{self.path}:{self.line}: {self.field}: {prefix}{self.message}"


def required_problems(post):
    required = ARTICLE_FIELDS if post.is_article else PAGE_FIELDS
    for key in required:
        if post.get(key):
            continue
        if key == "summary" and post.is_draft:
            yield Problem(
                post.path,
                post.line_of(key),
                key,
                "empty, which a draft may be; write one or two sentences "
                "before you remove 'Status: draft'",
                warning=True,
            )
        elif key in post.fields:
            yield Problem(post.path, post.line_of(key), key, f"empty; fill in '{key.title()}:'")
        else:
            yield Problem(post.path, 1, key, f"missing; add a line '{key.title()}: ...' at the top")


def date_problems(post):
    for key in ("date", "modified"):
        value = post.get(key)
        if not value:
            continue
        how = "use YYYY-MM-DD HH:MM, e.g. 2026-11-25 09:00"
        if not ISO_DATE.fullmatch(value):
            yield Problem(post.path, post.line_of(key), key, f"'{value}' is not a date; {how}")
            continue
        try:
            datetime.fromisoformat(value)
        except ValueError:
            yield Problem(post.path, post.line_of(key), key, f"'{value}' is not a real date; {how}")


def category_problems(post, categories):
    value = post.get("category")
    if value is None or value in categories:
        return
    close = difflib.get_close_matches(value, categories, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(categories)}"
    yield Problem(
        post.path,
        post.line_of("category"),
        "category",
        f"'{value}' is not in CATEGORIES (pelicanconf.py); {hint}",
    )


def summary_problems(post):
    summary = post.get("summary") or ""
    if len(summary) >= SUMMARY_LIMIT:
        yield Problem(
            post.path,
            post.line_of("summary"),
            "summary",
            f"{len(summary)} characters long; shorten it to under {SUMMARY_LIMIT}",
        )


def status_problems(post):
    value = post.get("status")
    if value is not None and value.lower() not in STATUSES:
        yield Problem(
            post.path,
            post.line_of("status"),
            "status",
            f"'{value}' is not a status; use draft, published or hidden",
        )


def followup_problems(post, settings, root):
    metadata = {key: found.value for key, found in post.fields.items()}
    try:
        post_options(metadata, settings)
    except ValueError as error:
        wrong = f"'{error.value}' is not accepted; {error.accepted}"
        if error.field.isupper():  # a FOLLOWUP_* setting, not the post's metadata
            yield Problem(Path("pelicanconf.py"), 1, error.field, wrong)
        else:
            yield Problem(post.path, post.line_of(error.field), error.field, wrong)


def body_outside_code(post):
    """(line number, text) of each body line, with fenced code blocks blanked."""
    in_fence = False
    for offset, text in enumerate(post.body):
        if FENCE.match(text):
            in_fence = not in_fence
            text = ""
        yield post.body_line + offset, "" if in_fence else text


class ImageTags(HTMLParser):
    """Collects the line and alt text of every <img> tag."""

    def __init__(self):
        super().__init__()
        self.images = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append((self.getpos()[0], dict(attrs).get("alt")))


def image_problems(post):
    lines = list(body_outside_code(post))
    how = "describe the image for readers who cannot see it"
    for number, text in lines:
        for match in MARKDOWN_IMAGE.finditer(text):
            if not match.group("alt").strip():
                src = match.group("src")
                yield Problem(
                    post.path,
                    number,
                    "image",
                    f"{src} has no alt text; {how}: ![what it shows]({src})",
                )
    parser = ImageTags()
    parser.feed("\n".join(text for _, text in lines))
    parser.close()
    for line, alt in parser.images:
        if not (alt or "").strip():
            yield Problem(
                post.path,
                post.body_line + line - 1,
                "image",
                f'<img> has no alt text; add alt="..." and {how}',
            )


def link_problems(post, root):
    content = root / "content"
    for number, text in body_outside_code(post):
        for match in INTRASITE_LINK.finditer(text):
            target = unquote(match.group("target").split("#")[0].split("?")[0])
            if target.startswith("/"):
                resolved = content / target.lstrip("/")
            else:
                resolved = (root / post.path).parent / target
            if not resolved.is_file():
                shown = os.path.relpath(resolved, root)
                yield Problem(
                    post.path,
                    number,
                    "link",
                    f"{match.group(0)} points to {shown}, which does not exist; "
                    "fix the path (relative to this file, or starting with / for content/)",
                )


def slug_problems(all_posts, settings):
    """Each slug once among posts, and once among pages."""
    first_use = {}
    for post in all_posts:
        slug = posts.slug_of(post, settings)
        if slug is None:
            continue
        key = (post.is_article, slug)
        if key in first_use:
            line = post.line_of("slug" if post.get("slug") else "title")
            yield Problem(
                post.path,
                line,
                "slug",
                f"'{slug}' is already used by {first_use[key]}; "
                "give this one its own Slug (or title)",
            )
        else:
            first_use[key] = post.path


def post_problems(post, settings, root):
    yield from required_problems(post)
    yield from date_problems(post)
    yield from status_problems(post)
    if post.is_article:
        yield from category_problems(post, settings["CATEGORIES"])
        yield from followup_problems(post, settings, root)
    yield from summary_problems(post)
    yield from image_problems(post)
    yield from link_problems(post, root)


def check(settings, root=posts.ROOT):
    """Every problem in the site's posts and pages."""
    all_posts = posts.read_all(settings, root)
    problems = list(slug_problems(all_posts, settings))
    for post in all_posts:
        problems.extend(post_problems(post, settings, root))
    unique = dict.fromkeys(problems)  # a bad setting is reported once, not per post
    return sorted(unique, key=lambda p: (str(p.path), p.line))


def main():
    problems = check(posts.load_settings())
    for problem in problems:
        print(problem)
    errors = [p for p in problems if not p.warning]
    if errors:
        print(f"check: {len(errors)} problem(s) to fix before the site is built", file=sys.stderr)
        return 1
    print("check: every post is fine", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
