"""deploy/nginx.conf proven on a real server: Debian's nginx, workers running as
www-data as on a host, serving a site published by `make publish` under a umask that
keeps files private (077). Status codes, headers, pre-compressed bodies, types, the
Content-Security-Policy, and the other samples (deploy/_headers, scripts/serve.py)
sending the same policy."""

import gzip
import http.client
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import brotli
import pytest

from scripts import serve
from tests.support.nginx import nginx_serving, require_nginx
from tests.support.publishing import GOOD_POST, SITEURL, make, new_project, write_post
from tests.support.sitebuild import COLUMN_URL, ROOT

POST = "/" + COLUMN_URL
STRICT_CSP = (
    "default-src 'self'; img-src 'self' https: data:; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'; object-src 'none'"
)
SEARCH_CSP = STRICT_CSP.replace("base-uri", "script-src 'self' 'wasm-unsafe-eval'; base-uri")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(https-site URL, http URL, the published folder)."""
    require_nginx()
    # www-data must be able to walk down to the site, as to /var/www.
    home = Path(tempfile.mkdtemp(prefix="finishfirst-hosting-"))
    os.chmod(home, 0o711)
    try:
        project = new_project(home / "site")
        write_post(project, GOOD_POST)  # of 2026: the column's 2012 index is merged into its
        result = make(project, "publish", f"SITEURL={SITEURL}", umask=0o077)
        assert result.returncode == 0, result.stdout + result.stderr
        public = (project / "public").resolve()
        (public / "site.webmanifest").write_text('{"name": "Finish First"}\n', encoding="utf-8")
        os.chmod(public / "site.webmanifest", 0o644)
        with nginx_serving(project / "public", tmp_path_factory.mktemp("nginx")) as urls:
            yield *urls, public
    finally:
        shutil.rmtree(home)


def get(base, path, **headers):
    """One request, nothing decoded or followed: (status, headers, body)."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, response.headers, body


def test_pages_feeds_and_search_answer_with_the_site_headers(served):
    base, _, _ = served
    for path, policy in [
        ("/", STRICT_CSP),
        (POST, STRICT_CSP),
        ("/feeds/all.atom.xml", STRICT_CSP),
        ("/search/", SEARCH_CSP),
        ("/pagefind/pagefind.js", SEARCH_CSP),
    ]:
        status, headers, _ = get(base, path)
        assert status == 200, path
        assert headers["Content-Security-Policy"] == policy, path
        assert headers["Strict-Transport-Security"] == "max-age=63072000", path
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin", path
        assert headers["Cache-Control"] == "no-cache", path


def test_a_missing_address_gets_the_sites_404_page_with_its_headers(served):
    base, _, public = served
    status, headers, body = get(base, "/no/such/page/")
    assert status == 404
    assert body == (public / "404.html").read_bytes()
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Content-Security-Policy"] == STRICT_CSP
    assert headers["Strict-Transport-Security"] == "max-age=63072000"
    status, headers, body = get(base, "/no/such/page/", **{"Accept-Encoding": "gzip"})
    assert status == 404 and gzip.decompress(body) == (public / "404.html").read_bytes()


@pytest.mark.parametrize("path", [POST, "/feeds/all.atom.xml", "/theme/css/site.css"])
def test_each_encoding_is_the_file_itself_and_varies_by_accept_encoding(served, path):
    base, _, public = served
    expected = (public / path.lstrip("/")).read_bytes() if not path.endswith("/") else None
    expected = expected or (public / path.lstrip("/") / "index.html").read_bytes()
    for accepted, encoding, decode in [
        ("gzip, deflate, br", "br", brotli.decompress),
        ("gzip", "gzip", gzip.decompress),
        ("identity", None, bytes),
    ]:
        status, headers, body = get(base, path, **{"Accept-Encoding": accepted})
        assert status == 200
        assert headers["Content-Encoding"] == encoding, accepted
        assert decode(body) == expected, accepted
        assert headers["Vary"] == "Accept-Encoding", accepted
        if encoding:
            assert len(body) < len(expected)


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/feeds/all.atom.xml", "application/atom+xml; charset=utf-8"),
        ("/feeds/tag/probation.atom.xml", "application/atom+xml; charset=utf-8"),
        ("/feeds/all.rss.xml", "application/rss+xml; charset=utf-8"),
        ("/feeds/all.json", "application/feed+json; charset=utf-8"),
        ("/pagefind/pagefind-entry.json", "application/json; charset=utf-8"),
        ("/sitemap.xml", "text/xml; charset=utf-8"),
        ("/site.webmanifest", "application/manifest+json; charset=utf-8"),
        ("/theme/css/site.css", "text/css; charset=utf-8"),
        ("/theme/js/search.js", "application/javascript; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/theme/images/favicon.svg", "image/svg+xml; charset=utf-8"),
    ],
)
def test_each_kind_of_file_has_its_type(served, path, content_type):
    base, _, _ = served
    status, headers, _ = get(base, path, **{"Accept-Encoding": "gzip, br"})
    assert status == 200, path
    assert headers["Content-Type"] == content_type


def test_each_years_fingerprinted_search_files_are_kept_a_year(served):
    base, _, public = served
    year = "public, max-age=31536000, immutable"
    for index in ("pagefind", "pagefind/2012"):
        for kind in ("index", "fragment"):
            name = next((public / index / kind).iterdir()).name
            status, headers, _ = get(base, f"/{index}/{kind}/{name}", **{"Accept-Encoding": "br"})
            assert (status, headers["Cache-Control"]) == (200, year), f"{index}/{kind}/{name}"
        # Named the same whatever it holds: asked again on every visit.
        status, headers, _ = get(base, f"/{index}/pagefind-entry.json")
        assert (status, headers["Cache-Control"]) == (200, "no-cache"), index


def test_plain_http_redirects_to_https(served):
    _, plain, _ = served
    status, headers, _ = get(plain, "/about/")
    assert status == 301
    assert headers["Location"] == "https://127.0.0.1/about/"


def test_every_published_file_is_readable_by_the_server(served):
    base, _, public = served
    modes = {stat.S_IMODE(path.stat().st_mode) for path in [public, *public.rglob("*")]}
    assert modes == {0o755, 0o644}
    for path in sorted(public.rglob("*")):
        if path.is_file() and path.suffix not in {".gz", ".br"}:
            status, _, _ = get(base, "/" + path.relative_to(public).as_posix())
            assert status == 200, path


def test_a_file_only_its_owner_may_read_is_refused(served):
    """The check above can fail: the workers really are another user (the 0700 bug
    answered 403 on every address)."""
    base, _, public = served
    private = public / "private.html"
    private.write_text("<p>private</p>", encoding="utf-8")
    os.chmod(private, 0o600)
    try:
        assert get(base, "/private.html")[0] == 403
    finally:
        private.unlink()


def policies(text):
    return set(re.findall(r"default-src 'self'[^\"\n]*", text))


def test_every_sample_and_the_local_server_send_the_same_policies():
    nginx = policies((ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8"))
    headers = policies((ROOT / "deploy" / "_headers").read_text(encoding="utf-8"))
    assert nginx == headers == {STRICT_CSP, SEARCH_CSP}
    assert STRICT_CSP.startswith(serve.STRICT_CSP)
    assert SEARCH_CSP.startswith(serve.SEARCH_CSP)
