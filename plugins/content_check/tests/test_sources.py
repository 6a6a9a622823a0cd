"""Reading a post as Pelican does: what the meta extension takes for metadata, and where
each field is, whatever the file's encoding and line breaks."""

from content_check.sources import control_characters, parse_metadata, read_post


def write(tmp_path, data: bytes, name="post.md"):
    path = tmp_path / name
    path.write_bytes(data)
    return read_post(path, tmp_path)


def test_a_bom_is_dropped_as_pelican_drops_it(tmp_path):
    post = write(tmp_path, "\ufeffTitle: With a BOM\nDate: 2024-01-01\n\nBody\n".encode())
    assert post.get("title") == "With a BOM" and post.line_of("date") == 2


def test_windows_and_old_mac_line_breaks_are_line_breaks(tmp_path):
    post = write(tmp_path, b"Title: CRLF\r\nDate: 2024-01-01\rSlug: cr\r\n\r\nBody\r\n")
    assert (post.get("title"), post.get("date"), post.get("slug")) == ("CRLF", "2024-01-01", "cr")
    assert post.body_line == 5 and post.body[0] == "Body"


def test_a_vertical_tab_or_line_separator_does_not_end_a_line(tmp_path):
    """str.splitlines() splits there; Markdown (and so Pelican) does not."""
    post = write(tmp_path, "Title: A\x0bB\u2028C\nDate: 2024-01-01\n\nBody\n".encode())
    assert post.get("title") == "A\x0bB\u2028C"
    assert post.get("date") == "2024-01-01" and post.line_of("date") == 2


def test_a_latin_1_file_is_unreadable_with_the_place_of_the_first_bad_byte(tmp_path):
    post = write(tmp_path, "Title: Ok\nSummary: Caf\xe9\n".encode("latin-1"))
    assert post.unreadable == "not UTF-8 (byte 0xE9 at line 2, column 13)"
    assert post.unreadable_line == 2 and post.fields == {}


def test_continuations_join_and_repeats_are_recorded():
    lines = ["Title: One", "Summary: first", "    continued", "TITLE: Two", "", "Body: text"]
    fields, repeats, body_start = parse_metadata(lines)
    assert fields["summary"].value == "first continued" and fields["summary"].line == 2
    assert fields["title"].value == "One" and fields["title"].line == 1
    assert [(r.key, r.first_line, r.line) for r in repeats] == [("title", 1, 4)]
    assert lines[body_start] == "Body: text"


def test_metadata_ends_at_the_first_line_that_is_not_a_field():
    fields, _, body_start = parse_metadata(["Title: One", "Not a field", "Date: 2024-01-01"])
    assert list(fields) == ["title"] and body_start == 1


def test_an_html_post_gives_its_title_meta_fields_and_body_with_lines(tmp_path):
    text = (
        "<html>\n<head>\n<title>Q&amp;A &lt;x&gt;</title>\n"
        '<meta name="date" content="2024-01-01">\n<meta name="keywords" content="a, b">\n'
        "</head>\n<body>\n<p>Body</p>\n</body>\n</html>\n"
    )
    path = tmp_path / "post.html"
    path.write_text(text, encoding="utf-8")
    post = read_post(path, tmp_path, format="html")
    assert post.get("title") == "Q&A <x>" and post.line_of("title") == 3
    assert post.get("tags") == "a, b" and post.line_of("tags") == 5
    assert post.body_line == 7 and "<p>Body</p>" in post.body


def test_control_characters_are_found_by_line_and_column():
    text = "Title: ok\nSummary: a\x07b\x00\n\nBody\x0c and \x85 but not \t or \u2028\n"
    assert control_characters(text) == [
        (2, 11, "U+0007"),
        (2, 13, "U+0000"),
        (4, 5, "U+000C"),
        (4, 11, "U+0085"),
    ]
