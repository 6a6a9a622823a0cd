"""Read posts the way Pelican's Markdown reader does, keeping line numbers for messages.

Shared by newpost.py, check.py and publish.py. Pure apart from reading files.
"""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

# The very expressions of Python-Markdown's `meta` extension, which Pelican's reader uses.
from markdown.extensions.meta import BEGIN_RE, END_RE, META_MORE_RE, META_RE
from pelican.settings import read_settings
from pelican.utils import get_date, set_date_tzinfo, slugify

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Field:
    value: str
    line: int  # 1-based line of the `Key: value` line


@dataclass
class Post:
    path: Path  # relative to the project root, for messages
    fields: dict[str, Field]
    body: list[str]  # the text after the metadata
    body_line: int  # line number of body[0]
    is_article: bool = True

    def get(self, key: str) -> str | None:
        found = self.fields.get(key)
        return found.value if found else None

    def line_of(self, key: str) -> int:
        found = self.fields.get(key)
        return found.line if found else 1

    @property
    def is_draft(self) -> bool:
        return (self.get("status") or "").lower() == "draft"


def parse_metadata(lines: list[str]) -> tuple[dict[str, Field], int]:
    """Metadata from the top of a Markdown file (keys lowercased, continuation lines
    joined by a space) and the index of the first body line."""
    fields: dict[str, Field] = {}
    index = 1 if lines and BEGIN_RE.match(lines[0]) else 0
    key = None
    while index < len(lines):
        line = lines[index]
        if line.strip() == "" or END_RE.match(line):
            return fields, index + 1
        key_match = META_RE.match(line)
        more_match = META_MORE_RE.match(line)
        if key_match:
            key = key_match.group("key").lower().strip()
            value = key_match.group("value").strip()
            if key in fields:  # Markdown keeps every value; Pelican reads them joined
                fields[key].value += " " + value
            else:
                fields[key] = Field(value, index + 1)
        elif more_match and key:
            fields[key].value += " " + more_match.group("value").strip()
        else:
            return fields, index
        index += 1
    return fields, index


def read_post(path: Path, root: Path = ROOT, is_article: bool = True) -> Post:
    lines = path.read_text(encoding="utf-8").splitlines()
    fields, body_start = parse_metadata(lines)
    return Post(
        path=path.relative_to(root),
        fields=fields,
        body=lines[body_start:],
        body_line=body_start + 1,
        is_article=is_article,
    )


def load_settings(root: Path = ROOT, name: str = "pelicanconf.py") -> dict:
    return read_settings(str(root / name))


def read_all(settings: dict, root: Path = ROOT) -> list[Post]:
    """Every Markdown post and page under the content folder, articles first."""
    content = Path(settings["PATH"])
    found = []
    for paths, is_article in ((settings["ARTICLE_PATHS"], True), (settings["PAGE_PATHS"], False)):
        for folder in paths:
            for path in sorted((content / folder).rglob("*.md")):
                found.append(read_post(path, root, is_article))
    return found


def slug_from_title(title: str, settings: dict) -> str:
    return slugify(
        title,
        regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"],
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


def slug_of(post: Post, settings: dict) -> str | None:
    """The slug Pelican gives the post: its Slug field, or one made from its title."""
    if post.get("slug"):
        return post.get("slug")
    title = post.get("title")
    return slug_from_title(title, settings) if title else None


def site_now(settings: dict) -> datetime:
    """Now, in the site's time zone: Pelican reads dates without a zone in TIMEZONE."""
    return datetime.now(ZoneInfo(settings["TIMEZONE"]))


def parse_date(text: str, settings: dict) -> datetime:
    """A post's date as Pelican reads it: one without a zone is in TIMEZONE."""
    return set_date_tzinfo(get_date(text), settings["TIMEZONE"])
