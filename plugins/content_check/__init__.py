"""The content check inside every build: before Pelican reads or writes anything, the
same rules as `make check` (rules.py); any error stops the build with one line each.
See README.md.

CONTENT_CHECK = False turns it off, for a plugin's own tests that build content the
check refuses on purpose.
"""

from pelican import signals

from build_errors import stop_build

from .pelican_site import site_from_settings
from .rules import check_site


def check_before_reading(pelican) -> None:
    """Errors stop the build. Warnings are make check's notes on drafts, not the build's
    business. Each plugin checks its own settings (followup its FOLLOWUP_*)."""
    if not pelican.settings.get("CONTENT_CHECK", True):
        return
    problems = check_site(site_from_settings(pelican.settings), settings_too=False)
    stop_build((str(problem) for problem in problems if not problem.warning), "check")


def register():
    signals.initialized.connect(check_before_reading)
