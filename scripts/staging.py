"""Build into a new folder, then swap it in: a failed build never touches output/."""

import os
import shutil
import tempfile
from pathlib import Path

PREFIX = ".build-"  # in .gitignore; left behind only if a build is killed


def new_folder(output: Path) -> Path:
    """An empty folder beside `output`, on the same file system so the swap is a rename."""
    return Path(tempfile.mkdtemp(prefix=PREFIX, dir=output.parent))


def swap_in(new: Path, output: Path) -> None:
    """Put `new` where `output` is, with two renames."""
    if output.exists():
        retired = new_folder(output)
        os.replace(output, retired / output.name)
        os.replace(new, output)
        shutil.rmtree(retired)
    else:
        os.replace(new, output)


def merge_in(new: Path, output: Path) -> None:
    """Move every file of `new` into `output`, each replaced in one rename; the rest of
    `output` stays as it is."""
    for source in sorted(new.rglob("*")):
        if source.is_file():
            target = output / source.relative_to(new)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
