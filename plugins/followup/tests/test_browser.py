"""The calculator in Debian's Chromium, on the production build served under a strict CSP:
the shared vectors through the widget in two time zones, each stage of lateness with
"today" fixed by Playwright's clock, the answer, the start date, the message, the calendar
file, the timeline on a phone, accessibility in every state, no JavaScript, the search
index, and Pelican's notmyidea theme."""

import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import icalendar
import pytest
from axe_playwright_python.sync_playwright import Axe

from followup.render import long_date
from followup.rule import schedule
from tests.support.browser import served_build
from tests.support.sitebuild import COLUMN_URL, NOTMYIDEA, variant_settings

VECTORS = json.loads((Path(__file__).parent / "vectors.json").read_text("utf-8"))
RESULTS = ("window_start", "window_end", "recommended")
ZONE = "Europe/London"
COLUMN = {"decided": "2012-10-29", "probation": "P3M", "lead": "P2W"}
COLUMN_LINK = "?decided=2012-10-29&probation=P3M&lead=P2W#followup"
WITH_START = "?decided=2012-10-29&start=2012-10-29&probation=P3M&lead=P2W#followup"
# The column's dates by the Python twin of the rule the widget runs.
COLUMN_DATES = schedule("2012-10-29", "P3M", "P2W")
# A day in each stage, and the days either side of each boundary.
STAGE_DAYS = {
    "before": COLUMN_DATES.window_start - timedelta(days=1),
    "window": COLUMN_DATES.window_start,
    "late": COLUMN_DATES.recommended + timedelta(days=1),
    "after": COLUMN_DATES.window_end + timedelta(days=1),
}


def short_date(day: date) -> str:
    """The post's style: "29 January 2013"."""
    return f"{day.day} {day:%B} {day.year}"


class Calculator:
    """The column page in a fresh browser context, "today" fixed when given, and the
    reader's moves on its widget."""

    def __init__(self, browser, site_url, query="", today=None, zone=ZONE, **context_options):
        context_options.setdefault("locale", "en-US")
        self.context = browser.new_context(
            accept_downloads=True, timezone_id=zone, **context_options
        )
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
        if today:
            noon = datetime.combine(today, datetime.min.time().replace(hour=12))
            self.page.clock.set_fixed_time(noon.replace(tzinfo=ZoneInfo(zone)))
        self.page.goto(f"{site_url}/{COLUMN_URL}{query}")
        self.widget = self.page.locator("#followup")
        self.widget.locator("form").wait_for(state="visible")

    def field(self, name: str):
        return self.widget.locator(f"[name={name}]")

    def enter_date(self, prefix: str, iso: str):
        year, month, day = iso.split("-") if iso else ("", "", "")
        for name, value in (("day", day), ("month", month), ("year", year)):
            self.field(prefix + name).fill(value)

    def results(self) -> dict:
        return {key: self.result(key).get_attribute("datetime") for key in RESULTS}

    def result(self, key: str):
        return self.widget.locator(f"time[data-result={key}]")

    def answer(self) -> str:
        return self.widget.locator("[data-followup-answer]").inner_text()

    def stage(self):
        return self.widget.get_attribute("data-stage")

    def error(self, field: str) -> str:
        error = self.widget.locator(f"[data-error-for={field}]")
        return error.inner_text() if error.is_visible() else ""

    def link(self, name: str) -> str:
        return self.widget.locator(f"[data-followup-link={name}]").get_attribute("href")

    def calendar_file(self) -> bytes:
        with self.page.expect_download() as download_info:
            self.widget.locator("[data-followup-action=calendar]").click()
        return Path(download_info.value.path()).read_bytes()

    def close(self):
        self.context.close()


@pytest.fixture
def calculators(browser, served_site):
    """Opens calculators on the served site; fails the test on any console error."""
    opened = []

    def open_calculator(query: str = "", **options) -> Calculator:
        opened.append(Calculator(browser, served_site.url, query, **options))
        return opened[-1]

    yield open_calculator
    errors = [error for calculator in opened for error in calculator.errors]
    for calculator in opened:
        calculator.close()
    assert errors == []


# One page.evaluate sets each vector's inputs on the form and reads the widget's dates.
RUN_VECTORS = """vectors => {
  const form = document.querySelector("#followup form");
  const fields = form.elements;
  const setDate = (prefix, iso) => {
    [fields[prefix + "year"].value, fields[prefix + "month"].value, fields[prefix + "day"].value] =
      (iso || "--").split("-");
  };
  return vectors.map((vector) => {
    setDate("", vector.decided);
    setDate("start_", vector.start);
    const probation = vector.probation || "P3M";
    const preset = form.querySelector(`[name=probation][value="${probation}"]`);
    if (preset) preset.checked = true;
    else {
      form.querySelector("[name=probation][value=custom]").checked = true;
      fields.probation_count.value = probation.slice(1, -1);
      fields.probation_unit.value = probation.slice(-1);
    }
    form.querySelector(`[name=lead][value="${vector.lead || "P2W"}"]`).checked = true;
    fields.year.dispatchEvent(new Event("input", { bubbles: true }));
    const shown = {};
    for (const time of form.parentNode.querySelectorAll("time[data-result]")) {
      shown[time.dataset.result] = [time.dateTime, time.textContent];
    }
    return shown;
  });
}"""


@pytest.mark.parametrize(
    "zone, locale", [("Pacific/Kiritimati", "fr-FR"), ("America/Los_Angeles", "en-US")]
)
def test_every_vector_gives_its_dates_in_the_pages_language(calculators, zone, locale):
    """The farthest-apart offsets, and a browser language that is not the page's."""
    calculator = calculators(zone=zone, locale=locale)
    shown = calculator.page.evaluate(RUN_VECTORS, VECTORS["valid"])
    for vector, dates in zip(VECTORS["valid"], shown, strict=True):
        expected = {
            key: [vector[key], long_date(date.fromisoformat(vector[key]))] for key in RESULTS
        }
        assert dates == expected, vector["note"]


def test_the_form_starts_from_today_in_the_readers_time_zone(calculators):
    calculator = calculators(zone="Pacific/Kiritimati")
    today = datetime.now(ZoneInfo("Pacific/Kiritimati")).date()
    entered = [calculator.field(name).input_value() for name in ("year", "month", "day")]
    assert "-".join(entered) == today.isoformat()
    assert calculator.stage() == "before"


# --- the answer, at each stage ---------------------------------------------------------


def next_weekday_after(day: date) -> date:
    day += timedelta(days=1)
    while day.weekday() > 4:
        day += timedelta(days=1)
    return day


@pytest.mark.parametrize("stage", STAGE_DAYS)
def test_each_stage_gets_its_answer_and_a_calendar_day_from_today_on(calculators, stage):
    today = STAGE_DAYS[stage]
    calculator = calculators(COLUMN_LINK, today=today)
    assert calculator.stage() == stage
    answer = calculator.answer()
    recommended, end = COLUMN_DATES.recommended, COLUMN_DATES.window_end
    expected_answer = {
        "before": [f"Follow up on {long_date(recommended)}, in 3 weeks", "Add it to your calendar"],
        "window": [f"Follow up on {long_date(recommended)}, in 2 weeks", "window is open"],
        "late": ["Follow up now — this week", f"likely ends on {long_date(end)} (in 13 days)"],
        "after": ["probation has probably ended", "It is still worth a short message"],
    }[stage]
    for phrase in expected_answer:
        assert phrase in answer
    if stage in ("before", "window"):
        assert "2 weeks before the new hire’s 3-month probation is likely to end" in answer
        assert f"({short_date(end)})" in answer
    # The live region announces the answer, not every row.
    assert calculator.widget.locator("[role=status]").inner_text() == answer
    echo = calculator.widget.locator("[data-followup-echo]").inner_text()
    assert echo == "You were told on Monday 29 October 2012."
    calendar_day = recommended if stage in ("before", "window") else next_weekday_after(today)
    assert calendar_day >= today
    assert (
        long_date(calendar_day)
        in calculator.widget.locator("[data-followup-calendar-day]").inner_text()
    )
    google = parse_qs(urlsplit(calculator.link("google")).query)
    assert google["dates"] == [f"{calendar_day:%Y%m%d}/{calendar_day + timedelta(days=1):%Y%m%d}"]
    [event] = icalendar.Calendar.from_ical(calculator.calendar_file()).walk("VEVENT")
    assert event.decoded("DTSTART") == calendar_day


@pytest.mark.parametrize(
    "today, stage, phrase",
    [
        (COLUMN_DATES.window_start - timedelta(days=1), "before", "Tuesday 15 January 2013, in 3"),
        (COLUMN_DATES.recommended, "window", "Follow up today, Tuesday 15 January 2013"),
        (COLUMN_DATES.window_end, "late", "likely ends on Tuesday 29 January 2013 (today)"),
        (COLUMN_DATES.window_end + timedelta(days=1), "after", "(29 January 2013, yesterday)"),
    ],
)
def test_stage_boundaries(calculators, today, stage, phrase):
    calculator = calculators(COLUMN_LINK, today=today)
    assert calculator.stage() == stage
    assert phrase in calculator.answer()


@pytest.mark.parametrize(
    "today, relative",
    [
        (date(2026, 11, 25), "(14 years ago)"),  # 5,084 days after the recommended day
        (date(2012, 11, 20), "(in 8 weeks)"),
        (date(2012, 10, 29), "(in 3 months)"),
        (date(2013, 1, 14), "(tomorrow)"),
        (date(2013, 1, 10), "(in 5 days)"),
    ],
)
def test_relative_times_read_naturally(calculators, today, relative):
    calculator = calculators(COLUMN_LINK, today=today)
    shown = calculator.widget.locator("[data-relative=recommended]").inner_text()
    assert shown == relative


def test_the_draft_suits_the_stage(calculators):
    window = calculators(COLUMN_LINK, today=STAGE_DAYS["window"])
    after = calculators(COLUMN_LINK, today=STAGE_DAYS["after"])
    drafts = [c.field("message").input_value() for c in (window, after)]
    assert "Thank you again for considering me" in drafts[0]
    assert "Some time ago you considered me" in drafts[1]


# --- the start date --------------------------------------------------------------------


def test_a_start_date_counts_the_probation_from_it(calculators):
    [vector] = [v for v in VECTORS["valid"] if v["note"].startswith("start two weeks after")]
    link = f"?decided={vector['decided']}&start={vector['start']}&probation=P3M&lead=P2W"
    calculator = calculators(link, today=date(2012, 11, 1))
    assert calculator.results() == {key: vector[key] for key in RESULTS}
    echo = calculator.widget.locator("[data-followup-echo]").inner_text()
    assert echo == (
        "You were told on Monday 29 October 2012; the new hire starts on Monday 12 November 2012."
    )
    share = parse_qs(urlsplit(calculator.link("share")).query)
    assert share["start"] == [vector["start"]]
    calculator.enter_date("start_", "")
    assert calculator.results() == {key: getattr(COLUMN_DATES, key).isoformat() for key in RESULTS}


@pytest.mark.parametrize(
    "start, message",
    [
        ("2012-10-28", "on or after the day you were told, and at most a year later"),
        ("2013-10-30", "on or after the day you were told, and at most a year later"),
        ("2012-11-31", "The start date must be a real date"),
    ],
)
def test_a_bad_start_date_is_an_error_beside_it(calculators, start, message):
    calculator = calculators(COLUMN_LINK)
    calculator.enter_date("start_", start)
    calculator.field("start_year").blur()
    assert message in calculator.error("start")
    assert calculator.stage() is None
    assert not calculator.result("recommended").is_visible()
    assert calculator.widget.locator("[role=status]").inner_text() == ""


def test_a_half_entered_start_date_says_what_is_missing(calculators):
    calculator = calculators(COLUMN_LINK)
    calculator.field("start_day").fill("12")
    calculator.field("start_day").blur()
    assert "The start date must include a month and year" in calculator.error("start")


# --- errors, links, keyboard -----------------------------------------------------------


BAD_DATES = [
    ("30", "2", "2026", "The date must be a real date"),
    ("", "", "", "Enter the date you were told"),
    ("15", "", "2026", "The date must include a month"),
    ("15", "6", "26", "Enter the year with 4 digits"),
    ("1", "1", "1899", "The date must be between 1900 and 2199"),
    ("l5", "6", "2026", "Enter the date in numbers only"),
]


def test_a_bad_date_gets_a_message_next_to_the_field_and_no_dates(calculators):
    calculator = calculators()
    fieldset = calculator.widget.locator("fieldset[data-field=decided]")
    described = fieldset.get_attribute("aria-describedby").split()
    assert calculator.widget.locator("[data-error-for=decided]").get_attribute("id") in described
    for day, month, year, message in BAD_DATES:
        calculator.enter_date("", "2026-06-15")
        assert calculator.error("decided") == ""
        for name, value in (("day", day), ("month", month), ("year", year)):
            calculator.field(name).fill(value)
        calculator.field("year").blur()
        assert message in calculator.error("decided"), message
        assert not calculator.result("recommended").is_visible()
        text = calculator.widget.inner_text()
        assert "NaN" not in text and "Invalid Date" not in text


def test_a_custom_probation_out_of_range_says_the_range(calculators):
    calculator = calculators("?decided=2026-06-15&probation=P10W&lead=P2W")
    calculator.field("probation_count").fill("4")
    calculator.field("probation_count").blur()
    assert "Enter a number of weeks from 5 to 52" in calculator.error("probation")
    calculator.field("probation_count").fill("5")
    assert calculator.error("probation") == ""
    assert calculator.results()["window_end"] == "2026-07-20"


def test_the_share_link_restores_the_inputs_and_dates(calculators):
    calculator = calculators("?decided=2026-06-15&probation=P6M&lead=P2W")
    calculator.widget.locator("input[name=probation][value=custom]").check()
    calculator.field("probation_count").fill("10")
    calculator.field("probation_unit").select_option("W")
    calculator.widget.locator("input[name=lead][value=P3W]").check()
    calculator.enter_date("start_", "2026-07-01")
    dates = calculator.results()
    parts = urlsplit(calculator.link("share"))
    assert parse_qs(parts.query) == {
        "decided": ["2026-06-15"],
        "start": ["2026-07-01"],
        "probation": ["P10W"],
        "lead": ["P3W"],
    }
    assert parts.fragment == "followup"
    reopened = calculators(f"?{parts.query}#followup")
    assert reopened.results() == dates
    assert reopened.field("probation_count").input_value() == "10"
    assert reopened.field("start_month").input_value() == "07"
    assert reopened.widget.locator("input[name=lead]:checked").get_attribute("value") == "P3W"


def test_bad_link_parameters_are_shown_as_text_with_a_fix(calculators):
    query = "?decided=03%2F08%2F2026&probation=P3M1D&lead=%3Cimg%20src%3Dx%3E&start=soon"
    calculator = calculators(query)
    assert "“03/08/2026”" in calculator.error("decided")
    assert "Enter the date" in calculator.error("decided")
    assert "“P3M1D”" in calculator.error("probation")
    assert "“<img src=x>”" in calculator.error("lead")
    assert "“soon”" in calculator.error("start")
    assert calculator.widget.locator("img").count() == 0
    assert not calculator.result("recommended").is_visible()


def test_a_real_looking_but_impossible_link_date_is_an_error(calculators):
    calculator = calculators("?decided=2026-02-30&probation=P3M&lead=P2W")
    assert "The date must be a real date" in calculator.error("decided")


def test_the_form_is_usable_by_keyboard(calculators):
    calculator = calculators()
    calculator.field("day").focus()
    for key in ["Control+A", "1", "2", "Tab", "Control+A", "0", "1", "Tab", "Control+A"]:
        calculator.page.keyboard.press(key)
    calculator.page.keyboard.type("2026")
    for _ in range(4):  # past the optional start date
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


# --- the message and the calendar --------------------------------------------------------


def test_company_and_role_fill_the_subject_message_and_event(calculators):
    calculator = calculators(COLUMN_LINK, today=STAGE_DAYS["before"])
    calculator.field("company").fill("Acme & Sons")
    calculator.field("role").fill("Analyst")
    assert calculator.field("subject").input_value() == "Still interested in the Analyst role"
    message = calculator.field("message").input_value()
    assert "the Analyst role at Acme & Sons" in message and "[company]" not in message
    google = parse_qs(urlsplit(calculator.link("google")).query)
    assert google["text"] == ["Follow up with Acme & Sons about the Analyst role"]
    assert "Follow up with Acme & Sons about the Analyst role." in google["details"][0]
    [event] = icalendar.Calendar.from_ical(calculator.calendar_file()).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Follow up with Acme & Sons about the Analyst role"


def test_without_company_or_role_the_blanks_stay_for_the_reader(calculators):
    calculator = calculators(COLUMN_LINK, today=STAGE_DAYS["before"])
    assert calculator.field("subject").input_value() == "Still interested in the [role] role"
    google = parse_qs(urlsplit(calculator.link("google")).query)
    assert google["text"] == ["Follow up about the job"]
    calculator.field("company").fill("Acme")
    assert parse_qs(urlsplit(calculator.link("google")).query)["text"] == [
        "Follow up with Acme about the job"
    ]


def test_copy_and_email_carry_the_edited_subject_and_message(browser, served_site):
    calculator = Calculator(
        browser,
        served_site.url,
        COLUMN_LINK,
        today=STAGE_DAYS["window"],
        permissions=["clipboard-read", "clipboard-write"],
    )
    calculator.field("subject").fill("Still keen; 100% & more")
    calculator.field("message").fill("Dear Sam,\nStill keen.")
    calculator.field("company").fill("Acme")  # the reader's own words stay
    assert calculator.field("subject").input_value() == "Still keen; 100% & more"
    mailto = calculator.link("mailto")
    assert mailto.startswith("mailto:?")
    assert "%0D%0A" in mailto and re.search(r"(?<!%0D)%0A", mailto) is None
    assert parse_qs(urlsplit(mailto).query) == {
        "subject": ["Still keen; 100% & more"],
        "body": ["Dear Sam,\r\nStill keen."],
    }
    calculator.widget.locator("[data-followup-action=copy-message]").click()
    calculator.widget.locator("[data-followup-note]").get_by_text("copied").wait_for()
    copied = calculator.page.evaluate("navigator.clipboard.readText()")
    assert copied == "Subject: Still keen; 100% & more\n\nDear Sam,\nStill keen."
    calculator.close()
    assert calculator.errors == []


def test_the_calendar_file_is_free_time_with_a_9_oclock_reminder_the_day_before(calculators):
    # A browser in another language: the file still speaks the page's.
    calculator = calculators(COLUMN_LINK, today=STAGE_DAYS["before"], locale="fr-FR")
    raw = calculator.calendar_file()
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and b"\n" not in raw.replace(b"\r\n", b"")
    assert max(len(line) for line in lines) <= 75
    calendar = icalendar.Calendar.from_ical(raw)
    [event] = calendar.walk("VEVENT")
    assert [component.errors for component in calendar.walk()] == [[], [], []]
    start = event.decoded("DTSTART")
    assert type(start) is date and start == COLUMN_DATES.recommended
    assert event.decoded("DTEND") == start + timedelta(days=1)
    assert str(event["TRANSP"]) == "TRANSPARENT"
    assert event.get("UID") and event.get("DTSTAMP")
    [alarm] = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    # Relative to the all-day event's start, local midnight: 09:00 the day before.
    trigger = alarm.decoded("TRIGGER")
    assert datetime.combine(start, datetime.min.time()) + trigger == datetime.combine(
        start - timedelta(days=1), datetime.min.time().replace(hour=9)
    )
    description = event["DESCRIPTION"]
    assert description.params["LANGUAGE"] == "en"
    for day in (COLUMN_DATES.window_start, COLUMN_DATES.recommended, COLUMN_DATES.window_end):
        assert long_date(day) in str(description)
    assert "decided=2012-10-29" in str(description)


# --- the timeline ----------------------------------------------------------------------

TIMELINE_GEOMETRY = """timeline => [...timeline.children].filter((item) => !item.hidden).map(
(item) => {
  const box = (element) => element.getBoundingClientRect().toJSON();
  const label = item.querySelector(".followup-label");
  return {
    point: item.dataset.point,
    marker: box(item.querySelector(".followup-marker")),
    label: box(label),
    sizes: [...label.querySelectorAll("*")].map((e) => parseFloat(getComputedStyle(e).fontSize)),
  };
})"""


def gap(a: dict, b: dict) -> float:
    """The distance between two boxes (0 when they touch or overlap)."""
    dx = max(a["left"] - b["right"], b["left"] - a["right"], 0)
    dy = max(a["top"] - b["bottom"], b["top"] - a["bottom"], 0)
    return max(dx, dy)


def overlap(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_timeline_reads_on_a_phone(calculators, scheme):
    calculator = calculators(WITH_START, today=STAGE_DAYS["late"], color_scheme=scheme)
    timeline = calculator.widget.locator("[data-followup-timeline]")
    assert timeline.get_attribute("aria-hidden") == "true"
    for width in (320, 360, 1280):
        calculator.page.set_viewport_size({"width": width, "height": 800})
        points = timeline.evaluate(TIMELINE_GEOMETRY)
        # In date order: today falls between the recommended day and the probation's end.
        order = ["decided", "start", "window_start", "recommended", "today", "window_end"]
        assert [point["point"] for point in points] == order
        widget = calculator.widget.bounding_box()
        for point in points:
            assert min(point["sizes"]) >= 12, (width, point)
            assert gap(point["label"], point["marker"]) <= 16, (width, point)
            assert point["label"]["left"] >= widget["x"]
            assert point["label"]["right"] <= widget["x"] + widget["width"], (width, point)
        for first, second in zip(points, points[1:], strict=False):
            assert not overlap(first["label"], second["label"]), (width, first, second)
        assert calculator.page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot = timeline.screenshot()
        assert screenshot.startswith(b"\x89PNG") and len(screenshot) > 1000


# --- accessibility -----------------------------------------------------------------------


def axe_violations(page) -> list:
    results = Axe().run(page)
    return [
        (v["id"], [node["target"] for node in v["nodes"]]) for v in results.response["violations"]
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_in_any_state(calculators, scheme):
    found = {}
    for stage, today in STAGE_DAYS.items():
        calculator = calculators(COLUMN_LINK, today=today, color_scheme=scheme)
        assert calculator.stage() == stage
        found[stage] = axe_violations(calculator.page)
    calculator.enter_date("", "")  # empty: the dates wait for the answers
    assert calculator.widget.locator("[data-followup-incomplete]").is_visible()
    found["empty"] = axe_violations(calculator.page)
    calculator.enter_date("", "2026-02-30")
    calculator.enter_date("start_", "2025-01-01")
    calculator.field("year").blur()
    assert calculator.error("decided")
    found["error"] = axe_violations(calculator.page)
    assert found == dict.fromkeys(found, [])


# --- without JavaScript, in search, in another theme ------------------------------------


def test_without_javascript_the_rule_and_the_worked_example_show_and_nothing_more(
    browser, served_site
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served_site.url}/{COLUMN_URL}")
    widget = page.locator("#followup")
    text = widget.inner_text()
    assert "count 3 months from the day you were told" in text
    assert "needs JavaScript" in text
    assert "if you were told on Monday 29 October 2012" in text
    assert widget.locator("time[data-result=recommended]").inner_text() == long_date(
        COLUMN_DATES.recommended
    )
    for hidden in ("form", "[data-followup-live]", "[data-followup-answer]"):
        assert not widget.locator(hidden).is_visible()
    context.close()


def test_the_search_index_leaves_out_the_calculator(browser, served_site):
    """The widget carries data-pagefind-ignore: its words find nothing, the column's do."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{served_site.url}/search/")
    found = page.evaluate(
        """async () => {
          const pagefind = await import("/pagefind/pagefind.js");
          const count = async (word) => (await pagefind.search(word)).results.length;
          return [await count("bookmark"), await count("recruiter")];
        }"""
    )
    context.close()
    assert found == [0, 1]


@pytest.fixture(scope="module")
def notmyidea_site(tmp_path_factory):
    """The production build in Pelican's own theme, served under the same strict CSP."""
    folder = tmp_path_factory.mktemp("notmyidea-served")
    settings = variant_settings(folder, "publishconf.py", **NOTMYIDEA)
    with served_build(folder / "output", settings) as server:
        yield server


def test_the_widget_works_in_notmyidea(browser, notmyidea_site):
    calculator = Calculator(browser, notmyidea_site.url, COLUMN_LINK, today=STAGE_DAYS["late"])
    assert calculator.results() == {key: getattr(COLUMN_DATES, key).isoformat() for key in RESULTS}
    assert calculator.stage() == "late"
    # notmyidea has no favicon; nothing else may fail.
    assert [error for error in calculator.errors if "/favicon.ico" not in error] == []
    # notmyidea's own pages have known violations; the calculator must add none.
    results = Axe().run(calculator.page, context="#followup")
    calculator.close()
    assert results.violations_count == 0, results.generate_report()
