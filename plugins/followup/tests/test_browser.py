"""The calculator in Debian's Chromium, on the production build served under a strict CSP:
typed dates against the shared vectors in several time zones, error messages, the share
link, the calendar file, accessibility, and Pelican's notmyidea theme."""

import json
import re
from datetime import date, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import icalendar
import pytest
from axe_playwright_python.sync_playwright import Axe

from followup.rule import schedule
from tests.support.browser import served_build
from tests.support.sitebuild import COLUMN_URL, NOTMYIDEA, variant_settings

TIME_ZONES = ["America/Los_Angeles", "Pacific/Kiritimati", "Europe/Berlin"]
VECTORS = json.loads((Path(__file__).parent / "vectors.json").read_text("utf-8"))
# Every fourth valid vector: month ends, leap years, weekend shifts and each form of probation.
SAMPLE = VECTORS["valid"][::4]
RESULTS = ("window_start", "window_end", "recommended")
PRESETS = {"P90D", "P3M", "P6M", "P1Y"}


class Calculator:
    """The column page in a fresh browser context, and the reader's moves on its widget."""

    def __init__(self, browser, site_url: str, query: str = "", **context_options):
        context_options.setdefault("locale", "en-US")
        self.context = browser.new_context(accept_downloads=True, **context_options)
        self.page = self.context.new_page()
        self.errors = []
        self.page.on(
            "console",
            lambda message: (
                message.type == "error"
                and self.errors.append(f"{message.text} ({message.location['url']})")
            ),
        )
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(f"{site_url}/{COLUMN_URL}{query}")
        self.widget = self.page.locator("#followup")
        self.widget.locator("form").wait_for(state="visible")

    def enter(self, decided: str, probation: str = "P3M", lead: str = "P2W"):
        year, month, day = decided.split("-")
        for name, value in (("day", day), ("month", month), ("year", year)):
            self.field(name).fill(value)
        if probation in PRESETS:
            self.widget.locator(f"input[name=probation][value={probation}]").check()
        else:
            self.widget.locator("input[name=probation][value=custom]").check()
            self.field("probation_count").fill(probation[1:-1])
            self.field("probation_unit").select_option(probation[-1])
        self.widget.locator(f"input[name=lead][value={lead}]").check()

    def field(self, name: str):
        return self.widget.locator(f"[name={name}]")

    def results(self) -> dict:
        return {key: self.result(key).get_attribute("datetime") for key in RESULTS}

    def result(self, key: str):
        return self.widget.locator(f"time[data-result={key}]")

    def error(self, field: str) -> str:
        error = self.widget.locator(f"[data-error-for={field}]")
        return error.inner_text() if error.is_visible() else ""

    def close(self):
        self.context.close()


@pytest.fixture
def calculators(browser, served_site):
    """Opens calculators on the served site; fails the test on any console error."""
    opened = []

    def open_calculator(query: str = "", **context_options) -> Calculator:
        opened.append(Calculator(browser, served_site.url, query, **context_options))
        return opened[-1]

    yield open_calculator
    errors = [error for calculator in opened for error in calculator.errors]
    for calculator in opened:
        calculator.close()
    assert errors == []


def us_long_date(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day:%A}, {day:%B} {day.day}, {day.year}"


@pytest.mark.parametrize("time_zone", TIME_ZONES)
def test_typed_dates_give_the_vector_results_in_every_time_zone(calculators, time_zone):
    calculator = calculators(timezone_id=time_zone)
    today = datetime.now(ZoneInfo(time_zone)).date()
    for vector in SAMPLE:
        calculator.enter(
            vector["decided"], vector.get("probation", "P3M"), vector.get("lead", "P2W")
        )
        expected = {key: vector[key] for key in RESULTS}
        assert calculator.results() == expected, vector
        recommended = calculator.widget.locator("[data-relative=recommended]").inner_text()
        days = (date.fromisoformat(vector["recommended"]) - today).days
        assert re.search(rf"(?<![\d,]){abs(days):,} days?\b", recommended), (recommended, days)
        assert ("ago" in recommended) == (days < 0)
        for key in RESULTS:
            assert calculator.result(key).inner_text() == us_long_date(vector[key])


def test_the_form_starts_from_today_in_the_readers_time_zone(calculators):
    calculator = calculators(timezone_id="Pacific/Kiritimati")
    today = datetime.now(ZoneInfo("Pacific/Kiritimati")).date()
    entered = [calculator.field(name).input_value() for name in ("year", "month", "day")]
    assert "-".join(entered) == today.isoformat()
    assert calculator.results()["window_end"] > today.isoformat()


@pytest.mark.parametrize(
    "day, month, year, message",
    [
        ("30", "2", "2026", "The date must be a real date"),
        ("", "", "", "Enter the date you were told"),
        ("15", "", "2026", "The date must include a month"),
        ("15", "6", "26", "Enter the year with 4 digits"),
        ("1", "1", "1899", "The date must be between 1900 and 2199"),
        ("l5", "6", "2026", "Enter the date in numbers only"),
    ],
)
def test_a_bad_date_gets_a_message_next_to_the_field_and_no_dates(
    calculators, day, month, year, message
):
    calculator = calculators()
    for name, value in (("day", day), ("month", month), ("year", year)):
        calculator.field(name).fill(value)
    calculator.field("year").blur()
    assert message in calculator.error("decided")
    assert not calculator.result("recommended").is_visible()
    text = calculator.widget.inner_text()
    assert "NaN" not in text and "Invalid Date" not in text
    fieldset = calculator.widget.locator("fieldset[data-field=decided]")
    described = fieldset.get_attribute("aria-describedby").split()
    assert calculator.widget.locator("[data-error-for=decided]").get_attribute("id") in described


def test_a_custom_probation_out_of_range_says_the_range(calculators):
    calculator = calculators()
    calculator.enter("2026-06-15", "P4W")
    calculator.field("probation_count").blur()
    assert "Enter a number of weeks from 5 to 52" in calculator.error("probation")
    calculator.field("probation_count").fill("5")
    assert calculator.error("probation") == ""
    assert calculator.results()["window_end"] == "2026-07-20"


def test_the_share_link_restores_the_inputs_and_dates(calculators):
    calculator = calculators()
    calculator.enter("2026-06-15", "P10W", "P3W")
    dates = calculator.results()
    share = calculator.widget.locator("[data-followup-link=share]").get_attribute("href")
    parts = urlsplit(share)
    assert parse_qs(parts.query) == {
        "decided": ["2026-06-15"],
        "probation": ["P10W"],
        "lead": ["P3W"],
    }
    assert parts.fragment == "followup"
    reopened = calculators(f"?{parts.query}#followup")
    assert reopened.results() == dates
    assert reopened.field("probation_count").input_value() == "10"
    assert reopened.widget.locator("input[name=lead]:checked").get_attribute("value") == "P3W"


def test_bad_link_parameters_are_shown_as_text_with_a_fix(calculators):
    query = "?decided=03%2F08%2F2026&probation=P3M1D&lead=%3Cimg%20src%3Dx%3E"
    calculator = calculators(query)
    assert "“03/08/2026”" in calculator.error("decided")
    assert "Enter the date" in calculator.error("decided")
    assert "“P3M1D”" in calculator.error("probation")
    assert "“<img src=x>”" in calculator.error("lead")
    assert calculator.widget.locator("img").count() == 0
    assert not calculator.result("recommended").is_visible()


def test_a_real_looking_but_impossible_link_date_is_an_error(calculators):
    calculator = calculators("?decided=2026-02-30&probation=P3M&lead=P2W")
    assert "The date must be a real date" in calculator.error("decided")


def test_add_to_calendar_downloads_a_valid_ics(calculators):
    calculator = calculators()
    calculator.enter("2025-11-30", "P3M", "P2W")
    dates = calculator.results()
    with calculator.page.expect_download() as download_info:
        calculator.widget.locator("[data-followup-action=calendar]").click()
    raw = Path(download_info.value.path()).read_bytes()
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and b"\n" not in raw.replace(b"\r\n", b"")
    assert max(len(line) for line in lines) <= 75
    calendar = icalendar.Calendar.from_ical(raw)
    [event] = calendar.walk("VEVENT")
    start = event.decoded("DTSTART")
    assert type(start) is date and start.isoformat() == dates["recommended"]
    assert b"DTSTART;VALUE=DATE:" in raw
    assert event.get("UID") and event.get("DTSTAMP")
    description = str(event.get("DESCRIPTION"))
    assert us_long_date(dates["window_start"]) in description
    assert "decided=2025-11-30" in description
    [alarm] = event.walk("VALARM")
    assert alarm.get("ACTION") == "DISPLAY" and alarm.get("TRIGGER")


def test_calendar_and_email_links_carry_the_dates_and_the_edited_message(calculators):
    calculator = calculators()
    calculator.enter("2026-06-15")
    recommended = calculator.results()["recommended"].replace("-", "")
    google = calculator.widget.locator("[data-followup-link=google]").get_attribute("href")
    assert parse_qs(urlsplit(google).query)["dates"][0].startswith(f"{recommended}/")
    message = calculator.widget.locator("textarea")
    message.fill("Dear Sam,\nStill keen; 100% & more.")
    mailto = calculator.widget.locator("[data-followup-link=mailto]").get_attribute("href")
    assert mailto.startswith("mailto:?")
    assert parse_qs(urlsplit(mailto).query)["body"] == ["Dear Sam,\nStill keen; 100% & more."]


def test_the_form_is_usable_by_keyboard(calculators):
    calculator = calculators()
    calculator.field("day").focus()
    for key in ["Control+A", "1", "2", "Tab", "Control+A", "0", "1", "Tab", "Control+A"]:
        calculator.page.keyboard.press(key)
    calculator.page.keyboard.type("2026")
    calculator.page.keyboard.press("Tab")
    focused = calculator.page.evaluate("document.activeElement.name")
    assert focused == "probation"
    calculator.page.keyboard.press("ArrowRight")
    expected = schedule("2026-01-12", "P6M", "P2W")
    assert calculator.results() == {key: getattr(expected, key).isoformat() for key in RESULTS}


def test_targets_are_at_least_24_pixels(calculators):
    calculator = calculators()
    targets = calculator.widget.locator("input, select, button, textarea")
    for index in range(targets.count()):
        if not targets.nth(index).is_visible():
            continue
        box = targets.nth(index).bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, targets.nth(index)


def test_timeline_is_decorative(calculators):
    calculator = calculators()
    svg = calculator.widget.locator("svg")
    assert svg.get_attribute("aria-hidden") == "true"
    assert svg.is_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations(calculators, scheme):
    calculator = calculators(color_scheme=scheme)
    calculator.enter("2026-06-15")
    calculator.field("year").fill("26")
    calculator.field("year").blur()  # an error message shows too
    results = Axe().run(calculator.page)
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture(scope="module")
def notmyidea_site(tmp_path_factory):
    """The production build in Pelican's own theme, served under the same strict CSP."""
    folder = tmp_path_factory.mktemp("notmyidea-served")
    settings = variant_settings(folder, "publishconf.py", **NOTMYIDEA)
    with served_build(folder / "output", settings) as server:
        yield server


def test_the_widget_works_in_notmyidea(browser, notmyidea_site):
    calculator = Calculator(browser, notmyidea_site.url, timezone_id="Europe/Berlin")
    vector = SAMPLE[1]
    calculator.enter(vector["decided"], vector.get("probation", "P3M"), vector.get("lead", "P2W"))
    assert calculator.results() == {key: vector[key] for key in RESULTS}
    # notmyidea has no favicon; nothing else may fail.
    assert [error for error in calculator.errors if "/favicon.ico" not in error] == []
    # notmyidea's own pages have known violations; the calculator must add none.
    results = Axe().run(calculator.page, context="#followup")
    calculator.close()
    assert results.violations_count == 0, results.generate_report()


def test_without_javascript_the_worked_example_shows_and_the_form_stays_hidden(
    browser, served_site
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served_site.url}/{COLUMN_URL}")
    widget = page.locator("#followup")
    assert not widget.locator("form").is_visible()
    assert widget.locator("time[data-result=recommended]").is_visible()
    assert re.search(r"\b2012\b", widget.locator("[data-followup-example]").inner_text())
    context.close()
