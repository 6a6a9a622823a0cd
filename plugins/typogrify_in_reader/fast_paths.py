"""Fast paths in front of four smartypants functions, with the same output.

Typogrify runs smartypants on every run of text between two tags, and smartypants runs
about twenty regular expressions on each of them: most of the time typogrify takes.
Each function below changes only text that holds a character its patterns all start
with, so text without one comes back unchanged; the fast path returns such text as it
is and hands every other text to the original function:

| function | changes only text with | patterns |
| --- | --- | --- |
| `convert_quotes` | `'` or `"` | each matches a quote character |
| `process_escapes` | a backslash | `\\\\`, `\\"`, `\\'`, `\\.`, `\\-`, `` \\` `` |
| `convert_dashes`, `convert_dashes_oldschool`, `..._inverted` | `--` | `---`, `--` |
| `convert_ellipses` | `...` or `. . .` | those two |

Read off smartypants 2.0.2 (AUDITED_VERSION); with any other version `install` leaves
smartypants as it is. smartypants() looks these functions up in its module when it
runs, so replacing the module's names is all it takes. Proven on a corpus in
tests/test_fast_paths.py: a quarter less time for typogrify at the same bytes.
"""

import smartypants

AUDITED_VERSION = "2.0.2"


def _unless_missing(original, *needed: str):
    def fast_path(text):
        if any(characters in text for characters in needed):
            return original(text)
        return text

    fast_path.original = original
    fast_path.__name__ = original.__name__
    return fast_path


FAST_PATHS = {
    "convert_quotes": ("'", '"'),
    "process_escapes": ("\\",),
    "convert_dashes": ("--",),
    "convert_dashes_oldschool": ("--",),
    "convert_dashes_oldschool_inverted": ("--",),
    "convert_ellipses": ("...", ". . ."),
}


def install() -> bool:
    """Put the fast paths in place (once); False, and nothing changed, on another version."""
    if smartypants.__version__ != AUDITED_VERSION:
        return False
    for name, needed in FAST_PATHS.items():
        function = getattr(smartypants, name)
        if not hasattr(function, "original"):
            setattr(smartypants, name, _unless_missing(function, *needed))
    return True


def uninstall() -> None:
    """smartypants' own functions back (the tests compare with them)."""
    for name in FAST_PATHS:
        function = getattr(smartypants, name)
        setattr(smartypants, name, getattr(function, "original", function))
