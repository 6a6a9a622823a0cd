"""Site search: a Pagefind index of the built site, made at the end of every build.

Pagefind (the `pagefind` package with its bundled binary) reads the written HTML,
so it runs at Pelican's `finalized` signal. Only elements marked
`data-pagefind-body` are indexed: the theme puts it on published posts, never on
drafts or listings. SEARCH_EXCLUDE_SELECTORS names more elements to leave out.
SEARCH_INDEX = False (the devserver's preview) builds no index at all.

The settings are checked at Pelican's `initialized` signal, before anything is built;
a bad one, or a Pagefind that fails, stops the build with one line (build_errors).
"""

import subprocess
import sys

from pelican import signals

from build_errors import stop_build

SOURCE = "search"


def settings_problems(settings: dict) -> list[str]:
    problems = []
    enabled = settings.get("SEARCH_INDEX", True)
    if not isinstance(enabled, bool):
        problems.append(f"settings: SEARCH_INDEX = {enabled!r} is not True or False; set one")
    selectors = settings.get("SEARCH_EXCLUDE_SELECTORS", [])
    if not isinstance(selectors, list | tuple) or not all(isinstance(s, str) for s in selectors):
        problems.append(
            f"settings: SEARCH_EXCLUDE_SELECTORS = {selectors!r} is not a list of CSS selectors; "
            'give one, e.g. SEARCH_EXCLUDE_SELECTORS = ["#followup"], or []'
        )
    return problems


def check_settings(pelican) -> None:
    stop_build(settings_problems(pelican.settings), SOURCE)


def build_search_index(pelican) -> None:
    if not pelican.settings.get("SEARCH_INDEX", True):
        return
    command = [sys.executable, "-m", "pagefind", "--site", pelican.output_path, "--quiet"]
    for selector in pelican.settings.get("SEARCH_EXCLUDE_SELECTORS", []):
        command += ["--exclude-selectors", selector]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        output = " ".join((result.stderr or result.stdout).split())
        stop_build(
            [
                f"search: Pagefind could not index {pelican.output_path} "
                f"(exit status {result.returncode}): {output}; check that `pagefind[bin]` "
                "from requirements.txt is installed in .venv"
            ],
            SOURCE,
        )


def register():
    signals.initialized.connect(check_settings)
    signals.finalized.connect(build_search_index)
