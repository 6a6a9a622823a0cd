"""`Redirect_from:`, the addresses a post or page was published at before, oldest first:
how the field is read, which addresses it may hold, and where each redirect page is
written. No Pelican here: the plugin, `make check` (plugins/content_check) and the feed
ids (through the `earlier_urls` the plugin gives each post) read the field this way.

An address is written as a reader saw it below the site's root: `/2012/10/old-slug/`
(a folder, as every address of this site) or `/old-page.html` (a file, from an older
site). Several are separated by commas or spaces, on one line or on indented lines
after it.
"""

import re

FIELD = "redirect_from"
SEPARATORS = re.compile(r"[,\s]+")
# Characters a URL path holds as they are (RFC 3986 unreserved): nothing to escape or
# percent-encode, in a file name or in HTML.
SEGMENT = re.compile(r"[A-Za-z0-9._~-]+")
FILE_SUFFIXES = (".html", ".htm")
NAME_MAX = 255  # bytes in one file name
EXAMPLE = "/2012/10/old-slug/"


def addresses(value) -> list[str]:
    """The addresses a Redirect_from value lists, as written. Pelican gives one line as a
    string and a field continued on indented lines as a list of strings."""
    if value is None:
        return []
    text = " ".join(value) if isinstance(value, list | tuple) else str(value)
    return [address for address in SEPARATORS.split(text) if address]


def shape_problem(address: str) -> str | None:
    """Why `address` cannot be an old address of this site ("is ..."), or None."""
    if not address.startswith("/") or address.startswith("//"):
        return "is not an address below the site's root (it starts with one /, and has no host)"
    path = address[1:]
    if not path:
        return "is the home page"
    parts = path.removesuffix("/").split("/")
    if any(part in (".", "..") for part in parts):
        return "holds '.' or '..' (it would lead out of its folder)"
    if any(not part for part in parts):
        return "holds an empty part (//)"
    if any(not SEGMENT.fullmatch(part) for part in parts):
        return "has characters other than letters, digits, '-', '_', '.' and '~'"
    if any(len(part.encode()) > NAME_MAX for part in parts):
        return f"has a part longer than {NAME_MAX} characters (a file name cannot be)"
    if not (address.endswith("/") or address.lower().endswith(FILE_SUFFIXES)):
        return "ends neither with / (a folder, as every address of this site) nor with .html"
    return None


def site_url(address: str) -> str:
    """The address as Pelican's `url` attributes are written: `2012/10/old-slug/`."""
    return address.removeprefix("/")


def earlier_urls(value) -> tuple[str, ...]:
    """A Redirect_from value as the `earlier_urls` the plugin gives each post."""
    return tuple(site_url(address) for address in addresses(value))


def output_file(address: str) -> str:
    """Where the redirect page for `address` is written in the output folder."""
    path = site_url(address)
    return path + "index.html" if path.endswith("/") else path
