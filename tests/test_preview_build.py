"""`make devserver`'s preview build (devserverconf.py, with the arguments
scripts/devserver.py gives scripts/build.py): what it leaves out, that its pages are
`make html`'s, and that its content cache gives the same site as a build without it."""

import re
import shutil
import subprocess
import sys

import pytest

from tests.support.sitebuild import (
    COLUMN_URL,
    ROOT,
    build_or_fail,
    files,
    preview_build,
    run_preview_build,
    soup,
)


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    folder = tmp_path_factory.mktemp("preview")
    return preview_build(folder / "output", folder / "cache", load_cache=False)


def test_preview_leaves_out_feeds_the_search_index_and_the_sitemap(preview, dev_site):
    for left_out in ("feeds", "pagefind", "sitemap.xml"):
        assert (dev_site / left_out).exists()
        assert not (preview / left_out).exists()
    page = soup(preview / "index.html")
    assert not page.head.select("link[rel=alternate]"), "no link to a feed that is not built"
    footer = " ".join(page.select_one(".site-footer").get_text().split())
    assert "Subscribe." in footer and "Subscribe:" not in footer, footer


def test_preview_pages_are_the_development_builds(preview, dev_site):
    """The same pages as `make html` (typography, calculator, listings), but for the
    feeds: the links in each head, and the list on /subscribe/."""
    pages = sorted(path.relative_to(preview) for path in preview.rglob("*.html"))
    assert pages == sorted(path.relative_to(dev_site) for path in dev_site.rglob("*.html"))
    for path in pages:
        if path.parts[0] == "subscribe":
            continue
        ours, theirs = soup(preview / path), soup(dev_site / path)
        assert str(ours.find("main")) == str(theirs.find("main")), path
        assert ours.title == theirs.title, path
    column = soup(preview / COLUMN_URL / "index.html")
    assert column.select_one("#followup"), "the calculator is on the post"
    for asset in column.select("script[src*='followup'], link[href*='followup']"):
        assert (preview / COLUMN_URL / (asset.get("src") or asset["href"])).resolve().is_file()


def test_the_preview_shows_an_authors_title_as_typed_like_make_html(tmp_path):
    """Typography in the reader (devserverconf.py) comes after the title is escaped
    (metadata_text, listed before typogrify_in_reader), as in every other build."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    title = 'Salary & benefits: <negotiate> "without" fear'
    (content / "posts" / "hostile.md").write_text(
        f"Title: {title}\nDate: 2026-03-02 08:30\nSlug: salary\nSummary: <b>bold</b> & more\n\n"
        "Body.\n",
        encoding="utf-8",
    )
    preview = preview_build(tmp_path / "preview", tmp_path / "cache", content, load_cache=False)
    development = build_or_fail(tmp_path / "dev", "pelicanconf.py", content=content)
    for site in (preview, development):
        page = soup(site / "2026/03/salary/index.html")
        assert page.h1.get_text() == "Salary & benefits: <negotiate> \u201cwithout\u201d\xa0fear"
        assert not page.find("negotiate") and not page.select_one(".summary b")
    ours, theirs = (soup(site / "2026/03/salary/index.html") for site in (preview, development))
    assert str(ours.find("main")) == str(theirs.find("main"))
    assert ours.title == theirs.title


def test_the_quick_steps_check_alone_refuses_what_a_build_refuses_and_writes_nothing(tmp_path):
    """The devserver's quick step runs the check alone (--check-only) beside a build with
    the check off, and takes the check's word: the same lines as a build that checks
    first, and no output."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    column = next((content / "posts").glob("*.md"))
    broken = content / "posts" / "broken.md"
    broken.write_text(
        "Title: Broken\nDate: 2026-02-30\nSlug: broken\nSummary: A post.\n\nBody.\n",
        encoding="utf-8",
    )

    def run(output, **options):
        return run_preview_build(output, tmp_path / "cache", content, **options)

    checked = run(tmp_path / "checked", selected=[broken], check_only=True)
    built = run(tmp_path / "built", selected=[broken])
    assert checked.returncode == built.returncode == 1
    assert "broken.md:2: date:" in checked.stderr and checked.stderr == built.stderr
    without_check = run(tmp_path / "unchecked", selected=[broken], content_check=False)
    assert without_check.returncode == 1 and "broken.md:2: date:" not in without_check.stderr

    broken.unlink()
    checked = run(tmp_path / "checked", selected=[column], check_only=True)
    assert checked.returncode == 0, checked.stderr
    assert not (tmp_path / "checked").exists(), "the check alone builds nothing"


@pytest.mark.parametrize("posts", [30, pytest.param(400, marks=pytest.mark.slow)])
def test_a_warm_rebuild_shows_an_edit_and_equals_a_build_without_the_cache(tmp_path, posts):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    generate = [sys.executable, "-m", "bench.generate", "--count", str(posts)]
    subprocess.run(
        [*generate, str(content / "posts" / "bench")], cwd=ROOT, check=True, capture_output=True
    )
    cache = tmp_path / "cache"
    preview_build(tmp_path / "first", cache, content, load_cache=False)

    # A new slug and a new sentence in a post the next newer post links to.
    post = sorted((content / "posts" / "bench").glob("*.md"))[posts // 2]
    text = post.read_text(encoding="utf-8")
    slug = re.search(r"^Slug: (.+)$", text, re.MULTILINE).group(1)
    post.write_text(
        text.replace(f"Slug: {slug}", f"Slug: {slug}-edited")
        + '\nClosing words -- "edited" by the test for this check.\n',
        encoding="utf-8",
    )
    warm = preview_build(tmp_path / "warm", cache, content)
    cold = preview_build(tmp_path / "cold", tmp_path / "no-cache", content, load_cache=False)

    [page] = warm.glob(f"*/*/{slug}-edited/index.html")
    assert "&#8220;edited&#8221; by the test" in page.read_text(encoding="utf-8")
    for links in (".post-nav a[rel=prev]", ".post-nav a[rel=next]", ".related a"):
        assert soup(page).select(links), links
    warm_files, cold_files = files(warm), files(cold)
    assert warm_files.keys() == cold_files.keys()
    differ = [str(path) for path in warm_files if warm_files[path] != cold_files[path]]
    assert not differ, f"the cached build differs from a fresh one in {differ[:5]}"
