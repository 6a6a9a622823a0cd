"""The sitemap_xml plugin (plugins/sitemap_xml/): real builds of a small site made here,
with a hostile slug, paginated listings, a modified post and page, a page without a date,
drafts, a hidden post and page, and a post held back until its date; the sitemap read
back with a strict XML parser."""

import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

import pytest
from lxml import etree

from pelicanconf import TIMEZONE
from sitemap_xml.pelican_hooks import listed_page
from tests.support.sitebuild import PRODUCTION_SITEURL, build, build_or_fail, variant_settings

NAMESPACE = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
HOSTILE_SLUG = 'q&a <tips> for ça "now" 100%'
# Five posts a day apart, newest first on listings; "d" was modified after "e" was written.
POSTS = {
    "a": "2020-01-01 09:00",
    "b": "2020-01-02 09:00",
    "c": "2020-01-03 09:00",
    "d": "2020-01-04 09:00",
    "e": "2020-01-05 09:00",
}
D_MODIFIED = "2020-02-01 10:00"
PAGE_MODIFIED = "2021-06-01 12:00"


def when(text):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(TIMEZONE))


def post(title, date, slug=None, tags="shared", extra=""):
    return (
        f"Title: {title}\nDate: {date}\nCategory: Interviews\nTags: {tags}\n"
        f"Slug: {slug or title.lower()}\nSummary: About {title}.\n{extra}\nText of {title}.\n"
    )


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    root = tmp_path_factory.mktemp("sitemap") / "content"
    (root / "posts").mkdir(parents=True)
    (root / "pages").mkdir()
    for name, date in POSTS.items():
        extra = f"Modified: {D_MODIFIED}\n" if name == "d" else ""
        (root / "posts" / f"{name}.md").write_text(post(name, date, extra=extra))
    (root / "posts" / "hostile.md").write_text(
        post("Hostile", "2019-12-01 09:00", slug=HOSTILE_SLUG, tags="other")
    )
    (root / "posts" / "draft.md").write_text(
        post("Draft", "2020-01-06 09:00", tags="draftonly", extra="Status: draft\n")
    )
    (root / "posts" / "hidden.md").write_text(
        post("Hidden", "2020-01-07 09:00", extra="Status: hidden\n")
    )
    (root / "posts" / "future.md").write_text(post("Future", "2099-01-01 09:00", tags="later"))
    (root / "pages" / "about.md").write_text(
        f"Title: About\nSlug: about\nModified: {PAGE_MODIFIED}\n\nAbout us.\n"
    )
    (root / "pages" / "contact.md").write_text("Title: Contact\nSlug: contact\n\nWrite.\n")
    (root / "pages" / "secret.md").write_text(
        "Title: Secret\nSlug: secret\nStatus: hidden\n\nHidden page.\n"
    )
    return root


def settings_for(tmp_path, base, **overrides):
    return variant_settings(tmp_path, base, DEFAULT_PAGINATION=2, **overrides)


@pytest.fixture(scope="module")
def production(content, tmp_path_factory):
    folder = tmp_path_factory.mktemp("production")
    settings = settings_for(folder, "publishconf.py")
    return build_or_fail(folder / "output", settings, content=content)


@pytest.fixture(scope="module")
def development(content, tmp_path_factory):
    folder = tmp_path_factory.mktemp("development")
    settings = settings_for(folder, "pelicanconf.py")
    return build_or_fail(folder / "output", settings, content=content)


def entries(site: Path) -> dict[str, str | None]:
    """{loc: lastmod or None}, parsed strictly: a stray & or < fails here."""
    parser = etree.XMLParser(recover=False)
    tree = etree.fromstring((site / "sitemap.xml").read_bytes(), parser)
    return {
        url.findtext("s:loc", namespaces=NAMESPACE): url.findtext("s:lastmod", namespaces=NAMESPACE)
        for url in tree.iterfind("s:url", namespaces=NAMESPACE)
    }


def file_of(site: Path, loc: str) -> Path:
    """The file a web server sends for `loc`."""
    path = site / unquote(urlsplit(loc).path).lstrip("/")
    return path / "index.html" if loc.endswith("/") else path


def test_every_published_page_is_listed_once_and_nothing_else(production):
    listed = entries(production)
    files = {file_of(production, loc) for loc in listed}
    assert len(files) == len(listed)
    assert all(path.is_file() for path in files), "every address is a page of the site"
    pages = set(production.rglob("*.html"))
    left_out = {
        production / "404.html",
        production / "search" / "index.html",
        production / "2020" / "01" / "hidden" / "index.html",
        production / "secret" / "index.html",
    }
    assert all(path.is_file() for path in left_out), "the left-out pages exist"
    assert files == pages - left_out


def test_the_hostile_slug_is_one_well_formed_percent_encoded_address(production):
    [loc] = [loc for loc in entries(production) if "tips" in loc]
    assert (
        loc
        == f"{PRODUCTION_SITEURL}/2019/12/q%26a%20%3Ctips%3E%20for%20%C3%A7a%20%22now%22%20100%25/"
    )
    assert file_of(production, loc).is_file()


def test_drafts_hidden_and_scheduled_posts_are_not_listed(production, development):
    assert (development / "drafts" / "draft" / "index.html").is_file()
    for site in (production, development):
        listed = "\n".join(entries(site))
        for word in ("draft", "hidden", "secret", "draftonly"):
            assert word not in listed, (site, word)
    # Only production holds back a post dated in the future (WITH_FUTURE_DATES).
    assert "future" not in "\n".join(entries(production))
    assert "later" not in "\n".join(entries(production))


def test_a_post_or_page_is_dated_by_its_own_modified_or_date(production):
    listed = entries(production)
    lastmod = {urlsplit(loc).path: value for loc, value in listed.items()}
    assert when(lastmod["/2020/01/d/"]) == when(D_MODIFIED)
    assert when(lastmod["/2020/01/a/"]) == when(POSTS["a"])
    assert when(lastmod["/about/"]) == when(PAGE_MODIFIED)
    assert lastmod["/contact/"] is None, "no date of its own: no lastmod"


def test_each_listing_page_is_dated_by_the_newest_post_it_lists(production):
    lastmod = {urlsplit(loc).path: when(v) for loc, v in entries(production).items() if v}
    # Newest first, two a page: [e, d], [c, b], [a, hostile].
    assert lastmod["/"] == when(D_MODIFIED), "d, on the first page, was modified last"
    assert lastmod["/page/2/"] == when(POSTS["c"])
    assert lastmod["/page/3/"] == when(POSTS["a"])
    assert lastmod["/tag/shared/page/3/"] == when(POSTS["a"])
    assert lastmod["/tag/other/"] == when("2019-12-01 09:00")
    assert lastmod["/2019/"] == when("2019-12-01 09:00")
    assert lastmod["/archives/"] == when(D_MODIFIED)


def test_nothing_in_the_sitemap_depends_on_the_day_of_the_build(content, production, tmp_path):
    settings = settings_for(tmp_path, "publishconf.py", BUILD_DATE=datetime.date(2030, 1, 1))
    again = build_or_fail(tmp_path / "output", settings, content=content)
    assert (again / "sitemap.xml").read_bytes() == (production / "sitemap.xml").read_bytes()


def test_no_sitemap_and_no_robots_line_when_it_is_turned_off(content, tmp_path):
    settings = settings_for(tmp_path, "publishconf.py", SITEMAP_SAVE_AS="")
    site = build_or_fail(tmp_path / "output", settings, content=content)
    assert not (site / "sitemap.xml").exists()
    assert "Sitemap:" not in (site / "robots.txt").read_text(encoding="utf-8")


def test_a_wrong_setting_stops_the_build_with_one_line(content, tmp_path):
    settings = settings_for(tmp_path, "publishconf.py", SITEMAP_EXCLUDE_TEMPLATES="404")
    result = build(tmp_path / "output", settings, content=content)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    [line] = [line for line in result.stderr.splitlines() if "SITEMAP_EXCLUDE_TEMPLATES" in line]
    assert "list of template names" in line


def test_a_page_another_plugin_writes_from_an_excluded_template_is_left_out():
    # What plugins/redirects passes: its template's name in the page's context.
    context = {"SITEMAP_EXCLUDE_TEMPLATES": ["404", "search", "redirect"], "articles": []}
    assert listed_page("2012/10/old/index.html", {**context, "template_name": "redirect"}) == (
        False,
        None,
    )
    assert listed_page("2012/10/old/index.html", {**context, "template_name": "tag"})[0]
