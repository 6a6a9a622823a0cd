"""Site rules on addresses that must not move: each `Redirect_from` address, and every
edit that would move a published post's or page's address or feed id, compared with
the record of the live release (published.py). No Pelican here.

What is published is what the live release records, so before the first `make publish`
(a fresh clone) there is nothing to compare with, and a damaged record is a warning and
counts as none, as `make publish` counts a damaged manifest.
"""

from collections.abc import Iterator
from pathlib import Path

from feeds.ids import entry_id
from redirects.addresses import EXAMPLE, FIELD, addresses, output_file, shape_problem, site_url

from .links import LATER_PAGE, post_url, site_outputs
from .published import DamagedRecord, Published, live_manifest, read_record
from .site import Content, Problem, setting_line, slug_of
from .sources import Post

# What moving a post or page without a redirect does to its readers.
MOVED_HARM = {
    "post": "the old address would answer 404 and feed readers would show the post twice",
    "page": "the old address would answer 404",
}


def checked_posts(content: Content) -> Iterator[Post]:
    """The posts and pages the rules read: readable, and not `Status: skip`."""
    for post in content.posts:
        if not post.unreadable and (post.get("status") or "").lower() != "skip":
            yield post


def redirect_problems(content: Content) -> Iterator[Problem]:
    """Each Redirect_from address: a path below the site's root that no post, page,
    other redirect or file of the site has."""
    outputs = site_outputs(content)
    taken: dict[str, Path] = {}  # redirect page → the post that has it
    for post in checked_posts(content):
        value = post.get(FIELD)
        if value is None:
            continue
        line = post.line_of(FIELD)
        listed = addresses(value)
        if not listed:
            yield Problem(
                post.path,
                line,
                FIELD,
                "empty; give the addresses the post was published at before, oldest first, "
                f"e.g. 'Redirect_from: {EXAMPLE}', or remove the line",
            )
        own = post_url(post, content)
        for index, address in enumerate(listed):
            why = shape_problem(address)
            if why is None and address in listed[:index]:
                why = "is given twice; keep one"
            elif why is None and site_url(address) == own:
                why = "is this post's own address; remove it"
            elif why is None:
                why = _taken_by(output_file(address), outputs, taken, content)
                if why is None and content.is_written(post):
                    taken[output_file(address)] = post.path
            if why:
                yield Problem(
                    post.path,
                    line,
                    FIELD,
                    f"'{address}' {why}; give only addresses the post was published at "
                    f"before, as a reader saw them below the site's root, e.g. '{EXAMPLE}'",
                )


def _taken_by(file: str, outputs: dict, taken: dict[str, Path], content: Content) -> str | None:
    """What already answers at the address whose page would be `file`, or None."""
    if file in outputs:
        owner = outputs[file]
        if owner is None:
            return f"is one of the site's own pages (/{file.removesuffix('index.html')})"
        if content.post_at(owner) is not None:
            return f"is the address of {content.site.shown(owner)}"
        return f"is the file {content.site.shown(owner)}"
    later = LATER_PAGE.fullmatch(file)
    if later and f"{later['listing']}index.html" in outputs:
        return "is a page of one of the site's listings"
    if file in taken:
        return f"is already a redirect of {taken[file]}"
    return None


# --- What the live release published ----------------------------------------------------


def live_record(content: Content) -> tuple[dict[str, Published] | None, Problem | None]:
    """(the live release's record, or None when nothing is published yet or the check is
    not given the link, CONTENT_CHECK_PUBLISHED; a warning when the record is damaged)."""
    site = content.site
    link = site.settings.get("CONTENT_CHECK_PUBLISHED")
    if not link:
        return None, None
    # Relative to the project: the folder that holds the content folder.
    manifest = live_manifest(Path(site.settings["PATH"]).parent / link)
    if manifest is None:
        return None, None
    try:
        return read_record(manifest), None
    except DamagedRecord as damaged:
        return None, Problem(
            site.shown(manifest),
            1,
            "published",
            f"{damaged}; it is taken as no record, so no moved address can be found until "
            "the next make publish writes a whole one",
            warning=True,
        )


def published_address_problems(content: Content) -> Iterator[Problem]:
    """Every post and page the live release serves is still served at its address (and
    at the earlier addresses it redirected from), with the same feed id."""
    record, damaged = live_record(content)
    if damaged:
        yield damaged
    if not record:
        return
    site = content.site
    by_source: dict[str, Post] = {}
    served: set[str] = set()  # every URL the content now answers at: posts, redirects
    for post in content.posts:
        if post.file is None or not post.file.is_relative_to(site.content):
            continue
        by_source[post.file.relative_to(site.content).as_posix()] = post
        if not post.unreadable and content.is_written(post):
            served.add(post_url(post, content) or "")
            served.update(site_url(address) for address in addresses(post.get(FIELD)))
    authority = site.settings.get("FEED_ID_AUTHORITY") if site.settings.get("FEEDS") else None
    recorded_authorities = {
        entry.feed_id.removeprefix("tag:").partition(":")[0]
        for entry in record.values()
        if entry.feed_id
    }
    if authority and recorded_authorities - {authority}:
        old = ", ".join(sorted(recorded_authorities - {authority}))
        yield Problem(
            *setting_line("FEED_ID_AUTHORITY", site),
            "FEED_ID_AUTHORITY",
            f"'{authority}' is not the authority the published feed ids are made with "
            f"('{old}'), and every feed reader would show every post again; set it back",
        )
        authority = None
    for url, entry in sorted(record.items()):
        post = by_source.get(entry.source)
        if post is None:
            gone = [address for address in (*entry.earlier_urls, url) if address not in served]
            if gone:
                listed = ", ".join(f"/{address}" for address in gone)
                yield Problem(
                    site.shown(site.content / entry.source),
                    1,
                    "file",
                    f"is gone, and {listed} (published) would answer 404; restore it, or "
                    f"add the line 'Redirect_from: {listed}' to the file it became (renamed, "
                    "or replaced by another post)",
                    warning=True,
                )
        elif not post.unreadable:
            yield from _moved_problems(post, url, entry, served, authority, content)


def _moved_problems(
    post: Post,
    url: str,
    entry: Published,
    served: set[str],
    authority: str | None,
    content: Content,
) -> Iterator[Problem]:
    kind = "post" if post.is_article else "page"
    new_url = post_url(post, content)
    earlier = [site_url(address) for address in addresses(post.get(FIELD))]
    if new_url != url and url not in earlier:
        yield _moved(post, url, new_url, kind, content)
        return
    if not content.is_written(post):
        if (post.get("status") or "").lower() in ("draft", "skip"):
            key, why = "status", f"'Status: {post.get('status')}' leaves out"
            fix = "remove the Status line to keep it published"
        else:
            key, why = "date", "a date later than now holds back"
            fix = "give it back a date already past"
        yield Problem(
            post.path,
            post.line_of(key),
            key,
            f"{why} the published {kind} at /{url}, whose address would answer 404; {fix}, "
            "or let the address go",
            warning=True,
        )
        return
    for gone in entry.earlier_urls:
        if gone not in served:
            yield Problem(
                post.path,
                post.line_of(FIELD),
                FIELD,
                f"/{gone} led to this {kind} and would answer 404; keep it in Redirect_from",
                warning=True,
            )
    if authority and entry.feed_id and post.is_article:
        new_id = entry_id(authority, new_url, earlier)
        if new_id != entry.feed_id:
            first = (entry.earlier_urls or (url,))[0]
            fix = (
                "Redirect_from lists only addresses this post was published at before, and "
                "it has none: remove the line"
                if first == new_url
                else f"list /{first} first in Redirect_from"
            )
            yield Problem(
                post.path,
                post.line_of(FIELD if FIELD in post.fields else "slug"),
                FIELD if FIELD in post.fields else "slug",
                f"would change the post's feed id from {entry.feed_id} to {new_id} (the id "
                "comes from the first address the post was published at, the first one in "
                f"Redirect_from), and every feed reader would show it again; {fix}",
            )


def _moved(post: Post, url: str, new_url: str, kind: str, content: Content) -> Problem:
    """The line that moved the post: its Slug, or its Date when the slug is the same."""
    same_slug = url.rstrip("/").rsplit("/", 1)[-1] == slug_of(post, content.site)
    key = "date" if post.is_article and same_slug else "slug"
    how = (
        f"add /{url} at the end of its Redirect_from line"
        if post.get(FIELD) is not None
        else f"add a line 'Redirect_from: /{url}'"
    )
    return Problem(
        post.path,
        post.line_of(key),
        key,
        f"moves the published {kind} from /{url} to /{new_url}: {MOVED_HARM[kind]}; put the "
        f"{key.title()} back, or {how} (the build leaves a redirect there"
        f"{', and the post keeps its feed id' if post.is_article else ''})",
    )
