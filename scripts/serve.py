"""`make serve`: serve a built site on 127.0.0.1 the way a static host does: the site's
own 404 page (with status 404) for a missing URL, and the Content-Security-Policy the
deploy samples send (deploy/), so that what works here works there.

    .venv/bin/python -m scripts.serve [--port 8000] [--directory output]

The tests and benchmarks serve their builds with the same handler (`LocalServer`).
"""

import argparse
import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HOST = "127.0.0.1"  # never reachable from other machines
# Nothing inline, no script or style from other hosts; images from other sites over
# https (posts may show them). deploy/nginx.conf and deploy/_headers send the same.
STRICT_CSP = "default-src 'self'; img-src 'self' https: data:"
# Pagefind compiles WebAssembly, which CSP allows only with 'wasm-unsafe-eval' (WebAssembly
# only, never JavaScript eval): the search page and Pagefind's own files get it, nothing else.
SEARCH_CSP = STRICT_CSP + "; script-src 'self' 'wasm-unsafe-eval'"
SEARCH_PATHS = ("/search/", "/pagefind/")


class SiteHandler(SimpleHTTPRequestHandler):
    """A static host: the site's 404.html for missing files, the site's CSP, no caching."""

    def end_headers(self):
        policy = SEARCH_CSP if self.path.startswith(SEARCH_PATHS) else STRICT_CSP
        self.send_header("Content-Security-Policy", policy)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def send_head(self):
        # Every answer is whole, as "no-store" says: a file rewritten within the second
        # of the last request would otherwise get "304 Not Modified" (seconds-only dates).
        del self.headers["If-Modified-Since"]
        try:
            return super().send_head()
        except ValueError:  # a NUL byte in the path (/%00), which open() refuses: no file
            self.send_error(404)
            return None

    def page(self, path: Path) -> bytes:
        """The bytes of one of the site's HTML pages, as served (the devserver adds to them)."""
        return path.read_bytes()

    def send_error(self, code, message=None, explain=None):
        not_found = Path(self.directory) / "404.html"
        if code != 404 or not not_found.is_file():
            return super().send_error(code, message, explain)
        body = self.page(not_found)
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, *args):
        pass


class LocalServer:
    """SiteHandler on 127.0.0.1 in a thread. Port 0 takes a free one, known before the
    folder is served, so a production build can use `url` as its SITEURL."""

    def __init__(self, port: int = 0):
        self.directory = None
        handler = functools.partial(self._handle)
        self.httpd = ThreadingHTTPServer((HOST, port), handler)
        self.url = f"http://{HOST}:{self.httpd.server_address[1]}"
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


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--directory", type=Path, default=Path("output"))
    args = parser.parse_args(argv)
    if not (args.directory / "index.html").is_file():
        print(f"serve: {args.directory}/ holds no site; run make html first", file=sys.stderr)
        return 1
    try:
        server = LocalServer(args.port)
    except OSError as error:
        print(
            f"serve: cannot listen on {HOST}:{args.port}: {error.strerror}; "
            "stop what uses it, or choose another port: make serve PORT=8001",
            file=sys.stderr,
        )
        return 1
    server.serve(args.directory)
    print(f"serve: {args.directory}/ on {server.url}/ (Ctrl-C stops)", flush=True)
    try:
        server.thread.join()
    except KeyboardInterrupt:
        server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
