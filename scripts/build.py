"""Run one Pelican build in this process and report problems as lines, never a traceback.

`make html`, `make publish` and the devserver build through this instead of the
`pelican` command, whose fatal warnings end in a page-long stack: here each warning or
error is one line, then a one-line summary and a non-zero exit status.

    .venv/bin/python -m scripts.build -s pelicanconf.py -o output [--fatal warnings]
        [-e NAME=JSON ...] [--cache-path cache | --content-cache DIR] [--ignore-cache]
        [--report FILE] [--announce-fd FD] [--check-only] [-D] [content]

--report writes the files the build wrote (JSON) once it succeeds: `make publish` checks
the release against it, and records the posts and pages it published in the release's
manifest.

--announce-fd names each page and feed on that open file descriptor, one a line, as soon
as it is written: `make publish` compresses them while the build goes on.

--content-cache keeps Pelican's reader-layer content cache in DIR, reloaded only when
nothing but the files changed (scripts/content_cache.py): `make html` and `make publish`
use it, each in a folder of its own.

--check-only runs what Pelican runs at its `initialized` signal (the content check, each
plugin's check of its settings) and stops before reading: the devserver's quick step
runs it beside a build with CONTENT_CHECK off, on the other core.

Exit status: 0 built, 1 a problem (above), 130 interrupted (Ctrl-C).
"""

import argparse
import errno
import fnmatch
import html
import json
import logging
import os
import sys
from datetime import datetime
from pathlib import Path

from markupsafe import Markup
from pelican import Pelican, signals
from pelican.log import init as init_logging
from pelican.settings import read_settings

from build_errors import BuildStopped
from content_check.published import Published
from scripts.content_cache import ContentCache

EXIT_PROBLEM = 1
EXIT_INTERRUPTED = 130
# What Pelican's logger raises once a fatal warning or error is logged (pelican/log.py).
FATAL_LOG_MESSAGE = "Warning or error encountered"
LEVEL_NAMES = {logging.WARNING: "warning", logging.ERROR: "error", logging.CRITICAL: "error"}


class LineHandler(logging.Handler):
    """Each warning or error as one line on stderr, counted; the rest only with -D."""

    def __init__(self):
        super().__init__()
        self.problems = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno < logging.WARNING:
            print(record.getMessage(), file=sys.stderr, flush=True)
            return
        self.problems += 1
        message = " ".join(record.getMessage().split())  # one line, whatever Pelican wrote
        print(f"{LEVEL_NAMES.get(record.levelno, 'error')}: {message}", file=sys.stderr, flush=True)


class BuildReport:
    """What the build says it wrote: pages and feeds as Pelican's signals name them, the
    static files it copies (the content's and the theme's) with their sources' sizes,
    and each post and page published at its own address (`published`: what `make check`
    compares later edits with, plugins/content_check/published.py); and the posts held
    back for being dated in the future (`held_back`: date, file, title)."""

    def __init__(self, output: str):
        self.output = Path(output).resolve()
        self.written: set[str] = set()
        self.copied: dict[str, int] = {}
        self.published: dict[str, dict] = {}
        self.held_back: list[tuple[str, str, str]] = []
        signals.content_written.connect(self.file_written, weak=False)
        signals.feed_written.connect(self.file_written, weak=False)
        signals.static_generator_finalized.connect(self.static_files, weak=False)
        signals.article_generator_finalized.connect(self.scheduled_posts, weak=False)

    def scheduled_posts(self, generator):
        self.held_back = held_back([*generator.drafts, *generator.drafts_translations])

    def file_written(self, path, context=None, **_):
        name = Path(path).resolve().relative_to(self.output).as_posix()
        self.written.add(name)
        content = (context or {}).get("article") or (context or {}).get("page")
        if content is not None and content.save_as == name:
            self.published[content.url] = Published(
                content.url,
                Path(content.relative_source_path).as_posix(),
                getattr(content, "feed_id", None),
                tuple(getattr(content, "earlier_urls", ())),
            ).as_json()

    def static_files(self, generator):
        for static in generator.staticfiles:
            source = os.path.join(generator.path, static.source_path)
            self.copied[static.save_as] = os.path.getsize(source)
        # The theme's static folders, copied as Pelican's StaticGenerator copies them.
        ignored = generator.settings["IGNORE_FILES"]
        for name in generator.settings["THEME_STATIC_PATHS"]:
            source = Path(generator.theme, name)
            destination = Path(generator.settings["THEME_STATIC_DIR"])
            files = {source.name: source} if source.is_file() else {}
            if source.is_dir():
                files = {path.relative_to(source): path for path in source.rglob("*")}
            for where, path in files.items():
                parts = Path(where).parts
                if path.is_file() and not any(
                    fnmatch.fnmatch(part, pattern) for part in parts for pattern in ignored
                ):
                    self.copied[(destination / where).as_posix()] = path.stat().st_size

    def save(self, path: str) -> None:
        report = {
            "written": sorted(self.written),
            "copied": dict(sorted(self.copied.items())),
            "published": dict(sorted(self.published.items())),
            "held_back": self.held_back,
        }
        Path(path).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


def held_back(drafts) -> list[tuple[str, str, str]]:
    """(date, file, title) of the drafts that are drafts only because Pelican holds back
    what is dated in the future (WITH_FUTURE_DATES = False), in date order."""
    waiting = []
    for post in drafts:
        status = str(post.metadata.get("status", post.default_status)).lower()
        if status != "draft" and post.date > datetime.now(post.date.tzinfo):
            title = html.unescape(Markup(post.title).striptags())
            waiting.append((post.date.isoformat(), os.path.relpath(post.source_path), title))
    return sorted(waiting)


class WrittenAnnouncer:
    """Each page and feed the build writes, named (its path) on an open file descriptor
    as soon as it is written."""

    def __init__(self, descriptor: int):
        self.stream = os.fdopen(descriptor, "w", buffering=1)  # a line at a time
        signals.content_written.connect(self.written, weak=False)
        signals.feed_written.connect(self.written, weak=False)

    def written(self, path, **_):
        if self.stream.closed:
            return
        try:
            self.stream.write(f"{path}\n")
        except OSError:  # no one listens any more: the build goes on without
            self.stream.close()


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", nargs="?", help="content folder (default: the settings' PATH)")
    parser.add_argument("-s", "--settings", required=True)
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--fatal", choices=["warnings", "errors"], default="errors")
    parser.add_argument(
        "-e", "--extra-settings", nargs="*", default=[], metavar="NAME=JSON", help="overrides"
    )
    caching = parser.add_mutually_exclusive_group()
    caching.add_argument("--cache-path")
    caching.add_argument("--content-cache", metavar="DIR", help="a content cache kept safe")
    parser.add_argument("--ignore-cache", action="store_true")
    parser.add_argument("--report", metavar="FILE", help="write the files built, as JSON")
    parser.add_argument("--announce-fd", type=int, metavar="FD", help="name each file written")
    parser.add_argument(
        "--check-only", action="store_true", help="check the content and settings, build nothing"
    )
    parser.add_argument("-D", "--debug", action="store_true", help="show tracebacks")
    args = parser.parse_args(argv)
    if args.check_only and (args.report or args.content_cache):
        parser.error("--check-only builds nothing: leave out --report and --content-cache")
    return args


def overrides(args: argparse.Namespace) -> dict:
    """The command line's settings, as `pelican` takes them."""
    settings = {"OUTPUT_PATH": str(Path(args.output).resolve())}
    if args.content:
        settings["PATH"] = str(Path(args.content).resolve())
    if args.cache_path:
        settings["CACHE_PATH"] = str(Path(args.cache_path).resolve())
    if args.ignore_cache:
        settings["LOAD_CONTENT_CACHE"] = False
    for item in args.extra_settings:
        name, _, value = item.partition("=")
        try:
            settings[name] = json.loads(value)
        except json.JSONDecodeError:
            settings[name] = value
    return settings


def build(args: argparse.Namespace) -> int:
    handler = LineHandler()
    init_logging(
        level=logging.DEBUG if args.debug else logging.WARNING, fatal=args.fatal, handler=handler
    )
    report = BuildReport(args.output) if args.report else None
    cache = ContentCache(args.content_cache) if args.content_cache else None
    if args.announce_fd is not None:
        WrittenAnnouncer(args.announce_fd)
    try:
        settings = read_settings(args.settings, override=overrides(args))
        if cache:
            cache.prepare(settings, load=not args.ignore_cache)
        pelican = Pelican(settings)  # its `initialized` signal: the checks
        if not args.check_only:
            pelican.run()
        if report:
            report.save(args.report)
        if cache:
            cache.keep()
    except BuildStopped as stopped:
        # Already one line each; printed here so the order is the build's.
        print(stopped.code, file=sys.stderr, flush=True)
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        print("build: interrupted; nothing more was written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as error:
        if args.debug:
            raise
        where = f" {error.filename}" if error.filename else ""
        name = errno.errorcode.get(error.errno, "")
        print(f"error: cannot write{where}: {error.strerror or error} ({name})", file=sys.stderr)
        print("build: stopped by the error above", file=sys.stderr)
        return EXIT_PROBLEM
    except Exception as error:  # Pelican's fatal warnings, and any program error
        if args.debug:
            raise
        if str(error) == FATAL_LOG_MESSAGE:  # the line above says what
            kind = args.fatal.removesuffix("s")
            print(
                f"build: stopped by the {kind} above ({args.fatal} are fatal in this build)",
                file=sys.stderr,
            )
        else:
            print(
                f"build: {type(error).__name__}: {error} (make ... DEBUG=1 shows where)",
                file=sys.stderr,
            )
        return EXIT_PROBLEM
    finally:
        if cache:
            cache.discard()  # what a failed build left; after keep(), nothing
    if handler.problems:
        print(f"build: {handler.problems} warning(s) above", file=sys.stderr)
    return 0


def main(argv: list[str]) -> int:
    return build(parse_args(argv))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
