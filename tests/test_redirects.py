"""A published post moved, as an author does it, in a copy of the project: `make publish`
records it; `make check` (and `make html`, whose build runs the same check) refuses a
slug edit and a date edit into another month, naming the old and the new address, until
the post has a Redirect_from line; the next publish leaves a redirect page at the old
address. A real feed reader subscribed before the move keeps one entry, Chromium
following the old address lands on the new page, the sitemap lists only the new one.
Served by scripts/serve.py's LocalServer, and by nginx with deploy/nginx.conf."""

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from reader import make_reader

from content_check.published import live_manifest, read_record
from feeds.ids import entry_id
from pelicanconf import FEED_ID_AUTHORITY
from scripts.serve import LocalServer
from tests.support.nginx import nginx_serving
from tests.support.publishing import make, new_project, publish_or_fail
from tests.support.sitebuild import COLUMN_URL

POST = Path("content/posts/2012-10-29-finish-first-even-if-you-finished-second.md")
OLD = "/" + COLUMN_URL
BY_SLUG = "/2012/10/finish-first/"
BY_DATE = "/2012/11/finish-first-even-if-you-finished-second/"
FEEDS = ["feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/all.json"]


@contextlib.contextmanager
def local_server(project: Path):
    server = LocalServer().serve(project / "public")
    try:
        yield server.url
    finally:
        server.close()


@contextlib.contextmanager
def nginx(project: Path):
    with nginx_serving(project / "public", project.parent / "nginx") as (url, _):
        yield url


@contextlib.contextmanager
def project_copy(readable_by_web_server: bool):
    """A copy of the project; in a folder www-data can walk through, for nginx."""
    home = Path(tempfile.mkdtemp(prefix="finishfirst-redirects-"))
    if readable_by_web_server:
        os.chmod(home, 0o711)
    try:
        yield new_project(home / "site")
    finally:
        shutil.rmtree(home)


def edit(project: Path, old: str, new: str) -> None:
    path = project / POST
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def refused(project: Path, target: str) -> str:
    """The one problem line `make TARGET` stops on."""
    result = make(project, target)
    assert result.returncode != 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    lines = [line for line in (result.stdout + result.stderr).splitlines() if "moves" in line]
    assert len(lines) == 1, result.stdout + result.stderr
    return lines[0]


@pytest.mark.parametrize(
    "server",
    [local_server, nginx],
    ids=["local", "nginx"],
)
def test_a_published_post_moves_only_with_a_redirect_and_readers_keep_it(server, browser):
    with project_copy(server is nginx) as project, server(project) as url:
        publish_or_fail(project, SITEURL=url)
        subscriber = make_reader(":memory:")
        for feed in FEEDS:
            subscriber.add_feed(f"{url}/{feed}")
        subscriber.update_feeds(scheduled=False)
        before = {feed: list(subscriber.get_entries(feed=f"{url}/{feed}")) for feed in FEEDS}
        assert all(len(entries) == 1 for entries in before.values())

        edit(project, "Slug: finish-first-even-if-you-finished-second", "Slug: finish-first")
        line = refused(project, "check")
        assert line.startswith(f"{POST}:6: slug: moves the published post from {OLD} to ")
        assert f"from {OLD} to {BY_SLUG}" in line
        assert refused(project, "html") == line, "every build runs the same check"

        edit(project, "Slug: finish-first", "Slug: finish-first-even-if-you-finished-second")
        edit(project, "Date: 2012-10-29 09:00", "Date: 2012-11-02 09:00")
        line = refused(project, "check")
        assert line.startswith(f"{POST}:2: date: moves the published post from {OLD} to ")
        assert f"from {OLD} to {BY_DATE}" in line

        edit(project, "Summary:", f"Redirect_from: {OLD}\nSummary:")
        checked = make(project, "check")
        assert checked.returncode == 0, checked.stdout + checked.stderr
        publish_or_fail(project, SITEURL=url)

        release = project / "public"
        redirect = (release / OLD.strip("/") / "index.html").read_text(encoding="utf-8")
        assert f'<meta http-equiv="refresh" content="0; url={url}{BY_DATE}">' in redirect
        sitemap = (release / "sitemap.xml").read_text(encoding="utf-8")
        assert f"<loc>{url}{BY_DATE}</loc>" in sitemap and f"<loc>{url}{OLD}</loc>" not in sitemap

        subscriber.update_feeds(scheduled=False)
        for feed in FEEDS:
            [entry] = subscriber.get_entries(feed=f"{url}/{feed}")
            assert entry.id == before[feed][0].id, feed
            assert entry.link == f"{url}{BY_DATE}", feed
        subscriber.close()

        page = browser.new_page()
        try:
            page.goto(url + OLD)
            page.wait_for_url(url + BY_DATE)
            assert "finish" in page.locator("main h1").first.inner_text().lower()
        finally:
            page.close()

        record = read_record(live_manifest(release))
        moved = record[BY_DATE.lstrip("/")]
        assert moved.source == POST.relative_to("content").as_posix()
        assert moved.earlier_urls == (OLD.lstrip("/"),)
        assert (
            moved.feed_id == entry_id(FEED_ID_AUTHORITY, OLD.lstrip("/")) == before[FEEDS[0]][0].id
        )
