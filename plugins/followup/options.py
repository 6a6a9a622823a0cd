"""The calculator's settings and per-post metadata, checked into validated options.

Pelican-free on purpose: scripts/check.py imports it to check posts without a build,
so one module decides what is valid. Every error names the field, the value and the
accepted forms; the caller adds the file.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .rule import (
    DEFAULT_LEAD,
    DEFAULT_PROBATION,
    LEAD_FORMS,
    PROBATION_FORMS,
    ScheduleError,
    parse_lead,
    parse_probation,
)

# [company] and [role] in the subject and messages become what the reader enters.
DEFAULT_TEXTS = {
    "FOLLOWUP_HEADING": "When to follow up",
    "FOLLOWUP_INTRO": (
        "Finished second? Follow up near the end of the new hire’s probation, when the "
        "manager is deciding whether to keep them."
    ),
    "FOLLOWUP_SUBJECT": "Still interested in the [role] role",
    # While the new hire's probation is likely still running.
    "FOLLOWUP_MESSAGE": (
        "Dear [hiring manager’s name],\n\n"
        "Thank you again for considering me for the [role] role at [company] a few months "
        "ago. I was sorry to miss out, and I have kept following [company]’s work since.\n\n"
        "I remain very interested in the role and the team. If anything has changed, or "
        "a similar position opens, I would welcome the chance to talk again.\n\n"
        "Best regards,\n[your name]"
    ),
    # Once it has probably ended.
    "FOLLOWUP_MESSAGE_AFTER": (
        "Dear [hiring manager’s name],\n\n"
        "Some time ago you considered me for the [role] role at [company]. I was sorry "
        "to miss out, and I have kept following [company]’s work since.\n\n"
        "I am still very interested in joining your team. If the role opens again, or a "
        "similar one comes up, I would welcome the chance to talk.\n\n"
        "Best regards,\n[your name]"
    ),
}
SETTING_DEFAULTS = {
    "FOLLOWUP_PROBATION": DEFAULT_PROBATION,
    "FOLLOWUP_LEAD": DEFAULT_LEAD,
    # False when the theme's own stylesheet includes followup_stylesheet() (one request fewer).
    "FOLLOWUP_STYLESHEET": True,
    **DEFAULT_TEXTS,
}
SWITCH_FORMS = "use on or off"
BOOLEAN_FORMS = "use True or False"
TEXT_FORMS = "use a non-empty string"


class FollowupOptionError(ValueError):
    """A bad setting or metadata value. `field` is its name, e.g. "followup_lead"."""

    def __init__(self, field: str, value: object, accepted: str):
        self.field = field
        self.value = value
        self.accepted = accepted
        super().__init__(f"{field} {value!r} is not accepted: {accepted}")


@dataclass(frozen=True)
class FollowupSettings:
    probation: str
    lead: str
    heading: str
    intro: str
    subject: str
    message: str
    message_after: str
    stylesheet: bool


@dataclass(frozen=True)
class PostOptions:
    probation: str
    lead: str


def _checked(field: str, value: object, parse: Callable[[object], object], forms: str) -> str:
    """value itself once `parse` accepts it, else FollowupOptionError naming the forms."""
    try:
        parse(value)
    except ScheduleError:
        raise FollowupOptionError(field, value, forms) from None
    return value


def followup_settings(settings: Mapping[str, object]) -> FollowupSettings:
    """The FOLLOWUP_* settings with their defaults, or FollowupOptionError."""
    for name in settings:
        if name.startswith("FOLLOWUP_") and name not in SETTING_DEFAULTS:
            known = ", ".join(SETTING_DEFAULTS)
            raise FollowupOptionError(name, settings[name], f"not a setting; use one of {known}")
    values = {name: settings.get(name, default) for name, default in SETTING_DEFAULTS.items()}
    for name in DEFAULT_TEXTS:
        if not isinstance(values[name], str) or not values[name].strip():
            raise FollowupOptionError(name, values[name], TEXT_FORMS)
    if not isinstance(values["FOLLOWUP_STYLESHEET"], bool):
        raise FollowupOptionError(
            "FOLLOWUP_STYLESHEET", values["FOLLOWUP_STYLESHEET"], BOOLEAN_FORMS
        )
    return FollowupSettings(
        probation=_checked(
            "FOLLOWUP_PROBATION", values["FOLLOWUP_PROBATION"], parse_probation, PROBATION_FORMS
        ),
        lead=_checked("FOLLOWUP_LEAD", values["FOLLOWUP_LEAD"], parse_lead, LEAD_FORMS),
        heading=values["FOLLOWUP_HEADING"],
        intro=values["FOLLOWUP_INTRO"],
        subject=values["FOLLOWUP_SUBJECT"],
        message=values["FOLLOWUP_MESSAGE"],
        message_after=values["FOLLOWUP_MESSAGE_AFTER"],
        stylesheet=values["FOLLOWUP_STYLESHEET"],
    )


def post_options(
    metadata: Mapping[str, object], defaults: "FollowupSettings | Mapping[str, object]"
) -> PostOptions | None:
    """A post's calculator options, or None when its metadata says `followup: off`.

    `defaults` is the validated settings, or the raw Pelican settings to validate.
    """
    if not isinstance(defaults, FollowupSettings):
        defaults = followup_settings(defaults)
    switch = metadata.get("followup", "on")
    if not isinstance(switch, str) or switch.strip().lower() not in ("on", "off"):
        raise FollowupOptionError("followup", switch, SWITCH_FORMS)
    if switch.strip().lower() == "off":
        return None
    return PostOptions(
        probation=_checked(
            "followup_probation",
            metadata.get("followup_probation", defaults.probation),
            parse_probation,
            PROBATION_FORMS,
        ),
        lead=_checked(
            "followup_lead", metadata.get("followup_lead", defaults.lead), parse_lead, LEAD_FORMS
        ),
    )
