"""The manifest of a built site: every file with its size and SHA-256, and what changed.

`make publish` writes each release's manifest beside it (releases/ID.manifest.json, never
deployed) and prints the difference between the live release's manifest and the new one.
The manifest also records every post and page the release publishes (`published`: URL,
feed id, source file, earlier addresses; plugins/content_check/published.py reads it),
which `make check` compares the content with: {"files": {...}, "published": {...}}. A
manifest from before records were kept is the files alone.

    .venv/bin/python -m scripts.manifest OLD.json NEW_FOLDER   (print what changed)
"""

import hashlib
import json
import os
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HASHING_THREADS = 4


def record_key() -> str:
    """The key of the record of what is published, content_check's: imported when a
    manifest is read or written, since content_check imports Pelican (0.14 s) and
    `make publish` starts its build before it needs any of it."""
    from content_check.published import RECORD_KEY

    return RECORD_KEY


class DamagedManifest(ValueError):
    """A manifest file that is not the JSON `write` makes (cut short, edited by hand)."""


def read_bytes(path: str) -> bytes:
    """A file's bytes, from a path string: Path(path).read_bytes() costs more than the
    reading of the small files a release holds."""
    with open(path, "rb") as file:
        return file.read()


def file_entry(path: str) -> dict:
    data = read_bytes(path)
    return {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def build_manifest(folder: Path) -> dict[str, dict]:
    """{relative path: {"size": bytes, "sha256": hex}} for every file under `folder`,
    each read back from the disk."""
    # Paths as strings: pathlib's own work would cost more than the reading.
    top = os.path.join(folder, "")
    paths = sorted(os.path.join(root, name) for root, _, files in os.walk(folder) for name in files)
    paths = [path for path in paths if os.path.isfile(path)]  # not a link to a folder
    # Reading and hashing release Python's global lock: threads share the work.
    with ThreadPoolExecutor(HASHING_THREADS) as pool:
        entries = pool.map(file_entry, paths)
        return {path.removeprefix(top): entry for path, entry in zip(paths, entries, strict=True)}


def compare(old: dict, new: dict) -> dict[str, list[str]]:
    """The paths added, changed and removed between two manifests."""
    return {
        "added": sorted(new.keys() - old.keys()),
        "changed": sorted(p for p in new.keys() & old.keys() if new[p] != old[p]),
        "removed": sorted(old.keys() - new.keys()),
    }


def describe(changes: dict[str, list[str]], shown: int = 20) -> list[str]:
    """Readable lines: a count per kind, then up to `shown` paths of each."""
    if not any(changes.values()):
        return ["no file changed since the last publish"]
    lines = []
    for kind, paths in changes.items():
        if not paths:
            continue
        lines.append(f"{len(paths)} {kind}:")
        lines.extend(f"  {path}" for path in paths[:shown])
        if len(paths) > shown:
            lines.append(f"  ... and {len(paths) - shown} more")
    return lines


def read(path: Path) -> dict:
    """The files of the manifest at `path`, {} if there is none; DamagedManifest if it
    cannot be read."""
    if not path.is_file():
        return {}
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DamagedManifest(f"{path.name} is damaged ({error})") from None
    if isinstance(manifest, dict) and record_key() in manifest:
        manifest = manifest.get("files")
    entries_valid = isinstance(manifest, dict) and all(
        isinstance(entry, dict) and {"size", "sha256"} <= entry.keys()
        for entry in manifest.values()
    )
    if not entries_valid:
        raise DamagedManifest(f"{path.name} is damaged (not a list of files with sizes)")
    return manifest


def write(files: dict, published: dict, path: Path) -> None:
    """Write the manifest of `files` and the `published` record to `path` so that a crash
    leaves the old file or the new one, whole: a temporary file beside it, flushed to
    disk, then renamed over it."""
    manifest = {"files": files, record_key(): published}
    text = json.dumps(manifest, indent=1, sort_keys=True) + "\n"
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    try:
        old = read(Path(argv[0]))
    except DamagedManifest as damaged:
        print(f"manifest: {damaged}; comparing with an empty list", file=sys.stderr)
        old = {}
    print("\n".join(describe(compare(old, build_manifest(Path(argv[1]))))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
