"""The content check inside every build: before Pelican reads or writes anything, the
same rules as `make check` (rules.py); any error stops the build with one line each.
See README.md.

CONTENT_CHECK = False turns it off, for a plugin's own tests that build content the
check refuses on purpose, and for the devserver's quick step, which runs the check in a
process of its own beside the build (scripts/build.py --check-only).
"""

from pathlib import Path

from pelican import signals

from build_errors import stop_build

from .pelican_site import site_from_settings
from .rules import check_site
from .site import forget_reads, load_reads, save_reads


def check_before_reading(pelican) -> None:
    """Errors stop the build. Warnings are make check's notes on drafts, not the build's
    business. Each plugin checks its own settings (followup its FOLLOWUP_*)."""
    settings = pelican.settings
    if not settings.get("CONTENT_CHECK", True):
        return
    # With Pelican's content cache, the posts' parsed text is kept beside it.
    cache = Path(settings["CACHE_PATH"])
    if settings.get("CACHE_CONTENT") and settings.get("LOAD_CONTENT_CACHE"):
        load_reads(cache)
    # The devserver's quick step writes only the saved posts' pages (SELECTED_SOURCES,
    # plugins/selected_writing): their own rules, and the site's, are what it needs; the
    # whole-site build that follows checks every post.
    selected = settings.get("SELECTED_SOURCES")
    only = None if selected is None else frozenset(Path(path).resolve() for path in selected)
    problems = check_site(site_from_settings(settings), settings_too=False, only=only)
    if settings.get("CACHE_CONTENT"):
        save_reads(cache)
    # Nothing else in a build reads them: their memory (140 MiB at 5,000 posts) goes
    # before Pelican reads the posts again.
    forget_reads()
    stop_build((str(problem) for problem in problems if not problem.warning), "check")


def register():
    signals.initialized.connect(check_before_reading)
