"""Pelican's content cache for `make html` and `make publish`, kept safe to reuse.

Pelican's reader-layer cache (CONTENT_CACHING_LAYER = "reader") keeps what each reader
made of a file, typography included (plugins/typogrify_in_reader), and reads a file
again only when its SHA-256 changed. What Pelican does not do, this does:

- A fingerprint of everything the cached objects depend on besides the files (the
  settings, every installed package's version, Python's, the plugins' source): when it
  changed, the cache is not loaded, so a new setting or an upgraded typogrify never
  serves stale pages (Pelican's cache does not notice settings, pelican #1416).
- Pelican writes its cache files in place, mid-build, and a build killed while writing
  leaves a cut-short pickle that the next build cannot load. Here the build works on a
  copy (DIR/.build-PID), moved into DIR in one rename per file once it succeeded.

    .venv/bin/python -m scripts.build ... --content-cache cache/content/publish
"""

import hashlib
import logging
import os
import shutil
import sys
from importlib.metadata import distributions
from pathlib import Path

FINGERPRINT = "fingerprint"
# Settings that differ from build to build and that no cached object uses: the output
# folder (a new release each publish), the cache's own place, the day the advice-age
# notes count from (templates read it, readers never do).
PER_BUILD_SETTINGS = frozenset(
    {"OUTPUT_PATH", "CACHE_PATH", "BUILD_DATE", "LOAD_CONTENT_CACHE", "CACHE_CONTENT"}
)
logger = logging.getLogger(__name__)
CACHE_SETTINGS = {
    "CACHE_CONTENT": True,
    "CONTENT_CACHING_LAYER": "reader",
    # A file's bytes decide, not its time stamp: a copy or a checkout keeps the cache.
    "CHECK_MODIFIED_METHOD": "sha256",
    # On this machine only; compressing it would cost every build.
    "GZIP_CACHE": False,
    # Rendered pages kept beside it, each under the digest of what it shows (plugins/page_cache).
    "PAGE_CACHE": True,
}


def fingerprint(settings: dict) -> str:
    """What the cached objects depend on besides the files themselves."""
    digest = hashlib.sha256()
    kept = sorted((k, v) for k, v in settings.items() if k not in PER_BUILD_SETTINGS)
    digest.update(repr(kept).encode())
    digest.update(sys.version.encode())
    packages = sorted(f"{d.metadata['Name']}=={d.version}" for d in distributions())
    digest.update("\n".join(packages).encode())
    for folder in settings.get("PLUGIN_PATHS", []):
        for source in sorted(Path(folder).rglob("*.py")):
            if "tests" not in source.relative_to(folder).parts:
                digest.update(str(source.relative_to(folder)).encode())
                digest.update(source.read_bytes())
    return digest.hexdigest()


class ContentCache:
    """The cache folder of one kind of build (`cache/content/html`, `.../publish`)."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder).resolve()
        self.work = self.folder / f".build-{os.getpid()}"
        self.fingerprint = ""

    def prepare(self, settings: dict, load: bool = True) -> None:
        """Point the build's settings at a working copy of the cache; load it (`load`)
        only if nothing it depends on changed."""
        self.remove_leftovers()
        self.fingerprint = fingerprint(settings)
        stored = self.folder / FINGERPRINT
        usable = load and stored.is_file() and stored.read_text() == self.fingerprint
        shutil.rmtree(self.work, ignore_errors=True)
        self.work.mkdir(parents=True)
        if usable:
            for cached in self.folder.iterdir():
                if cached.is_file() and cached.name != FINGERPRINT:
                    shutil.copyfile(cached, self.work / cached.name)
            logger.debug("content cache: loaded from %s", self.folder)
        else:
            why = "not asked to" if not load else "none yet, or another fingerprint"
            logger.debug("content cache: not loaded (%s)", why)
        settings.update(CACHE_SETTINGS)
        settings["LOAD_CONTENT_CACHE"] = usable
        settings["CACHE_PATH"] = str(self.work)

    def keep(self) -> None:
        """The build succeeded: its cache replaces the old one, file by file, the
        fingerprint last (a kill in between leaves a cache that is never loaded)."""
        (self.folder / FINGERPRINT).unlink(missing_ok=True)
        for made in self.work.iterdir():
            os.replace(made, self.folder / made.name)
        (self.folder / FINGERPRINT).write_text(self.fingerprint)
        self.discard()

    def discard(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)

    def remove_leftovers(self) -> None:
        """Working copies of builds that were killed."""
        for work in self.folder.glob(".build-*"):
            pid = work.name.removeprefix(".build-")
            if pid.isdigit() and not process_exists(int(pid)):
                shutil.rmtree(work, ignore_errors=True)


def process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
