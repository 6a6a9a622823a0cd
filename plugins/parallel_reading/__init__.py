"""Reading posts on every core: Pelican reads its files one after another in one process;
with PARALLEL_READING on, helper processes read from the end of the list while Pelican
reads from its start, until they meet. See README.md.

Only the readers' `read()` moves (Markdown, and typography with typogrify_in_reader):
Pelican still makes every post, in its own order, from each result, and caches it as it
would. A file whose reading logged a warning or failed is read again by Pelican itself,
so every message comes from Pelican, in order, as without this plugin. Registered
through Pelican's public signals (`readers_init` wraps each reader class through
plugins/reader_wrappers.py, the
`*_generator_preread` signals start the helpers); nothing is patched.

Hand-written because no kept library parallelises Pelican's reading: Pelican 4.12 has
no such option, and the pelican-parallel experiments fork whole generators, which loses
what plugins keep between signals.
"""

import contextlib
import io
import logging
import multiprocessing
import os
import pickle
import queue
import signal
import weakref

from pelican import signals

from build_errors import stop_build
from reader_wrappers import wrap_readers

SOURCE = "parallel_reading"
# Below this many files to read, a helper costs more than it saves (a fork, pickles).
FILES_PER_HELPER = 16
WAIT_SECONDS = 0.5  # how often a wait for a helper checks that it still runs
SETTINGS_ID = "settings"  # how the settings travel in a pickle: by name, not by value

logger = logging.getLogger(__name__)


def check_settings(pelican) -> None:
    enabled = pelican.settings.get("PARALLEL_READING", False)
    if not isinstance(enabled, bool):
        problem = f"PARALLEL_READING = {enabled!r} is not True or False; set one of them"
        stop_build([f"settings: {problem}"], SOURCE)


def helpers_wanted(files: int) -> int:
    """One helper per other core this process may run on, if there is work for it."""
    return min(len(os.sched_getaffinity(0)) - 1, files // FILES_PER_HELPER)


class _Pickler(pickle.Pickler):
    """Pickles a reader's result; the settings every Tag, Category and Author refers to
    go by name, so the unpickled ones refer to Pelican's own settings, as when read here."""

    def __init__(self, file, settings):
        super().__init__(file, pickle.HIGHEST_PROTOCOL)
        self.settings = settings

    def persistent_id(self, obj):
        return SETTINGS_ID if obj is self.settings else None


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, settings):
        super().__init__(file)
        self.settings = settings

    def persistent_load(self, pid):
        if pid != SETTINGS_ID:
            raise pickle.UnpicklingError(f"unknown reference {pid!r}")
        return self.settings


def dumps(result, settings) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, settings).dump(result)
    return buffer.getvalue()


def loads(data: bytes, settings):
    return _Unpickler(io.BytesIO(data), settings).load()


class _Records(logging.Handler):
    """What a helper's reading logged, to be logged again by Pelican's process."""

    def __init__(self):
        super().__init__()
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record):
        self.records.append((record.name, record.levelno, record.getMessage()))


class Prefetch:
    """The files one generator is about to read, shared with the helpers: Pelican takes
    them from the front (`front`, the next it may read itself), the helpers from the back
    (`back`, the next a helper takes); whoever finds front > back stops."""

    def __init__(self, readers, paths: list[str], helpers: int):
        context = multiprocessing.get_context("fork")
        self.readers = readers
        self.paths = paths
        self.index = {path: number for number, path in enumerate(paths)}
        self.bounds = context.RawArray("i", [0, len(paths) - 1])  # front, back
        self.lock = context.Lock()
        self.results = context.Queue()
        self.received: dict[int, tuple[bytes | None, list]] = {}
        self.taken = 0  # results Pelican took from the helpers
        self.helpers = [
            context.Process(target=self.help, daemon=True, name=f"reading-{n}")
            for n in range(helpers)
        ]
        for helper in self.helpers:
            helper.start()

    # In a helper process.
    def help(self) -> None:
        global _helping
        _helping = True
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for Pelican's process
        captured = _Records()
        root = logging.getLogger()
        root.handlers = [captured]
        while True:
            with self.lock:
                number = self.bounds[1]
                if number < self.bounds[0]:
                    break
                self.bounds[1] = number - 1
            captured.records = []
            path = self.paths[number]
            try:
                reader = self.readers.readers[os.path.splitext(path)[1][1:]]
                result = dumps(reader.read(path), self.readers.settings)
            except BaseException:  # Pelican's process reads it again and says why
                result = None
            if any(level >= logging.WARNING for _, level, _ in captured.records):
                result = None
            self.results.put((number, result, captured.records))
        self.results.close()
        self.results.join_thread()

    # In Pelican's process.
    def take(self, path: str):
        """The helpers' result for `path`, or None when Pelican reads it itself."""
        number = self.index.get(path)
        if number is None:
            return None
        with self.lock:
            if number >= self.bounds[0] and number <= self.bounds[1]:
                self.bounds[0] = number + 1  # Pelican's from here on
                return None
        while number not in self.received:
            try:
                done, result, records = self.results.get(timeout=WAIT_SECONDS)
            except queue.Empty:
                if any(helper.is_alive() for helper in self.helpers):
                    continue
                return None  # a helper was killed: Pelican reads the file itself
            self.received[done] = (result, records)
        result, records = self.received.pop(number)
        if result is None:
            logger.debug("parallel_reading: %s warned or failed in a helper: read again", path)
            return None
        self.taken += 1
        for name, level, message in records:
            logging.getLogger(name).log(level, "%s", message)
        return loads(result, self.readers.settings)

    def close(self) -> None:
        """Stop the helpers; results nobody asked for are read off the pipe, so that
        no helper waits to write them."""
        with self.lock:
            self.bounds[0], self.bounds[1] = 1, 0  # nothing left to take
        while any(helper.is_alive() for helper in self.helpers):
            with contextlib.suppress(queue.Empty):
                self.results.get(timeout=WAIT_SECONDS)
        for helper in self.helpers:
            helper.join()
        self.results.close()
        logger.debug(
            "parallel_reading: the helpers read %d of %d files", self.taken, len(self.paths)
        )


_prefetch: Prefetch | None = None
_started: weakref.WeakSet = weakref.WeakSet()  # generators whose files were looked at
_helping = False  # True in a helper process: its readers read for themselves


class ParallelReader:
    """Mixed into each reader class: a result the helpers made is taken, not made again."""

    def read(self, source_path):
        if _prefetch is not None and not _helping:
            result = _prefetch.take(source_path)
            if result is not None:
                return result
        return super().read(source_path)


def read_in_parallel(readers) -> None:
    if readers.settings.get("PARALLEL_READING"):
        wrap_readers(readers, ParallelReader)


def files_to_read(generator, paths_setting: str, excludes_setting: str) -> list[str]:
    """The files the generator will read (not the cached ones), in its own order, as
    Readers.read_file names them."""
    readers = generator.readers
    settings = generator.settings
    wanted = []
    for name in generator.get_files(settings[paths_setting], exclude=settings[excludes_setting]):
        path = os.path.abspath(os.path.join(generator.path, name))
        # Only files our readers read (not, say, a reader a later plugin put in).
        reader = readers.readers.get(os.path.splitext(path)[1][1:])
        if isinstance(reader, ParallelReader) and readers.get_cached_data(path, None) is None:
            wanted.append(path)
    return wanted


def start(generator, paths_setting: str, excludes_setting: str) -> None:
    """At the generator's first preread signal (Pelican sends one before each file,
    cached or not), once."""
    global _prefetch
    if generator in _started or not generator.settings.get("PARALLEL_READING"):
        return
    _started.add(generator)
    paths = files_to_read(generator, paths_setting, excludes_setting)
    helpers = helpers_wanted(len(paths))
    if helpers > 0:
        logger.debug("parallel_reading: %d helper(s) for %d files to read", helpers, len(paths))
        _prefetch = Prefetch(generator.readers, paths, helpers)


def start_articles(generator) -> None:
    start(generator, "ARTICLE_PATHS", "ARTICLE_EXCLUDES")


def start_pages(generator) -> None:
    start(generator, "PAGE_PATHS", "PAGE_EXCLUDES")


def finish(*_) -> None:
    global _prefetch
    prefetch, _prefetch = _prefetch, None
    if prefetch is not None:
        prefetch.close()


def register():
    signals.initialized.connect(check_settings)
    signals.readers_init.connect(read_in_parallel)
    signals.article_generator_preread.connect(start_articles)
    signals.page_generator_preread.connect(start_pages)
    signals.article_generator_finalized.connect(finish)
    signals.page_generator_finalized.connect(finish)
