"""Site search: a Pagefind index of the built site, made at the end of every build.

Pagefind (the `pagefind` package with its bundled binary) reads the written HTML,
so it runs at Pelican's `finalized` signal. Only elements marked
`data-pagefind-body` are indexed: the theme puts it on published posts, never on
drafts or listings. SEARCH_EXCLUDE_SELECTORS names more elements to leave out.
"""

import subprocess
import sys

from pelican import signals


class SearchIndexError(RuntimeError):
    """Pelican prints this message without a traceback and exits non-zero."""


def build_search_index(pelican) -> None:
    selectors = pelican.settings.get("SEARCH_EXCLUDE_SELECTORS", [])
    if not isinstance(selectors, list | tuple) or not all(isinstance(s, str) for s in selectors):
        raise SearchIndexError(
            f"SEARCH_EXCLUDE_SELECTORS must be a list of CSS selectors, not {selectors!r}: "
            'fix it in pelicanconf.py, e.g. SEARCH_EXCLUDE_SELECTORS = ["#followup"]'
        )
    command = [sys.executable, "-m", "pagefind", "--site", pelican.output_path, "--quiet"]
    for selector in selectors:
        command += ["--exclude-selectors", selector]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SearchIndexError(
            f"search: Pagefind could not index {pelican.output_path} "
            f"(exit status {result.returncode}): {(result.stderr or result.stdout).strip()}. "
            "Check that `pagefind[bin]` from requirements.txt is installed in .venv."
        )


def register():
    signals.finalized.connect(build_search_index)
