"""`make check`: find every mistake in the posts before anything is built.

One line per problem, `content/path.md:LINE: field: what is wrong; how to fix it`,
and a non-zero exit status when there is any. Drafts may leave the summary empty
(a warning, not an error): `make newpost` writes one that way on purpose.

The rules are plugins/content_check's, which every build also runs before it reads a
post (so `make html`, `make publish` and `make devserver` stop on the same lines).

    make check  (.venv/bin/python -m scripts.check, PYTHONPATH as the Makefile sets it)
"""

import sys

from content_check.pelican_site import site_from_settings
from content_check.rules import Problem, check_site

from . import posts

__all__ = ["Problem", "check", "main"]


def check(settings, root=posts.ROOT) -> list[Problem]:
    """Every problem in the site's posts and pages; paths shown relative to `root`."""
    return check_site(site_from_settings(settings, root))


def main() -> int:
    try:
        settings = posts.load_settings()
    except Exception as error:  # a mistake in pelicanconf.py: one line, not a traceback
        where = f" (line {error.lineno})" if isinstance(error, SyntaxError) else ""
        print(
            f"pelicanconf.py{where}: {type(error).__name__}: {error}; fix the settings",
            file=sys.stderr,
        )
        return 1
    problems = check(settings)
    for problem in problems:
        print(problem)
    errors = [p for p in problems if not p.warning]
    if errors:
        print(f"check: {len(errors)} problem(s) to fix before the site is built", file=sys.stderr)
        return 1
    print("check: every post is fine", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
