"""Build the real site with Pelican, the way `make html` and `make publish` do."""

import os
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_SITEURL = "https://finishfirst.test"
COLUMN_URL = "2012/10/finish-first-even-if-you-finished-second/"


def build(
    output: Path,
    settings: str = "pelicanconf.py",
    content: Path | None = None,
    siteurl: str = PRODUCTION_SITEURL,
) -> subprocess.CompletedProcess:
    """Run Pelican from the project root; return the finished process (never raises)."""
    env = dict(os.environ, SITEURL=siteurl)
    command = [
        sys.executable,
        "-m",
        "pelican",
        str(content or ROOT / "content"),
        "-o",
        str(output),
        "-s",
        str(ROOT / settings),
    ]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)


def build_or_fail(output: Path, settings: str = "pelicanconf.py", **kwargs) -> Path:
    result = build(output, settings, **kwargs)
    assert result.returncode == 0, f"pelican failed:\n{result.stdout}\n{result.stderr}"
    return output


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
