"""What a page shows, as a digest: the same digest, the same page.

A page is its template rendered with Pelican's context: values every page shares (the
settings, the lists of posts, tags, categories...) and the page's own (`article`, a
listing's `articles_page`...). `SiteDigest` digests the shared values once per build and
each page's own values per page. Every post and page the context refers to counts by
what templates may show of it anywhere: its metadata and other attributes, its summary.
Its text counts where it may show:

- on its own page (`article`, `page`) and on a listing page that lists it (the
  `object_list` of Pelican's `articles_page`);
- everywhere for pages (the author's bio is a page shown on every post) and for posts
  whose summary is cut from their text.

A value that cannot be described the same way twice (an object known only by its
address in memory) leaves the page without a digest: that page is always rendered.
"""

import datetime
import hashlib
import types
from collections.abc import Mapping

from pelican.contents import Article, Content
from pelican.paginator import Page as ListingPage
from pelican.urlwrappers import URLWrapper

# A post's attributes that are not what it shows: its text (counted apart, see above)
# and the shared context it keeps a reference to (counted once, shared).
NOT_SHOWN = frozenset({"_content", "_context"})
LISTING_SUFFIX = "_page"  # articles_page, dates_page: the slice a listing page shows
# Settings about how a build runs, not what it shows: where it writes (each publish has
# its own folder), whether it loads its caches.
HOW_BUILT = frozenset({"OUTPUT_PATH", "CACHE_PATH", "LOAD_CONTENT_CACHE"})


CONTENT_KINDS: set[type] = set()  # Content's subclasses met so far


class Unstable(Exception):
    """A value with no description that stays the same from one build to the next."""


def content_token(content: Content) -> str:
    return f"<{type(content).__name__} {content.relative_source_path!r} {content.lang!r}>"


def text_digest(content: Content) -> str:
    text = getattr(content, "_content", None) or ""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def text_shown_everywhere(content: Content) -> bool:
    """A page's text may show on any page; a post's, in its summary if it has no Summary."""
    return not isinstance(content, Article) or "summary" not in content.metadata


class Encoder:
    """Values written as text. Posts are named, not written, and collected in `met`;
    objects in `known` (the shared values, the settings) are named by their token.
    With a `memo`, each container is written once: {id: (the object, its text)}, the
    object held so that its id is not given to another while the memo lives."""

    def __init__(self, known: dict[int, str], memo: dict | None = None):
        self.parts: list[str] = []
        self.met: dict[int, Content] = {}
        self.known = known
        self.memo = memo
        self.active: set[int] = set()  # the containers being written: a cycle stops

    def text(self) -> str:
        return "".join(self.parts)

    def add(self, value) -> None:
        parts = self.parts
        kind = type(value)
        # The two most frequent, first: plain strings, and posts in lists.
        if kind is str:
            parts.append(f"str:{len(value)}:{value}")
        elif kind in CONTENT_KINDS:
            self.met[id(value)] = value
            parts.append(content_token(value))
        elif value is None or kind in (bool, int, float, complex):
            parts.append(f"{kind.__name__}:{value!r};")
        elif isinstance(value, str):  # Markup and str are told apart: one is escaped
            parts.append(f"{kind.__name__}:{len(value)}:{value}")
        elif isinstance(value, bytes):
            parts.append(f"bytes:{value!r};")
        elif isinstance(value, Content):
            CONTENT_KINDS.add(kind)
            self.met[id(value)] = value
            parts.append(content_token(value))
        elif isinstance(value, URLWrapper):
            parts.append(f"<{kind.__name__} {value.name!r} {value.slug!r}>")
        elif isinstance(value, datetime.datetime):
            parts.append(f"datetime:{value.isoformat()}:{value.tzname()};")
        elif isinstance(value, datetime.date | datetime.time | datetime.timedelta):
            parts.append(f"{kind.__name__}:{value!r};")
        elif isinstance(value, types.FunctionType | types.BuiltinFunctionType | type):
            parts.append(f"<code {value.__module__}.{value.__qualname__}>")
        elif isinstance(value, types.ModuleType):
            parts.append(f"<module {value.__name__}>")
        elif id(value) in self.known:
            parts.append(self.known[id(value)])
        elif kind is ListingPage:
            # Everything a listing page holds follows from its paginator and its number.
            parts.append(f"<page {value.number} of ")
            self.add(value.paginator)
            parts.append(">")
        elif id(value) in self.active:
            parts.append("<cycle>")
        elif self.memo is None:
            self.add_container(value)
        elif id(value) in self.memo:
            parts.append(self.memo[id(value)][1])
        else:
            start = len(parts)
            self.add_container(value)
            parts[start:] = ["".join(parts[start:])]
            self.memo[id(value)] = (value, parts[start])

    def add_container(self, value) -> None:
        self.active.add(id(value))
        try:
            self.write_container(value)
        finally:
            self.active.discard(id(value))

    def write_container(self, value) -> None:
        if isinstance(value, Mapping):
            self.add_items(value.items(), "dict")
        elif isinstance(value, list | tuple):
            self.parts.append(f"{type(value).__name__}[")
            for item in value:
                self.add(item)
            self.parts.append("]")
        elif isinstance(value, set | frozenset):
            self.parts.append("set{")
            self.parts.extend(sorted(self.alone(item) for item in value))
            self.parts.append("}")
        elif hasattr(value, "__dict__"):
            kind = type(value)
            self.add_items(vars(value).items(), f"{kind.__module__}.{kind.__qualname__}")
        else:
            description = repr(value)
            if " at 0x" in description:
                raise Unstable(description)
            self.parts.append(f"{type(value).__name__}:{description};")

    def add_items(self, items, label: str) -> None:
        """Key-value pairs in the order of their keys, whatever order they came in."""
        self.parts.append(f"{label}{{")
        items = list(items)
        if all(type(key) is str for key, _ in items):
            for key, value in sorted(items, key=lambda item: item[0]):
                self.parts.append(f"{len(key)}:{key}=")
                self.add(value)
        else:
            written = [(self.alone(key), value) for key, value in items]
            for key, value in sorted(written, key=lambda item: item[0]):
                self.parts.append(key)
                self.add(value)
        self.parts.append("}")

    def alone(self, value) -> str:
        """`value` written on its own (to be sorted), what it refers to collected here."""
        inner = Encoder(self.known, self.memo)
        inner.active = self.active
        inner.add(value)
        self.met.update(inner.met)
        return inner.text()


def face(content: Content, known: dict[int, str]) -> Encoder:
    """What templates may show of a post anywhere, and the posts it refers to (`met`)."""
    encoder = Encoder(known)
    shown = [(name, value) for name, value in vars(content).items() if name not in NOT_SHOWN]
    encoder.add_items(shown, content_token(content))
    if text_shown_everywhere(content):
        encoder.parts.append(f"text:{text_digest(content)};")
    return encoder


def shown_in_full(name: str, value) -> list[Content]:
    """The posts whose text a page shows: its own, or those its listing slice lists."""
    if isinstance(value, Content):
        return [value]
    if name.endswith(LISTING_SUFFIX) and isinstance(getattr(value, "object_list", None), list):
        return [item for item in value.object_list if isinstance(item, Content)]
    return []


class SiteDigest:
    """The digest of a build's shared context, and of each page rendered with it.
    `code` stands for what else rendering depends on (templates, plugins, versions)."""

    def __init__(self, context: dict, settings: dict, code: str):
        self.shared = dict(context)  # as it is when the first page is written
        self.texts: dict[int, tuple[Content, str]] = {}  # the digests of posts' texts
        self.known = {id(settings): "<settings>"}
        self.known.update(
            (id(value), f"<shared {name}>")
            for name, value in self.shared.items()
            if isinstance(value, Mapping | list | tuple | set)
        )
        self.digest = hashlib.blake2b(code.encode(), digest_size=32)
        try:
            self.digest_shared(settings)
        except Unstable:
            self.digest = None  # every page is rendered

    def text_of(self, content: Content) -> str:
        if id(content) not in self.texts:
            self.texts[id(content)] = (content, text_digest(content))
        return self.texts[id(content)][1]

    def digest_shared(self, settings: dict) -> None:
        """The settings and the shared values; then every post and page they refer to,
        and those these refer to, by what templates may show of them. Hashed a value
        and a post at a time: written out whole, 5,000 posts take 100 MiB."""
        met: dict[int, Content] = {}
        for label, values in (("settings", settings), ("context", self.shared)):
            for name in sorted(values):
                if name in HOW_BUILT:
                    continue
                encoder = Encoder({})
                encoder.parts.append(f"\n{label}.{name}=")
                encoder.add(values[name])
                self.digest.update(encoder.text().encode("utf-8", "surrogatepass"))
                met.update(encoder.met)
        faces: dict[int, bytes] = {}
        while met:
            key, content = met.popitem()
            if key not in faces:
                described = face(content, self.known)
                text = described.text().encode("utf-8", "surrogatepass")
                faces[key] = hashlib.blake2b(text, digest_size=32).digest()
                met.update(described.met)
        for face_digest in sorted(faces.values()):
            self.digest.update(face_digest)

    def page_key(self, template_name: str, localcontext: dict, memo: dict) -> str | None:
        """The digest of one page, or None if it cannot be had the same way twice. The
        pages of one listing share their lists: `memo` (see Encoder), one per listing."""
        if self.digest is None:
            return None
        digest = self.digest.copy()
        encoder = Encoder(self.known, memo)
        encoder.parts.append(f"\ntemplate={template_name}")
        try:
            for name in sorted(localcontext):
                value = localcontext[name]
                if name in HOW_BUILT or (name in self.shared and self.shared[name] is value):
                    continue
                encoder.parts.append(f"\n{name}=")
                encoder.add(value)
                for content in shown_in_full(name, value):
                    encoder.parts.append(f"text:{content_token(content)}{self.text_of(content)};")
        except Unstable:
            return None
        digest.update(encoder.text().encode("utf-8", "surrogatepass"))
        return digest.hexdigest()
