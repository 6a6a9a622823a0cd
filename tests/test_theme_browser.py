"""The served production site in Debian's Chromium: accessible in both colour schemes,
usable by keyboard, no sideways scrolling on a phone, and a search that finds the column.
The server sends a strict Content-Security-Policy (tests/browser.py)."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.support.sitebuild import COLUMN_URL, soup

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
