"""Real-browser helpers: Debian's Chromium through Playwright, and a local server.

Tests that need the browser use the `browser` and `served_site` fixtures from
conftest.py. Without /usr/bin/chromium they skip, unless REQUIRE_BROWSER=1 (CI),
where a missing browser fails.
"""

import contextlib
import functools
import os
import socket
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

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
# The strict policy the site must work under: nothing inline, nothing third-party.
STRICT_CSP = "default-src 'self'"
# Pagefind compiles WebAssembly, which CSP allows only with 'wasm-unsafe-eval' (WebAssembly
# only, never JavaScript eval): the search page and Pagefind's own files get it, nothing else.
SEARCH_CSP = STRICT_CSP + "; script-src 'self' 'wasm-unsafe-eval'"
SEARCH_PATHS = ("/search/", "/pagefind/")


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


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves a built site like a static host: 404.html for missing files, strict CSP."""

    def end_headers(self):
        policy = SEARCH_CSP if self.path.startswith(SEARCH_PATHS) else STRICT_CSP
        self.send_header("Content-Security-Policy", policy)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        not_found = Path(self.directory) / "404.html"
        if code != 404 or not not_found.is_file():
            return super().send_error(code, message, explain)
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class LocalServer:
    """A static server on 127.0.0.1 with a free port, started before the site is built,
    so that the production build can use its address as SITEURL."""

    def __init__(self):
        self.directory = None
        handler = functools.partial(self._handle)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def _handle(self, *args, **kwargs):
        return SiteHandler(*args, directory=str(self.directory), **kwargs)

    def serve(self, directory: Path) -> "LocalServer":
        self.directory = directory
        self.thread.start()
        return self

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@contextlib.contextmanager
def served_build(output: Path, settings: str = "publishconf.py", **build_options):
    """Build into `output` with SITEURL set to a new LocalServer's address, and serve it
    there (yields the server) until the `with` block ends."""
    server = LocalServer()
    build_or_fail(output, settings, siteurl=server.url, **build_options)
    yield server.serve(output)
    server.close()
