"""What a subscriber sees: a real feed reader (the `reader` library) subscribed to the
served production feeds keeps one entry per post when a post's date moves within its
month (its URL stays) or its title changes, and the edit reaches it."""

import shutil

import pytest
from reader import make_reader

from scripts.serve import LocalServer
from tests.support.sitebuild import ROOT, build_or_fail

FIXTURE = ROOT / "plugins" / "feeds" / "tests" / "fixtures" / "content"
POST = "posts/2024-04-01-updated-later.md"
FEEDS = ["feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/all.json"]


@pytest.fixture
def subscribed(tmp_path):
    """(content folder, rebuild(), reader subscribed to every site feed, feed URLs)."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    output = tmp_path / "output"
    server = LocalServer()

    def rebuild():
        build_or_fail(output, "publishconf.py", content=content, siteurl=server.url)

    rebuild()
    server.serve(output)
    reader = make_reader(":memory:")  # update_feeds(scheduled=False): now, not in an hour
    urls = [f"{server.url}/{feed}" for feed in FEEDS]
    for url in urls:
        reader.add_feed(url)
    reader.update_feeds(scheduled=False)
    yield content, rebuild, reader, urls
    reader.close()
    server.close()


def edit(content, old, new):
    post = content / POST
    text = post.read_text(encoding="utf-8")
    assert old in text
    post.write_text(text.replace(old, new), encoding="utf-8")


def entries(reader, url):
    return list(reader.get_entries(feed=url))


def test_a_date_edit_that_keeps_the_url_then_a_title_edit_keep_one_entry(subscribed):
    content, rebuild, reader, urls = subscribed
    before = {url: entries(reader, url) for url in urls}
    assert all(len(found) > 1 for found in before.values())

    edit(content, "Date: 2024-04-01 09:00", "Date: 2024-04-02 16:00")
    rebuild()
    reader.update_feeds(scheduled=False)
    for url in urls:
        after = entries(reader, url)
        assert sorted(entry.id for entry in after) == sorted(e.id for e in before[url]), url
        [moved] = [entry for entry in after if "/updated-later/" in entry.link]
        assert moved.published.day == 2, f"{url}: the reader got the new date"

    edit(content, "Title: A post that was updated later", "Title: A better title")
    rebuild()
    reader.update_feeds(scheduled=False)
    for url in urls:
        after = entries(reader, url)
        assert sorted(entry.id for entry in after) == sorted(e.id for e in before[url]), url
        titles = [entry.title for entry in after]
        assert "A better title" in titles and "A post that was updated later" not in titles, url
