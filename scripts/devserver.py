"""`make devserver`: serve the development site on 127.0.0.1, rebuild on every change
and reload the open browser page (livereload).

A saved post shows in two steps, so that it appears within a second even on a site of
1,000 posts:
1. A quick build writes only the pages of the files that changed
   (plugins/selected_writing), beside `make check`. When both pass, those pages go into
   output/ and the browser reloads.
2. The whole site is then built in the background into a new folder and swapped in; the
   browser reloads again only if some page changed (a new title in the listings, say).
   Another save stops it and starts again from step 1.
A change under theme/ or plugins/ or to the settings rebuilds the whole site at once.

Every build runs Pelican in a new process (so edited plugins and settings take effect)
into a new folder. After a content error the terminal shows it (`make check`'s one-line
messages) and the server goes on serving the last good site. The preview's settings
are devserverconf.py: no feeds, search index or sitemap, and Pelican's content cache
(cache/, outside the output folders) keeps the posts that did not change.

    .venv/bin/python -m scripts.devserver [--port 8000] [--output output]
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from livereload import Server
from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado.ioloop import PeriodicCallback

from . import staging

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # never reachable from other machines
SETTINGS = ("devserverconf.py", "pelicanconf.py", "publishconf.py")
CONTENT = ROOT / "content"
# Outside the output folders, which are new on every rebuild.
CACHE = ROOT / "cache"
POLL_MILLISECONDS = 200
STILL_SERVING = "still serving the last good site"


class QuickWatcher(Watcher):
    """livereload's watcher, looking for changes every 0.2 s rather than its fixed 0.8 s
    (one look at 1,000 posts costs about 5 ms), and at the background build each time.

    The rebuilds reload the browser themselves (`reload_browser`): livereload's own
    reload comes only once the task returns, and it skips any reload within 3 s of the
    last one, so a post saved twice in quick succession would not show."""

    def __init__(self, on_each_look):
        super().__init__()
        self.on_each_look = on_each_look

    def start(self, callback):
        PeriodicCallback(callback, POLL_MILLISECONDS).start()
        return True  # polling is set up: livereload adds none of its own

    def examine(self):
        super().examine()  # runs the rebuilds
        self.on_each_look()
        return None, None  # nothing left for livereload to reload


def reload_browser() -> None:
    LiveReloadHandler.reload_waiters()


def build_command(
    destination: Path,
    ignore_cache: bool = False,
    content: Path = CONTENT,
    cache: Path = CACHE,
    selected: list[Path] | None = None,
    save_cache: bool = True,
) -> list[str]:
    """The preview build of `content` into `destination`, run from the project root.
    Errors are fatal, so a post Pelican could not read never replaces the good site.
    `selected`: write only these source files' pages. `save_cache=False` reads the cache
    and never writes it, so the build can be stopped at any moment."""
    command = [sys.executable, "-m", "pelican", str(content), "-o", str(destination)]
    command += ["-s", SETTINGS[0], "--cache-path", str(cache), "--fatal", "errors"]
    if ignore_cache:  # plugins and settings change what the cache holds
        command.append("--ignore-cache")
    extra = []
    if selected is not None:
        extra.append("SELECTED_SOURCES=" + json.dumps([str(path) for path in selected]))
    if not save_cache:
        extra.append("CACHE_CONTENT=false")
    return command + (["-e", *extra] if extra else [])


def posts_are_fine() -> bool:
    """`make check`: its one-line messages say more than Pelican's traceback."""
    return subprocess.run([sys.executable, "-m", "scripts.check"], cwd=ROOT).returncode == 0


def build_and_check(destination: Path, **build_options) -> bool:
    """Build into `destination` while `make check` runs (two cores: it adds no time).
    True when both pass. Pelican's log is shown after the check's lines, never mixed."""
    with tempfile.TemporaryFile("w+") as log:
        build = subprocess.Popen(
            build_command(destination, **build_options),
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        if not posts_are_fine():
            print(f"devserver: fix the problems above; {STILL_SERVING}")
            # Let it finish: killed while saving the cache, it would leave a truncated
            # cache file that stops every later build.
            build.wait()
            return False
        failed = build.wait() != 0
        log.seek(0)
        print(log.read(), end="", flush=True)
    if failed:
        print(f"devserver: the rebuild failed (see above); {STILL_SERVING}")
    return not failed


def rebuild(output: Path, ignore_cache: bool = False) -> bool:
    """Build the whole site into a new folder; swap it in when it and the check pass."""
    new = staging.new_folder(output)
    if not build_and_check(new, ignore_cache=ignore_cache):
        shutil.rmtree(new)
        return False
    staging.swap_in(new, output)
    print("devserver: rebuilt; the browser reloads by itself")
    return True


def quick_rebuild(output: Path, changed: list[Path]) -> bool:
    """Write only the pages of `changed` and put them into output/ (step 1)."""
    new = staging.new_folder(output)
    built = build_and_check(new, selected=changed)
    if built:
        staging.merge_in(new, output)
        names = ", ".join(str(path.relative_to(ROOT)) for path in changed) or "no file (a removal)"
        print(f"devserver: rebuilt the pages of {names}; the rest of the site follows")
    shutil.rmtree(new)
    return built


def pages_differ(new: Path, old: Path) -> bool:
    """Whether a reader would see a change: any HTML page added, removed or changed."""
    new_pages = {page.relative_to(new) for page in new.rglob("*.html")}
    old_pages = {page.relative_to(old) for page in old.rglob("*.html")}
    if new_pages != old_pages:
        return True
    return any((new / page).read_bytes() != (old / page).read_bytes() for page in new_pages)


def content_stamps() -> dict[Path, int]:
    return {path: path.stat().st_mtime_ns for path in CONTENT.rglob("*") if path.is_file()}


@dataclass
class WholeSiteBuild:
    process: subprocess.Popen
    folder: Path
    log: IO[str]


class Preview:
    """What `make devserver` does on each change (see the module's docstring)."""

    def __init__(self, output: Path):
        self.output = output
        self.stamps = content_stamps()
        self.behind: WholeSiteBuild | None = None  # step 2, while it runs

    def first_build(self) -> bool:
        return rebuild(self.output, ignore_cache=True)

    def content_changed(self) -> None:
        stamps = content_stamps()
        changed = sorted(path for path, stamp in stamps.items() if self.stamps.get(path) != stamp)
        removed = self.stamps.keys() - stamps.keys()
        self.stamps = stamps
        if not changed and not removed:
            return  # livereload saw a change this look already rebuilt
        self.stop_whole_site_build()
        if quick_rebuild(self.output, changed):
            reload_browser()
            self.start_whole_site_build()

    def theme_changed(self) -> None:
        self.rebuild_now(ignore_cache=False)

    def code_changed(self) -> None:
        self.rebuild_now(ignore_cache=True)  # plugins and settings change what it holds

    def rebuild_now(self, ignore_cache: bool) -> None:
        self.stop_whole_site_build()
        self.stamps = content_stamps()  # this build reads every post as it is now
        if rebuild(self.output, ignore_cache):
            reload_browser()

    def start_whole_site_build(self) -> None:
        folder = staging.new_folder(self.output)
        log = tempfile.TemporaryFile("w+")  # noqa: SIM115 (closed by forget_whole_site_build)
        # It only reads the cache: stopped by the next save, it leaves nothing half-written.
        command = build_command(folder, save_cache=False)
        process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        self.behind = WholeSiteBuild(process, folder, log)

    def stop_whole_site_build(self) -> None:
        if self.behind is None:
            return
        self.behind.process.terminate()
        self.behind.process.wait()
        self.forget_whole_site_build()

    def forget_whole_site_build(self) -> None:
        self.behind.log.close()
        shutil.rmtree(self.behind.folder, ignore_errors=True)
        self.behind = None

    def look_at_whole_site_build(self) -> None:
        """Polled: once step 2 ends, swap its site in (or say why not)."""
        if self.behind is None or self.behind.process.poll() is None:
            return
        self.behind.log.seek(0)
        print(self.behind.log.read(), end="", flush=True)
        if self.behind.process.returncode != 0:
            print(f"devserver: rebuilding the whole site failed (see above); {STILL_SERVING}")
            self.forget_whole_site_build()
            return
        changed = pages_differ(self.behind.folder, self.output)
        staging.swap_in(self.behind.folder, self.output)  # the folder is output/ now
        self.behind.log.close()
        self.behind = None
        print("devserver: the whole site is rebuilt")
        if changed:
            reload_browser()


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--output", type=Path, default=Path("output"))
    args = parser.parse_args(argv)
    output = (ROOT / args.output).resolve()
    os.environ["PORT"] = str(args.port)  # pelicanconf.py's SITEURL, in every build
    sys.stdout.reconfigure(line_buffering=True)  # in order with the builds' output

    preview = Preview(output)
    # Watching from before the first build: a file saved during it is rebuilt after it.
    server = Server(watcher=QuickWatcher(on_each_look=preview.look_at_whole_site_build))
    server.watcher.ignore_dirs("__pycache__")  # written by the builds themselves
    server.watch(str(CONTENT), preview.content_changed)
    server.watch(str(ROOT / "theme"), preview.theme_changed)
    for name in ("plugins", *SETTINGS):
        server.watch(str(ROOT / name), preview.code_changed)

    if not preview.first_build() and not output.is_dir():
        print("devserver: fix the error above, then run make devserver again")
        return 1
    print(f"devserver: http://{HOST}:{args.port}/ (Ctrl-C stops)")
    try:
        server.serve(host=HOST, port=args.port, root=str(output), restart_delay=0)
    finally:  # Ctrl-C: no half-built folder left beside output/
        preview.stop_whole_site_build()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
