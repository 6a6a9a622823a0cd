"""The served production site opens in Debian's Chromium with no console errors."""


def test_column_opens_without_console_errors(browser, served_site):
    page = browser.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto(f"{served_site.url}/2012/10/finish-first-even-if-you-finished-second/")
    assert response.status == 200
    assert "Finish First" in page.title()
    assert errors == []
    page.close()


def test_missing_page_gets_the_404_page(browser, served_site):
    page = browser.new_page()
    response = page.goto(f"{served_site.url}/no/such/page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    page.close()
