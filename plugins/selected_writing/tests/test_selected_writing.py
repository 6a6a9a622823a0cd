"""plugins/selected_writing, as `make devserver`'s quick step uses it: only the saved
files' pages and images, each the bytes the whole build writes."""

import shutil

import pytest

from tests.support.sitebuild import COLUMN_URL, ROOT, build, files, preview_build, variant_settings


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    """The site's content with an image (content/images is empty in a fresh clone)."""
    folder = tmp_path_factory.mktemp("selected") / "content"
    shutil.copytree(ROOT / "content", folder)
    (folder / "images").mkdir(exist_ok=True)
    shutil.copy(
        ROOT / "tests" / "fixtures" / "workflow" / "workflow-calendar.svg", folder / "images"
    )
    return folder


def test_only_the_saved_posts_page_is_written_as_the_whole_build_writes_it(content, tmp_path):
    whole = files(preview_build(tmp_path / "whole", tmp_path / "cache", content, load_cache=False))
    [column] = content.rglob("2012-10-29-*.md")
    quick = preview_build(tmp_path / "quick", tmp_path / "cache", content, selected=[column])
    assert sorted(quick.rglob("*.html")) == [quick / COLUMN_URL / "index.html"]
    differ = [str(path) for path, data in files(quick).items() if whole[path] != data]
    assert not differ, f"the quick build wrote these unlike the whole build: {differ}"


def test_an_image_is_copied_only_when_it_is_selected(content, tmp_path):
    [column] = content.rglob("2012-10-29-*.md")
    image = content / "images" / "workflow-calendar.svg"
    post_only = preview_build(tmp_path / "post", tmp_path / "cache", content, selected=[column])
    assert not (post_only / "images" / image.name).exists()
    assert (post_only / "theme" / "js" / "search.js").is_file(), "the theme's static files always"

    image_only = preview_build(tmp_path / "image", tmp_path / "cache", content, selected=[image])
    assert (image_only / "images" / image.name).read_bytes() == image.read_bytes()
    assert not list(image_only.rglob("*.html"))


def test_a_wrong_setting_stops_the_build_with_one_line(tmp_path):
    settings = variant_settings(tmp_path, "pelicanconf.py", SELECTED_SOURCES="content/a.md")
    result = build(tmp_path / "output", settings)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        "settings: SELECTED_SOURCES = 'content/a.md' is not a list of file paths" in result.stderr
    )
    assert not (tmp_path / "output").exists()
