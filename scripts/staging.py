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
