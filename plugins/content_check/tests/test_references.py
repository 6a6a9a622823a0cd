"""The links and images of a post's body, as the page will have them, with their lines."""

from content_check.references import IMAGE, LINK, html_references, markdown_references


def found(text: str):
    return [(r.line, r.kind, r.url, r.alt) for r in markdown_references(text.split("\n"), 10)]


def test_code_spans_and_code_blocks_hold_text_not_references():
    text = (
        '`<img src="photo.png">` and `![x](y.png)`\n\n'
        "```\n![](fenced.png)\n```\n\n    ![](indented.png)\n"
    )
    assert found(text) == []


def test_markdown_links_and_images_with_their_lines():
    text = "Intro\n\n![A chart]({static}/images/a.png) and\n[the column]({filename}post.md#part)\n"
    assert found(text) == [
        (12, IMAGE, "{static}/images/a.png", "A chart"),
        (13, LINK, "{filename}post.md#part", None),
    ]


def test_reference_links_resolve_to_their_definition():
    assert found("See [this][ref].\n\n[ref]: ../other/\n") == [(10, LINK, "../other/", None)]


def test_raw_html_inline_and_in_blocks():
    text = 'A <img src="a.png" alt="">\nline\n\n<p>\n<img src="b.png" srcset="c.png 2x">\n</p>\n'
    assert [(r.line, r.url, r.alt, r.html) for r in markdown_references(text.split("\n"), 1)] == [
        (1, "a.png", "", True),
        (5, "b.png", None, True),
        (5, "c.png", None, True),
    ]


def test_html_references_count_lines_from_the_first():
    assert [(r.line, r.url) for r in html_references('<p>\n<a href="x/">x</a></p>', 7)] == [
        (8, "x/")
    ]


def test_an_address_is_kept_exactly_as_written():
    assert found("[a]({filename}my%20post.md) [b](javascript:alert(1))\n") == [
        (10, LINK, "{filename}my%20post.md", None),
        (10, LINK, "javascript:alert(1)", None),
    ]
