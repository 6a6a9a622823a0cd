"""Where each link and image of a post leads, as the browser resolves it from the post's
address, and every file a production build writes. No Pelican here."""

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import imagesize

from redirects.addresses import FIELD, addresses, output_file, shape_problem

from .references import IMAGE
from .site import Content, Problem, Site, format_of, names, slug_of, term_file_settings, walk
from .sources import Post

OG_IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".webp")


def image_alt_problems(post: Post, content: Content) -> Iterator[Problem]:
    how = "describe the image for readers who cannot see it"
    for reference in content.references(post):
        if reference.kind != IMAGE or (reference.alt or "").strip():
            continue
        if reference.html:
            message = f'<img src="{reference.url}"> has no alt text; add alt="..." and {how}'
        else:
            message = f"{reference.url} has no alt text; {how}: ![what it shows]({reference.url})"
        yield Problem(post.path, reference.line, "image", message)


# A listing's later pages (index, tag, category, author): "tag/salary/page/2/index.html".
LATER_PAGE = re.compile(r"(?P<listing>(?:.*/)?)page/[0-9]+/index\.html")


@dataclass
class Target:
    """Where a link leads: a file of the site (output path), or why it leads nowhere."""

    output: str | None  # e.g. "2026/03/slug/index.html"; None: outside the site
    problem: str | None = None


def link_problems(post: Post, content: Content) -> Iterator[Problem]:
    outputs = site_outputs(content)
    base = post_url(post, content)
    for reference in content.references(post):
        target = resolve(reference.url, post, base, content, outputs)
        if target is None:
            continue
        shown = reference.url if len(reference.url) <= 80 else reference.url[:77] + "..."
        problem = target.problem
        moved_to = redirect_outputs(content).get(target.output)
        if problem is None and moved_to is not None:
            yield Problem(
                post.path,
                reference.line,
                "image" if reference.kind == IMAGE else "link",
                f"{shown} leads to a redirect to /{post_url(moved_to, content)} (Redirect_from "
                f"of {moved_to.path}); link to where it leads",
                warning=True,
            )
            continue
        if problem is None and target.output not in outputs:
            problem = (
                f"leads to /{target.output.removesuffix('index.html')}, which the site does "
                "not have; fix the address"
                if target.output is not None
                else "leads outside the site; fix the address"
            )
        if problem is None and reference.kind == IMAGE:
            problem = image_size_problem(outputs[target.output], content.site)
        if problem:
            field_name = "image" if reference.kind == IMAGE else "link"
            yield Problem(post.path, reference.line, field_name, f"{shown} {problem}")


def image_size_problem(source: Path | None, site: Site) -> str | None:
    """The images plugin gives every local image its width and height."""
    if source is None:
        return None
    width, height = imagesize.get(source)
    if width > 0 and height > 0:
        return None
    return (
        f"is {site.shown(source)}, whose width and height cannot be read; save it as "
        "PNG, JPEG, GIF or WebP (or an SVG with width and height)"
    )


def post_url(post: Post, content: Content) -> str | None:
    """The address of the post once published, from the site's root ("2026/03/slug/")."""
    key = "ARTICLE_URL" if post.is_article else "PAGE_URL"
    try:
        return format_url(content.site.settings[key], post, content)
    except (KeyError, IndexError, ValueError, AttributeError):
        return None


def format_url(pattern: str, post: Post, content: Content) -> str:
    site = content.site
    category = post.get("category") or site.settings.get("DEFAULT_CATEGORY", "")
    authors = names(post, "authors") or [post.get("author") or site.settings.get("AUTHOR", "")]
    values = {key: found.value for key, found in post.fields.items()}
    values.update(
        slug=slug_of(post, site) or "",
        lang=post.get("lang") or site.settings["DEFAULT_LANG"],
        date=content.date(post) or site.now,
        category=site.slugify(category, "CATEGORY"),
        author=site.slugify(authors[0] if authors else "", "AUTHOR"),
    )
    return pattern.format(**values)


def resolve(
    url: str, post: Post, base: str | None, content: Content, outputs: dict
) -> Target | None:
    """Where `url`, written in `post`, leads; None for what is not the site's (another
    site, mailto:, a fragment of this page)."""
    site = content.site
    intrasite = re.match(site.settings["INTRASITE_LINK_REGEX"], url)
    if intrasite:
        return _resolve_intrasite(intrasite.group("what"), url[intrasite.end() :], post, content)
    parts = urlsplit(url)
    if parts.scheme or url.startswith("//") or not parts.path or base is None:
        return None
    site_path = urlsplit(site.settings.get("SITEURL") or "").path.rstrip("/") + "/"
    fetched = urlsplit(urljoin(site_path + base, url)).path
    if not fetched.startswith(site_path):
        return Target(None)
    output = unquote(fetched.removeprefix(site_path))
    if output == "" or output.endswith("/"):
        output += "index.html"
    elif output not in outputs and f"{output}/index.html" in outputs:
        output += "/index.html"  # /about: the server redirects to /about/
    later = LATER_PAGE.fullmatch(output)
    if later and f"{later['listing']}index.html" in outputs:
        return None  # a listing's page 2, 3...: taken on trust when the listing exists
    return Target(output)


def _resolve_intrasite(what: str, value: str, post: Post, content: Content) -> Target | None:
    site = content.site
    path = unquote(urlsplit(value).path)
    if what in ("filename", "static", "attach"):
        source = _content_file(path, post, site)
        shown = site.shown(source) if source else path
        linked = content.post_at(source)
        if what == "filename":
            if linked is None:
                if source and source.is_file():
                    return Target(None, f"is the file {shown}, not a post or page; use {{static}}")
                return Target(
                    None,
                    f"points to {shown}, which does not exist; fix the path "
                    "(relative to this file, or starting with / for content/)",
                )
            if not content.is_written(linked):
                return Target(
                    None,
                    f"points to {shown}, which is not published "
                    "(a draft, or dated later); link to it once it is",
                )
            return None
        if linked is not None:
            return Target(None, f"points to the post {shown}; use {{filename}}")
        if not source or not source.is_file():
            return Target(
                None,
                f"points to {shown}, which does not exist; fix the path "
                "(relative to this file, or starting with / for content/)",
            )
        return Target(static_output(source, site))
    kinds = {"tag": "TAG", "category": "CATEGORY", "author": "AUTHOR"}
    if what in kinds:
        slug = site.slugify(path, kinds[what])
        return Target(site.settings[f"{kinds[what]}_SAVE_AS"].format(slug=slug))
    if what == "index":
        return Target(site.settings.get("INDEX_SAVE_AS", "index.html"))
    return None


def _content_file(path: str, post: Post, site: Site) -> Path | None:
    if not path:
        return None
    base = site.content if path.startswith("/") else post.file.parent
    return Path(os.path.normpath(base / path.lstrip("/")))


def static_output(source: Path, site: Site) -> str:
    relative = (
        source.relative_to(site.content).as_posix()
        if source.is_relative_to(site.content)
        else source.name
    )
    extra = site.settings.get("EXTRA_PATH_METADATA", {}).get(relative, {})
    return extra.get("save_as") or site.settings["STATIC_SAVE_AS"].format(path=relative)


def site_outputs(content: Content) -> dict[str, Path | None]:
    """Every file a production build writes (output path → its source file, if any)."""
    if content.outputs is not None:
        return content.outputs
    site = content.site
    settings = site.settings
    outputs: dict[str, Path | None] = {}
    sources = {post.file for post in content.posts}
    for path in walk(site, settings["STATIC_PATHS"], settings["STATIC_EXCLUDES"]):
        if not format_of(path, site) or path not in sources:
            outputs[static_output(path, site)] = path
    for post in content.posts:
        for reference in content.references(post):
            found = re.match(settings["INTRASITE_LINK_REGEX"], reference.url)
            if found and found.group("what") in ("static", "attach"):
                source = _content_file(
                    unquote(urlsplit(reference.url[found.end() :]).path), post, site
                )
                if source and source.is_file():
                    outputs[static_output(source, site)] = source
    theme = Path(settings["THEME"])
    for folder in settings.get("THEME_STATIC_PATHS", ["static"]):
        root = theme / folder
        for path in root.rglob("*") if root.is_dir() else []:
            if path.is_file():
                output = f"{settings['THEME_STATIC_DIR']}/{path.relative_to(root).as_posix()}"
                outputs[output] = path
    for name in settings.get("DIRECT_TEMPLATES", []):
        outputs[settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")] = None
    feeds = [settings.get(name) for name in ("FEED_ALL_ATOM", "FEED_ALL_RSS", "FEED_ALL_JSON")]
    feeds += ((settings.get("FEEDS") or {}).get("all") or {}).values()
    for name in [*feeds, settings.get("SITEMAP_SAVE_AS")]:
        if name:
            outputs[name] = None
    for post in content.posts:
        if not content.is_written(post):
            continue
        try:
            key = "ARTICLE_SAVE_AS" if post.is_article else "PAGE_SAVE_AS"
            outputs[format_url(settings[key], post, content)] = post.file
        except (KeyError, IndexError, ValueError, AttributeError):
            continue
        if not post.is_article or not content.is_listed(post):
            continue
        date = content.date(post)
        for name in ("YEAR_ARCHIVE_SAVE_AS", "MONTH_ARCHIVE_SAVE_AS", "DAY_ARCHIVE_SAVE_AS"):
            if settings.get(name) and date:
                outputs[settings[name].format(date=date)] = None
        terms = [("TAG", tag) for tag in names(post, "tags")]
        terms.append(("CATEGORY", post.get("category") or settings.get("DEFAULT_CATEGORY", "")))
        authors = names(post, "authors") or [post.get("author") or settings.get("AUTHOR", "")]
        terms += [("AUTHOR", author) for author in authors]
        for kind, name in terms:
            slug = site.slugify(name, kind) if name else ""
            for setting in term_file_settings(kind, site):
                outputs[setting.format(slug=slug)] = None
    content.outputs = outputs
    return outputs


def redirect_outputs(content: Content) -> dict[str, Post]:
    """The redirect page each written post or page leaves at its earlier addresses
    (Redirect_from, plugins/redirects): output path → the post it leads to."""
    if content.redirects is None:
        content.redirects = {
            output_file(address): post
            for post in content.posts
            if content.is_written(post)
            for address in addresses(post.get(FIELD))
            if not shape_problem(address)
        }
    return content.redirects


def image_field_problems(post: Post, content: Content) -> Iterator[Problem]:
    """`Image:` names the picture shared with links to the post (og:image)."""
    value = post.get("image")
    if value is None:
        return
    how = "give a PNG, JPEG, GIF or WebP file of the site, e.g. {static}/images/cover.png"
    target = resolve(value, post, post_url(post, content), content, site_outputs(content))
    outputs = site_outputs(content)
    problem = None
    if target is None:
        problem = f"'{value}' is not a file of the site; {how}"
    elif target.problem:
        problem = f"'{value}' {target.problem}"
    elif target.output not in outputs or outputs[target.output] is None:
        problem = f"'{value}' is not a file of the site; {how}"
    elif not target.output.lower().endswith(OG_IMAGE_TYPES):
        problem = f"'{value}' is not a picture that link previews show; {how}"
    else:
        size = image_size_problem(outputs[target.output], content.site)
        problem = f"'{value}' {size}" if size else None
    if problem:
        yield Problem(post.path, post.line_of("image"), "image", problem)
