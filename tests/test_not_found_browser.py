"""The 404 page at a missing address deep in the site, in Chromium, as `make serve`
(the development build, relative URLs) and a host (the production build) serve it: its
stylesheet applies and every link on it leads to a page of the site."""

import pytest

from scripts.serve import LocalServer

DEEP_MISSING = "/2012/10/no-such-column/and/deeper/"


@pytest.fixture(scope="module")
def dev_server(dev_site):
    server = LocalServer().serve(dev_site)
    yield server
    server.close()


@pytest.fixture(params=["dev", "prod"])
def base_url(request):
    fixture = {"dev": "dev_server", "prod": "served_site"}[request.param]
    return request.getfixturevalue(fixture).url


def test_the_404_page_works_at_any_depth(browser, base_url):
    page = browser.new_page()
    missing = base_url + DEEP_MISSING
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda r: r.status >= 400 and r.url != missing and failed.append(r.url))
    response = page.goto(missing)
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    styled = page.evaluate("[...document.styleSheets].map(s => [s.href, s.cssRules.length])")
    assert styled and all(href.endswith("/theme/css/site.css") and rules for href, rules in styled)
    # The stylesheet applies: the skip link is moved out of sight until focused.
    assert page.locator(".skip-link").bounding_box()["y"] < 0
    links = page.eval_on_selector_all(
        "a[href]:not([href^='#']), form[action]", "els => els.map(e => e.href || e.action)"
    )
    same_site = [link for link in links if link.startswith(base_url)]
    assert len(same_site) >= 5
    for link in same_site:
        assert page.request.get(link).status == 200, link
    assert failed == [], "everything the page loads is there"
    page.get_by_role("link", name="archives").last.click()
    assert page.locator("h1").inner_text() == "Archives"
    page.close()
