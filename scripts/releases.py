"""The production site on disk: releases/ID/ folders, and `public`, the link to the live one.

    releases/
      .lock                      held by the publish or rollback that is running
      0007-20261201-101500/      the previous release (kept for `make rollback`)
      0007-20261201-101500.manifest.json
      0008-20261202-093000/      the live release
      0008-20261202-093000.manifest.json
    public -> releases/0008-20261202-093000

A release is complete once its manifest is written (after it was verified). It goes live
in one step: a new link made beside `public`, then renamed over it (rename(2) replaces
the old link atomically, so `public` always names a whole release). The previous release
is the newest complete one before the live one. Anything else in releases/ (a release
that failed or was interrupted, a temporary file) is stale, removed by the next publish,
as is a `.public-PID` link left beside `public` by a publish killed before its rename.
"""

import contextlib
import fcntl
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

RELEASES = "releases"
LIVE_LINK = "public"
LOCK_NAME = ".lock"
MANIFEST_SUFFIX = ".manifest.json"
FOLDER_MODE = 0o755
FILE_MODE = 0o644


class PublishRunning(RuntimeError):
    """Another publish or rollback holds the lock (`waited` says whether we waited)."""


class ReleaseLayout:
    """Where the releases of the project at `root` live, and which one is live."""

    def __init__(self, root: Path):
        self.root = root
        self.folder = root / RELEASES
        self.link = root / LIVE_LINK

    def path(self, release: str) -> Path:
        return self.folder / release

    def manifest_path(self, release: str) -> Path:
        return self.folder / (release + MANIFEST_SUFFIX)

    def live(self) -> str | None:
        """The release `public` points to, or None before the first publish."""
        if not self.link.is_symlink():
            return None
        target = Path(os.readlink(self.link))
        if target.parent != Path(RELEASES) or not self.path(target.name).is_dir():
            return None
        return target.name

    def complete(self) -> list[str]:
        """Complete releases (folder and manifest), oldest first."""
        if not self.folder.is_dir():
            return []
        found = [
            entry.name
            for entry in self.folder.iterdir()
            if entry.is_dir() and not entry.is_symlink() and sequence_of(entry.name) is not None
        ]
        return sorted(
            (name for name in found if self.manifest_path(name).is_file()), key=sequence_of
        )

    def previous(self) -> str | None:
        """The newest complete release older than the live one: `make rollback`'s target."""
        live = self.live()
        if live is None:
            return None
        older = [name for name in self.complete() if sequence_of(name) < sequence_of(live)]
        return older[-1] if older else None

    def kept(self) -> set[str]:
        return {name for name in (self.live(), self.previous()) if name}

    def stale(self) -> list[Path]:
        """Everything in releases/ but the live and previous releases (with their
        manifests) and the lock: failed or interrupted builds, temporary files; and a
        new link a publish killed before its rename left beside `public`."""
        links = sorted(self.root.glob(f".{LIVE_LINK}-*"))
        if not self.folder.is_dir():
            return links
        keep = {LOCK_NAME}
        for name in self.kept():
            keep |= {name, name + MANIFEST_SUFFIX}
        return links + sorted(entry for entry in self.folder.iterdir() if entry.name not in keep)

    def remove_stale(self) -> list[Path]:
        """Remove the stale entries; return what was removed."""
        removed = self.stale()
        for entry in removed:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        return removed

    def new_release(self, now: datetime | None = None) -> str:
        """Make an empty folder for a new release, named after the ones before it."""
        make_folder(self.folder)
        numbers = [sequence_of(entry.name) for entry in self.folder.iterdir()]
        number = max((n for n in numbers if n is not None), default=0) + 1
        name = f"{number:04d}-{(now or datetime.now(UTC)):%Y%m%d-%H%M%S}"
        make_folder(self.path(name), exist_ok=False)
        return name

    def make_live(self, release: str) -> None:
        """Point `public` at `release` in one rename (of a new link made beside it, in
        the same folder, so on the same file system), then flush that to disk."""
        temporary = self.root / f".{LIVE_LINK}-{os.getpid()}"
        temporary.unlink(missing_ok=True)
        os.symlink(f"{RELEASES}/{release}", temporary)
        os.replace(temporary, self.link)
        sync_folder(self.root)

    @contextlib.contextmanager
    def lock(self, on_wait=None):
        """Hold releases/.lock while publishing or rolling back. If another process holds
        it, call `on_wait()` once, then wait for it. The lock goes with the process (and
        with any child given its descriptor), so a killed publish never leaves it held."""
        make_folder(self.folder)
        descriptor = os.open(self.folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, FILE_MODE)
        try:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if on_wait is None:
                    raise PublishRunning("another publish or rollback is running") from None
                on_wait()
                fcntl.flock(descriptor, fcntl.LOCK_EX)
            yield descriptor
        finally:
            os.close(descriptor)


def sequence_of(name: str) -> int | None:
    """The release number at the start of a release's name, or None for other names."""
    number, dash, _ = name.partition("-")
    return int(number) if dash and number.isdigit() else None


def make_folder(path: Path, exist_ok: bool = True) -> None:
    """A new folder a web server can read, whatever the umask."""
    try:
        path.mkdir()
    except FileExistsError:
        if not exist_ok:
            raise
        return
    os.chmod(path, FOLDER_MODE)


def make_readable(folder: Path) -> None:
    """Files 0644 and folders 0755 under `folder`: Pelican and Pagefind write with the
    umask, and a web server running as its own user must read everything."""
    os.chmod(folder, FOLDER_MODE)
    for parent, folders, files in os.walk(folder):
        for name in folders:
            os.chmod(os.path.join(parent, name), FOLDER_MODE)
        for name in files:
            os.chmod(os.path.join(parent, name), FILE_MODE)


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename in it) to disk."""
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
