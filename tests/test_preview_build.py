"""`make devserver`'s preview build (devserverconf.py, run as scripts/devserver.py runs
it): what it leaves out, what it keeps, and its content cache giving the same site as a
build without it."""

import re
import shutil
import subprocess
import sys

import pytest

from scripts import devserver
from tests.support.sitebuild import COLUMN_URL, ROOT, soup

# Pickling the cache failed with RecursionError from about 330 posts linked older/newer.
POSTS = 400


def preview_build(output, cache, content=devserver.CONTENT, ignore_cache=False, selected=None):
    command = devserver.build_command(output, ignore_cache, content, cache, selected)
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, f"preview build failed:\n{result.stdout}\n{result.stderr}"
    return output


def files(folder):
    """Every file's bytes, by path."""
    return {
        path.relative_to(folder): path.read_bytes() for path in folder.rglob("*") if path.is_file()
    }


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    folder = tmp_path_factory.mktemp("preview")
    return preview_build(folder / "output", folder / "cache")


def test_preview_leaves_out_feeds_the_search_index_and_the_sitemap(preview, dev_site):
    for left_out in ("feeds", "pagefind", "sitemap.xml"):
        assert (dev_site / left_out).exists()
        assert not (preview / left_out).exists()
    page = soup(preview / "index.html")
    assert not page.head.select("link[rel=alternate]"), "no link to a feed that is not built"
    footer = " ".join(page.select_one(".site-footer").get_text().split())
    assert "Subscribe." in footer and "Subscribe:" not in footer, footer


def test_preview_keeps_the_post_with_its_calculator_and_the_listings(preview, dev_site):
    page = soup(preview / COLUMN_URL / "index.html")
    assert page.select_one("#followup"), "the calculator is on the post"
    for asset in page.select("script[src*='followup'], link[href*='followup']"):
        assert (preview / COLUMN_URL / (asset.get("src") or asset["href"])).resolve().is_file()
    assert as_text(page, ".post-meta") == as_text(
        soup(dev_site / COLUMN_URL / "index.html"), ".post-meta"
    )
    for listing in ("index.html", "archives/index.html", "category/job-search/index.html"):
        listed = as_text(soup(preview / listing), "main a")
        assert any(COLUMN_URL in link for link in listed), listing
        assert listed == as_text(soup(dev_site / listing), "main a"), listing


def as_text(page, selector):
    return [str(element) for element in page.select(selector)]


def test_a_warm_rebuild_shows_an_edit_and_equals_a_build_without_the_cache(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    generate = [sys.executable, "-m", "bench.generate", "--count", str(POSTS)]
    subprocess.run(
        [*generate, str(content / "posts" / "bench")], cwd=ROOT, check=True, capture_output=True
    )
    cache = tmp_path / "cache"
    preview_build(tmp_path / "first", cache, content)

    # A new slug and a new sentence in a post the next newer post links to.
    post = sorted((content / "posts" / "bench").glob("*.md"))[POSTS // 2]
    text = post.read_text(encoding="utf-8")
    slug = re.search(r"^Slug: (.+)$", text, re.MULTILINE).group(1)
    post.write_text(
        text.replace(f"Slug: {slug}", f"Slug: {slug}-edited")
        + "\nClosing words, edited by the test for this check.\n",
        encoding="utf-8",
    )
    warm = preview_build(tmp_path / "warm", cache, content)
    cold = preview_build(tmp_path / "cold", tmp_path / "no-cache", content, ignore_cache=True)

    [page] = warm.glob(f"*/*/{slug}-edited/index.html")
    assert "edited by the test" in page.read_text(encoding="utf-8")
    for links in (".post-nav a[rel=prev]", ".post-nav a[rel=next]", ".related a"):
        assert soup(page).select(links), links
    warm_files, cold_files = files(warm), files(cold)
    assert warm_files.keys() == cold_files.keys()
    differ = [str(path) for path in warm_files if warm_files[path] != cold_files[path]]
    assert not differ, f"the cached build differs from a fresh one in {differ[:5]}"


def test_a_quick_build_writes_only_the_saved_posts_page_as_the_whole_build_does(preview, tmp_path):
    """`make devserver`'s first step after a save (plugins/selected_writing)."""
    [column] = devserver.CONTENT.rglob("2012-10-29-*.md")
    quick = preview_build(tmp_path / "quick", tmp_path / "cache", selected=[column])
    assert sorted(quick.rglob("*.html")) == [quick / COLUMN_URL / "index.html"]
    whole = files(preview)
    differ = [str(path) for path, data in files(quick).items() if whole[path] != data]
    assert not differ, f"the quick build wrote these unlike the whole build: {differ}"


def test_a_quick_build_copies_an_image_only_when_it_changed(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    image = content / "images" / "calendar.svg"
    image.parent.mkdir(exist_ok=True)  # empty in the project, so absent from a clone
    shutil.copy(ROOT / "tests" / "fixtures" / "workflow" / "workflow-calendar.svg", image)
    [column] = content.rglob("2012-10-29-*.md")

    post_only = preview_build(tmp_path / "post", tmp_path / "cache", content, selected=[column])
    assert not (post_only / "images" / "calendar.svg").exists()
    assert (post_only / "theme" / "js" / "search.js").is_file(), "the theme's static files always"

    image_only = preview_build(tmp_path / "image", tmp_path / "cache", content, selected=[image])
    assert (image_only / "images" / "calendar.svg").read_bytes() == image.read_bytes()
    assert not list(image_only.rglob("*.html"))
