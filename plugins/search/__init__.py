"""Site search: a Pagefind index of the published posts' pages. See README.md.

Pagefind reads written HTML, and only the posts' pages carry `data-pagefind-body` (the
theme puts it on published posts), so only those pages are given to it: as soon as the
last of them is written (`content_written`, counted against the published posts), they
are linked into a folder of their own and Pagefind's binary (from `pagefind_bin`) indexes
that folder in the background while Pelican writes the listings and feeds. `finalized`
waits for it and puts the index into the output's `pagefind/`.

The index is kept in SEARCH_CACHE_PATH under a hash of what Pagefind reads (each post
page's path and bytes, Pagefind's version, the options): when no post page changed, the
kept index is used and Pagefind does not run. SEARCH_INDEX = False (the devserver's
preview) builds no index at all.

The settings are checked at Pelican's `initialized` signal, before anything is built;
a bad one, or a Pagefind that fails, stops the build with one line (build_errors).
"""

import contextlib
import hashlib
import logging
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import IO

from pelican import signals

from build_errors import stop_build

SOURCE = "search"
BUNDLE = "pagefind"  # the folder in the output the theme's search page loads
KEPT_INDEXES = 3  # the most recently used indexes stay in SEARCH_CACHE_PATH
# A build's own folders: .build-index-PID-... beside the kept indexes, and the linked
# pages, pagefind-pages-PID-..., in memory where the system has a folder for it (many
# small links, made and removed each build).
SCRATCH_INDEX = ".build-index-"
SCRATCH_PAGES = "pagefind-pages-"
MEMORY = Path("/dev/shm")
PROBE_BYTES = 1 << 20  # a write that fails where Pagefind's did for want of room
INSTALL = "check that `pagefind[bin]` from requirements.txt is installed in .venv"
logger = logging.getLogger(__name__)


def settings_problems(settings: dict) -> list[str]:
    problems = []
    enabled = settings.get("SEARCH_INDEX", True)
    if not isinstance(enabled, bool):
        problems.append(f"settings: SEARCH_INDEX = {enabled!r} is not True or False; set one")
    selectors = settings.get("SEARCH_EXCLUDE_SELECTORS", [])
    if not isinstance(selectors, list | tuple) or not all(isinstance(s, str) for s in selectors):
        problems.append(
            f"settings: SEARCH_EXCLUDE_SELECTORS = {selectors!r} is not a list of CSS selectors; "
            'give one, e.g. SEARCH_EXCLUDE_SELECTORS = ["#followup"], or []'
        )
    cache = settings.get("SEARCH_CACHE_PATH")
    if cache is not None and not (isinstance(cache, str) and cache.strip()):
        problems.append(
            f"settings: SEARCH_CACHE_PATH = {cache!r} is not a folder; give one outside the "
            'output, e.g. "cache/search", or None to run Pagefind on every build'
        )
    return problems


def pagefind_command(site: Path, bundle: Path, selectors) -> list[str]:
    """Pagefind's own binary, indexing `site` into `bundle`: no Python in between."""
    from pagefind_bin import get_executable

    command = [str(get_executable()), "--site", str(site), "--output-path", str(bundle)]
    for selector in selectors:
        command += ["--exclude-selectors", selector]
    return [*command, "--quiet"]


@dataclass
class Indexing:
    """One build's search index: the post pages expected and written, then Pagefind."""

    output: Path
    cache: Path | None
    selectors: list[str]
    expected: dict[int, object] | None = None  # the published posts, by id
    written: set[str] = field(default_factory=set)  # their pages, from the output
    pages: Path | None = None  # the post pages, linked into a folder of their own
    key: str = ""
    index: Path | None = None  # Pagefind's output: a kept index, or this build's own
    process: subprocess.Popen | None = None
    said: IO | None = None  # what Pagefind printed
    started: float = 0.0

    def start(self) -> None:
        """Reuse the kept index of these very pages, or start Pagefind on them."""
        if not self.written:
            # No post yet: Pagefind refuses a folder without pages, so it reads every
            # page (none marks a body), as a site without this plugin's choice would.
            self.run_pagefind(self.output)
            return
        self.pages = scratch(MEMORY if MEMORY.is_dir() else None, SCRATCH_PAGES)
        digest = hashlib.sha256(version("pagefind_bin").encode())
        digest.update(repr(self.selectors).encode())
        output = self.output.resolve()
        for name in sorted(self.written):
            page, linked = output / name, self.pages / name
            linked.parent.mkdir(parents=True, exist_ok=True)
            linked.symlink_to(page)  # Pagefind follows it
            digest.update(f"\0{name}\0".encode())
            digest.update(page.read_bytes())
        self.key = digest.hexdigest()
        if self.cache and (self.cache / self.key / "pagefind.js").is_file():
            self.index = self.cache / self.key
            os.utime(self.index)  # recently used: kept by `prune`
            logger.debug("search: %d post pages as before: the kept index", len(self.written))
            return
        logger.debug("search: Pagefind started on %d post pages", len(self.written))
        self.run_pagefind(self.pages)

    def run_pagefind(self, site: Path) -> None:
        self.index = scratch(self.cache, SCRATCH_INDEX)
        command = pagefind_command(site, self.index, self.selectors)
        self.started = time.perf_counter()
        # A file, not a pipe: Pagefind can write more than a pipe holds (a panic is
        # told once per page), and nothing reads it before Pagefind ends.
        self.said = tempfile.TemporaryFile("w+")  # noqa: SIM115 (read and closed in wait)
        try:
            self.process = subprocess.Popen(command, stdout=self.said, stderr=subprocess.STDOUT)
        except OSError as error:
            self.fail(f"cannot run Pagefind ({error.strerror or error})")

    def finish(self) -> None:
        """Wait for Pagefind, keep its index, put it into the output."""
        try:
            if self.process:
                self.wait()
                if self.cache and self.key:
                    kept = self.cache / self.key
                    # Unless another build kept the same index meanwhile.
                    with contextlib.suppress(OSError):
                        os.replace(self.index, kept)
                        self.index = kept
            target = self.output / BUNDLE
            shutil.rmtree(target, ignore_errors=True)
            link_tree(self.index, target)
        finally:
            self.clean()
        if self.cache:
            prune(self.cache)

    def wait(self) -> None:
        _, status, usage = os.wait4(self.process.pid, 0)
        self.process.returncode = os.waitstatus_to_exitcode(status)
        self.said.seek(0)
        said = self.said.read().splitlines()
        self.said.close()
        if self.process.returncode != 0:
            status = self.process.returncode
            self.fail(
                f"Pagefind stopped (exit status {status}): {pagefind_reason(said)}",
                "check SEARCH_EXCLUDE_SELECTORS; run Pagefind on the output by hand to see more",
            )
        self.check_files()
        logger.debug(
            "search: Pagefind indexed %d post pages in %.2f s, peak %.0f MiB",
            len(self.written),
            time.perf_counter() - self.started,
            usage.ru_maxrss / 1024,
        )

    def check_files(self) -> None:
        """Pagefind (1.5) exits 0 when its writes fail, on a full disk say, and leaves
        empty files; it writes none otherwise. A write of our own names the cause."""
        empty = sorted(
            path.relative_to(self.index).as_posix()
            for path in self.index.rglob("*")
            if path.is_file() and path.stat().st_size == 0
        )
        if not empty:
            return
        problem = f"Pagefind's index is incomplete ({len(empty)} empty file(s), {empty[0]} first)"
        cause = write_problem(self.index)
        if cause:
            self.fail(f"{problem}: {cause}", "make room on that disk and build again")
        else:
            self.fail(problem, "run Pagefind on the output by hand to see more")

    def fail(self, problem: str, fix: str = INSTALL) -> None:
        self.clean()
        stop_build([f"search: {problem}; {fix}"], SOURCE)

    def clean(self) -> None:
        """This build's own folders (never a kept index), and a Pagefind still running."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if self.said and not self.said.closed:
            self.said.close()
        for folder in (self.pages, self.index):
            if folder and folder.name.startswith((SCRATCH_INDEX, SCRATCH_PAGES)):
                shutil.rmtree(folder, ignore_errors=True)


def pagefind_reason(said: list[str]) -> str:
    """Pagefind's own error line; for a panic (told once per page), its message."""
    lines = [line.strip() for line in said if line.strip()] or ["(no output)"]
    for number, line in enumerate(lines):
        if line.startswith("Error"):
            return line[:200]
        if "panicked at" in line and number + 1 < len(lines):
            return lines[number + 1][:200]
    return lines[-1][:200]


def write_problem(folder: Path) -> str | None:
    """Why a file of PROBE_BYTES cannot be written in `folder` (its system's words and
    the folder), or None if it can."""
    probe = folder / ".write-probe"
    try:
        with probe.open("wb") as file:
            file.write(bytes(PROBE_BYTES))
            file.flush()
            os.fsync(file.fileno())
    except OSError as error:
        return f"{error.strerror or error} ({folder.parent})"
    finally:
        probe.unlink(missing_ok=True)
    return None


def scratch(folder: Path | None, prefix: str) -> Path:
    """A new folder of this process's in `folder` (None: the system's temporary one)."""
    if folder:
        folder.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=folder))


def link_tree(source: Path, target: Path) -> None:
    """A copy of `source` made of hard links to its files where the file system allows
    (nothing rewrites them: the compressed copies are new files beside them)."""
    for folder, _, names in os.walk(source):
        made = target / Path(folder).relative_to(source)
        made.mkdir(parents=True, exist_ok=True)
        for name in names:
            try:
                os.link(os.path.join(folder, name), made / name)
            except OSError:  # another file system
                shutil.copyfile(os.path.join(folder, name), made / name)


def prune(cache: Path) -> None:
    """Keep the KEPT_INDEXES most recently used indexes; remove what killed builds left."""
    memory = Path(MEMORY if MEMORY.is_dir() else tempfile.gettempdir())
    leftovers = [*cache.glob(f"{SCRATCH_INDEX}*"), *memory.glob(f"{SCRATCH_PAGES}*")]
    for leftover in leftovers:
        pid = leftover.name.split("-")[2]
        if pid.isdigit() and not process_exists(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)
    indexes = [
        entry
        for entry in cache.iterdir()
        if entry.is_dir() and not entry.name.startswith(SCRATCH_INDEX)
    ]
    indexes.sort(key=lambda entry: entry.stat().st_mtime, reverse=True)
    for old in indexes[KEPT_INDEXES:]:
        shutil.rmtree(old, ignore_errors=True)


def process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# The build being indexed; one Pelican run at a time per process.
_indexing: Indexing | None = None


def check_settings(pelican) -> None:
    global _indexing
    stop_build(settings_problems(pelican.settings), SOURCE)
    _indexing = None
    if pelican.settings.get("SEARCH_INDEX", True):
        cache = pelican.settings.get("SEARCH_CACHE_PATH")
        _indexing = Indexing(
            Path(pelican.output_path),
            Path(cache).resolve() if cache else None,
            list(pelican.settings.get("SEARCH_EXCLUDE_SELECTORS", [])),
        )


def expect_post_pages(generator) -> None:
    """The pages that carry `data-pagefind-body`: the published posts and translations."""
    if _indexing is not None:
        posts = (*generator.articles, *generator.translations)
        _indexing.expected = {id(post): post for post in posts}


def page_written(path, context=None, **_) -> None:
    indexing = _indexing
    if indexing is None or indexing.expected is None or indexing.pages is not None:
        return
    post = (context or {}).get("article")
    name = os.path.relpath(path, indexing.output)
    # The post's own page (not, say, another page a plugin writes for it).
    if post is not None and indexing.expected.get(id(post)) is post and name == post.save_as:
        indexing.written.add(name)
    elif indexing.written and len(indexing.written) == len(indexing.expected):
        # The first page after the last post page: every receiver of that one has run.
        indexing.start()


def build_search_index(pelican) -> None:
    global _indexing
    indexing, _indexing = _indexing, None
    if indexing is None:
        return
    if indexing.pages is None and indexing.index is None:  # no post page, or none after
        indexing.start()
    indexing.finish()


def register():
    signals.initialized.connect(check_settings)
    signals.article_generator_finalized.connect(expect_post_pages)
    signals.content_written.connect(page_written)
    signals.finalized.connect(build_search_index)
