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
import fnmatch
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
KEPT_INDEXES = 3  # builds' worth of the most recently used indexes kept in SEARCH_CACHE_PATH
RUNS_AT_ONCE = 2  # Pagefind runs (each on every core) at a time: memory stays that of two years
# What the search page's `mergeIndex` reads of an older year's index (Pagefind's script
# and WebAssembly come from the newest year's, in the output's pagefind/).
MERGED_FILES = ("pagefind-entry.json", "*.pf_meta", "index/*", "fragment/*", "filter/*")
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
class Part:
    """One year's post pages and their index: a kept one, or a Pagefind run of its own."""

    year: int
    site: Path  # the folder Pagefind reads
    key: str = ""
    index: Path | None = None  # a kept index, or this build's own
    process: subprocess.Popen | None = None
    said: IO | None = None  # what Pagefind printed
    started: float = 0.0


@dataclass
class Indexing:
    """One build's search index: the post pages expected and written, then an index of
    each year's (Pagefind runs on the years whose pages changed, RUNS_AT_ONCE at a time)."""

    output: Path
    cache: Path | None
    selectors: list[str]
    expected: dict[int, object] | None = None  # the published posts, by id
    written: dict[str, int] = field(default_factory=dict)  # their pages: output path, year
    pages: Path | None = None  # the post pages, linked into a folder per year
    parts: list[Part] = field(default_factory=list)  # newest year first
    waiting: list[Part] = field(default_factory=list)  # to be indexed, not started yet

    def start(self) -> None:
        """Reuse the kept index of each year whose pages are as before; index the others."""
        if not self.written:
            # No post yet: Pagefind refuses a folder without pages, so it reads every
            # page (none marks a body), as a site without this plugin's choice would.
            self.parts = [Part(0, self.output)]
            self.waiting = list(self.parts)
            self.advance()
            return
        self.pages = scratch(MEMORY if MEMORY.is_dir() else None, SCRATCH_PAGES)
        output = self.output.resolve()
        by_year: dict[int, list[str]] = {}
        for name, year in self.written.items():
            by_year.setdefault(year, []).append(name)
        for year in sorted(by_year, reverse=True):
            part = Part(year, self.pages / str(year))
            digest = hashlib.sha256(version("pagefind_bin").encode())
            digest.update(repr(self.selectors).encode())
            for name in sorted(by_year[year]):
                page, linked = output / name, part.site / name
                linked.parent.mkdir(parents=True, exist_ok=True)
                linked.symlink_to(page)  # Pagefind follows it
                digest.update(f"\0{name}\0".encode())
                digest.update(page.read_bytes())
            part.key = digest.hexdigest()
            self.parts.append(part)
            if self.cache and (self.cache / part.key / "pagefind.js").is_file():
                part.index = self.cache / part.key
                os.utime(part.index)  # recently used: kept by `prune`
            else:
                self.waiting.append(part)
        kept = [str(part.year) for part in self.parts if part.index]
        logger.debug(
            "search: %d post pages of %d year(s): Pagefind started on %s; kept indexes for %s",
            len(self.written),
            len(self.parts),
            ", ".join(str(part.year) for part in self.waiting) or "none",
            ", ".join(kept) or "none",
        )
        self.advance()

    def running(self) -> list[Part]:
        return [part for part in self.parts if part.process and part.process.returncode is None]

    def advance(self, block: bool = False) -> None:
        """Collect the Pagefind runs that ended (waiting for one if `block`), start more."""
        for part in self.running():
            self.collect(part, block)
            block = False
        while self.waiting and len(self.running()) < RUNS_AT_ONCE:
            self.run_pagefind(self.waiting.pop(0))

    def run_pagefind(self, part: Part) -> None:
        part.index = scratch(self.cache, SCRATCH_INDEX)
        command = pagefind_command(part.site, part.index, self.selectors)
        part.started = time.perf_counter()
        # A file, not a pipe: Pagefind can write more than a pipe holds (a panic is
        # told once per page), and nothing reads it before Pagefind ends.
        part.said = tempfile.TemporaryFile("w+")  # noqa: SIM115 (read and closed in collect)
        try:
            part.process = subprocess.Popen(command, stdout=part.said, stderr=subprocess.STDOUT)
        except OSError as error:
            self.fail(f"cannot run Pagefind ({error.strerror or error})")

    def finish(self) -> None:
        """Wait for Pagefind, keep the indexes, put them into the output."""
        try:
            while self.waiting or self.running():
                self.advance(block=True)
            target = self.output / BUNDLE
            shutil.rmtree(target, ignore_errors=True)
            for number, part in enumerate(self.parts):
                if part.process and self.cache and part.key:
                    kept = self.cache / part.key
                    # Unless another build kept the same index meanwhile.
                    with contextlib.suppress(OSError):
                        os.replace(part.index, kept)
                        part.index = kept
                if number == 0:  # the newest year: Pagefind's whole bundle
                    link_tree(part.index, target)
                else:  # an older year: merged into it, only its data is read
                    link_tree(part.index, self.output / merged_index(part.year), MERGED_FILES)
        finally:
            self.clean()
        if self.cache:
            prune(self.cache, KEPT_INDEXES * len(self.parts))

    def collect(self, part: Part, block: bool) -> None:
        """Pagefind's end for `part`, once it has ended (or has, waited for if `block`)."""
        pid, status, usage = os.wait4(part.process.pid, 0 if block else os.WNOHANG)
        if pid == 0:
            return
        part.process.returncode = os.waitstatus_to_exitcode(status)
        part.said.seek(0)
        said = part.said.read().splitlines()
        part.said.close()
        if part.process.returncode != 0:
            status = part.process.returncode
            self.fail(
                f"Pagefind stopped (exit status {status}): {pagefind_reason(said)}",
                "check SEARCH_EXCLUDE_SELECTORS; run Pagefind on the output by hand to see more",
            )
        self.check_files(part.index)
        logger.debug(
            "search: Pagefind indexed %s in %.2f s, peak %.0f MiB",
            part.year or "the site",
            time.perf_counter() - part.started,
            usage.ru_maxrss / 1024,
        )

    def check_files(self, index: Path) -> None:
        """Pagefind (1.5) exits 0 when its writes fail, on a full disk say, and leaves
        empty files; it writes none otherwise. A write of our own names the cause."""
        empty = sorted(
            path.relative_to(index).as_posix()
            for path in index.rglob("*")
            if path.is_file() and path.stat().st_size == 0
        )
        if not empty:
            return
        problem = f"Pagefind's index is incomplete ({len(empty)} empty file(s), {empty[0]} first)"
        cause = write_problem(index)
        if cause:
            self.fail(f"{problem}: {cause}", "make room on that disk and build again")
        else:
            self.fail(problem, "run Pagefind on the output by hand to see more")

    def fail(self, problem: str, fix: str = INSTALL) -> None:
        self.clean()
        stop_build([f"search: {problem}; {fix}"], SOURCE)

    def clean(self) -> None:
        """This build's own folders (never a kept index), and any Pagefind still running."""
        for part in self.parts:
            if part.process and part.process.poll() is None:
                part.process.kill()
                part.process.wait()
            if part.said and not part.said.closed:
                part.said.close()
            if part.index and part.index.name.startswith(SCRATCH_INDEX):
                shutil.rmtree(part.index, ignore_errors=True)
        if self.pages:
            shutil.rmtree(self.pages, ignore_errors=True)


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


def link_tree(source: Path, target: Path, only: tuple[str, ...] | None = None) -> None:
    """A copy of `source` (only its files matching a pattern of `only`, if given) made of
    hard links to its files where the file system allows (nothing rewrites them: the
    compressed copies are new files beside them)."""
    for folder, _, names in os.walk(source):
        inside = Path(folder).relative_to(source)
        made = target / inside
        made.mkdir(parents=True, exist_ok=True)
        for name in names:
            shown = (inside / name).as_posix()
            if only and not any(fnmatch.fnmatch(shown, pattern) for pattern in only):
                continue
            try:
                os.link(os.path.join(folder, name), made / name)
            except OSError:  # another file system
                shutil.copyfile(os.path.join(folder, name), made / name)


def prune(cache: Path, keep: int) -> None:
    """Keep the `keep` most recently used indexes; remove what killed builds left."""
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
    for old in indexes[keep:]:
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


def merged_index(year: int) -> str:
    """Where an older year's index is, in the output: the search page merges it."""
    return f"{BUNDLE}/{year}/"


def expect_post_pages(generator) -> None:
    """The pages that carry `data-pagefind-body`: the published posts and translations;
    and, for the search page, the older years' indexes it merges into the newest's."""
    posts = (*generator.articles, *generator.translations)
    years = sorted({post.date.year for post in posts}, reverse=True)
    generator.context["search_merged_indexes"] = (
        [merged_index(year) for year in years[1:]] if _indexing is not None else []
    )
    if _indexing is not None:
        _indexing.expected = {id(post): post for post in posts}


def page_written(path, context=None, **_) -> None:
    indexing = _indexing
    if indexing is None or indexing.expected is None:
        return
    post = (context or {}).get("article")
    name = os.path.relpath(path, indexing.output)
    # The post's own page (not, say, another page a plugin writes for it).
    if post is not None and indexing.expected.get(id(post)) is post and name == post.save_as:
        indexing.written[name] = post.date.year
    elif indexing.parts:
        indexing.advance()
    elif indexing.written and len(indexing.written) == len(indexing.expected):
        # The first page after the last post page: every receiver of that one has run.
        indexing.start()


def build_search_index(pelican) -> None:
    global _indexing
    indexing, _indexing = _indexing, None
    if indexing is None:
        return
    if not indexing.parts:  # no post page, or none after
        indexing.start()
    indexing.finish()


def register():
    signals.initialized.connect(check_settings)
    signals.article_generator_finalized.connect(expect_post_pages)
    signals.content_written.connect(page_written)
    signals.finalized.connect(build_search_index)
