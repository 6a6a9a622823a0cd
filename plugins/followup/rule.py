"""The follow-up-date rule (version 1), free of Pelican so it can be tested alone.

All values are calendar dates: no times and no time zones, so the answer is the
same wherever and whenever it is computed. The browser copy of this rule is
static/followup-rule.js; both are checked against tests/vectors.json, which also
holds the limits below so that the two copies cannot drift apart.

The probation is counted from `start` (the new hire's first day) when it is given,
else from `decided` (the day the reader was told): with no `start`, version 1's
results are unchanged. Inputs are checked in the order decided, probation, lead,
start: the first bad one is the error reported.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

DEFAULT_PROBATION = "P3M"
DEFAULT_LEAD = "P2W"

EARLIEST_DECIDED = date(1900, 1, 1)
LATEST_DECIDED = date(2199, 12, 31)

# The last month of a probation given in weeks or days is its final 30 days.
LAST_MONTH_DAYS = 30

LEAD_DAYS = {"P1W": 7, "P2W": 14, "P3W": 21}
# Accepted counts of each probation unit: months, weeks, days.
PROBATION_LIMITS = {"M": (1, 12), "W": (5, 52), "D": (30, 366)}
# The latest start: this many months after decided.
START_MONTHS = 12

DECIDED_FORMS = "use YYYY-MM-DD, a real date from 1900-01-01 to 2199-12-31"
START_FORMS = "use YYYY-MM-DD, a real date from decided to one year after it"
PROBATION_FORMS = "use PnM ({}-{} months), P1Y, PnW ({}-{} weeks) or PnD ({}-{} days)".format(
    *PROBATION_LIMITS["M"], *PROBATION_LIMITS["W"], *PROBATION_LIMITS["D"]
)
LEAD_FORMS = "use P1W, P2W or P3W"

# [0-9] rather than \d: \d also matches non-ASCII digits.
ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
# A count with no leading zero, then one unit.
DURATION = re.compile(r"P([1-9][0-9]*)([MWD])")


class ScheduleError(ValueError):
    """A bad input. `code` is e.g. "invalid_probation", `field` e.g. "probation"."""

    def __init__(self, field, value, problem, forms):
        self.field = field
        self.code = f"invalid_{field}"
        self.value = value
        super().__init__(f"{field} {value!r} {problem}: {forms}")


@dataclass(frozen=True)
class Probation:
    """A parsed probation: a number of months, or of days (weeks become days)."""

    months: int = 0
    days: int = 0


@dataclass(frozen=True)
class Schedule:
    window_start: date  # first day of the probation's last month
    window_end: date  # estimated end of the probation
    recommended: date  # the weekday to send the follow-up


def parse_date(text, field, forms):
    """The date of a strict YYYY-MM-DD string, else ScheduleError for `field`."""
    match = ISO_DATE.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise ScheduleError(field, text, "is not in YYYY-MM-DD form", forms)
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        raise ScheduleError(field, text, "is not a real date", forms) from None


def parse_decided(text):
    day = parse_date(text, "decided", DECIDED_FORMS)
    if not EARLIEST_DECIDED <= day <= LATEST_DECIDED:
        raise ScheduleError("decided", text, "is out of range", DECIDED_FORMS)
    return day


def parse_start(text, decided_day):
    """The day the probation starts: `start` if given, else the decided day."""
    if text is None:
        return decided_day
    day = parse_date(text, "start", START_FORMS)
    if not decided_day <= day <= add_months(decided_day, START_MONTHS):
        raise ScheduleError("start", text, "is out of range", START_FORMS)
    return day


def parse_probation(text):
    if text == "P1Y":
        return Probation(months=12)
    match = DURATION.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise ScheduleError("probation", text, "is not accepted", PROBATION_FORMS)
    count, unit = int(match.group(1)), match.group(2)
    low, high = PROBATION_LIMITS[unit]
    if not low <= count <= high:
        raise ScheduleError("probation", text, "is out of range", PROBATION_FORMS)
    if unit == "M":
        return Probation(months=count)
    return Probation(days=count * 7 if unit == "W" else count)


def parse_lead(text):
    """The lead time in days."""
    if isinstance(text, str) and text in LEAD_DAYS:
        return LEAD_DAYS[text]
    raise ScheduleError("lead", text, "is not accepted", LEAD_FORMS)


def add_months(day, months):
    """Same day of month, or the month's last day where that day does not exist."""
    year, month_index = divmod(day.year * 12 + day.month - 1 + months, 12)
    month = month_index + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def back_to_weekday(day):
    """Saturday and Sunday move back to Friday."""
    weekend_days = max(0, day.weekday() - 4)  # Saturday=5 -> 1, Sunday=6 -> 2
    return day - timedelta(days=weekend_days)


def schedule(decided, probation=DEFAULT_PROBATION, lead=DEFAULT_LEAD, start=None):
    decided_day = parse_decided(decided)
    length = parse_probation(probation)
    lead_days = parse_lead(lead)
    first_day = parse_start(start, decided_day)
    if length.months:
        # From the first day directly: end-minus-a-month would lose clamped days.
        window_start = add_months(first_day, length.months - 1)
        window_end = add_months(first_day, length.months)
    else:
        window_start = first_day + timedelta(days=length.days - LAST_MONTH_DAYS)
        window_end = first_day + timedelta(days=length.days)
    recommended = back_to_weekday(window_end - timedelta(days=lead_days))
    return Schedule(window_start, window_end, recommended)
