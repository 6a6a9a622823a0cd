"""Is a release complete? Checked by `make publish` before the release goes live.

A full disk or a failed write can leave files cut short or empty while a tool still
exits 0 (before this check, a publish on a full disk shipped 88 empty files), so the
release is read back:
- every file the build reported (scripts/build.py --report) is there: pages and feeds
  not empty, static files the size of their source;
- no other file is empty;
- every .gz and .br copy decompresses to the bytes of the file beside it;
- Pagefind's index, when the site has a search page: its entry file names a language
  whose files exist, and each of its compressed files decompresses whole.

    .venv/bin/python -m scripts.verify RELEASE REPORT.json
"""

import gzip
import json
import sys
import zlib
from pathlib import Path

import brotli

SEARCH_PAGE = "search/index.html"
PAGEFIND = "pagefind"
PAGEFIND_SCRIPTS = ("pagefind.js", "pagefind-worker.js")
DECOMPRESS = {".gz": gzip.decompress, ".br": brotli.decompress}
SHOWN = 10  # problems listed; the rest are counted


def reported_problems(release: Path, report: dict) -> list[str]:
    problems = []
    for name in report["written"]:
        path = release / name
        if not path.is_file():
            problems.append(f"{name}: missing (the build wrote it)")
        elif path.stat().st_size == 0:
            problems.append(f"{name}: empty")
    for name, size in report["copied"].items():
        path = release / name
        if not path.is_file():
            problems.append(f"{name}: missing (the build copied it)")
        elif path.stat().st_size != size:
            problems.append(f"{name}: {path.stat().st_size} bytes, its source {size}")
    return problems


def empty_problems(release: Path, report: dict) -> list[str]:
    """Empty files the report does not name (those it names are checked above)."""
    named = {*report["written"], *report["copied"]}
    empty = (path.relative_to(release).as_posix() for path in sorted(release.rglob("*")))
    return [
        f"{name}: empty"
        for name in empty
        if name not in named and (release / name).is_file() and not (release / name).stat().st_size
    ]


def compressed_problems(release: Path) -> list[str]:
    problems = []
    for suffix, decompress in DECOMPRESS.items():
        for copy in sorted(release.rglob("*" + suffix)):
            name = copy.relative_to(release).as_posix()
            source = copy.with_suffix("")
            if not source.is_file():
                problems.append(f"{name}: no {source.name} beside it")
                continue
            try:
                same = decompress(copy.read_bytes()) == source.read_bytes()
            except (OSError, EOFError, zlib.error, brotli.error) as error:
                problems.append(f"{name}: does not decompress ({error})")
                continue
            if not same:
                problems.append(f"{name}: does not decompress to {source.name}")
    return problems


def pagefind_problems(release: Path) -> list[str]:
    if not (release / SEARCH_PAGE).is_file():
        return []
    index = release / PAGEFIND
    entry_file = index / "pagefind-entry.json"
    try:
        languages = json.loads(entry_file.read_text(encoding="utf-8"))["languages"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        return [f"{PAGEFIND}/pagefind-entry.json: unreadable ({error})"]
    needed = [index / name for name in PAGEFIND_SCRIPTS]
    for language in languages.values():
        needed += [index / f"pagefind.{language['hash']}.pf_meta"]
        needed += [index / f"wasm.{language['wasm']}.pagefind"]
    problems = [
        f"{path.relative_to(release).as_posix()}: missing" for path in needed if not path.is_file()
    ]
    for kind in ("index", "fragment"):
        if not any((index / kind).glob("*")):
            problems.append(f"{PAGEFIND}/{kind}/: empty")
    # Pagefind's own compressed files: cut short, they no longer decompress.
    for path in sorted([*index.rglob("*.pf_*"), *index.glob("wasm.*.pagefind")]):
        try:
            gzip.decompress(path.read_bytes())
        except (OSError, EOFError, zlib.error) as error:
            problems.append(f"{path.relative_to(release).as_posix()}: damaged ({error})")
    return problems


def read_report(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def release_problems(release: Path, report: dict) -> list[str]:
    """One line per problem found in the release; none when it is complete."""
    return [
        *reported_problems(release, report),
        *empty_problems(release, report),
        *compressed_problems(release),
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
