"""Real-browser helpers: Debian's Chromium through Playwright, and a local server.

Tests that need the browser use the `browser` and `served_site` fixtures from
conftest.py. Without /usr/bin/chromium they skip, unless REQUIRE_BROWSER=1 (CI),
where a missing browser fails.
"""

import contextlib
import os
import socket
from pathlib import Path

import pytest

from scripts.serve import LocalServer

from .sitebuild import build_or_fail

CHROMIUM = "/usr/bin/chromium"
# Without the networking flags Chromium keeps calling hosts this machine cannot reach.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    """A port nothing on 127.0.0.1 listens on, for a server started by another process."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def require_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    message = f"{CHROMIUM} is missing: apt-get install chromium"
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


@contextlib.contextmanager
def served_build(output: Path, settings: str = "publishconf.py", **build_options):
    """Build into `output` with SITEURL set to a new LocalServer's address, and serve it
    there (yields the server) until the `with` block ends."""
    server = LocalServer()
    build_or_fail(output, settings, siteurl=server.url, **build_options)
    yield server.serve(output)
    server.close()
