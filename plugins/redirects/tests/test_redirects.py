"""The redirects plugin on real builds of a small site made here: a post moved twice (its
slug, then its month) with a title full of markup characters, and a page moved from an
older site's .html address. The redirect pages are read back, served and followed by
Chromium; the sitemap, listings, feeds and search index are read for the old addresses."""

import json
import re
from urllib.parse import urljoin

import pytest

from redirects.addresses import addresses, output_file, shape_problem
from scripts.serve import LocalServer
from tests.support.nu import nu_errors
from tests.support.sitebuild import NOTMYIDEA, build, build_or_fail, soup, variant_settings

TITLE = 'Salary & "benefits": <negotiate> first'
TITLE_SHOWN = TITLE.replace('"benefits"', "“benefits”")  # typogrify's quotes
NEW_URL = "2026/03/new-home/"
POST_REDIRECTS = ["/2012/10/old-home/", "/2026/02/new-home/"]
PAGE_REDIRECTS = ["/about/", "/about-minto.html"]
OLD_ADDRESSES = POST_REDIRECTS + PAGE_REDIRECTS
MOVED = f"""Title: {TITLE}
Date: 2026-03-02 09:00
Category: Interviews
Slug: new-home
Summary: A post that moved twice.
Redirect_from: {", ".join(POST_REDIRECTS)}

The text of the moved post.
"""
OTHER = """Title: Another post
Date: 2026-03-01 09:00
Category: Interviews
Slug: another-post
Summary: A post that never moved.

The text.
"""
ABOUT = f"""Title: About us
Slug: about-us
Redirect_from: {PAGE_REDIRECTS[0]}
    {PAGE_REDIRECTS[1]}

The page.
"""


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    root = tmp_path_factory.mktemp("redirects") / "content"
    for name, text in {
        "posts/moved.md": MOVED,
        "posts/other.md": OTHER,
        "pages/about.md": ABOUT,
    }.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def served(content, tmp_path_factory):
    """The production build, checked as every build is, served on 127.0.0.1."""
    server = LocalServer()
    output = tmp_path_factory.mktemp("served") / "output"
    build_or_fail(output, "publishconf.py", content=content, siteurl=server.url, content_check=True)
    yield server.serve(output)
    server.close()


def redirect_page(site, address):
    return soup(site / output_file(address))


def test_the_field_lists_addresses_separated_by_commas_spaces_or_lines():
    assert addresses("/a/, /b/ /c.html") == ["/a/", "/b/", "/c.html"]
    assert addresses(["/a/,", "/b/"]) == ["/a/", "/b/"]  # continued on an indented line
    assert addresses(None) == [] and addresses("") == []
    assert output_file("/2012/10/old/") == "2012/10/old/index.html"
    assert output_file("/old.html") == "old.html"
    assert shape_problem("/2012/10/old/") is None and shape_problem("/old.HTM") is None


def test_each_old_address_leads_to_the_new_one(served):
    site, new = served.directory, f"{served.url}/{NEW_URL}"
    for address, target in [*((a, new) for a in POST_REDIRECTS), (PAGE_REDIRECTS[0], None)]:
        target = target or f"{served.url}/about-us/"
        page = redirect_page(site, address)
        assert page.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={target}"
        assert page.find("link", rel="canonical")["href"] == target
        assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
        [link] = page.select("main a")
        assert link["href"] == target
    moved = redirect_page(site, POST_REDIRECTS[0])
    assert moved.select_one("main a").get_text() == TITLE_SHOWN
    assert moved.title.get_text() == f"Moved: {TITLE_SHOWN} | Finish First"
    assert (site / "about-minto.html").is_file()


def test_a_title_stays_text_on_the_redirect_page(served):
    html = (served.directory / output_file(POST_REDIRECTS[0])).read_text(encoding="utf-8")
    assert "<negotiate>" not in html and "&lt;negotiate&gt;" in html
    assert nu_errors([served.directory / output_file(a) for a in OLD_ADDRESSES]) == []


def test_the_old_addresses_are_in_no_sitemap_listing_feed_or_search_index(served):
    site = served.directory
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"{served.url}/{NEW_URL}</loc>" in sitemap
    assert f"{served.url}/about-us/</loc>" in sitemap
    redirects = {site / output_file(address) for address in OLD_ADDRESSES}
    for path in [*site.rglob("*.html"), *site.rglob("*.xml"), *site.rglob("*.json")]:
        if path not in redirects:
            text = path.read_text(encoding="utf-8")
            found = [a for a in OLD_ADDRESSES if f"{served.url}{a}" in text or f'"{a}"' in text]
            assert found == [], path
    # Pagefind indexes the two posts' pages only (the theme marks them data-pagefind-body).
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert [language["page_count"] for language in entry["languages"].values()] == [2]


def test_the_moved_post_keeps_the_feed_id_of_its_first_address(served):
    atom = (served.directory / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert "<id>tag:finishfirst.example,2012:2012/10/old-home</id>" in atom
    assert f'href="{served.url}/{NEW_URL}"' in atom
    assert "tag:finishfirst.example,2012:2026/03/another-post" in atom


def test_chromium_following_an_old_address_lands_on_the_new_page(served, browser):
    page = browser.new_page()
    try:
        # An address without its final slash: the server adds it, then the page redirects.
        for address, target in [
            *((a, NEW_URL) for a in POST_REDIRECTS),
            ("/2012/10/old-home", NEW_URL),
            *((a, "about-us/") for a in PAGE_REDIRECTS),
        ]:
            page.goto(served.url + address)
            page.wait_for_url(f"{served.url}/{target}")
            heading = " ".join(page.locator("main h1").first.inner_text().split())
            assert heading == ("About us" if target == "about-us/" else TITLE_SHOWN), address
    finally:
        page.close()


def test_the_development_build_redirects_relatively(content, tmp_path):
    site = build_or_fail(tmp_path / "output", "pelicanconf.py", content=content)
    for address in POST_REDIRECTS:
        refresh = redirect_page(site, address).find("meta", attrs={"http-equiv": "refresh"})
        url = refresh["content"].removeprefix("0; url=")
        assert not re.match(r"[a-z]+:", url), url
        assert urljoin(f"http://x{address}", url) == f"http://x/{NEW_URL}"


def test_a_theme_can_give_its_own_redirect_page(content, tmp_path):
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "redirect.html").write_text(
        "<!doctype html><title>Ours</title><p>{{ redirect.address }} → {{ redirect.target.url }}",
        encoding="utf-8",
    )
    settings = variant_settings(
        tmp_path, "publishconf.py", THEME_TEMPLATES_OVERRIDES=[str(overrides)]
    )
    site = build_or_fail(tmp_path / "output", settings, content=content)
    page = redirect_page(site, POST_REDIRECTS[0])
    assert page.title.get_text() == "Ours"
    assert page.p.get_text() == f"{POST_REDIRECTS[0]} → {NEW_URL}"


def test_the_page_is_escaped_where_the_theme_does_not_autoescape(content, tmp_path):
    settings = variant_settings(tmp_path, "publishconf.py", **NOTMYIDEA)
    site = build_or_fail(tmp_path / "output", settings, content=content)
    html = (site / output_file(POST_REDIRECTS[0])).read_text(encoding="utf-8")
    assert "<negotiate>" not in html and "&lt;negotiate&gt;" in html


def test_an_address_that_cannot_be_one_stops_even_an_unchecked_build(content, tmp_path):
    bad = tmp_path / "content"
    (bad / "posts").mkdir(parents=True)
    (bad / "posts" / "moved.md").write_text(
        MOVED.replace(POST_REDIRECTS[0], "/../../escaped/"), encoding="utf-8"
    )
    result = build(tmp_path / "output", "publishconf.py", content=bad, content_check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "posts/moved.md: redirect_from: '/../../escaped/' holds '.' or '..'" in result.stderr
    assert not (tmp_path / "escaped").exists()
