"""plugins/reading_time: words of the post's HTML, not of its markup, at 230 a minute."""

import pytest
from pelican.readers import MarkdownReader
from pelican.settings import DEFAULT_CONFIG

from reader_wrappers import mixed
from reading_time import WORDS_PER_MINUTE, TimingReader, reading_minutes


def words(count: int) -> str:
    return " ".join(["word"] * count)


@pytest.mark.parametrize(
    ("count", "minutes"),
    [(0, 1), (1, 1), (WORDS_PER_MINUTE, 1), (WORDS_PER_MINUTE + 1, 2), (3 * WORDS_PER_MINUTE, 3)],
)
def test_minutes_round_up_with_one_at_least(count, minutes):
    assert reading_minutes(f"<p>{words(count)}</p>") == minutes


def test_markup_attributes_and_comments_are_not_words():
    text = words(WORDS_PER_MINUTE)
    attributes = " ".join(f'data-x{n}="a b c"' for n in range(100))
    html = f'<p {attributes}>{text}</p><!-- {words(500)} --><img alt="" src="x.png">'
    assert reading_minutes(html) == 1
    assert reading_minutes(html + "<p>one more</p>") == 2


def test_entities_are_decoded_not_counted_as_words():
    # Read as "&", not as the word "amp".
    assert reading_minutes(f"<p>{words(WORDS_PER_MINUTE)} &amp; &#8212;</p>") == 1


def test_code_is_read_too():
    code = "\n<pre><code>x</code></pre>"  # blocks on lines of their own, as Markdown writes
    assert reading_minutes(f"<p>{words(WORDS_PER_MINUTE - 1)}</p>{code}") == 1
    assert reading_minutes(f"<p>{words(WORDS_PER_MINUTE)}</p>{code}") == 2


def test_a_wrapped_reader_gives_the_count_with_the_post(tmp_path):
    post = tmp_path / "post.md"
    body = "\n\n".join(words(100) for _ in range(5))  # 500 words: 3 minutes
    post.write_text(f"Title: A post\nDate: 2026-01-01\n\n{body}\n", encoding="utf-8")
    reader = mixed(TimingReader, MarkdownReader)(dict(DEFAULT_CONFIG, PATH=str(tmp_path)))
    content, metadata = reader.read(str(post))
    assert metadata["reading_minutes"] == 3 == reading_minutes(content)
