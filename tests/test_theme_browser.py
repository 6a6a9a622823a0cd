"""The served production site in Debian's Chromium: accessible in both colour schemes,
usable by keyboard, no sideways scrolling on a phone, and a search that finds the column
(and, on a site of three years, the posts of each year's index).
The server sends a strict Content-Security-Policy (tests/browser.py)."""

import re
import shutil
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.support.browser import served_build
from tests.support.sitebuild import COLUMN_URL, ROOT, soup

PAGES = {
    "home": "/",
    "post": "/" + COLUMN_URL,
    "archives": "/archives/",
    "tag": "/tag/probation/",
    "about": "/about/",
    "search": "/search/?q=interview",
    "404": "/no/such/page/",
}


def open_page(browser, url, **context_options):
    """A fresh context per page, collecting console errors and failed requests."""
    context = browser.new_context(**context_options)
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_violations(browser, served_site, name, scheme):
    page = open_page(browser, served_site.url + PAGES[name], color_scheme=scheme)
    results = Axe().run(page)
    violations = [
        (v["id"], v["help"], [node["target"] for node in v["nodes"]])
        for v in results.response["violations"]
    ]
    assert violations == []
    page.context.close()


@pytest.mark.parametrize("name", ["home", "post", "search"])
def test_pages_load_without_console_errors(browser, served_site, name):
    """JSON-LD data blocks, the calculator and Pagefind all run under the strict CSP."""
    page = open_page(browser, served_site.url + PAGES[name])
    assert page.errors == []
    page.context.close()


def tab_until(page, selector, limit=40):
    """Press Tab from the top of the page until the focus is inside `selector`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => !!document.activeElement.closest(s)", selector):
            return True
    return False


def test_keyboard_reaches_skip_link_first_then_search_box_and_calculator(browser, served_site):
    page = open_page(browser, served_site.url + PAGES["post"])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    assert tab_until(page, "form[role=search] input")
    assert tab_until(page, "#followup"), "the follow-up calculator is not reachable by Tab"
    page.context.close()


def test_search_by_keyboard_finds_the_column(browser, served_site):
    """Type a word of the column into the header's search box, press Enter, follow the result."""
    column = soup(served_site.directory / COLUMN_URL / "index.html")
    word = max(re.findall(r"[a-z]+", column.select_one(".post-body").get_text()), key=len)
    page = open_page(browser, served_site.url + "/")
    assert tab_until(page, "form[role=search] input")
    page.keyboard.type(word)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    result = page.locator("#search-results a").first
    result.wait_for()
    assert result.get_attribute("href").endswith("/" + COLUMN_URL)
    assert word in page.locator("#search-results mark").first.inner_text().lower()
    assert "1 column matches" in page.locator("#search-status").inner_text()
    assert page.errors == []
    page.context.close()


LATER_POSTS = {  # slug: date, text; both say "zeppelin", which the column does not
    "probation-questions": ("2020-03-02", "Ask zeppelin questions about the probation review."),
    "a-week-later": ("2021-05-06", "Write within a week, and mention the zeppelin."),
}


@pytest.fixture(scope="module")
def site_of_three_years(tmp_path_factory):
    """The real content and a post in each of two later years, served: three search
    indexes, the 2012 and 2020 ones merged by the search page into the 2021 one."""
    content = tmp_path_factory.mktemp("years") / "content"
    shutil.copytree(ROOT / "content", content)
    for slug, (date, text) in LATER_POSTS.items():
        (content / "posts" / f"{slug}.md").write_text(
            f"Title: {slug}\nDate: {date}\nCategory: Interviews\nSummary: A later post.\n\n"
            f"{text}\n",
            encoding="utf-8",
        )
    with served_build(tmp_path_factory.mktemp("years") / "output", content=content) as server:
        yield server


def test_search_finds_the_posts_of_every_year(browser, site_of_three_years):
    context = browser.new_context()
    page = context.new_page()
    errors, fetched = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda response: fetched.append((response.status, response.url)))
    page.goto(site_of_three_years.url + "/search/?q=zeppelin")
    status = page.locator("#search-status")
    status.filter(has_text="2 columns match").wait_for()
    hrefs = page.locator("#search-results h2 a").evaluate_all("links => links.map(a => a.href)")
    later = {f"/{date[:4]}/{date[5:7]}/{slug}/" for slug, (date, _) in LATER_POSTS.items()}
    assert {href.removeprefix(site_of_three_years.url) for href in hrefs} == later

    column = soup(site_of_three_years.directory / COLUMN_URL / "index.html")
    word = max(re.findall(r"[a-z]+", column.select_one(".post-body").get_text()), key=len)
    page.fill("#search-q", word)
    page.press("#search-q", "Enter")
    status.filter(has_text="1 column matches").wait_for()
    assert page.locator("#search-results h2 a").get_attribute("href").endswith("/" + COLUMN_URL)
    merged = {urlsplit(url).path for _, url in fetched if "pagefind-entry" in url}
    assert merged == {f"/pagefind/{year}pagefind-entry.json" for year in ("", "2020/", "2012/")}
    assert [(code, url) for code, url in fetched if code >= 400] == [] and errors == []
    context.close()


@pytest.mark.parametrize("name", PAGES)
def test_no_horizontal_scroll_at_320_pixels(browser, served_site, name):
    page = open_page(browser, served_site.url + PAGES[name], viewport={"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_header_text_and_footer_share_one_left_edge(browser, served_site, width):
    page = open_page(browser, served_site.url + "/", viewport={"width": width, "height": 800})
    edges = page.evaluate(
        "[...document.querySelectorAll('.wrap')].map(wrap => wrap.getBoundingClientRect().left)"
    )
    assert len(edges) == 3 and len(set(edges)) == 1, edges
    page.context.close()


def test_post_page_requests_stay_on_site(browser, served_site):
    """No third-party request, and no search assets unless the reader searches."""
    context = browser.new_context()
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(served_site.url + PAGES["post"])
    page.wait_for_load_state("networkidle")
    assert requested and all(url.startswith(served_site.url + "/") for url in requested)
    assert not any("pagefind" in url or "search.js" in url for url in requested)
    context.close()
