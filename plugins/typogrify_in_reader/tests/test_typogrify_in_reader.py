"""plugins/typogrify_in_reader: the same site as Pelican's own typogrify pass, byte for
byte, in each dash style; a wrong pair of settings stops the build with one line."""

import shutil

import pytest

from tests.support.sitebuild import ROOT, build, build_or_fail, files, variant_settings

FIXTURE_POSTS = ROOT / "plugins" / "typogrify_in_reader" / "tests" / "fixtures" / "content"


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    """The site's own content plus a post that gives typogrify every kind of work."""
    folder = tmp_path_factory.mktemp("typography") / "content"
    shutil.copytree(ROOT / "content", folder)
    shutil.copytree(FIXTURE_POSTS / "posts", folder / "posts" / "typography")
    return folder


@pytest.mark.parametrize("dashes", ["default", "oldschool"])
def test_the_site_is_the_one_pelicans_own_typogrify_builds(content, tmp_path, dashes):
    pelicans = variant_settings(
        tmp_path,
        "pelicanconf.py",
        TYPOGRIFY_DASHES=dashes,
        TYPOGRIFY=True,
        TYPOGRIFY_IN_READER=False,
    )
    ours_folder = tmp_path / "ours"
    ours_folder.mkdir()
    ours = variant_settings(
        ours_folder,
        "pelicanconf.py",
        TYPOGRIFY_DASHES=dashes,
        TYPOGRIFY=False,
        TYPOGRIFY_IN_READER=True,
    )
    expected = files(build_or_fail(tmp_path / "pelican", pelicans, content=content))
    built = files(build_or_fail(tmp_path / "reader", ours, content=content))

    page = expected[next(path for path in expected if "typography" in path.parts)]
    assert b"&#8220;" in page and b'class="caps"' in page and b'class="amp"' in page
    assert built.keys() == expected.keys()
    differ = [str(path) for path in expected if built[path] != expected[path]]
    assert not differ, f"typogrified in the reader, these differ: {differ[:5]}"


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"TYPOGRIFY": True}, "typogrifies every post twice; set TYPOGRIFY = False"),
        ({"TYPOGRIFY_IN_READER": "yes", "TYPOGRIFY": False}, "'yes' is not True or False"),
    ],
)
def test_a_wrong_setting_stops_the_build_with_one_line(tmp_path, overrides, problem):
    result = build(tmp_path / "output", variant_settings(tmp_path, "pelicanconf.py", **overrides))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert any(
        line.startswith("settings: TYPOGRIFY_IN_READER") and problem in line for line in lines
    )
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "output").exists(), "stopped before anything was written"
