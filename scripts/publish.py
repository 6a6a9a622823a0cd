"""`make publish`: check, build the production site into a new release, verify it, and
make it live in one step (docs/publishing.md).

    .venv/bin/python -m scripts.publish [--no-brotli] [PELICAN OPTIONS ...]

1. SITEURL must be an absolute http(s) address (publishconf.py); nothing is built without.
2. One publish at a time: a second one waits for the first (releases/.lock).
3. What a failed or interrupted publish left in releases/ is removed.
4. The scheduled posts held back are listed (as the build reports them).
5. The site is built into releases/ID/ (warnings are errors; `make check`'s checks run
   first inside the build, with the production settings) and read back once (every
   file's size and SHA-256, scripts/manifest.py), its text files compressed
   (scripts/compress.py), its files made readable by a web server (0644, folders 0755),
   and the release verified (scripts/verify.py). Its manifest is written and everything
   is flushed to disk; it records every post and page published (URL, feed id, source).
6. `public` is pointed at the new release in one rename; the release before stays for
   `make rollback`, older ones are removed. What changed since the live release is listed.

Until step 6 nothing that is live changes: any failure, Ctrl-C or kill leaves `public`
serving the release it served, and the next publish removes the leftovers.
Exit status: 0 published, 1 a problem (one line says which), 130 interrupted.
"""

import argparse
import contextlib
import errno
import os
import runpy
import shutil
import signal
import subprocess
import sys
import threading
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from . import compress, manifest, verify
from .releases import ReleaseLayout, make_readable

ROOT = Path(__file__).resolve().parent.parent

SETTINGS = "publishconf.py"
COMPRESSION_CACHE = Path("cache") / "compressed"
# Pelican's content cache of the production build (scripts/content_cache.py).
CONTENT_CACHE = Path("cache") / "content" / "publish"
EXIT_PROBLEM = 1
EXIT_INTERRUPTED = 130
HOW_TO_SET_SITEURL = (
    "run make publish SITEURL=https://your.domain, or set SITEURL in publishconf.py"
)


class PublishStopped(Exception):
    """A reason to stop, as one line for the author."""


class Interrupted(BaseException):
    """Ctrl-C or a termination signal."""


def raise_interrupted(signal_number, frame):
    """Stop at the first signal; later ones (make passes its SIGTERM on) would cut short
    the clean-up that the first one starts."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Interrupted


def siteurl_problem(siteurl: str) -> str | None:
    """Why `siteurl` cannot be the published site's address, or None if it can."""
    if not siteurl:
        return "SITEURL is not set"
    parts = urlsplit(siteurl)
    absolute = parts.scheme in ("http", "https") and parts.netloc
    if not absolute or any(c.isspace() for c in siteurl) or parts.query or parts.fragment:
        return f"SITEURL '{siteurl}' is not an absolute http:// or https:// address"
    return None


def given_build_date() -> date | None:
    """BUILD_DATE from the environment: the day the advice-age notes count from."""
    given = os.environ.get("BUILD_DATE")
    if not given:
        return None
    try:
        return date.fromisoformat(given)
    except ValueError:
        raise PublishStopped(f"BUILD_DATE '{given}' is not a date; use YYYY-MM-DD") from None


def settings_file_values(root: Path) -> dict:
    """The values the settings file sets, without Pelican's defaults: enough for what is
    checked before the build (SITEURL, TIMEZONE); the build reads them with Pelican."""
    try:
        return runpy.run_path(str(root / SETTINGS))
    except Exception as error:  # whatever a mistake in a settings file raises
        problem = f"{type(error).__name__}: {error}"
        raise PublishStopped(f"{SETTINGS} cannot be read: {problem}") from None


def build_release(
    root, release: Path, report: Path, day: date, lock, options, brotli_too: bool, meanwhile
):
    """Pelican, through scripts/build.py, in its own process group: Ctrl-C reaches only
    this process, which stops the build quietly. The build holds the lock too, so a
    publish killed outright cannot be followed by another while its build still runs.
    The build names each page as it writes it, and the compression cache is filled with
    them meanwhile, on the cores the build leaves idle (compress.CacheWarmer). This
    process does `meanwhile()` as the build runs; its result is returned."""
    command = [sys.executable, "-m", "scripts.build", "content", "-o", str(release)]
    command += ["-s", SETTINGS, "--fatal", "warnings", "--report", str(report), *options]
    environment = dict(os.environ, BUILD_DATE=day.isoformat())
    with compress.CacheWarmer(root / COMPRESSION_CACHE, brotli_too) as warmer:
        announced, announcing = os.pipe()  # after the warmer's workers: none holds it
        command += ["--content-cache", str(root / CONTENT_CACHE)]
        command += ["--announce-fd", str(announcing)]
        try:
            build = subprocess.Popen(
                command,
                cwd=root,
                env=environment,
                start_new_session=True,
                pass_fds=(lock, announcing),
            )
        finally:
            os.close(announcing)
        listener = threading.Thread(target=warm_with, args=(announced, warmer), daemon=True)
        listener.start()
        try:
            done_meanwhile = meanwhile()
            status = build.wait()
        except BaseException:
            with contextlib.suppress(ProcessLookupError):  # it may have ended meanwhile
                os.killpg(build.pid, signal.SIGTERM)
            build.wait()
            raise
        finally:
            listener.join()
    if status != 0:
        raise PublishStopped("the build failed (see above)")
    return done_meanwhile


def warm_with(announced: int, warmer: compress.CacheWarmer) -> None:
    """Each file the build names, to the compression cache's warmer."""
    with os.fdopen(announced) as names:
        for name in names:
            warmer.add(Path(name.rstrip("\n")))
    warmer.send()


def compress_release(root: Path, release: Path, brotli_too: bool, files) -> compress.Summary:
    return compress.compress_folder(release, root / COMPRESSION_CACHE, brotli_too, files)


def verify_release(release: Path, built: dict, files: dict) -> None:
    problems = verify.release_problems(release, built, files)
    for line in verify.shown(problems):
        print(f"{release.name}/{line}", flush=True)
    if problems:
        raise PublishStopped(f"the new release is incomplete ({len(problems)} problem(s) above)")


def record_manifest(layout: ReleaseLayout, release: str, files: dict, published: dict) -> None:
    """The release's manifest, written atomically: from now on the release is complete.
    It records the posts and pages the build published, which `make check` compares
    later edits with (docs/publishing.md)."""
    manifest.write(files, published, layout.manifest_path(release))


def live_manifest(layout: ReleaseLayout, live: str | None) -> dict:
    if live is None:
        return {}
    try:
        return manifest.read(layout.manifest_path(live))
    except manifest.DamagedManifest as damaged:
        print(f"publish: warning: {damaged}; every file counts as added", flush=True)
        return {}


def keep_times_of_unchanged(layout: ReleaseLayout, live: str, release: str, old, new) -> None:
    """A file the same as in the live release keeps its modification time, so the web
    server's Last-Modified and ETag stay the same and browsers revalidate it with a 304."""
    kept_folder, new_folder = str(layout.path(live)), str(layout.path(release))
    for name, entry in new.items():
        if old.get(name) != entry:
            continue
        try:
            times = os.stat(os.path.join(kept_folder, name))
        except FileNotFoundError:
            continue
        os.utime(os.path.join(new_folder, name), ns=(times.st_atime_ns, times.st_mtime_ns))


def remove_release(layout: ReleaseLayout, release: str) -> None:
    """Remove a release that did not go live (its folder, report and manifest); a second
    Ctrl-C does not cut this short (and if a kill does, the next publish finishes it)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    for path in layout.folder.glob(release + "*"):
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


def publish(root: Path, brotli_too: bool, options: list[str]) -> int:
    layout = ReleaseLayout(root)
    day = given_build_date()
    settings = settings_file_values(root)
    # Without BUILD_DATE: today where the site is (TIMEZONE), said in the first line.
    day = day or datetime.now(ZoneInfo(settings.get("TIMEZONE", "UTC"))).date()
    problem = siteurl_problem(settings.get("SITEURL", ""))
    if problem:
        raise PublishStopped(f"{problem}; {HOW_TO_SET_SITEURL}")
    if layout.link.exists() and not layout.link.is_symlink():
        raise PublishStopped(
            f"{layout.link.name}/ is a folder, not the link to the live release that "
            f"make publish keeps; move it away, then publish again"
        )

    def say_waiting():
        print("publish: another publish is running; waiting for it (Ctrl-C stops)", flush=True)

    with layout.lock(on_wait=say_waiting) as lock:
        removed = layout.remove_stale()
        if removed:
            names = ", ".join(path.name for path in removed)
            print(f"publish: removed from releases/ (neither live nor the one before): {names}")

        live = layout.live()
        release = layout.new_release()
        print(
            f"publish: building {release} for {settings['SITEURL']} "
            f"(advice-age notes as of BUILD_DATE={day})",
            flush=True,
        )
        report = layout.folder / f"{release}.report.json"
        try:
            old_files = build_release(
                root,
                layout.path(release),
                report,
                day,
                lock,
                options,
                brotli_too,
                lambda: live_manifest(layout, live),
            )
            built = verify.read_report(report)  # what the build says it wrote
            for when, path, title in built["held_back"]:
                when = datetime.fromisoformat(when)
                print(f"publish: held back until {when:%Y-%m-%d %H:%M}: {path} ({title})")
            # What the build wrote, read back once: for compression, verification, manifest.
            files = manifest.build_manifest(layout.path(release))
            summary = compress_release(root, layout.path(release), brotli_too, files)
            files = dict(sorted({**files, **summary.copies}.items()))
            make_readable(layout.path(release))
            verify_release(layout.path(release), built, files)
            report.unlink()
            record_manifest(layout, release, files, built["published"])
            if live:
                keep_times_of_unchanged(layout, live, release, old_files, files)
            os.sync()  # the release and its manifest on disk before anything points at it
            layout.make_live(release)
        except BaseException:
            if layout.live() != release:
                remove_release(layout, release)
            raise

        compress.prune_cache(root / COMPRESSION_CACHE)
        layout.remove_stale()
        print(
            f"publish: compressed {summary.compressed} copies, "
            f"{summary.from_cache} unchanged ones from {COMPRESSION_CACHE}/"
        )
        changes = manifest.compare(old_files, files)
        print("\n".join(manifest.describe(changes)))
        previous = layout.previous()
        back = f"; make rollback goes back to {previous}" if previous else ""
        print(f"publish: {layout.link.name}/ now serves {release} ({len(files)} files){back}")
    return 0


def unchanged(layout: ReleaseLayout) -> str:
    live = layout.live()
    return f"{layout.link.name}/ still serves {live}" if live else "nothing was published"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-brotli", action="store_true", help="no .br copies (gzip only)")
    args, pelican_options = parser.parse_known_args(argv)
    root = ROOT
    layout = ReleaseLayout(root)
    signal.signal(signal.SIGTERM, raise_interrupted)
    signal.signal(signal.SIGINT, raise_interrupted)
    try:
        return publish(root, not args.no_brotli, pelican_options)
    except PublishStopped as stopped:
        print(f"publish: stopped: {stopped}; {unchanged(layout)}", file=sys.stderr)
        return EXIT_PROBLEM
    except Interrupted:
        print(f"publish: interrupted; {unchanged(layout)}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as error:  # a full disk, a read-only folder...
        where = f"{error.filename}: " if error.filename else ""
        name = errno.errorcode.get(error.errno, "")
        print(
            f"publish: stopped: {where}{error.strerror or error} ({name}); {unchanged(layout)}",
            file=sys.stderr,
        )
        return EXIT_PROBLEM


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
