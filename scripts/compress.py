"""Pre-compressed copies of a release's text files, for hosts that serve them as they are
(nginx's gzip_static and brotli_static, deploy/nginx.conf): `file.gz` always, `file.br`
where the deploy path serves it.

- gzip level 9 with no time stamp in the header, so the same file gives the same bytes.
- brotli at quality 9 with the window fitted to the file (the smallest that holds it),
  chosen by measurement on 1,000 posts (docs/publishing.md): 13 % more bytes than
  quality 11 (still 10 % fewer than gzip -9) for 1/25 of its CPU time; quality 10 saves
  8 % of the bytes of 9 for nearly 9 times its CPU time.
- Cached by content: cache/compressed/ keeps each compressed copy under the SHA-256 of
  the file it came from, so a file that did not change since the last publish is copied
  from there, never compressed again. The misses are compressed in parallel, one process
  per core (brotli holds Python's global lock, so threads would take turns).
- A copy is kept only if it is smaller than the file.

Written by hand rather than with pelican-precompress, which compresses every file again
on every build, at quality 11 with the default window, and has no cache.

    .venv/bin/python -m scripts.compress FOLDER [--no-brotli] [--cache cache/compressed]
"""

import argparse
import gzip
import hashlib
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import brotli

from . import manifest

# What Pelican, our plugins and Pagefind write as text. Pagefind's index files are
# compressed already (pagefind/*.pf_*, wasm.*.pagefind).
TEXT_SUFFIXES = frozenset(
    {".html", ".css", ".js", ".mjs", ".json", ".xml", ".txt", ".svg", ".webmanifest", ".ics"}
)
GZIP_LEVEL = 9
BROTLI_QUALITY = 9
BROTLI_MIN_WINDOW, BROTLI_MAX_WINDOW = 10, 24  # lgwin limits of the format
# Brotli's window holds 2**lgwin - 16 bytes.
BROTLI_WINDOW_MARGIN = 16
CACHE_KEPT_SECONDS = 30 * 24 * 3600  # an entry unused for 30 days is removed
ORPHAN_CHECK_SECONDS = 0.5
WARM_BATCH = 24  # files per task of CacheWarmer


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


def brotli_window(size: int) -> int:
    """The smallest brotli window (lgwin) that holds `size` bytes."""
    needed = (size + BROTLI_WINDOW_MARGIN - 1).bit_length()
    return max(BROTLI_MIN_WINDOW, min(BROTLI_MAX_WINDOW, needed))


def brotli_bytes(data: bytes, quality: int = BROTLI_QUALITY) -> bytes:
    return brotli.compress(
        data, mode=brotli.MODE_TEXT, quality=quality, lgwin=brotli_window(len(data))
    )


@dataclass(frozen=True)
class Encoding:
    suffix: str  # beside the file: index.html.gz
    cache_tag: str  # in the cache entry's name, with what changes its bytes

    def compress(self, data: bytes) -> bytes:
        return gzip_bytes(data) if self.suffix == ".gz" else brotli_bytes(data)


GZIP = Encoding(".gz", f"gzip{GZIP_LEVEL}")
BROTLI = Encoding(".br", f"brotli{BROTLI_QUALITY}")


@dataclass
class Summary:
    files: int = 0  # text files seen
    compressed: int = 0  # copies compressed by this run
    from_cache: int = 0  # copies taken from the cache
    written: int = 0  # copies written beside their files (the smaller ones)
    # The copies written, as manifest entries: {relative path: {"size", "sha256"}}.
    copies: dict[str, dict] = field(default_factory=dict)


def text_files(folder: Path) -> list[Path]:
    return sorted(
        path for path in folder.rglob("*") if path.suffix in TEXT_SUFFIXES and path.is_file()
    )


def cache_entry(cache: str, digest: str, encoding: Encoding) -> str:
    # Paths as strings here: pathlib's own work was most of a publish's compression step.
    return os.path.join(cache, digest[:2], f"{digest}.{encoding.cache_tag}{encoding.suffix}")


def compress_into_cache(source: str, entry: str, encoding: Encoding) -> None:
    """Compress `source` into the cache entry, renamed into place once complete, so a
    killed publish never leaves a cut-short entry."""
    data = Path(source).read_bytes()
    temporary = f"{entry}.{os.getpid()}.tmp"
    try:
        with open(temporary, "wb") as file:
            file.write(encoding.compress(data))
    except OSError as error:  # a failed write names no file: say which
        raise OSError(error.errno, error.strerror, temporary) from None
    os.replace(temporary, entry)


def ignore_interrupts() -> None:
    """Workers leave Ctrl-C and SIGTERM to the publish, which stops them: no traceback
    from each (they would inherit its handler, which raises)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def compress_folder(
    folder: Path, cache: Path, brotli_too: bool = True, files: dict | None = None
) -> Summary:
    """Write the compressed copies beside every text file under `folder`. `files`, the
    folder's manifest entries when the caller has them, spares reading each file again."""
    encodings = (GZIP, BROTLI) if brotli_too else (GZIP,)
    summary = Summary()
    copies: list[tuple[str, str, Encoding]] = []  # (file's name in folder, cache entry, encoding)
    missing: dict[str, tuple[str, Encoding]] = {}  # cache entry: (file, encoding)
    files = manifest.build_manifest(folder) if files is None else files
    digests = {
        name: entry["sha256"]
        for name, entry in sorted(files.items())
        if os.path.splitext(name)[1] in TEXT_SUFFIXES
    }
    for name, digest in digests.items():
        summary.files += 1
        for encoding in encodings:
            entry = cache_entry(str(cache), digest, encoding)
            copies.append((name, entry, encoding))
            # Never empty when whole: an empty entry is what a crash before the data
            # reached the disk can leave (publish syncs only once the release is made).
            if os.path.isfile(entry) and os.path.getsize(entry):
                os.utime(entry)  # used: kept by `prune_cache`
            elif entry not in missing:
                os.makedirs(os.path.dirname(entry), exist_ok=True)
                missing[entry] = (os.path.join(folder, name), encoding)

    if missing:
        workers = len(os.sched_getaffinity(0))
        with ProcessPoolExecutor(workers, initializer=ignore_interrupts) as pool:
            jobs = [
                pool.submit(compress_into_cache, path, entry, encoding)
                for entry, (path, encoding) in missing.items()
            ]
            try:
                for job in jobs:
                    job.result()
            except BaseException:
                pool.shutdown(cancel_futures=True)
                raise
    summary.compressed = len(missing)
    summary.from_cache = len(copies) - len(missing)

    for name, entry, encoding in copies:
        data = manifest.read_bytes(entry)
        path = os.path.join(folder, name)
        if len(data) < os.path.getsize(path):
            with open(path + encoding.suffix, "wb") as copy:
                copy.write(data)
            summary.copies[name + encoding.suffix] = {
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
            summary.written += 1
    return summary


def background_worker() -> None:
    """For a worker that should use only time no one else wants: the lowest priority,
    Ctrl-C and SIGTERM left to the publish, and an end of its own if the publish is killed (it
    would hold the publish's lock, inherited, and wait forever)."""
    ignore_interrupts()
    os.nice(19)
    parent = os.getppid()

    def end_with_parent():
        while os.getppid() == parent:
            time.sleep(ORPHAN_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=end_with_parent, daemon=True).start()


def warm_entries(sources: list[str], cache: str, encodings: tuple[Encoding, ...]) -> None:
    """Compress files into the cache, as compress_folder would; any failure is left for
    compress_folder to meet and report."""
    for source in sources:
        try:
            data = Path(source).read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            for encoding in encodings:
                entry = cache_entry(cache, digest, encoding)
                if not os.path.isfile(entry):
                    os.makedirs(os.path.dirname(entry), exist_ok=True)
                    temporary = f"{entry}.{os.getpid()}.tmp"
                    with open(temporary, "wb") as file:
                        file.write(encoding.compress(data))
                    os.replace(temporary, entry)
        except OSError:
            pass


class CacheWarmer:
    """Fills the cache with the compressed copies of files while they are being written
    (`add` each one as soon as it is complete), in worker processes at the lowest
    priority, so that they use the cores the build leaves idle. compress_folder then
    finds them there. Only the cache is written, never beside the files. Make it before
    opening anything its workers should not inherit."""

    def __init__(self, cache: Path, brotli_too: bool = True):
        self.cache = cache
        self.encodings = (GZIP, BROTLI) if brotli_too else (GZIP,)
        workers = len(os.sched_getaffinity(0))
        self.pool = ProcessPoolExecutor(workers, initializer=background_worker)
        self.waiting: list[str] = []
        # The workers are forked now, by the first task: from this thread, and before
        # the caller opens what they should not hold (the build's pipe).
        self.pool.submit(int)

    def add(self, path: Path) -> None:
        if path.suffix in TEXT_SUFFIXES:
            self.waiting.append(str(path))
            if len(self.waiting) == WARM_BATCH:
                self.send()

    def send(self) -> None:
        """A task per batch of files: a task per file costs the publish more than the
        compression of an unchanged file (found in the cache) costs its worker."""
        if self.waiting:
            self.pool.submit(warm_entries, self.waiting, str(self.cache), self.encodings)
            self.waiting = []

    def close(self) -> None:
        """Stop: what is not started yet is dropped (compress_folder does it)."""
        self.pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.close()


def prune_cache(cache: Path, now: float | None = None) -> int:
    """Remove cache entries unused for CACHE_KEPT_SECONDS, and leftovers of killed runs."""
    if not cache.is_dir():
        return 0
    limit = (now or time.time()) - CACHE_KEPT_SECONDS
    removed = 0
    for entry in cache.glob("*/*"):
        if entry.suffix == ".tmp" or entry.stat().st_mtime < limit:
            entry.unlink()
            removed += 1
    return removed


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--no-brotli", action="store_true", help="gzip only")
    parser.add_argument("--cache", type=Path, default=Path("cache/compressed"))
    args = parser.parse_args(argv)
    summary = compress_folder(args.folder, args.cache, brotli_too=not args.no_brotli)
    print(
        f"compress: {summary.files} text files, {summary.compressed} copies compressed, "
        f"{summary.from_cache} from the cache, {summary.written} written"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
