"""Pages rendered again only when what they show changed (README.md).

Pelican renders every page of the site on every build, though a warm build reads only
the posts that changed (its content cache). With PAGE_CACHE and CACHE_CONTENT on, this
plugin's writer (Pelican's `get_writer` signal) keeps each page's HTML under the digest
of everything its template is given (digest.py) and of the theme's and plugins' files;
a page whose digest is kept is written from there instead of being rendered. Pelican's
own writer does the rest, so every page is still written and announced
(`content_written`) as before. The kept pages live in CACHE_PATH beside Pelican's
content cache and, like it, are read only when LOAD_CONTENT_CACHE is on.
"""

import hashlib
import logging
import os
import sys
from importlib.metadata import distributions
from pathlib import Path

from pelican import signals
from pelican.writers import Writer

from .digest import SiteDigest
from .store import PageStore

logger = logging.getLogger(__name__)
CACHE_FILE = "rendered-pages"
NOT_CODE = frozenset({"__pycache__", "tests", "node_modules"})


def code_digest(settings: dict) -> str:
    """What a rendered page depends on besides its context: every file of the theme and
    of the plugin folders (templates, code, the CSS a plugin inlines), Python's version
    and every installed package's."""
    digest = hashlib.blake2b(digest_size=32)
    digest.update(sys.version.encode())
    packages = sorted(f"{d.metadata['Name']}=={d.version}" for d in distributions())
    digest.update("\n".join(packages).encode())
    for folder in [settings["THEME"], *settings.get("PLUGIN_PATHS", [])]:
        for root, folders, files in os.walk(folder):
            folders[:] = sorted(f for f in folders if f not in NOT_CODE and f[0] != ".")
            for name in sorted(files):
                path = Path(root, name)
                digest.update(f"\n{path.relative_to(folder)}\n".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


class RememberedTemplate:
    """A Jinja template as Pelican's writer uses it (`render`), through the cache; one
    per `write_file`, whose pages (a listing's) share what they are given."""

    def __init__(self, template, writer: "CachingWriter"):
        self.template = template
        self.writer = writer
        self.memo: dict = {}

    def render(self, localcontext: dict) -> str:
        return self.writer.render(self.template, localcontext, self.memo)


class CachingWriter(Writer):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings)
        path = Path(self.settings["CACHE_PATH"], CACHE_FILE)
        self.pages = PageStore(path, load=bool(self.settings.get("LOAD_CONTENT_CACHE")))
        if self.pages.problem:
            logger.debug("page cache: %s", self.pages.problem)
        self.site: SiteDigest | None = None
        self.rendered = self.reused = 0
        signals.finalized.connect(self.save)  # weakly: gone with this writer

    def write_file(self, name, template, context, *args, **kwargs):
        if self.site is None:  # the first page: the context is complete from here on
            self.site = SiteDigest(context, self.settings, code_digest(self.settings))
        remembered = RememberedTemplate(template, self)
        return super().write_file(name, remembered, context, *args, **kwargs)

    def render(self, template, localcontext: dict, memo: dict) -> str:
        key = self.site.page_key(template.name, localcontext, memo)
        html = self.pages.get(key) if key else None
        if html is None:
            html = template.render(localcontext)
            self.rendered += 1
        else:
            self.reused += 1
        if key:
            self.pages.put(key, html)
        return html

    def save(self, pelican) -> None:
        """After a whole build: only its pages are kept, so the file never grows."""
        if pelican.settings is not self.settings:
            return  # another build's writer
        self.pages.save()
        logger.info("page cache: %d pages reused, %d rendered", self.reused, self.rendered)


def caching_writer(pelican):
    settings = pelican.settings
    if settings.get("PAGE_CACHE") and settings.get("CACHE_CONTENT"):
        return CachingWriter
    return None  # Pelican's own writer


def register():
    signals.get_writer.connect(caching_writer)
