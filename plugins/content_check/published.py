"""What is published: the record `make publish` keeps in each release's manifest of every
post and page the release serves (its URL, feed id, source file and earlier addresses),
read from the live release. No Pelican here.

The live release is the folder the link `public` names (releases/ID, scripts/releases.py);
its manifest is the file beside it, releases/ID.manifest.json, whose `published` key
holds the record (scripts/manifest.py writes it). No link, no manifest, or a manifest
written before records were kept: nothing is recorded yet.
"""

import json
import os
from dataclasses import dataclass
from pathlib import Path

RECORD_KEY = "published"
MANIFEST_SUFFIX = ".manifest.json"  # scripts/releases.py names manifests so


class DamagedRecord(ValueError):
    """A manifest or record that is not what `make publish` writes (cut short, edited)."""


@dataclass(frozen=True)
class Published:
    """One post or page as the live release serves it."""

    url: str  # "2012/10/the-slug/", as Pelican's `url`
    source: str  # its file below the content folder: "posts/2012-10-29-the-slug.md"
    feed_id: str | None  # its feed entries' id; None for a page
    earlier_urls: tuple[str, ...] = ()  # its Redirect_from addresses, as `url`s

    def as_json(self) -> dict:
        return {"source": self.source, "feed_id": self.feed_id, "redirect_from": self.earlier_urls}


def from_json(url, entry) -> Published:
    valid = (
        isinstance(url, str)
        and url
        and isinstance(entry, dict)
        and isinstance(entry.get("source"), str)
        and (entry.get("feed_id") is None or isinstance(entry["feed_id"], str))
        and isinstance(entry.get("redirect_from"), list)
        and all(isinstance(earlier, str) for earlier in entry["redirect_from"])
    )
    if not valid:
        raise DamagedRecord(f"its entry {url!r} is not a post's source, feed id and addresses")
    return Published(url, entry["source"], entry["feed_id"], tuple(entry["redirect_from"]))


def live_manifest(link: Path) -> Path | None:
    """The manifest of the release `link` names, or None when nothing is published."""
    if not link.is_symlink():
        return None
    release = link.parent / os.readlink(link)
    if not release.is_dir():
        return None
    return release.parent / (release.name + MANIFEST_SUFFIX)


# The record as this process last read it: the devserver checks before every build.
_READ: dict[Path, tuple[tuple, dict[str, Published] | None]] = {}


def read_record(manifest: Path) -> dict[str, Published] | None:
    """{url: Published} from `manifest`; None when it has no record (there is none, or
    it was written before records were kept); DamagedRecord when it cannot be read."""
    try:
        status = manifest.stat()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise DamagedRecord(f"cannot be read ({error.strerror})") from None
    stamp = (status.st_mtime_ns, status.st_size)
    cached = _READ.get(manifest)
    if cached and cached[0] == stamp:
        return cached[1]
    try:
        data = json.loads(manifest.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DamagedRecord(f"cannot be read ({error})") from None
    if not isinstance(data, dict):
        raise DamagedRecord("is not a manifest")
    if RECORD_KEY not in data or not isinstance(data.get("files"), dict):
        record = None  # a manifest of files only, from before records were kept
    elif not isinstance(data[RECORD_KEY], dict):
        raise DamagedRecord(f"its {RECORD_KEY!r} is not a list of addresses")
    else:
        record = {url: from_json(url, entry) for url, entry in data[RECORD_KEY].items()}
    _READ[manifest] = (stamp, record)
    return record
