"""Is a release complete? Checked by `make publish` before the release goes live.

A full disk or a failed write can leave files cut short or empty while a tool still
exits 0 (before this check, a publish on a full disk shipped 88 empty files), so the
release is read back:
- every file the build reported (scripts/build.py --report) is there: pages and feeds
  not empty, static files the size of their source;
- no other file is empty;
- every .gz and .br copy decompresses to the bytes of the file beside it;
- Pagefind's index, when the site has a search page: its entry file names a language
  whose files exist, and each of its compressed files decompresses whole; the same for
  each older year's index the search page merges into it (plugins/search).

    .venv/bin/python -m scripts.verify RELEASE REPORT.json
"""

import gzip
import json
import os
import re
import sys
import zlib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import brotli

from . import compress, manifest

SEARCH_PAGE = "search/index.html"
PAGEFIND = "pagefind"
PAGEFIND_SCRIPTS = ("pagefind.js", "pagefind-worker.js")
# The older years' indexes the search page merges (theme/templates/search.html).
MERGED_INDEXES = re.compile(r'data-merged-indexes="([^"]*)"')
DECOMPRESS = {".gz": gzip.decompress, ".br": brotli.decompress}
SHOWN = 10  # problems listed; the rest are counted
PARALLEL_FROM = 200  # compressed copies: fewer are checked in this process


def reported_problems(report: dict, files: dict) -> list[str]:
    problems = []
    for name in report["written"]:
        if name not in files:
            problems.append(f"{name}: missing (the build wrote it)")
        elif files[name]["size"] == 0:
            problems.append(f"{name}: empty")
    for name, size in report["copied"].items():
        if name not in files:
            problems.append(f"{name}: missing (the build copied it)")
        elif files[name]["size"] != size:
            problems.append(f"{name}: {files[name]['size']} bytes, its source {size}")
    return problems


def empty_problems(report: dict, files: dict) -> list[str]:
    """Empty files the report does not name (those it names are checked above)."""
    named = {*report["written"], *report["copied"]}
    return [
        f"{name}: empty" for name, entry in files.items() if not entry["size"] and name not in named
    ]


def copy_problems(release: str, names: list[str]) -> list[str]:
    """Each compressed copy named, read back and decompressed, against the file beside it."""
    problems = []
    for name in names:
        copy = os.path.join(release, name)
        source, suffix = os.path.splitext(copy)
        if not os.path.isfile(source):
            problems.append(f"{name}: no {os.path.basename(source)} beside it")
            continue
        try:
            same = DECOMPRESS[suffix](manifest.read_bytes(copy)) == manifest.read_bytes(source)
        except (OSError, EOFError, zlib.error, brotli.error) as error:
            problems.append(f"{name}: does not decompress ({error})")
            continue
        if not same:
            problems.append(f"{name}: does not decompress to {os.path.basename(source)}")
    return problems


def compressed_problems(release: Path, files: dict) -> list[str]:
    """copy_problems for every .gz and .br copy, on every core (brotli holds Python's
    global lock, so threads would take turns)."""
    names = sorted(name for name in files if Path(name).suffix in DECOMPRESS)
    workers = len(os.sched_getaffinity(0))
    if workers == 1 or len(names) < PARALLEL_FROM:
        return copy_problems(str(release), names)
    batches = [names[start::workers] for start in range(workers)]
    with ProcessPoolExecutor(workers, initializer=compress.ignore_interrupts) as pool:
        found = pool.map(copy_problems, [str(release)] * workers, batches)
        return sorted(problem for batch in found for problem in batch)


def pagefind_problems(release: Path) -> list[str]:
    search_page = release / SEARCH_PAGE
    if not search_page.is_file():
        return []
    index = release / PAGEFIND
    problems = index_problems(release, index, merged=False)
    merged = MERGED_INDEXES.search(search_page.read_text(encoding="utf-8", errors="replace"))
    for folder in merged.group(1).split() if merged else []:
        problems += index_problems(release, release / folder, merged=True)
    # Pagefind's own compressed files: cut short, they no longer decompress.
    for path in sorted([*index.rglob("*.pf_*"), *index.glob("wasm.*.pagefind")]):
        try:
            gzip.decompress(path.read_bytes())
        except (OSError, EOFError, zlib.error) as error:
            problems.append(f"{path.relative_to(release).as_posix()}: damaged ({error})")
    return problems


def index_problems(release: Path, index: Path, merged: bool) -> list[str]:
    """A Pagefind index's entry file names languages whose files exist; a merged one
    (an older year's) has no scripts of its own: the search page loads the newest's."""
    entry_file = index / "pagefind-entry.json"
    try:
        languages = json.loads(entry_file.read_text(encoding="utf-8"))["languages"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        return [f"{entry_file.relative_to(release).as_posix()}: unreadable ({error})"]
    needed = [] if merged else [index / name for name in PAGEFIND_SCRIPTS]
    for language in languages.values():
        needed += [index / f"pagefind.{language['hash']}.pf_meta"]
        needed += [] if merged else [index / f"wasm.{language['wasm']}.pagefind"]
    problems = [
        f"{path.relative_to(release).as_posix()}: missing" for path in needed if not path.is_file()
    ]
    for kind in ("index", "fragment"):
        if not any((index / kind).glob("*")):
            problems.append(f"{(index / kind).relative_to(release).as_posix()}/: empty")
    return problems


def read_report(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def release_problems(release: Path, report: dict, files: dict | None = None) -> list[str]:
    """One line per problem found in the release; none when it is complete. `files`,
    its manifest when the caller has read it back already, spares listing it again."""
    files = manifest.build_manifest(release) if files is None else files
    return [
        *reported_problems(report, files),
        *empty_problems(report, files),
        *compressed_problems(release, files),
        *pagefind_problems(release),
    ]


def shown(problems: list[str]) -> list[str]:
    lines = problems[:SHOWN]
    if len(problems) > SHOWN:
        lines.append(f"... and {len(problems) - SHOWN} more")
    return lines


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    report = read_report(Path(argv[1]))
    problems = release_problems(Path(argv[0]), report)
    print("\n".join(shown(problems) or ["verify: the release is complete"]))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
