"""plugins/html_tags.py, the one start-tag rewriter the feeds and images plugins share:
only the tags it is told to change change, every other byte stays as written."""

from hypothesis import given
from hypothesis import strategies as st

from html_tags import rewrite_start_tags, with_added_attributes, with_attributes

TRICKY = (
    '<p class="a">Text with <em>em</em>, 3 < 5 in text & &amp; entities,\r\n'
    "a line break\u2028that str.splitlines() would count,</p>\n"
    "<!-- <img src=comment.png> -->\n"
    '<script>const s = "<img src=script.png>";</script>\n'
    "<img\n  src='multi-line.png'\n  alt=\"x\">\n"
    "<img src=bare.png alt=ok/>\n"
    "<br/><IMG SRC=Upper.PNG>"
)


def test_a_rewrite_that_changes_nothing_keeps_every_byte():
    assert rewrite_start_tags(TRICKY, lambda tag: None) == TRICKY
    assert rewrite_start_tags(TRICKY, lambda tag: tag.text) == TRICKY


def test_only_real_tags_are_seen_with_their_exact_text_and_decoded_attributes():
    seen = []
    rewrite_start_tags(TRICKY, lambda tag: seen.append(tag) or None)
    images = [tag for tag in seen if tag.name == "img"]
    assert [dict(tag.attributes)["src"] for tag in images] == [
        "multi-line.png",
        "bare.png",
        "Upper.PNG",
    ]
    assert images[0].text == "<img\n  src='multi-line.png'\n  alt=\"x\">"
    assert all(TRICKY.count(tag.text) >= 1 for tag in seen)


def test_each_changed_tag_is_spliced_in_at_its_place():
    def mark_images(tag):
        return with_added_attributes(tag, {"data-seen": "yes"}) if tag.name == "img" else None

    rewritten = rewrite_start_tags(TRICKY, mark_images)
    expected = (
        TRICKY.replace('alt="x">', 'alt="x" data-seen="yes">')
        .replace("<img src=bare.png alt=ok/>", '<img src=bare.png alt=ok data-seen="yes" />')
        .replace("<IMG SRC=Upper.PNG>", '<IMG SRC=Upper.PNG data-seen="yes">')
    )
    assert rewritten == expected


def test_a_tag_written_anew_quotes_and_escapes_every_value():
    def rewrite(tag):
        return (
            with_attributes(tag, [("href", 'a"b&c'), ("hidden", None)]) if tag.name == "a" else None
        )

    assert rewrite_start_tags("<a href=x>y</a>", rewrite) == '<a href="a&quot;b&amp;c" hidden>y</a>'


# Text as Markdown leaves it between tags: a "<" only before a space ("3 < 5").
TOKENS = ["a", " ", "< ", ">", "&", "&amp;", '"', "'", "=", "/", "\n", "\r", "\r\n", "\u2028"]
TEXT = st.lists(st.sampled_from(TOKENS), max_size=8).map("".join)


@given(st.lists(st.tuples(TEXT, st.sampled_from(["img", "p", "a"])), max_size=8))
def test_only_the_start_tags_change_whatever_surrounds_them(pieces):
    """Text (with stray "<" and ">", and line breaks of every kind) between tags is kept."""
    html = "".join(f'{text}<{name} src="{index}">' for index, (text, name) in enumerate(pieces))
    rewritten = rewrite_start_tags(html, lambda tag: f"<{tag.name.upper()}>")
    unchanged_html = html
    for index, (_, name) in enumerate(pieces):
        unchanged_html = unchanged_html.replace(f'<{name} src="{index}">', f"<{name.upper()}>", 1)
    assert rewritten == unchanged_html
