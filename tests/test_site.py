"""The column site as readers get it: build the real site, read the real HTML."""

import re
import shutil
import unicodedata

import pytest

from tests.support.sitebuild import COLUMN_URL, PRODUCTION_SITEURL, ROOT, build_or_fail, soup

ORIGINAL = (ROOT / "tests" / "fixtures" / "original-column.txt").read_text(encoding="utf-8")

TYPOGRAPHY_TO_PLAIN = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


def plain(text: str) -> str:
    """Undo typographic quotes and non-breaking spaces, collapse white space."""
    text = unicodedata.normalize("NFKC", text).translate(TYPOGRAPHY_TO_PLAIN)
    return re.sub(r"\s+", " ", text).strip()


ORIGINAL_PARAGRAPHS = [plain(line) for line in ORIGINAL.splitlines() if line.strip()]
# The author's manuscript: dateline, headline, standfirst, body, then the bio.
HEADLINE, STANDFIRST = ORIGINAL_PARAGRAPHS[1], ORIGINAL_PARAGRAPHS[2]
BIO_HEADING = ORIGINAL_PARAGRAPHS.index("About Minto Roy")
BODY = ORIGINAL_PARAGRAPHS[3:BIO_HEADING]
BIO = ORIGINAL_PARAGRAPHS[BIO_HEADING + 1 :]


def column(site):
    return soup(site / COLUMN_URL / "index.html")


def test_column_is_at_its_permanent_url(site):
    assert (site / COLUMN_URL / "index.html").is_file()


def test_column_headline_date_and_author(site):
    page = column(site)
    assert plain(page.find("h1").get_text()) == HEADLINE
    assert plain(page.title.get_text()).startswith(HEADLINE)
    assert page.find("time", datetime="2012-10-29").get_text() == "29 October 2012"
    author = page.select_one(".post-meta a[href*='author/minto-roy/']")
    assert author.get_text() == "Minto Roy"


def test_column_publishes_every_paragraph_verbatim(site):
    paragraphs = [plain(p.get_text()) for p in column(site).select(".post-body > p")]
    assert paragraphs == [STANDFIRST, *BODY]


def test_column_has_typographic_quotes_and_no_widows(site):
    body = column(site).select_one(".post-body")
    text = body.get_text()
    assert "\u201cfinished second\u201d" in text
    assert "we\u2019ve" in text and '"' not in text and "'" not in text
    for paragraph in body.find_all("p"):
        assert "\u00a0" in paragraph.get_text()[-20:], (
            "typogrify's widont keeps the last words together"
        )


def test_column_bio_comes_from_the_about_page(site):
    bio = column(site).select_one(".author-bio")
    assert plain(bio.find("h2").get_text()) == "About Minto Roy"
    assert [plain(p.get_text()) for p in bio.find_all("p")] == BIO


def test_about_page(site):
    page = soup(site / "about" / "index.html")
    assert plain(page.find("h1").get_text()) == "About Minto Roy"
    assert [plain(p.get_text()) for p in page.select("main p")] == BIO


@pytest.mark.parametrize(
    "listing",
    [
        "index.html",
        "archives/index.html",
        "2012/index.html",
        "category/job-search/index.html",
        "tag/probation/index.html",
        "author/minto-roy/index.html",
    ],
)
def test_listings_link_to_the_column(site, listing):
    page = soup(site / listing)
    titles = [plain(a.get_text()) for a in page.select("main a") if COLUMN_URL in a["href"]]
    assert HEADLINE in titles


def test_index_shows_the_summary(site):
    summary = soup(site / "index.html").select_one(".post-summary .summary")
    assert plain(summary.get_text()) == STANDFIRST


@pytest.mark.parametrize(
    "overview, link",
    [
        ("category/index.html", "category/job-search/"),
        ("tag/index.html", "tag/follow-up/"),
        ("author/index.html", "author/minto-roy/"),
    ],
)
def test_overview_pages_link_to_each_entry(site, overview, link):
    links = [a["href"] for a in soup(site / overview).select("main a")]
    assert any(href.endswith(link) for href in links)


def test_every_page_names_its_language_and_feeds(site):
    for path in site.rglob("*.html"):
        page = soup(path)
        assert page.html["lang"] == "en", path
        feeds = {link["href"].rsplit("/", 1)[-1] for link in page.find_all("link", rel="alternate")}
        assert {"all.atom.xml", "all.rss.xml"} <= feeds, path


def test_category_page_names_its_own_feed(site):
    page = soup(site / "category" / "job-search" / "index.html")
    hrefs = [link["href"] for link in page.find_all("link", rel="alternate")]
    assert any(href.endswith("feeds/category/job-search.atom.xml") for href in hrefs)


def test_production_links_are_absolute(prod_site):
    page = column(prod_site)
    stylesheet = page.find("link", rel="stylesheet")["href"]
    assert stylesheet.startswith(PRODUCTION_SITEURL + "/")
    internal = [a["href"] for a in page.select("a[href]") if not a["href"].startswith("#")]
    assert all(href.startswith(("https://", "http://")) for href in internal), internal


def test_development_links_are_relative(dev_site):
    page = soup(dev_site / "index.html")
    assert page.find("link", rel="stylesheet")["href"] == "./theme/css/site.css"


def test_every_internal_link_resolves(site):
    base = PRODUCTION_SITEURL + "/"
    for path in site.rglob("*.html"):
        for tag in soup(path).select("a[href], link[href]"):
            href = tag["href"].split("#")[0]
            if href.startswith(base):
                href = href[len(base) :]
                target = site / href
            elif href.startswith("/"):  # from the site's root (the 404 page's links)
                target = site / href.lstrip("/")
            elif href and not re.match(r"^[a-z]+:", href):
                target = (path.parent / href).resolve()
            else:
                continue
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{path.relative_to(site)} links to missing {tag['href']}"


def test_a_post_without_a_category_line_is_in_the_default_category_whatever_its_folder(
    tmp_path,
):
    """make check reads a post without a Category line as in DEFAULT_CATEGORY; so does
    the build, wherever the file is (Pelican's default names the category after the
    folder: "interviews" here, "posts" for a post in content/posts/)."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    folder = content / "posts" / "interviews"
    folder.mkdir()
    (folder / "no-category.md").write_text(
        "Title: No category\nDate: 2026-03-02 08:30\nSlug: no-category\nSummary: A post.\n\n"
        "Body.\n",
        encoding="utf-8",
    )
    output = build_or_fail(tmp_path / "output", content=content, content_check=True)
    assert sorted(path.name for path in (output / "category").iterdir()) == [
        "index.html",
        "job-search",
    ]
    page = soup(output / "2026/03/no-category/index.html")
    assert page.select_one("a[href*='category/job-search/']"), "in the default category"
