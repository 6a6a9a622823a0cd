"""smartypants' fast paths (fast_paths.py) give smartypants' own output: on 300 synthetic
posts (every text the readers typogrify: content, title, summary), the site's column,
this plugin's fixture post and text written to catch each pattern, in each dash style."""

from pathlib import Path

import pytest
import smartypants
from pelican.readers import MarkdownReader

from bench.generate import generate
from scripts import posts
from tests.support.sitebuild import ROOT
from typogrify_in_reader import fast_paths, typogrified

POSTS = 300
FIXTURES = ROOT / "plugins" / "typogrify_in_reader" / "tests" / "fixtures" / "content"
# Each character the fast paths look for, alone, doubled, escaped, at the edges, in tags.
EDGE_CASES = [
    "",
    "'",
    '"',
    "''",
    '""',
    "\\",
    "\\\\",
    '\\"quoted\\"',
    "\\'",
    "\\.",
    "\\-",
    "\\`",
    "-",
    "--",
    "---",
    "----",
    "a--b---c",
    "..",
    "...",
    "....",
    ". . .",
    ". .",
    "'80s and the '90s",
    "\"'Nested' quotes\"",
    '<p>He said "hi" -- then... left</p>',
    "<code>'raw' -- ...</code> and 'cooked'",
    '<pre>"kept"</pre>"curled"',
    "&quot;entity&quot; and &#39;number&#39;",
    "It's the company's 'second' pick",
    "<a title=\"don't\">don't</a>",
]


def corpus(tmp_path: Path) -> list[str]:
    settings = posts.load_settings(ROOT)
    generate(tmp_path / "posts", POSTS)
    sources = [
        *sorted((tmp_path / "posts").glob("*.md")),
        *sorted((ROOT / "content").rglob("*.md")),
        *sorted(FIXTURES.rglob("*.md")),
    ]
    reader = MarkdownReader(settings)
    texts = list(EDGE_CASES)
    for source in sources:
        content, metadata = reader.read(str(source))
        texts.append(content)
        texts.extend(str(metadata[field]) for field in ("title", "summary") if field in metadata)
    return texts


@pytest.fixture
def no_fast_paths():
    fast_paths.uninstall()
    yield
    fast_paths.install()


@pytest.mark.parametrize("dashes", ["default", "oldschool", "oldschool_inverted"])
def test_the_fast_paths_change_no_byte(tmp_path, dashes, no_fast_paths):
    settings = {**posts.load_settings(ROOT), "TYPOGRIFY_DASHES": dashes}
    texts = corpus(tmp_path)
    assert len(texts) > 3 * POSTS
    expected = [typogrified(text, settings) for text in texts]
    assert fast_paths.install()
    assert smartypants.convert_quotes is not smartypants.convert_quotes.original
    assert [typogrified(text, settings) for text in texts] == expected


def test_another_smartypants_keeps_its_own_functions(monkeypatch, no_fast_paths):
    monkeypatch.setattr(smartypants, "__version__", "9.9.9")
    original = smartypants.convert_quotes
    assert not fast_paths.install()
    assert smartypants.convert_quotes is original
