"""plugins/urls_once: the site with each URL worked out once is the site without it,
byte for byte, in both modes (relative and absolute URLs), drafts and pages included."""

import shutil

import pytest

from bench.generate import generate
from pelicanconf import PLUGINS
from tests.support.sitebuild import ROOT, build_or_fail, files, variant_settings

DRAFT = """Title: A draft
Date: 2026-05-01
Category: Interviews
Status: draft
Summary: Not yet.

Text.
"""


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    folder = tmp_path_factory.mktemp("urls") / "content"
    shutil.copytree(ROOT / "content", folder)
    generate(folder / "posts" / "bench", 12)
    (folder / "posts" / "draft.md").write_text(DRAFT, encoding="utf-8")
    return folder


@pytest.mark.parametrize("base", ["pelicanconf.py", "publishconf.py"])
def test_the_site_is_the_one_pelican_builds_without_it(content, tmp_path, base):
    assert "urls_once" in PLUGINS
    without = [plugin for plugin in PLUGINS if plugin != "urls_once"]
    (tmp_path / "without").mkdir()
    plain = variant_settings(tmp_path / "without", base, PLUGINS=without)
    expected = files(build_or_fail(tmp_path / "pelican", plain, content=content))
    built = files(build_or_fail(tmp_path / "ours", base, content=content))
    assert any("drafts" in path.parts for path in built) == (base == "pelicanconf.py")
    assert built == expected
