"""`make rollback`: make the release before the live one live again, in one step.

    .venv/bin/python -m scripts.rollback

`public` is pointed back at the previous release (releases/, docs/publishing.md); the
release it served stays until the next publish removes it, so its manifest still says
what it held. Waits for a publish that is running. Exit status 0 done, 1 nothing to go
back to or a problem (one line says which).
"""

import errno
import sys

from . import posts
from .releases import ReleaseLayout


def rollback(layout: ReleaseLayout) -> str:
    """Make the previous release live; one line saying what happened."""

    def say_waiting():
        print("rollback: a publish is running; waiting for it (Ctrl-C stops)", flush=True)

    with layout.lock(on_wait=say_waiting):
        live, previous = layout.live(), layout.previous()
        if live is None:
            raise LookupError("nothing is published yet (make publish SITEURL=https://...)")
        if previous is None:
            raise LookupError(f"{live} is live and no release before it is kept")
        layout.make_live(previous)
    return f"rollback: {layout.link.name}/ serves {previous} again (instead of {live})"


def main() -> int:
    try:
        print(rollback(ReleaseLayout(posts.ROOT)))
    except LookupError as nothing:
        print(f"rollback: {nothing}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("rollback: interrupted; nothing changed", file=sys.stderr)
        return 130
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        name = errno.errorcode.get(error.errno, "")
        print(f"rollback: stopped: {where}{error.strerror} ({name})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
