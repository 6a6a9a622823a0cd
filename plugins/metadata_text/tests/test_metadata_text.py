"""Metadata is text: the author's Title and Summary escaped before typogrify, the theme's
`plain` filter, and the settings the plugin refuses. The whole pipeline, through a real
production build of hostile metadata, is tests/test_hostile_metadata.py."""

import pytest
from pelican import signals
from pelican.readers import HTMLReader, MarkdownReader, Readers
from pelican.settings import DEFAULT_CONFIG
from typogrify.filters import typogrify

from metadata_text import use_text_readers
from metadata_text.readers import TextHTMLReader, TextMarkdownReader
from metadata_text.text import as_html, plain
from tests.support.sitebuild import build, variant_settings


@pytest.mark.parametrize(
    "typed",
    [
        "Salary & benefits: <negotiate> without fear",
        "Escaped &lt;/title&gt;&lt;script&gt;",
        "</title><script>alert(1)</script>",
        'C:\\\\server\\share and \\"quoted\\"',
        "AT&T, NASA & Q&A",
        "Zoë 日本語 العربية 👩🏽‍💻",
    ],
)
def test_typed_text_survives_escaping_typogrify_and_plain(typed):
    """Only quotes become curly and spaces single: every character typed is there."""
    shown = plain(typogrify(as_html(typed)))
    assert shown.replace("“", '"').replace("”", '"') == " ".join(typed.split())


def test_as_html_holds_no_markup_and_joins_lines():
    assert as_html(["<b>one</b>", "two"]) == "&lt;b&gt;one&lt;/b&gt; two"


def test_plain_drops_typogrify_markup_and_no_break_spaces():
    html = 'Q<span class="amp">&amp;</span>A <span class="caps">NASA</span> last&nbsp;words'
    assert plain(html) == "Q&A NASA last words"
    assert plain(None) == "" and plain("") == ""


def test_our_readers_replace_only_pelicans_own():
    class Custom(MarkdownReader):
        pass

    settings = {**DEFAULT_CONFIG, "READERS": {"markdown": Custom}}
    # Pelican's readers alone: builds run earlier in this process left their plugins'
    # receivers connected to the global signal.
    with signals.readers_init.muted():
        readers = Readers(settings)
    use_text_readers(readers)
    assert readers.reader_classes["md"] is TextMarkdownReader
    assert readers.reader_classes["html"] is TextHTMLReader
    assert readers.reader_classes["markdown"] is Custom
    assert issubclass(TextHTMLReader, HTMLReader)


def test_summary_made_markdown_again_stops_the_build(tmp_path):
    settings = variant_settings(tmp_path, "pelicanconf.py", FORMATTED_FIELDS=["summary"])
    result = build(tmp_path / "output", settings)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0].startswith("settings: FORMATTED_FIELDS = ['summary']")
    assert not (tmp_path / "output").exists()
