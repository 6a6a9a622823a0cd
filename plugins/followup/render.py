"""HTML for the calculator: the widget on the article page, and the rule with its worked
example that both the page (before the script runs) and the feeds show.

Pelican-free: it turns validated options and dates into markup with the templates
beside this file, so it can be tested alone.
"""

import functools
import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    select_autoescape,
)
from markupsafe import Markup

from .options import FollowupSettings, PostOptions
from .rule import Schedule, schedule

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
# Output folder (under the site root) of the widget's script and stylesheet.
ASSET_DIR = "followup"
# The preset probations the form offers, in the rule's own spelling.
PROBATION_PRESETS = {"P90D": "90 days", "P3M": "3 months", "P6M": "6 months", "P1Y": "1 year"}
LEAD_CHOICES = {"P1W": "1 week", "P2W": "2 weeks", "P3W": "3 weeks"}
UNIT_NAMES = {"M": "month", "W": "week", "D": "day"}

_environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=False,
)


def keep_compiled(site_cache: BytecodeCache | None) -> None:
    """Keep these templates compiled between processes where the site keeps its own
    (a FileSystemBytecodeCache in JINJA_ENVIRONMENT, as the devserver's settings give
    Pelican), in a folder of their own named by a digest of this module, which sets the
    options they compile with; anywhere else (None), each process compiles them."""
    cache = None
    if isinstance(site_cache, FileSystemBytecodeCache):
        digest = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
        folder = Path(site_cache.directory) / "followup" / digest
        folder.mkdir(parents=True, exist_ok=True)
        cache = FileSystemBytecodeCache(str(folder))
    _environment.bytecode_cache = cache


@dataclass(frozen=True)
class WorkedExample:
    """The rule applied to a post's own date, shown before any script runs."""

    decided: date
    probation: str
    lead: str
    dates: Schedule


def worked_example(decided: date, options: PostOptions) -> WorkedExample:
    return WorkedExample(
        decided,
        options.probation,
        options.lead,
        schedule(decided.isoformat(), options.probation, options.lead),
    )


def long_date(day: date) -> str:
    """E.g. "Tuesday 15 January 2013": the post's own style ("29 October 2012") with the
    weekday first, as the widget's script also writes it. Month and weekday names follow
    the locale Pelican sets (its LOCALE setting)."""
    return f"{day:%A} {day.day} {day:%B} {day.year}"


def probation_parts(probation: str) -> tuple[int, str]:
    """(count, unit letter) of a probation the rule accepts; P1Y is 12 months."""
    if probation == "P1Y":
        return 12, "M"
    return int(probation[1:-1]), probation[-1]


def quantity(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def probation_label(probation: str) -> str:
    if probation in PROBATION_PRESETS:
        return PROBATION_PRESETS[probation]
    count, unit = probation_parts(probation)
    return quantity(count, UNIT_NAMES[unit])


# Where the widget's worked example goes: no template prints it otherwise.
EXAMPLE_SLOT = "\x00worked example\x00"


def rule_sentence(probation: str, lead: str) -> str:
    """The rule in one sentence a reader can apply by hand, with the post's own lengths."""
    return (
        f"The rule: count {probation_label(probation)} from the day you were told "
        "(or from the new hire’s first day, if you know it) to find when their probation "
        f"likely ends, go back {LEAD_CHOICES[lead]}, and if that falls on a "
        "Saturday or Sunday, take the Friday before."
    )


def _example_context(example: WorkedExample) -> dict:
    return {
        "example": example,
        "long_date": long_date,
        "rule": rule_sentence(example.probation, example.lead),
        "probation_label": probation_label(example.probation),
        "lead_label": LEAD_CHOICES[example.lead],
    }


def feed_html(example: WorkedExample, settings: FollowupSettings, widget_url: str) -> str:
    """The rule, the worked example and a link to the calculator: no form, no script."""
    template = _environment.get_template("feed.html")
    return template.render(
        settings=settings, widget_url=widget_url, **_example_context(example)
    ).strip()


def widget_html(example: WorkedExample, settings: FollowupSettings) -> Markup:
    """The whole widget for the article page; the form stays hidden until the script runs."""
    before, after = widget_around_example(settings, example.probation, example.lead)
    worked = _environment.get_template("example.html").render(
        live=True, **_example_context(example)
    )
    return Markup(f"{before}{worked}{after}".strip())


@functools.lru_cache(maxsize=64)
def widget_around_example(settings: FollowupSettings, probation: str, lead: str) -> tuple[str, str]:
    """The widget before and after its worked example: the same for every post with
    these lengths, so rendered once a build rather than once a post."""
    custom_count, custom_unit = probation_parts(probation)
    widget = _environment.get_template("widget.html").render(
        settings=settings,
        presets=PROBATION_PRESETS,
        leads=LEAD_CHOICES,
        units=UNIT_NAMES,
        custom_count=custom_count,
        custom_unit=custom_unit,
        probation=probation,
        lead=lead,
        rule=rule_sentence(probation, lead),
        worked_example=Markup(EXAMPLE_SLOT),
    )
    before, after = widget.split(EXAMPLE_SLOT)
    return before, after


def script_html(siteurl: str) -> Markup:
    """The module script (modules never block rendering). `siteurl` as the page's
    templates see it: relative in development."""
    return Markup('<script type="module" src="{}/{}/followup.js"></script>').format(
        siteurl, ASSET_DIR
    )


def stylesheet_html(siteurl: str) -> Markup:
    """The plugin's stylesheet, placed just before the widget, for a theme whose own
    stylesheet does not include the widget's rules: the theme keeps the only
    render-blocking stylesheet in <head>."""
    return Markup('<link rel="stylesheet" href="{}/{}/followup.css">').format(siteurl, ASSET_DIR)


def stylesheet_rules() -> Markup:
    """The widget's CSS (static/followup.css, its one source), for a theme that builds
    its own stylesheet with it."""
    return Markup((STATIC / "followup.css").read_text(encoding="utf-8"))
