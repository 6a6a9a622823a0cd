"""What the sitemap lists and how each page is dated; connected in __init__.py.

Pelican sends `content_written` with the page's context for every page it renders, so
each page is known with what it shows: a post or page (`article`, `page`), or a list of
posts (`articles_page`, one page of a paginated listing; else `articles`).
"""

import os
import xml.etree.ElementTree as ElementTree
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from build_errors import stop_build

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
DEFAULTS = {"SITEMAP_SAVE_AS": "sitemap.xml", "SITEMAP_EXCLUDE_TEMPLATES": ["404", "search"]}
# The pages of each build, by output folder: {output path: {page path: lastmod or None}}.
_pages: dict[str, dict[str, datetime | None]] = {}


def setting(settings, name):
    return settings.get(name, DEFAULTS[name])


def forget_pages(pelican) -> None:
    """Start each build with no page, and check the settings before anything is written."""
    excluded = setting(pelican.settings, "SITEMAP_EXCLUDE_TEMPLATES")
    if not isinstance(excluded, list | tuple) or not all(isinstance(n, str) for n in excluded):
        stop_build(
            [
                f"SITEMAP_EXCLUDE_TEMPLATES must be a list of template names, not {excluded!r}; "
                'fix it in pelicanconf.py, e.g. ["404", "search"]'
            ],
            "sitemap_xml",
        )
    _pages[pelican.output_path] = {}


def newest(posts) -> datetime | None:
    dates = [getattr(post, "modified", None) or post.date for post in posts]
    return max(dates, default=None)


def excluded_outputs(settings) -> set[str]:
    """Where the excluded direct templates are written (Pelican's NAME_SAVE_AS)."""
    return {
        settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
        for name in setting(settings, "SITEMAP_EXCLUDE_TEMPLATES")
    }


def listed_page(output_file: str, context: dict) -> tuple[bool, datetime | None]:
    """(whether the page belongs in the sitemap, its lastmod)."""
    content = context.get("article") or context.get("page")
    if content is not None:
        if content.status != "published":  # drafts and hidden posts and pages
            return False, None
        if content.template in setting(context, "SITEMAP_EXCLUDE_TEMPLATES"):
            return False, None
        return True, getattr(content, "modified", None) or getattr(content, "date", None)
    # A direct template's page, or one another plugin writes with its template's name in
    # the context (the redirects plugin's pages).
    if output_file in excluded_outputs(context) or context.get("template_name") in setting(
        context, "SITEMAP_EXCLUDE_TEMPLATES"
    ):
        return False, None
    if "articles_page" in context:  # one page of a paginated listing
        return True, newest(context["articles_page"].object_list)
    return True, newest(context.get("articles", []))


def note_page(path, context) -> None:
    output_file = context.get("output_file", "")
    pages = _pages.get(context.get("OUTPUT_PATH"))
    if pages is None or not output_file.endswith(".html"):
        return
    listed, lastmod = listed_page(output_file, context)
    if listed:
        pages[output_file] = lastmod


def page_url(siteurl: str, output_file: str) -> str:
    """The page's address: its file without "index.html", every character a URL may not
    hold as it is percent-encoded (a slug may hold anything)."""
    path = output_file.removesuffix("index.html")
    return f"{siteurl}/{quote(path, safe='/')}"


def sitemap_xml(siteurl: str, pages: dict[str, datetime | None]) -> bytes:
    urlset = ElementTree.Element("urlset", xmlns=NAMESPACE)
    for url, lastmod in sorted((page_url(siteurl, path), date) for path, date in pages.items()):
        entry = ElementTree.SubElement(urlset, "url")
        ElementTree.SubElement(entry, "loc").text = url
        if lastmod is not None:
            ElementTree.SubElement(entry, "lastmod").text = lastmod.isoformat(timespec="seconds")
    ElementTree.indent(urlset)
    return ElementTree.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"


def write_sitemap(pelican) -> None:
    pages = _pages.pop(pelican.output_path, {})
    save_as = setting(pelican.settings, "SITEMAP_SAVE_AS")
    if not save_as:
        return
    target = Path(pelican.output_path) / save_as
    os.makedirs(target.parent, exist_ok=True)
    target.write_bytes(sitemap_xml(pelican.settings["SITEURL"], pages))
