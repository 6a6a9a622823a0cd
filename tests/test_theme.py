"""The theme as search engines, link previews and readers get it: metadata on every
page, sitemap, robots.txt, search index, and what a post page shows around the text."""

import datetime
import json
import re
import shutil
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from lxml import etree

from pelicanconf import TIMEZONE
from tests.support.sitebuild import COLUMN_URL, PRODUCTION_SITEURL, ROOT, build_or_fail, soup

# Pages that are not content: no canonical URL, kept out of search engines.
NOINDEX_PAGES = {"404.html", "search/index.html"}


def html_pages(site):
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))


def meta(page, name):
    tag = page.find("meta", attrs={"property": name}) or page.find("meta", attrs={"name": name})
    return tag["content"] if tag else None


def json_ld(page):
    return [
        json.loads(script.string) for script in page.find_all("script", type="application/ld+json")
    ]


def url_of(path):
    """The address a page is served at, from the file it was written to."""
    return PRODUCTION_SITEURL + "/" + re.sub(r"(^|/)index\.html$", r"\1", path)


# --- a site with more than the one column: a newer post, a draft ----------------------

RECENT_DATE = datetime.date.today() - datetime.timedelta(days=10)
RECENT_SLUG = "following-up-after-the-second-interview"
DRAFT_SLUG = "an-unfinished-draft"
DRAFT_WORD = "zanzibarquokka"


@pytest.fixture(scope="module")
def richer_site(tmp_path_factory):
    """The real content plus a recent post sharing a tag with the column (related,
    neighbours, updated date, no advice-age note) and a draft, built for development,
    where drafts are written under /drafts/."""
    content = tmp_path_factory.mktemp("content") / "content"
    shutil.copytree(ROOT / "content", content)
    posts = content / "posts"
    (posts / "recent.md").write_text(
        f"Title: Following up after the second interview\n"
        f"Date: {RECENT_DATE.isoformat()} 09:00\n"
        f"Modified: {RECENT_DATE.isoformat()} 17:00\n"
        "Author: Minto Roy\nCategory: Interviews\nTags: follow-up\n"
        f"Slug: {RECENT_SLUG}\nSummary: When and how to write after the second round.\n\n"
        "Write within a day, and name one thing you learned in the interview.\n",
        encoding="utf-8",
    )
    (posts / "draft.md").write_text(
        "Title: An unfinished draft\nDate: 2020-01-01 09:00\nAuthor: Minto Roy\n"
        f"Tags: follow-up\nSlug: {DRAFT_SLUG}\nStatus: draft\nSummary: Not ready.\n\n"
        f"This draft mentions {DRAFT_WORD} and must stay out of search and the sitemap.\n",
        encoding="utf-8",
    )
    return build_or_fail(tmp_path_factory.mktemp("richer") / "output", content=content)


def recent_url():
    return f"{RECENT_DATE:%Y/%m}/{RECENT_SLUG}/"


# --- every page -----------------------------------------------------------------------


def test_every_page_has_a_unique_title_and_a_description(site):
    titles = {}
    for path in html_pages(site):
        page = soup(site / path)
        title = page.title.get_text(strip=True)
        assert title, path
        assert title not in titles, f"{path} and {titles.get(title)} share the title {title!r}"
        titles[title] = path
        assert (meta(page, "description") or "").strip(), f"{path} has no meta description"


def test_every_indexable_page_has_canonical_open_graph_and_twitter_card(prod_site):
    for path in html_pages(prod_site):
        page = soup(prod_site / path)
        if path in NOINDEX_PAGES:
            assert meta(page, "robots") == "noindex", path
            continue
        canonical = page.find("link", rel="canonical")["href"]
        assert canonical == url_of(path), path
        assert meta(page, "og:url") == canonical, path
        assert meta(page, "og:title"), path
        assert meta(page, "og:description") == meta(page, "description"), path
        assert meta(page, "og:type") in {"website", "article"}, path
        assert meta(page, "og:image").startswith(PRODUCTION_SITEURL + "/"), path
        assert meta(page, "twitter:card") == "summary_large_image", path


def test_description_of_a_post_is_its_summary(prod_site):
    page = soup(prod_site / COLUMN_URL / "index.html")
    summary = page.select_one("main .standfirst").get_text(" ", strip=True)
    assert meta(page, "description").replace("\u00a0", " ") == summary.replace("\u00a0", " ")


def test_post_is_an_open_graph_article_with_its_date(prod_site):
    page = soup(prod_site / COLUMN_URL / "index.html")
    assert meta(page, "og:type") == "article"
    published = datetime.datetime.fromisoformat(meta(page, "article:published_time"))
    assert published.date().isoformat() == page.select_one(".post-meta time")["datetime"]


def test_post_json_ld_is_a_blog_posting(prod_site):
    page = soup(prod_site / COLUMN_URL / "index.html")
    [posting] = json_ld(page)
    assert posting["@context"] == "https://schema.org"
    assert posting["@type"] == "BlogPosting"
    assert posting["headline"].replace("\u00a0", " ") == page.h1.get_text().replace("\u00a0", " ")
    assert posting["datePublished"] == meta(page, "article:published_time")
    assert datetime.datetime.fromisoformat(posting["dateModified"])
    [author] = posting["author"]
    assert author["@type"] == "Person" and author["name"] == "Minto Roy"
    assert author["url"] == url_of("author/minto-roy/index.html")
    assert posting["publisher"]["name"] == "Finish First"
    assert posting["image"] == meta(page, "og:image")
    assert posting["mainEntityOfPage"] == url_of(COLUMN_URL + "index.html")


def test_home_json_ld_is_a_web_site_with_search(prod_site):
    [website] = json_ld(soup(prod_site / "index.html"))
    assert website["@type"] == "WebSite"
    assert website["url"] == PRODUCTION_SITEURL + "/"
    target = website["potentialAction"]["target"]
    assert target.startswith(PRODUCTION_SITEURL + "/search/?q=")


def test_icons_and_default_share_image_exist(prod_site):
    page = soup(prod_site / "index.html")
    hrefs = [
        page.find("link", rel="icon")["href"],
        page.find("link", rel="apple-touch-icon")["href"],
        meta(page, "og:image"),
    ]
    for href in hrefs:
        assert (prod_site / href.removeprefix(PRODUCTION_SITEURL + "/")).is_file(), href


def test_every_src_and_share_image_resolves_and_is_our_own(site):
    """Scripts, images and the share image come from the site itself: no third party."""
    for path in html_pages(site):
        page = soup(site / path)
        sources = [tag["src"] for tag in page.select("[src]")]
        sources += [link["href"] for link in page.select("link[rel~=stylesheet], link[rel~=icon]")]
        sources += [meta(page, "og:image")]
        for source in sources:
            if source.startswith(PRODUCTION_SITEURL + "/"):
                target = site / source.removeprefix(PRODUCTION_SITEURL + "/")
            else:
                assert not re.match(r"^([a-z]+:)?//", source), f"{path}: third-party {source}"
                # Relative to the page, or from the site's root (the 404 page's links).
                relative_to = site if source.startswith("/") else (site / path).parent
                target = relative_to / source.lstrip("/")
            assert target.resolve().is_file(), f"{path}: {source} is missing"


def test_only_one_render_blocking_request(site):
    """One stylesheet in the head; every script is a module, deferred, async or data."""
    for path in html_pages(site):
        page = soup(site / path)
        assert len(page.head.find_all("link", rel="stylesheet")) == 1, path
        for script in page.find_all("script"):
            kind = script.get("type", "")
            non_blocking = kind in {"module", "application/ld+json"}
            assert non_blocking or script.has_attr("defer") or script.has_attr("async"), path


def test_search_code_is_loaded_only_by_the_search_page(site):
    for path in html_pages(site):
        page = soup(site / path)
        loaded = [
            tag.get("src") or tag.get("href") for tag in page.select("script[src], link[href]")
        ]
        loads_search = any("search.js" in url or "pagefind" in url for url in loaded)
        assert loads_search == (path == "search/index.html"), path


def test_every_page_has_one_labelled_search_box(site):
    for path in html_pages(site):
        forms = soup(site / path).select("form[role=search]")
        assert len(forms) == 1, path
        [form] = forms
        assert form["action"].endswith("search/") and form.find("input", attrs={"name": "q"})
        assert form.find("label").get_text(strip=True), path


# --- sitemap and robots.txt -------------------------------------------------------------


def test_sitemap_lists_every_post_and_page_with_production_urls(prod_site):
    sitemap = (prod_site / "sitemap.xml").read_text(encoding="utf-8")
    listed = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    indexable = {url_of(path) for path in html_pages(prod_site) if path not in NOINDEX_PAGES}
    assert listed == indexable


def sitemap_dates(site):
    """The path of each address in the sitemap, with its lastmod (None without one)."""
    tree = etree.parse(str(site / "sitemap.xml"))
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    dates = {}
    for entry in tree.iterfind("s:url", namespaces=namespace):
        lastmod = entry.findtext("s:lastmod", namespaces=namespace)
        path = urlsplit(entry.findtext("s:loc", namespaces=namespace)).path
        dates[path] = datetime.datetime.fromisoformat(lastmod) if lastmod else None
    return dates


def test_each_listing_is_dated_by_the_newest_post_it_lists_in_the_sitemap(richer_site):
    newest = datetime.datetime.combine(RECENT_DATE, datetime.time(17, 0), ZoneInfo(TIMEZONE))
    column = datetime.datetime(2012, 10, 29, 9, 0, tzinfo=ZoneInfo(TIMEZONE))
    dates = sitemap_dates(richer_site)
    for path in ("", "archives/", "category/interviews/", "tag/follow-up/"):
        assert dates["/" + path] == newest, path
    for path in ("category/job-search/", "tag/probation/", "2012/"):
        assert dates["/" + path] == column, "lists only the 2012 column: " + path
    assert dates["/" + recent_url()] == newest, "the post's own Modified"
    assert dates["/" + COLUMN_URL] == column, "the post's own date"
    assert dates["/about/"] is None, "a page with no date of its own has no lastmod"


def test_the_sitemap_is_the_same_on_every_build(prod_site, tmp_path):
    again = build_or_fail(tmp_path / "output", "publishconf.py")
    assert (again / "sitemap.xml").read_bytes() == (prod_site / "sitemap.xml").read_bytes()


def test_robots_txt_points_to_the_sitemap(prod_site):
    robots = (prod_site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {PRODUCTION_SITEURL}/sitemap.xml" in robots.splitlines()


def test_drafts_stay_out_of_the_sitemap_and_the_search_index(richer_site):
    assert (richer_site / "drafts" / DRAFT_SLUG / "index.html").is_file()
    sitemap = (richer_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "drafts/" not in sitemap
    assert recent_url() in sitemap
    draft = soup(richer_site / "drafts" / DRAFT_SLUG / "index.html")
    assert meta(draft, "robots") == "noindex"
    assert draft.find(attrs={"data-pagefind-body": True}) is None
    # One index per year of posts: the newest year's pagefind/, the column's pagefind/2012/.
    entries = [richer_site / "pagefind" / name / "pagefind-entry.json" for name in ("", "2012")]
    languages = [json.loads(entry.read_text())["languages"].values() for entry in entries]
    indexed = sum(language["page_count"] for of_year in languages for language in of_year)
    assert indexed == 2, "the two published posts, nothing else"


# --- what a post page shows -------------------------------------------------------------


def test_search_index_holds_post_titles_and_bodies_only(prod_site):
    post = soup(prod_site / COLUMN_URL / "index.html")
    [body] = post.select("[data-pagefind-body]")
    assert body.h1 and body.select_one(".post-body")
    for ignored in (".post-meta", ".advice-age", ".author-bio", ".tags"):
        assert body.select_one(ignored).find_parent(attrs={"data-pagefind-ignore": True}) or (
            body.select_one(ignored).has_attr("data-pagefind-ignore")
        ), ignored
    for path in html_pages(prod_site):
        if path != COLUMN_URL + "index.html":
            assert "data-pagefind-body" not in (prod_site / path).read_text(encoding="utf-8")


def test_post_shows_reading_time(site):
    meta_line = soup(site / COLUMN_URL / "index.html").select_one(".post-meta").get_text()
    body = soup(site / COLUMN_URL / "index.html").select_one(".post-body")
    for widget in body.select("#followup"):  # the calculator is not reading matter
        widget.decompose()
    words = len(body.get_text().split())
    minutes = int(re.search(r"(\d+) min read", meta_line).group(1))
    assert minutes == max(1, -(-words // 230))


def test_listing_shows_title_date_reading_time_and_summary(site):
    [summary] = soup(site / "index.html").select(".post-summary")
    assert summary.h2.a and summary.find("time", datetime=True)
    assert re.search(r"\d+ min read", summary.select_one(".post-meta").get_text())
    assert summary.select_one(".summary").get_text(strip=True)


def test_old_advice_is_marked_and_new_advice_is_not(richer_site):
    old = soup(richer_site / COLUMN_URL / "index.html").select_one(".advice-age")
    assert old is not None and "2012" in old.get_text()
    assert soup(richer_site / recent_url() / "index.html").select_one(".advice-age") is None


def test_updated_date_appears_when_the_post_was_modified(richer_site):
    times = soup(richer_site / recent_url() / "index.html").select(".post-meta time")
    assert [t["datetime"] for t in times] == [RECENT_DATE.isoformat()] * 2
    assert (
        "updated"
        in soup(richer_site / recent_url() / "index.html").select_one(".post-meta").get_text()
    )


def test_posts_link_to_older_newer_and_related_posts(richer_site):
    column = soup(richer_site / COLUMN_URL / "index.html")
    recent = soup(richer_site / recent_url() / "index.html")
    assert column.select_one(".post-nav a[rel=next]")["href"].endswith(recent_url())
    assert recent.select_one(".post-nav a[rel=prev]")["href"].endswith(COLUMN_URL)
    related = [a["href"] for a in recent.select(".related a")]
    assert len(related) == 1 and related[0].endswith(COLUMN_URL)
    assert not any(DRAFT_SLUG in a["href"] for a in column.select("a[href]"))


def test_post_lists_its_tags_and_category(site):
    page = soup(site / COLUMN_URL / "index.html")
    tags = [a.get_text() for a in page.select(".tags a[rel=tag]")]
    assert "probation" in tags
    assert page.select_one(".post-meta a[href*='category/job-search/']")
