"""`make newpost` with odd titles: the Slug line it writes is one `make check` accepts
(1-80 characters of a-z, 0-9 and -), and a title that cannot make one, or would break
the metadata, is refused with one line."""

import pytest
from pelican.settings import read_settings

from scripts import newpost, posts
from scripts.check import check
from tests.support.sitebuild import ROOT


@pytest.fixture
def site(tmp_path, monkeypatch):
    """newpost and check working on an empty site in tmp_path."""
    (tmp_path / "content" / "posts").mkdir(parents=True)
    settings = read_settings(
        str(ROOT / "pelicanconf.py"), override={"PATH": str(tmp_path / "content")}
    )
    monkeypatch.setattr(posts, "ROOT", tmp_path)
    monkeypatch.setattr(posts, "load_settings", lambda *args, **kwargs: settings)
    return tmp_path, settings


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Salary & benefits: <negotiate> without fear", "salary-benefits-negotiate-without-fear"),
        ("Ünïcode in the title, 日本語 too", "unicode-in-the-title-ri-ben-yu-too"),
        ("../../etc/passwd", "etcpasswd"),
        ("Long " * 72, "long-" * 15 + "long"),
    ],
)
def test_the_slug_written_passes_check(site, capsys, title, slug):
    folder, settings = site
    assert newpost.main([title]) == 0
    written = folder / capsys.readouterr().out.strip()
    post = posts.read_post(written, folder)
    assert post.get("slug") == slug and post.get("title") == " ".join(title.split())
    problems = [p for p in check(settings, folder) if not p.warning]
    assert problems == []


@pytest.mark.parametrize(
    ("title", "words"),
    [
        ("🚀🚀", "gives an empty slug"),
        ("First line\nDate: 1999-01-01", "line break"),
        ("A bell\x07", "control character"),
    ],
)
def test_a_title_that_cannot_make_a_post_is_refused(site, capsys, title, words):
    folder, _ = site
    assert newpost.main([title]) == 2
    assert words in capsys.readouterr().err
    assert list((folder / "content" / "posts").iterdir()) == []
