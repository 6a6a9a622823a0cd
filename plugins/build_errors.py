"""How every plugin of this site stops a build on a mistake in a setting or in a post:
one line per problem, then one summary line, exit status 1, and no traceback.

Not a plugin: a module the plugins import (plugins/ is on the import path, see the
Makefile). Raise it before anything is written: settings at Pelican's `initialized`
signal, metadata as soon as it is read.

It is a SystemExit rather than an Exception: Pelican catches exceptions and logs them
with a traceback, while a SystemExit goes straight to the interpreter, which prints the
message and exits with status 1 (scripts/build.py prints the same lines).
"""

from collections.abc import Iterable


class BuildStopped(SystemExit):
    """`problems`: one line each, e.g. "content/posts/x.md:3: slug: ...; fix"."""

    def __init__(self, problems: Iterable[str], source: str):
        self.problems = list(problems)
        self.summary = f"{source}: {len(self.problems)} problem(s) above; fix them and build again"
        super().__init__("\n".join([*self.problems, self.summary]))


def stop_build(problems: Iterable[str], source: str) -> None:
    """Stop the build if there is any problem; `source` names the plugin or check."""
    problems = list(problems)
    if problems:
        raise BuildStopped(problems, source)
