"""The follow-up-date rule: shared vectors, properties, and the JavaScript twin."""

import json
import os
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from followup.rule import (
    DEFAULT_LEAD,
    DEFAULT_PROBATION,
    LEAD_DAYS,
    PROBATION_LIMITS,
    START_MONTHS,
    Schedule,
    ScheduleError,
    schedule,
)

HERE = Path(__file__).resolve().parent

VECTORS = json.loads((HERE / "vectors.json").read_text("utf-8"))
INPUTS = ("decided", "probation", "lead", "start")


def call(case):
    """Call schedule with only the inputs the case gives, so omitted ones default."""
    return schedule(**{name: case[name] for name in INPUTS if name in case})


def test_vectors_cover_enough_cases():
    assert len(VECTORS["valid"]) + len(VECTORS["invalid"]) >= 80
    notes = [case["note"] for case in VECTORS["valid"] + VECTORS["invalid"]]
    assert len(notes) == len(set(notes))
    with_start = [case for case in VECTORS["valid"] if case.get("start")]
    assert len(with_start) >= 8
    assert {"invalid_decided", "invalid_probation", "invalid_lead", "invalid_start"} == {
        case["code"] for case in VECTORS["invalid"]
    }


def test_limits_are_the_ones_the_javascript_rule_is_checked_against():
    """The vector file holds the limits; the JavaScript suite checks its copy the same way."""
    limits = VECTORS["limits"]
    assert {unit: tuple(pair) for unit, pair in limits["probation"].items()} == PROBATION_LIMITS
    assert limits["lead_days"] == LEAD_DAYS
    assert limits["start_months"] == START_MONTHS


@pytest.mark.parametrize("case", VECTORS["valid"], ids=lambda case: case["note"])
def test_valid_vector(case):
    result = call(case)
    assert isinstance(result, Schedule)
    assert result.window_start.isoformat() == case["window_start"]
    assert result.window_end.isoformat() == case["window_end"]
    assert result.recommended.isoformat() == case["recommended"]


@pytest.mark.parametrize("case", VECTORS["invalid"], ids=lambda case: case["note"])
def test_invalid_vector(case):
    with pytest.raises(ScheduleError) as caught:
        call(case)
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.code == case["code"]
    assert error.field == case["code"].removeprefix("invalid_")
    assert repr(case.get(error.field)) in str(error)
    assert str(error).startswith(error.field + " ")


def test_defaults():
    assert (DEFAULT_PROBATION, DEFAULT_LEAD) == ("P3M", "P2W")
    assert schedule("2026-03-08") == schedule("2026-03-08", "P3M", "P2W")


def test_message_names_the_accepted_forms():
    with pytest.raises(ScheduleError, match=r"P4W.*PnM \(1-12 months\), P1Y, PnW"):
        schedule("2026-03-08", "P4W")
    with pytest.raises(ScheduleError, match=r"P14D.*P1W, P2W or P3W"):
        schedule("2026-03-08", "P3M", "P14D")
    with pytest.raises(ScheduleError, match=r"1899-12-31.*1900-01-01 to 2199-12-31"):
        schedule("1899-12-31")


def test_schedule_is_frozen():
    result = schedule("2026-03-08")
    with pytest.raises(AttributeError):
        result.recommended = date(2026, 1, 1)


DECIDED = st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31))
PROBATION = st.one_of(
    st.integers(1, 12).map("P{}M".format),
    st.just("P1Y"),
    st.integers(5, 52).map("P{}W".format),
    st.integers(30, 366).map("P{}D".format),
)
LEAD = st.sampled_from(["P1W", "P2W", "P3W"])


def check_invariant(decided, probation, lead, start=None):
    result = schedule(decided.isoformat(), probation, lead, start and start.isoformat())
    assert (start or decided) <= result.window_start <= result.recommended < result.window_end
    assert result.recommended.weekday() < 5
    # The weekend shift only ever moves back by zero, one or two days.
    lead_days = {"P1W": 7, "P2W": 14, "P3W": 21}[lead]
    unshifted = result.window_end - timedelta(days=lead_days)
    assert 0 <= (unshifted - result.recommended).days <= 2


@given(DECIDED, PROBATION, LEAD)
def test_invariant_over_the_whole_domain(decided, probation, lead):
    check_invariant(decided, probation, lead)


@given(DECIDED, st.integers(0, 365), PROBATION, LEAD)
def test_a_start_date_counts_every_date_from_start(decided, offset, probation, lead):
    start = decided + timedelta(days=offset)  # 365 days are never more than a year
    check_invariant(decided, probation, lead, start)
    from_start = schedule(decided.isoformat(), probation, lead, start.isoformat())
    # Starting the count later moves no date earlier.
    assert from_start.window_end >= schedule(decided.isoformat(), probation, lead).window_end


@given(DECIDED, st.integers(-400, 400))
def test_start_is_accepted_from_decided_to_one_year_after(decided, offset):
    start = decided + timedelta(days=offset)
    if decided <= start <= decided + relativedelta(years=1):  # 29 February: 28 February
        schedule(decided.isoformat(), start=start.isoformat())
    else:
        with pytest.raises(ScheduleError) as caught:
            schedule(decided.isoformat(), start=start.isoformat())
        assert caught.value.code == "invalid_start"


@pytest.mark.slow
def test_invariant_for_every_decided_date_in_the_tightest_cases():
    # Longest lead with the shortest last months (28-day February, 30 days).
    day = date(1900, 1, 1)
    while day <= date(2199, 12, 31):
        for probation in ("P1M", "P2M", "P30D", "P5W"):
            check_invariant(day, probation, "P3W")
        day += timedelta(days=1)


@given(DECIDED, st.integers(1, 12))
def test_months_keep_the_day_or_take_the_last_day(decided, months):
    result = schedule(decided.isoformat(), f"P{months}M")
    end = result.window_end
    assert (end.year * 12 + end.month) - (decided.year * 12 + decided.month) == months
    next_day = end + timedelta(days=1)
    assert end.day == decided.day or (end.day < decided.day and next_day.day == 1)
    start = result.window_start
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == 1
    assert start.day == decided.day or (start + timedelta(days=1)).day == 1


@given(
    DECIDED,
    st.sampled_from([("P1Y", "P12M")] + [(f"P{n}W", f"P{7 * n}D") for n in range(5, 53)]),
    LEAD,
)
def test_equivalent_spellings_agree(decided, spellings, lead):
    first, second = spellings
    assert schedule(decided.isoformat(), first, lead) == schedule(decided.isoformat(), second, lead)


@given(DECIDED, st.integers(5, 52), st.integers(30, 366))
def test_weeks_and_days_add_exact_days(decided, weeks, days):
    for probation, total in ((f"P{weeks}W", 7 * weeks), (f"P{days}D", days)):
        result = schedule(decided.isoformat(), probation)
        assert (result.window_end - decided).days == total
        assert (result.window_end - result.window_start).days == 30


ACCEPTED_PROBATION = {f"P{n}M" for n in range(1, 13)} | {"P1Y"}
ACCEPTED_PROBATION |= {f"P{n}W" for n in range(5, 53)} | {f"P{n}D" for n in range(30, 367)}
NEAR_DURATIONS = st.one_of(
    st.text(max_size=8),
    st.from_regex(r"[Pp ]?[+-]?[0-9]{1,4}[MWDYmwdy]{1,2}\s?", fullmatch=True),
)


@given(NEAR_DURATIONS)
def test_probation_outside_the_accepted_set_is_rejected(text):
    if text in ACCEPTED_PROBATION:
        assert schedule("2026-03-08", text).window_end > date(2026, 3, 8)
    else:
        with pytest.raises(ScheduleError) as caught:
            schedule("2026-03-08", text)
        assert caught.value.code == "invalid_probation"


@given(NEAR_DURATIONS)
def test_lead_outside_the_three_forms_is_rejected(text):
    if text in {"P1W", "P2W", "P3W"}:
        return
    with pytest.raises(ScheduleError) as caught:
        schedule("2026-03-08", "P3M", text)
    assert caught.value.code == "invalid_lead"


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(3000, 12, 31)))
def test_decided_is_accepted_exactly_in_range(decided):
    text = decided.isoformat()
    if date(1900, 1, 1) <= decided <= date(2199, 12, 31):
        schedule(text)
    else:
        with pytest.raises(ScheduleError) as caught:
            schedule(text)
        assert caught.value.code == "invalid_decided"


@given(st.integers(1900, 2199), st.integers(0, 99), st.integers(0, 99))
def test_decided_must_be_a_real_date(year, month, day):
    text = f"{year:04d}-{month:02d}-{day:02d}"
    try:
        date(year, month, day)
    except ValueError:
        with pytest.raises(ScheduleError) as caught:
            schedule(text)
        assert caught.value.code == "invalid_decided"
    else:
        schedule(text)


def run_javascript_suite(*zones: str) -> None:
    if shutil.which("node") is None and os.environ.get("REQUIRE_BROWSER") != "1":
        pytest.skip("node is not installed (set REQUIRE_BROWSER=1 to make this fail)")
    script = HERE / "js" / "run-node-tests.sh"
    completed = subprocess.run(
        ["bash", str(script), *zones], capture_output=True, text=True, timeout=600
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert f"all {len(zones) or 8} time zones passed" in completed.stdout


def test_javascript_suite_passes_in_two_time_zones():
    """The farthest-apart offsets; the suite itself proves the rule never uses Date."""
    run_javascript_suite("Pacific/Kiritimati", "America/Los_Angeles")


@pytest.mark.slow
def test_javascript_suite_passes_in_every_time_zone():
    run_javascript_suite()
