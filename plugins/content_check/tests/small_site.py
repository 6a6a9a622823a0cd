"""Small sites for the rules' tests: a post's text with every field the check wants,
written into a content folder beside an about page, and the check's lines for it."""

from pathlib import Path

from pelican.settings import read_settings

from content_check.pelican_site import site_from_settings
from content_check.rules import check_site
from tests.support.sitebuild import ROOT

ABOUT = "Title: About\nSlug: about\n\nThe page.\n"


def post(slug="a-post", body="", **fields) -> str:
    """A post's text; a field given as None is left out."""
    fields = {
        "Title": "A post",
        "Date": "2026-03-02 09:00",
        "Slug": slug,
        "Category": "Interviews",
        "Summary": "A summary.",
        **fields,
    }
    lines = [f"{key}: {value}" for key, value in fields.items() if value is not None]
    return "\n".join(lines) + "\n\n" + body + "\n"


def write_content(tmp_path: Path, files: dict) -> Path:
    """tmp_path/content with the about page and `files` (path under content/ → text or
    bytes)."""
    content = tmp_path / "content"
    for name, data in {"pages/about.md": ABOUT, **files}.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return content


def problems(tmp_path: Path, files: dict, **settings) -> list[str]:
    """check's lines for a site of `files`, with paths shown from content/ (and compared
    with what tmp_path/public records, when it records anything)."""
    content = write_content(tmp_path, files)
    overrides = {"PATH": str(content), **settings}
    site = site_from_settings(
        read_settings(str(ROOT / "pelicanconf.py"), override=overrides), content
    )
    return [str(problem) for problem in check_site(site)]
