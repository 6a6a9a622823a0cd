"""The manifest of a built site: every file with its size and SHA-256, and what changed.

`make publish` keeps the manifest of the last published site in publish-manifest.json
(beside output/, so it is never deployed) and prints the difference to the new one.

    .venv/bin/python -m scripts.manifest OLD.json NEW_FOLDER   (print what changed)
"""

import hashlib
import json
import sys
from pathlib import Path


def build_manifest(folder: Path) -> dict[str, dict]:
    """{relative path: {"size": bytes, "sha256": hex}} for every file under `folder`."""
    manifest = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            manifest[path.relative_to(folder).as_posix()] = {
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
    return manifest


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
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def write(manifest: dict, path: Path) -> None:
    path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    print("\n".join(describe(compare(read(Path(argv[0])), build_manifest(Path(argv[1]))))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
