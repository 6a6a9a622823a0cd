"""The site's content as the rules see it: what a build reads, where, and the settings
it is read with. No Pelican here: `Site` carries the settings and Pelican's slug function
(pelican_site.py makes it)."""

import fnmatch
import hashlib
import multiprocessing
import os
import pickle
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from pathlib import Path

from .references import Reference, html_references, markdown_references
from .sources import HTML, MARKDOWN, Post, read_post

# Each file as this process last read it: a process that builds again and again (the
# devserver) reads and parses only the files that changed since. Builds with Pelican's
# content cache keep it beside theirs (load_reads, save_reads).
_READ: dict[Path, tuple[tuple, Post, list[Reference] | None]] = {}
READS_FILE = "content_check-reads"
# Below this many files to parse per process, one process does them sooner.
FILES_PER_WORKER = 64
CHUNK = 32  # files per task of a worker
_SITE: "Site | None" = None  # the site read_on_every_core's workers read

# What would break a problem's line, or hide in it: controls, line and paragraph separators.
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2})?)?")


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    field: str
    message: str  # "what is wrong; how to fix it"
    warning: bool = False

    def __str__(self):
        """One line, whatever the message quotes from the file: control characters and
        line separators are shown as escapes (\\x0b, \\u2028)."""
        prefix = "warning: " if self.warning else ""
        line = f"{self.path}:{self.line}: {self.field}: {prefix}{self.message}"
        return UNPRINTABLE.sub(lambda found: ascii(found.group())[1:-1], line)


@dataclass(frozen=True)
class Site:
    """The settings of one build and what the rules need from Pelican."""

    settings: Mapping
    shown_from: Path  # paths in messages are relative to this folder
    # Pelican's slug for a text: slugify(text, kind) with kind "SLUG", "TAG", "CATEGORY"
    # or "AUTHOR" (each has its own *_REGEX_SUBSTITUTIONS).
    slugify: Callable[[str, str], str]
    # Extension → MARKDOWN, HTML or the name of a format the check does not read.
    reader_formats: Mapping[str, str]
    now: datetime  # in the site's time zone: a post dated later is held back

    @property
    def content(self) -> Path:
        return Path(self.settings["PATH"])

    def shown(self, path: Path) -> Path:
        path = Path(os.path.abspath(path))
        return path.relative_to(self.shown_from) if path.is_relative_to(self.shown_from) else path


@dataclass
class Content:
    """Every post and page of the site, with what the rules work out once."""

    site: Site
    posts: list[Post]
    unchecked: list[tuple[Path, str]] = field(default_factory=list)  # (file, format name)
    ignored: list[Path] = field(default_factory=list)
    dates: dict[Path, datetime | None] = field(default_factory=dict)
    outputs: dict[str, Path | None] | None = None  # site_outputs(), worked out once
    found: dict[Path, list[Reference]] = field(default_factory=dict)  # references()
    by_file: dict[Path, Post] | None = None  # post_at()
    redirects: dict[str, Post] | None = None  # links.redirect_outputs()

    def post_at(self, file: Path | None) -> Post | None:
        if self.by_file is None:
            self.by_file = {post.file: post for post in self.posts}
        return self.by_file.get(file)

    def references(self, post: Post) -> list[Reference]:
        """The links and images of the post's body."""
        if post.file not in self.found:
            self.found[post.file] = references_of(post)
        return self.found[post.file]

    def date(self, post: Post) -> datetime | None:
        if post.file not in self.dates:
            self.dates[post.file] = parse_date(post.get("date"))
        return self.dates[post.file]

    def is_written(self, post: Post) -> bool:
        """Whether a production build writes it (drafts and posts dated later are not)."""
        status = (post.get("status") or default_status(self.site)).lower()
        if status in ("draft", "skip"):
            return False
        date = self.date(post)
        return not (post.is_article and date and date > self.site.now.replace(tzinfo=None))

    def is_listed(self, post: Post) -> bool:
        return self.is_written(post) and (post.get("status") or "").lower() != "hidden"


def setting_line(name: str, site: Site) -> tuple[Path, int]:
    """Where pelicanconf.py last sets `name` (line 1 when it does not)."""
    path = site.shown_from / "pelicanconf.py"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    found = list(re.finditer(rf"^{name}\s*=", text, re.MULTILINE))
    return Path("pelicanconf.py"), text.count("\n", 0, found[-1].start()) + 1 if found else 1


def default_status(site: Site) -> str:
    return str(site.settings.get("DEFAULT_METADATA", {}).get("status", "published"))


def parse_date(text: str | None) -> datetime | None:
    if not text or not ISO_DATE.fullmatch(text):
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def ignored_name(name: str, site: Site) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in site.settings["IGNORE_FILES"])


def walk(site: Site, folders: Iterable[str], excludes: Iterable[str]) -> Iterator[Path]:
    """Files under content/FOLDER as Pelican's Generator.get_files finds them."""
    content = site.content
    excluded = {os.path.normpath(content / name) for name in excludes}
    for folder in folders:
        top = content / folder if folder else content
        if top.is_file():
            yield top
            continue
        for here, dirs, files in os.walk(top, followlinks=True):
            dirs[:] = sorted(
                d
                for d in dirs
                if os.path.normpath(Path(here) / d) not in excluded and not ignored_name(d, site)
            )
            for name in sorted(files):
                if not ignored_name(name, site):
                    yield Path(here) / name


def format_of(path: Path, site: Site) -> str | None:
    return site.reader_formats.get(path.suffix[1:])


def find_content(site: Site, references: bool = True) -> Content:
    """Every post and page Pelican would read, read; and the files it would not.
    `references`: parse every body's links and images now (the rules need them;
    a caller that only reads metadata does not)."""
    settings = site.settings
    content = Content(site, [])
    seen: set[Path] = set()
    texts: list[tuple[Path, bool, str]] = []  # (file, is_article, format), Pelican's order
    for folders, excludes, is_article in (
        (settings["ARTICLE_PATHS"], settings["ARTICLE_EXCLUDES"], True),
        (settings["PAGE_PATHS"], settings["PAGE_EXCLUDES"], False),
    ):
        for path in walk(site, folders, excludes):
            kind = format_of(path, site)
            if kind is None or path in seen:
                continue
            seen.add(path)
            if kind in (MARKDOWN, HTML):
                texts.append((path, is_article, kind))
            else:
                content.unchecked.append((path, kind))
    read_on_every_core(texts, site, references)
    for path, is_article, kind in texts:
        post, found = read_once(path, site, is_article, kind, references)
        content.posts.append(post)
        if found is not None:
            content.found[path] = found
    static = set(walk(site, settings["STATIC_PATHS"], settings["STATIC_EXCLUDES"]))
    for path in walk(site, [""], []):
        if path not in seen and path not in static and format_of(path, site):
            content.ignored.append(path)
    return content


def names(post: Post, key: str) -> list[str]:
    """Tags or authors as Pelican splits them: at semicolons if there is one, else at
    commas (pelican.readers.ensure_metadata_list)."""
    value = post.get(key) or ""
    parts = value.split(";") if ";" in value else value.split(",")
    return list(dict.fromkeys(part.strip() for part in parts if part.strip()))


def slug_of(post: Post, site: Site) -> str | None:
    """The slug Pelican gives the post: its Slug field, or one made from its title."""
    if post.get("slug"):
        return post.get("slug")
    title = post.get("title")
    return title_slug(title, site) if title else None


def title_slug(title: str, site: Site) -> str:
    """Pelican's slug for a title: made from the title as the build holds it, escaped
    (plugins/metadata_text), so that "<negotiate>" is a word of it, not a tag to drop."""
    return site.slugify(escape(title, quote=False), "SLUG")


def term_file_settings(kind: str, site: Site) -> list[str]:
    """The file patterns ("tag/{slug}/index.html") a tag, category or author (`kind`
    TAG, CATEGORY or AUTHOR) is written to: its page, and its feeds (the feeds plugin's
    FEEDS, and Pelican's own *_FEED_* settings should a site use them)."""
    names = [f"{kind}_SAVE_AS", f"{kind}_FEED_ATOM", f"{kind}_FEED_RSS"]
    patterns = [site.settings[name] for name in names if site.settings.get(name)]
    feeds = site.settings.get("FEEDS") or {}
    return patterns + list((feeds.get(kind.lower()) or {}).values())


def references_of(post: Post) -> list[Reference]:
    if post.format == HTML:
        return html_references("\n".join(post.body), post.body_line)
    return markdown_references(post.body, post.body_line)


def read_once(
    path: Path, site: Site, is_article: bool, kind: str, references: bool = True
) -> tuple[Post, list[Reference] | None]:
    """The post at `path` and its references (None if not asked for and not parsed
    yet), read again only when the file changed."""
    try:
        digest = hashlib.sha256(path.read_bytes()).digest()
        stamp = (digest, is_article, kind, site.shown_from)
    except OSError:  # read_post says why
        stamp = None
    cached = _READ.get(path)
    if cached is None or stamp is None or cached[0] != stamp:
        post = read_post(path, site.shown_from, is_article, kind)
        post.path = site.shown(path)
        cached = _READ[path] = (stamp, post, None)
    if references and cached[2] is None:
        cached = _READ[path] = (cached[0], cached[1], references_of(cached[1]))
    return cached[1], cached[2]


def read_on_every_core(texts: list[tuple[Path, bool, str]], site: Site, references: bool) -> None:
    """Parse the files read_once would parse, in a process per core when there are many
    (a cold build of 1,000 posts: 0.45 s on one core); read_once then finds them."""
    global _SITE
    missing = [text for text in texts if not is_read(*text, site, references)]
    workers = min(len(os.sched_getaffinity(0)), len(missing) // FILES_PER_WORKER)
    if workers < 2:
        return
    _SITE = site  # the workers are forked: they have it, and nothing pickles it
    # Small chunks: their results come back (pickled) a few at a time, not all at once.
    chunks = [missing[start : start + CHUNK] for start in range(0, len(missing), CHUNK)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        for read in pool.map(_read_chunk, chunks, [references] * len(chunks)):
            _READ.update(read)


def _read_chunk(texts, references) -> dict:
    """In a worker: these files read, as _READ holds them."""
    for path, is_article, kind in texts:
        read_once(path, _SITE, is_article, kind, references)
    return {path: _READ[path] for path, _, _ in texts}


def is_read(path: Path, is_article: bool, kind: str, site: Site, references: bool) -> bool:
    cached = _READ.get(path)
    if cached is None or (references and cached[2] is None):
        return False
    try:
        digest = hashlib.sha256(path.read_bytes()).digest()
    except OSError:
        return False
    return cached[0] == (digest, is_article, kind, site.shown_from)


def load_reads(folder: Path) -> None:
    """The files as a build with the same cache last read them (nothing if none did)."""
    try:
        with open(folder / READS_FILE, "rb") as kept:
            while True:
                path, entry = pickle.load(kept)
                _READ[path] = entry
    except EOFError:
        pass  # the end of the file
    except (OSError, pickle.UnpicklingError, AttributeError, ImportError, ValueError):
        pass  # no cache yet, or one this code cannot read: every file is read


def forget_reads() -> None:
    _READ.clear()


def save_reads(folder: Path) -> None:
    """Keep the files read, for the next build (written whole, then renamed)."""
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f"{READS_FILE}.{os.getpid()}"
    with open(partial, "wb") as kept:
        # A pickle per file: one of them all would hold a reference to every object
        # it wrote until the end (50 MiB more at 5,000 posts).
        for path, entry in _READ.items():
            if path.is_file():
                pickle.dump((path, entry), kept, pickle.HIGHEST_PROTOCOL)
    os.replace(partial, folder / READS_FILE)
