"""Read posts the way Pelican's readers do, keeping line numbers for messages.

Shared by newpost.py, check.py and publish.py. The reading itself is
plugins/content_check's (sources.py), which every build's check uses too: a BOM, a
vertical tab in a title or a Latin-1 file is read here exactly as there.
"""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican.settings import read_settings
from pelican.utils import get_date, set_date_tzinfo

from content_check import sources
from content_check.pelican_site import site_from_settings
from content_check.site import find_content
from content_check.site import slug_of as site_slug_of
from content_check.sources import Field, Post

__all__ = ["ROOT", "Field", "Post", "parse_metadata", "read_post", "read_all"]

ROOT = Path(__file__).resolve().parent.parent


def parse_metadata(lines: list[str]) -> tuple[dict[str, Field], int]:
    """Metadata from the top of a Markdown file (keys lowercased, continuation lines
    joined by a space) and the index of the first body line."""
    fields, _, body_start = sources.parse_metadata(lines)
    return fields, body_start


def read_post(path: Path, root: Path = ROOT, is_article: bool = True) -> Post:
    """A Markdown post; one that is not UTF-8 comes back without fields, `unreadable` set."""
    return sources.read_post(path, root, is_article)


def load_settings(root: Path = ROOT, name: str = "pelicanconf.py") -> dict:
    return read_settings(str(root / name))


def read_all(settings: dict, root: Path = ROOT) -> list[Post]:
    """Every post and page Pelican reads (Markdown and HTML), articles first: their
    metadata and text (their links are not parsed)."""
    return find_content(site_from_settings(settings, root), references=False).posts


def slug_from_title(title: str, settings: dict) -> str:
    return site_from_settings(settings).slugify(title, "SLUG")


def slug_of(post: Post, settings: dict) -> str | None:
    """The slug Pelican gives the post: its Slug field, or one made from its title."""
    return site_slug_of(post, site_from_settings(settings))


def site_now(settings: dict) -> datetime:
    """Now, in the site's time zone: Pelican reads dates without a zone in TIMEZONE."""
    return datetime.now(ZoneInfo(settings["TIMEZONE"]))


def parse_date(text: str, settings: dict) -> datetime:
    """A post's date as Pelican reads it: one without a zone is in TIMEZONE."""
    return set_date_tzinfo(get_date(text), settings["TIMEZONE"])
