"""`make devserver`: serve the preview on 127.0.0.1, rebuild it on every change and
reload the open browser page (docs/preview.md).

Three parts that never wait for each other:
- The server (threads) answers every request from the live build folder: the site's own
  404 page for a missing URL, 403 to any Host but 127.0.0.1 or localhost on its port.
  Into each HTML page it serves (never into the files) it adds a small script that
  listens for reloads over Server-Sent Events.
- watchfiles (a thread) reports saves under content/, theme/ and plugins/, and to the
  settings files.
- The builder (a thread) runs each build as scripts/build.py in a child process forked
  from a warm one (multiprocessing's forkserver, which has Pelican and its libraries
  imported), into a new folder, and makes it live, then tells the pages to reload.

Our own server rather than livereload: the build callbacks livereload's public API takes
run inside its event loop, so every request waited for the build (up to 2.6 s), and it
has no public call to reload the pages from elsewhere. A reload channel is a few lines
on top of scripts/serve.py's SiteHandler, which already answers as a static host does.

After a saved post, the build writes only that post's pages (plugins/selected_writing)
and they replace theirs in the live folder, so the page shows within a second at 1,000
posts. This quick step runs the content check in a process of its own, beside the build
(the check off) on the other core, and shows the page only once the check passed, the
check's lines alone when it failed. The whole site is then rebuilt behind it, once the
open pages have had 0.3 s to reload and at a lower priority (the server and the browser
go first), into a new folder, swapped in with one rename of the preview/ symlink, and
the pages reload again only if a file changed.
Another save stops the whole-site build and starts over. A change to the theme rebuilds
the whole site; to plugins or settings, the whole site without the content cache (it
cannot tell what they change). A build that fails prints its lines and the server goes
on serving the last good site. Pelican's content cache is in cache/preview/.

preview/ is a symlink to the live `.preview-build-*` folder while the devserver runs,
and a plain folder again once it stops (Ctrl-C or SIGTERM), with nothing left beside it.

    .venv/bin/python -m scripts.devserver [--port 8000] [--no-quick-step]
"""

import argparse
import compileall
import contextlib
import fcntl
import io
import json
import multiprocessing
import os
import py_compile
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import watchfiles

from scripts import build
from scripts.serve import HOST, SiteHandler

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SETTINGS = ROOT / "devserverconf.py"
PREVIEW = ROOT / "preview"
CACHE = ROOT / "cache" / "preview"
BUILD_PREFIX = ".preview-build-"
WATCHED_FOLDERS = ("content", "theme", "plugins")
SETTINGS_FILES = ("pelicanconf.py", "devserverconf.py")
CODE_FOLDERS = ("plugins", "scripts")  # what each build imports afresh
TESTS = re.compile(r"[/\\]tests[/\\]")
# Imported once by the warm process, so that no build pays for them. Only installed
# libraries (this module's among them: each build runs it again, as multiprocessing's
# main): our plugins and settings, and scripts/build.py, which imports plugins, are
# imported afresh by each build, edits included.
WARM_MODULES = [
    "watchfiles",
    "http.server",
    "concurrent.futures.process",
    "markdown_it",
    "pelican",
    "pelican.plugins.neighbors",
    "pelican.plugins.related_posts",
    "markdown.extensions.extra",
    "markdown.extensions.meta",
    "markdown.extensions.toc",
    "typogrify.filters",
    "imagesize",
]
WATCH_QUIET_MS = 20  # a save is reported once nothing changed for this long
LOOK_SECONDS = 0.05  # how often a running build looks for a newer save
STOP_LOOK_SECONDS = 0.1  # how often the main thread looks for a stop signal
BEHIND_NICENESS = 10
BROWSER_FIRST_SECONDS = 0.3  # after a quick step, before the whole-site build behind it
KEEPALIVE_SECONDS = 15
STILL_SERVING = "still serving the last good site"

EVENTS_PATH = "/_devserver/events"
SCRIPT_PATH = "/_devserver/reload.js"
# The page's build number says which build it came from: a page older than the live
# build reloads as soon as it listens, so a swap during its loading is never missed.
RELOAD_SCRIPT = b"""// make devserver: reload this page when a newer build of the preview is live.
"use strict";
const build = document.currentScript.dataset.build;
const events = new EventSource(`/_devserver/events?build=${encodeURIComponent(build)}`);
events.addEventListener("reload", () => {
  events.close();
  location.reload();
});
"""
WAITING_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Building the preview</title>
<meta name="viewport" content="width=device-width"><meta name="color-scheme" content="light dark">
</head>
<body><p>No preview yet: the first build is running, or it stopped on a problem the
terminal shows. This page reloads by itself once a build succeeds.</p></body></html>
"""


# --- what the server serves -------------------------------------------------------


class LiveSite:
    """The live build folder and its build number, which every served page carries."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.number = 1
        self.closed = False
        self.changed = threading.Condition()

    def now(self) -> tuple[int, Path | None]:
        with self.changed:
            return self.number, self.folder

    def show(self, folder: Path, reload: bool = True) -> None:
        """`folder` is live (or changed in place); the open pages reload if `reload`."""
        with self.changed:
            self.folder = folder
            if reload:
                self.number += 1
                self.changed.notify_all()

    def wait_past(self, number: int, seconds: float) -> int | None:
        """The live build number once it is not `number` or `seconds` have passed;
        None once the server stops."""
        with self.changed:
            self.changed.wait_for(lambda: self.number != number or self.closed, seconds)
            return None if self.closed else self.number

    def close(self) -> None:
        with self.changed:
            self.closed = True
            self.changed.notify_all()


class PreviewHandler(SiteHandler):
    """SiteHandler for one request, from the build that was live when it arrived."""

    def __init__(self, *args, site: LiveSite, allowed_hosts: set[str], **kwargs):
        self.site = site
        self.allowed_hosts = allowed_hosts
        # The number before the folder: a page read after a swap reloads once too many
        # at worst, never once too few.
        self.build_number, folder = site.now()
        self.live = folder is not None
        super().__init__(*args, directory=str(folder or ROOT / "nothing-built-yet"), **kwargs)

    def do_GET(self):
        if self.answered_here():
            return
        super().do_GET()

    def do_HEAD(self):
        if self.answered_here():
            return
        super().do_HEAD()

    def answered_here(self) -> bool:
        """A foreign Host, the reload channel, or no site yet: answered without a file."""
        if self.headers.get("Host", "").lower() not in self.allowed_hosts:
            # A page of another site, pointed at us by DNS rebinding, could read drafts.
            self.send_error(403, "This server answers only to its own address")
            return True
        path = urlsplit(self.path).path
        if path == EVENTS_PATH:
            self.stream_reloads()
        elif path == SCRIPT_PATH:
            self.answer(200, "text/javascript; charset=utf-8", RELOAD_SCRIPT)
        elif not self.live:
            self.answer(503, "text/html; charset=utf-8", self.with_reload(WAITING_PAGE.encode()))
        else:
            return False
        return True

    def send_head(self):
        """An HTML page with the reload script; anything else as SiteHandler sends it."""
        path = Path(self.translate_path(self.path))
        if path.is_dir() and urlsplit(self.path).path.endswith("/"):
            path = path / "index.html"
        if path.suffix != ".html" or not path.is_file():
            return super().send_head()  # also its redirect of a folder to its slash
        return self.headers_for(200, "text/html; charset=utf-8", self.page(path))

    def page(self, path: Path) -> bytes:
        return self.with_reload(path.read_bytes())

    def with_reload(self, html: bytes) -> bytes:
        tag = f'<script src="{SCRIPT_PATH}" data-build="{self.build_number}"></script>'.encode()
        end = html.lower().rfind(b"</body>")
        return html + tag if end < 0 else html[:end] + tag + html[end:]

    def headers_for(self, status: int, content_type: str, body: bytes) -> io.BytesIO:
        """Send the headers; return the body, as send_head does for its callers."""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def answer(self, status: int, content_type: str, body: bytes) -> None:
        body_file = self.headers_for(status, content_type, body)
        if self.command != "HEAD":
            self.copyfile(body_file, self.wfile)

    def stream_reloads(self) -> None:
        """Server-Sent Events: one `reload` once a build newer than the page's is live."""
        try:
            seen = int(parse_qs(urlsplit(self.path).query).get("build", ["0"])[0])
        except ValueError:
            seen = 0
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        with contextlib.suppress(OSError):  # the page went away
            while (number := self.site.wait_past(seen, KEEPALIVE_SECONDS)) is not None:
                if number != seen:
                    self.wfile.write(b"event: reload\ndata: \n\n")
                    self.wfile.flush()
                    return
                self.wfile.write(b": still here\n\n")  # finds closed connections
                self.wfile.flush()


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, site: LiveSite):
        self.site = site
        super().__init__((HOST, port), self.handle_with)
        port = self.server_address[1]
        self.allowed_hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}
        self.url = f"http://{HOST}:{port}/"

    def handle_with(self, *args):
        return PreviewHandler(*args, site=self.site, allowed_hosts=self.allowed_hosts)

    def handle_error(self, request, client_address):
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):  # a closed page is no news
            print(f"devserver: a request failed: {error!r}", flush=True)


# --- the folders ------------------------------------------------------------------


class PreviewFolders:
    """Build folders beside preview/: each build writes a new one, made live by pointing
    the preview/ symlink at it (one rename). The others are removed by the next
    whole-site build's process once built (`after_whole_site`), off the server's
    process, and when the devserver starts and stops."""

    def __init__(self, preview: Path = PREVIEW):
        self.preview = preview
        self.live: Path | None = None

    def open(self) -> Path | None:
        """Take over what the last run left: its site stays live until the first build."""
        if self.preview.is_symlink():
            target = self.preview.resolve()
            self.preview.unlink()
            if target.is_dir() and target.parent == self.preview.parent:
                self.live = target
        elif self.preview.is_dir():
            self.live = self.new_folder()
            os.replace(self.preview, self.live)  # onto the new empty folder, in one rename
        remove_build_folders(self.preview.parent, keep=[self.live])
        if self.live is not None:
            self.swap_in(self.live)
        return self.live

    def new_folder(self) -> Path:
        """An empty folder on preview/'s file system, so it can be made live by a rename."""
        return Path(tempfile.mkdtemp(prefix=BUILD_PREFIX, dir=self.preview.parent))

    def swap_in(self, folder: Path) -> None:
        link = self.preview.with_name(f"{BUILD_PREFIX}link-{os.getpid()}")
        with contextlib.suppress(FileNotFoundError):
            link.unlink()
        link.symlink_to(folder.relative_to(self.preview.parent))
        os.replace(link, self.preview)
        self.live = folder

    def close(self) -> None:
        """preview/ a plain folder holding the live site, and no build folder left."""
        remove_build_folders(self.preview.parent, keep=[self.live])
        if self.live is not None:
            self.preview.unlink()
            os.replace(self.live, self.preview)


def remove_build_folders(parent: Path, keep: list[Path | None]) -> None:
    for folder in parent.glob(BUILD_PREFIX + "*"):
        if folder not in keep:
            remove(folder)


def remove(path: Path) -> None:
    """A build folder, or a link left by a run that was killed."""
    if path.is_symlink():
        path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)


def merge_into(new: Path, live: Path) -> None:
    """Each file of `new` replaces its namesake in `live`, in one rename each."""
    for source in sorted(new.rglob("*")):
        if source.is_file():
            target = live / source.relative_to(new)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)


def folders_differ(new: Path, old: Path) -> bool:
    """Whether an open page could look different: a file added, removed or changed."""
    new_files = {path.relative_to(new) for path in new.rglob("*") if path.is_file()}
    old_files = {path.relative_to(old) for path in old.rglob("*") if path.is_file()}
    if new_files != old_files:
        return True
    return any((new / path).read_bytes() != (old / path).read_bytes() for path in new_files)


# --- the builds -------------------------------------------------------------------

QUICK, WHOLE = "the saved files' pages", "the whole site"
BUILT, SAME, FAILED, STOPPED = "built", "built the same", "failed", "stopped"
UNCHANGED = 3  # run_build's exit status when no file differs from the live site's
# What a save under each watched place asks for.
CODE, THEME, CONTENT_CHANGE = "code", "theme", "content"
# Editors' temporary and backup files, never content.
KEEP = watchfiles.DefaultFilter()


@dataclass(frozen=True)
class Job:
    kind: str
    load_cache: bool = True
    # A build that writes the content cache is never stopped by a save: stopped while
    # writing it, it would leave a truncated cache file.
    save_cache: bool = False
    selected: tuple[Path, ...] = ()
    behind: bool = False  # the whole site, behind a quick step whose page is shown


# The whole site without the content cache, which cannot tell what code changes do.
CODE_CHANGED = Job(WHOLE, load_cache=False, save_cache=True)


def build_arguments(
    output: Path,
    *,
    content: Path = CONTENT,
    cache: Path = CACHE,
    load_cache: bool = True,
    save_cache: bool = True,
    selected: list[Path] | tuple[Path, ...] | None = None,
    content_check: bool = True,
    check_only: bool = False,
) -> list[str]:
    """scripts/build.py's arguments for a preview build of `content` into `output`.
    `selected`: write only these files' pages (plugins/selected_writing).
    `content_check`: False builds without the content check; `check_only`: the checks
    alone, nothing built (the quick step runs the two side by side)."""
    arguments = [str(content), "-s", str(SETTINGS), "-o", str(output), "--cache-path", str(cache)]
    if not load_cache:
        arguments.append("--ignore-cache")
    if check_only:
        arguments.append("--check-only")
    extra = []
    if selected is not None:
        extra.append("SELECTED_SOURCES=" + json.dumps([str(path) for path in selected]))
    if not save_cache:
        extra.append("CACHE_CONTENT=false")
    if not content_check:
        extra.append("CONTENT_CHECK=false")
    return arguments + (["-e", *extra] if extra else [])


def run_build(
    arguments: list[str], log: str, whole_site: tuple[Path, Path | None] | None, behind: bool
):
    """A build, in its own process: its problems (stderr) into `log`, nothing else.
    `whole_site`: (its folder, the live one), for `after_whole_site`. `behind`: a build
    behind a page already shown, which yields the processor to the server and the
    browser whenever they want it (while the browser reloads, say). The build and the
    processes it starts are a process group of their own, stopped as one
    (`stop_build_processes`)."""
    os.setpgid(0, 0)
    if behind:
        os.nice(BEHIND_NICENESS)
    os.chdir(ROOT)
    with open(log, "w") as problems, open(os.devnull, "w") as nothing:
        os.dup2(nothing.fileno(), 1)
        os.dup2(problems.fileno(), 2)
    status = build.main(arguments)
    if status == 0 and whole_site is not None:
        status = after_whole_site(*whole_site)
    sys.exit(status)


def stop_build_processes(process) -> None:
    """SIGTERM to a build and every process it started (run_build's group): stopping the
    build alone left the workers it had forked (the check's, the reading's) waiting
    forever to hand back results, each holding a copy of the build's memory."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:  # not in a group of its own yet: no worker yet either
        process.terminate()


def after_whole_site(folder: Path, live: Path | None) -> int:
    """The work on files a whole-site build leaves, done in its process so that it never
    holds up the server's threads: whether a page differs from the live site's (0, or
    UNCHANGED), and the removal of the other build folders, which no request reads any
    more (the last swap was a build ago)."""
    remove_build_folders(folder.parent, keep=[folder, live])
    return 0 if live is None or folders_differ(folder, live) else UNCHANGED


def content_stamps(folder: Path = CONTENT) -> dict[Path, int]:
    stamps = {}
    for path in folder.rglob("*"):
        if not KEEP(watchfiles.Change.modified, str(path)):
            continue
        with contextlib.suppress(OSError):  # gone since the listing
            if path.is_file():
                stamps[path] = path.stat().st_mtime_ns
    return stamps


def compile_project_code() -> None:
    """The bytecode of the code each build imports afresh (plugins, scripts, settings),
    compiled now into its __pycache__ folders: where PYTHONDONTWRITEBYTECODE is set,
    Python would compile it again in every build, about a tenth of a quick step. Checked
    against the source's hash on import, so an edit made since is never missed."""
    checked = py_compile.PycInvalidationMode.CHECKED_HASH
    for folder in CODE_FOLDERS:
        compileall.compile_dir(ROOT / folder, rx=TESTS, quiet=2, invalidation_mode=checked)
    for name in SETTINGS_FILES:
        compileall.compile_file(ROOT / name, quiet=2, invalidation_mode=checked)


def kind_of_change(path: Path) -> str:
    top = path.relative_to(ROOT).parts[0]
    return {"content": CONTENT_CHANGE, "theme": THEME}.get(top, CODE)


def shown_names(paths: list[Path]) -> str:
    names = [str(path.relative_to(ROOT)) for path in paths[:3]]
    more = f" and {len(paths) - 3} more" if len(paths) > 3 else ""
    return ", ".join(names) + more


def say(line: str) -> None:
    print(f"devserver: {line}", flush=True)


class Changes:
    """The kinds of change the watchers saw that no build has taken yet."""

    def __init__(self):
        self.kinds: set[str] = set()
        self.arrived = threading.Condition()

    def add(self, kinds: set[str]) -> None:
        with self.arrived:
            self.kinds |= kinds
            self.arrived.notify_all()

    def pending(self) -> bool:
        with self.arrived:
            return bool(self.kinds)

    def wait(self, seconds: float) -> bool:
        """Whether a change is waiting, or arrives within `seconds`."""
        with self.arrived:
            return self.arrived.wait_for(lambda: bool(self.kinds), seconds)

    def take(self, stopping: threading.Event) -> set[str]:
        with self.arrived:
            self.arrived.wait_for(lambda: self.kinds or stopping.is_set())
            kinds, self.kinds = self.kinds, set()
            return kinds

    def wake(self) -> None:
        self.add(set())


class Builder:
    """Runs one build at a time (its `run` is a thread), each in a child of the warm
    process, and makes each one live (see the module's docstring)."""

    def __init__(self, folders: PreviewFolders, site: LiveSite, quick_step: bool):
        self.folders = folders
        self.site = site
        self.quick_step = quick_step
        self.changes = Changes()
        self.stopping = threading.Event()
        self.failed = False
        self.stamps: dict[Path, int] = {}
        self.shown: set[str] = set()  # the build's lines already printed for this save
        self.processes = multiprocessing.get_context("forkserver")
        self.processes.set_forkserver_preload(WARM_MODULES)

    def stop(self) -> None:
        self.stopping.set()
        self.changes.wake()

    def run(self) -> None:
        try:
            self.stamps = content_stamps()
            job = CODE_CHANGED  # plugins or settings may have changed since the last run
            while not self.stopping.is_set():
                job = self.carry_out(job) if job else self.next_job()
        except Exception as error:  # a fault of this machine, not of a post: say it, stop
            say(f"stopped by an error: {error}")
            self.failed = True
            self.stopping.set()

    def watch(self, paths: list[Path], recursive: bool, keep=KEEP) -> None:
        try:
            for saved in watchfiles.watch(
                *paths,
                watch_filter=keep,
                recursive=recursive,
                step=WATCH_QUIET_MS,
                stop_event=self.stopping,
                raise_interrupt=False,
            ):
                self.changes.add({kind_of_change(Path(path)) for _, path in saved})
        except Exception as error:
            say(f"cannot watch {shown_names(paths)} for saves: {error}")
            self.failed = True
            self.stopping.set()

    def next_job(self) -> Job | None:
        kinds = self.changes.take(self.stopping)
        stamps = content_stamps()
        changed = sorted(path for path, stamp in stamps.items() if self.stamps.get(path) != stamp)
        removed = sorted(self.stamps.keys() - stamps.keys())
        self.stamps = stamps
        self.shown = set()
        if CODE in kinds:
            say("plugins or settings changed; rebuilding the whole site without the cache")
            return CODE_CHANGED
        if THEME in kinds:
            say("the theme changed; rebuilding the whole site")
            return Job(WHOLE, save_cache=not self.quick_step)
        if not changed and not removed:
            return None  # a temporary file came and went
        say(f"{shown_names(changed + removed)} changed; rebuilding")
        if self.quick_step and changed and not removed and self.folders.live:
            return Job(QUICK, save_cache=True, selected=tuple(changed))
        return Job(WHOLE, save_cache=not self.quick_step)

    def carry_out(self, job: Job) -> Job | None:
        """Build, make the result live; return the job that follows it, if any. The
        folder of a build that failed or was stopped goes with the next whole-site
        build's clean-up (`after_whole_site`) or when the devserver stops."""
        if job == CODE_CHANGED:
            compile_project_code()
        folder = self.folders.new_folder()
        started = time.monotonic()
        outcome = self.build(job, folder)
        seconds = time.monotonic() - started
        if outcome in (FAILED, STOPPED):
            return None
        try:
            if job.kind == QUICK:
                merge_into(folder, self.folders.live)
                self.site.show(self.folders.live)
                say(f"its page is rebuilt ({seconds:.2f} s); the rest of the site follows")
                # The open pages reload first: a whole-site build started at once took
                # the cores from the reloading browser and the server (answers took up
                # to 66 ms instead of 5 ms).
                if self.changes.wait(BROWSER_FIRST_SECONDS) or self.stopping.is_set():
                    return None  # the newer save's own quick step comes first
                return Job(WHOLE, behind=True)
            self.folders.swap_in(folder)
            self.site.show(folder, reload=outcome == BUILT)
            say(f"the whole site is rebuilt ({seconds:.2f} s)")
        except OSError as error:  # a full disk, say: the live site stays as it was
            say(f"cannot make the build live: {error}; {STILL_SERVING}")
        return None

    def build(self, job: Job, folder: Path) -> str:
        """The job's build into `folder`. A quick step is two processes side by side, one
        on each core: the content check alone, and the saved files' pages built without
        it. The check decides, as it does first in a whole build: its lines and nothing
        else when it fails (the build is stopped), the build's lines and page only once
        it passed."""
        options = {"load_cache": job.load_cache, "save_cache": job.save_cache}
        if job.kind == QUICK:
            options["selected"] = job.selected
            runs = {
                CACHE / "check.log": build_arguments(folder, check_only=True, **options),
                CACHE / "build.log": build_arguments(folder, content_check=False, **options),
            }
            whole_site = None
        else:
            runs = {CACHE / "build.log": build_arguments(folder, **options)}
            whole_site = (folder, self.folders.live)
        processes = {
            log: self.processes.Process(
                target=run_build, args=(arguments, str(log), whole_site, job.behind)
            )
            for log, arguments in runs.items()
        }
        for process in processes.values():
            process.start()
        check = processes.get(CACHE / "check.log")
        while running := [p for p in processes.values() if p.exitcode is None]:
            running[0].join(LOOK_SECONDS)
            newer_save = not job.save_cache and self.changes.pending()
            check_failed = check is not None and check.exitcode not in (None, 0)
            if self.stopping.is_set() or newer_save or check_failed:
                for process in running:
                    stop_build_processes(process)
                    process.join()
                if not check_failed:
                    return STOPPED
        for log, process in processes.items():
            if process.exitcode not in (0, UNCHANGED):
                self.show_lines(log)
                for other in processes:
                    other.unlink(missing_ok=True)
                after = STILL_SERVING if self.folders.live else "no site yet: fix it and save"
                say(f"the build stopped on the problem(s) above; {after}")
                return FAILED
            self.show_lines(log)
        return SAME if all(p.exitcode == UNCHANGED for p in processes.values()) else BUILT

    def show_lines(self, log: Path) -> None:
        """The build's lines not shown yet for this save (its quick step had the same)."""
        if not log.exists():  # the process ended before it could write any
            return
        for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
            if line not in self.shown:
                print(line, flush=True)
                self.shown.add(line)
        log.unlink()


# --- make devserver ---------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--no-quick-step",
        action="store_true",
        help="after a save, build only the whole site (bench/preview.py compares both)",
    )
    return parser.parse_args(argv)


def note_stop_signals() -> list[int]:
    """A list that Ctrl-C and SIGTERM are appended to, and nothing else. A handler that
    set an Event would take its lock, which the main thread holds in its own wait when a
    second signal comes (make passes its SIGTERM on), and would wait for it forever."""
    stop_signals: list[int] = []
    for stop_signal in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop_signal, lambda number, _frame: stop_signals.append(number))
    return stop_signals


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    site = LiveSite(None)
    try:  # before anything is built
        server = PreviewServer(args.port, site)
    except OSError as error:
        print(
            f"devserver: cannot listen on {HOST}:{args.port}: {error.strerror}; stop what "
            f"uses it, or choose another port: make devserver PORT={args.port + 1}",
            file=sys.stderr,
        )
        return 1
    CACHE.mkdir(parents=True, exist_ok=True)
    lock = (CACHE / "lock").open("w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print(
            "devserver: another make devserver is running in this folder (preview/ is "
            "its own); stop it first",
            file=sys.stderr,
        )
        server.server_close()
        return 1
    os.environ["PORT"] = str(server.server_address[1])  # pelicanconf.py's SITEURL
    folders = PreviewFolders()
    site.folder = folders.open()
    builder = Builder(folders, site, quick_step=not args.no_quick_step)
    stop_signals = note_stop_signals()
    watchers = [
        threading.Thread(target=builder.watch, args=([ROOT / f for f in WATCHED_FOLDERS], True)),
        threading.Thread(
            target=builder.watch,
            args=([ROOT], False, lambda change, path: Path(path).name in SETTINGS_FILES),
        ),
    ]
    serving = threading.Thread(target=server.serve_forever)
    building = threading.Thread(target=builder.run)
    for thread in (serving, *watchers, building):  # watching from before the first build
        thread.start()
    say(f"{server.url} (Ctrl-C stops); building the whole site")
    while not stop_signals and not builder.stopping.wait(STOP_LOOK_SECONDS):
        pass
    builder.stop()
    building.join()
    for thread in watchers:
        thread.join()
    server.shutdown()
    site.close()
    server.server_close()
    folders.close()
    say("stopped; preview/ holds the last good site" if folders.live else "stopped")
    return 1 if builder.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
