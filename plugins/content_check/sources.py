"""Read a post or page as Pelican does, keeping the line of every field. No Pelican here.

Markdown files are read the way Pelican's Markdown reader reads them: the file decoded
as UTF-8 with an optional BOM (`pelican_open`), line breaks normalized and the metadata
taken from the top by Python-Markdown's `meta` extension, whose own expressions are used
here. Lines are split at "\\n" (and "\\r") only, as Markdown splits them: a vertical tab
or U+2028 inside a title is part of the title. HTML files are read the way Pelican's
HTML reader reads them: `<title>` and `<meta name=... content=...>` in `<head>`.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from markdown.extensions.meta import BEGIN_RE, END_RE, META_MORE_RE, META_RE

MARKDOWN = "markdown"
HTML = "html"
# Python-Markdown's tab length: it expands tabs before the meta extension reads lines.
TAB_LENGTH = 4


@dataclass
class Field:
    value: str
    line: int  # 1-based line of the `Key: value` line


@dataclass(frozen=True)
class Repeat:
    """A metadata key given twice: Pelican keeps one value, or joins them."""

    key: str
    first_line: int
    line: int


@dataclass
class Post:
    """A post or page as written: its metadata with line numbers and its body."""

    path: Path  # as shown in messages (relative to where the command runs)
    fields: dict[str, Field]
    body: list[str]  # the text after the metadata
    body_line: int  # line number of body[0]
    is_article: bool = True
    format: str = MARKDOWN
    file: Path | None = None  # the file on disk
    text: str = ""  # the whole file, decoded, BOM removed, line breaks normalized
    repeats: list[Repeat] = field(default_factory=list)
    # Why the file cannot be read (not UTF-8), or None.
    unreadable: str | None = None
    unreadable_line: int = 1

    def get(self, key: str) -> str | None:
        found = self.fields.get(key)
        return found.value if found else None

    def line_of(self, key: str) -> int:
        found = self.fields.get(key)
        return found.line if found else 1

    @property
    def is_draft(self) -> bool:
        return (self.get("status") or "").lower() == "draft"


def decode(data: bytes) -> tuple[str | None, str | None, int]:
    """(text, None, 0) for UTF-8 (a BOM is dropped, as `pelican_open` does), else
    (None, what is wrong, line of the first bad byte)."""
    try:
        return data.decode("utf-8-sig"), None, 0
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return (
            None,
            f"not UTF-8 (byte 0x{data[error.start]:02X} at line {line}, column {column})",
            line,
        )


def normalized(text: str) -> str:
    """Line breaks as Python-Markdown's NormalizeWhitespace makes them."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_metadata(lines: list[str]) -> tuple[dict[str, Field], list[Repeat], int]:
    """Metadata from the top of a Markdown file as the `meta` extension reads it (keys
    lowercased, continuation lines joined by a space), the keys given more than once
    (their first value kept), and the index of the first body line."""
    fields: dict[str, Field] = {}
    repeats: list[Repeat] = []
    index = 1 if lines and BEGIN_RE.match(lines[0]) else 0
    key = None
    while index < len(lines):
        line = lines[index].expandtabs(TAB_LENGTH)
        if line.strip() == "" or END_RE.match(line):
            return fields, repeats, index + 1
        key_match = META_RE.match(line)
        more_match = META_MORE_RE.match(line)
        if key_match:
            key = key_match.group("key").lower().strip()
            value = key_match.group("value").strip()
            if key in fields:  # reported once; the rules read the first value
                repeats.append(Repeat(key, fields[key].line, index + 1))
                key = None  # and its continuation lines are not the first value's
            else:
                fields[key] = Field(value, index + 1)
        elif more_match:
            if key:
                continued = more_match.group("value").strip()
                fields[key].value = f"{fields[key].value} {continued}".strip()
        else:
            return fields, repeats, index
        index += 1
    return fields, repeats, index


class _HTMLMetadata(HTMLParser):
    """What Pelican's HTML reader takes from a file: `<title>` and `<meta>` in `<head>`,
    and where `<body>` starts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields: dict[str, Field] = {}
        self.repeats: list[Repeat] = []
        self.in_head = self.in_title = False
        self.title_line = 0
        self.title: list[str] = []
        self.body_line = 0
        self.body_offset = 0  # (line, column) of the character after <body ...>

    def add(self, key: str, value: str, line: int) -> None:
        if key in self.fields:
            self.repeats.append(Repeat(key, self.fields[key].line, line))
        else:
            self.fields[key] = Field(value.strip(), line)

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        if tag == "head":
            self.in_head = True
        elif tag == "title" and self.in_head:
            self.in_title, self.title_line, self.title = True, line, []
        elif tag == "meta" and self.in_head:
            attributes = dict(attrs)
            name = (attributes.get("name") or "").lower()
            if name:
                key = "tags" if name == "keywords" else name
                self.add(key, attributes.get("content") or attributes.get("contents") or "", line)
        elif tag == "body" and not self.body_line:
            self.body_line = line
            self.body_offset = self.getpos()

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False
        elif tag == "title" and self.in_title:
            self.in_title = False
            self.add("title", "".join(self.title), self.title_line)

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)


def read_markdown(text: str) -> tuple[dict[str, Field], list[Repeat], list[str], int]:
    lines = text.split("\n")
    if not text.strip():  # Python-Markdown returns early: no metadata at all
        return {}, [], lines, 1
    fields, repeats, body_start = parse_metadata(lines)
    return fields, repeats, lines[body_start:], body_start + 1


def read_html(text: str) -> tuple[dict[str, Field], list[Repeat], list[str], int]:
    parser = _HTMLMetadata()
    parser.feed(text)
    parser.close()
    lines = text.split("\n")
    if not parser.body_line:
        return parser.fields, parser.repeats, [], len(lines) + 1
    line, _ = parser.body_offset
    return parser.fields, parser.repeats, lines[line - 1 :], line


def read_post(
    path: Path,
    root: Path,
    is_article: bool = True,
    format: str = MARKDOWN,
) -> Post:
    """The post or page at `path`; its `path` attribute is relative to `root` when it is
    inside it. A file that is not UTF-8, or cannot be read at all, comes back empty with
    `unreadable` set."""
    shown = path.relative_to(root) if path.is_relative_to(root) else path
    try:
        text, unreadable, bad_line = decode(path.read_bytes())
    except OSError as error:  # a broken link, a folder named x.md, no permission
        text, unreadable, bad_line = None, f"cannot be read ({error.strerror or error})", 1
    if text is None:
        return Post(shown, {}, [], 1, is_article, format, path, "", [], unreadable, bad_line)
    text = normalized(text)
    reader = read_html if format == HTML else read_markdown
    fields, repeats, body, body_line = reader(text)
    return Post(shown, fields, body, body_line, is_article, format, path, text, repeats)


# Characters the site refuses anywhere in a file: C0 and C1 controls but tab, line feed
# and carriage return; DEL; and Unicode noncharacters. XML 1.0 forbids the C0 ones (a
# feed with one is unreadable), HTML calls them all parse errors.
NONCHARACTERS = "".join(
    chr(plane + last) for plane in range(0, 0x110000, 0x10000) for last in (0xFFFE, 0xFFFF)
)
CONTROL_CHARACTERS = re.compile(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef{NONCHARACTERS}]"
)
BMP_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def control_characters(text: str) -> list[tuple[int, int, str]]:
    """(line, column, "U+000B") of every character CONTROL_CHARACTERS matches."""
    found = []
    # Nearly always none: a pass or two over the file with small expressions (the whole
    # set, astral noncharacters included, is ten times slower to search).
    if not BMP_CONTROLS.search(text) and not (
        ASTRAL.search(text) and CONTROL_CHARACTERS.search(text)
    ):
        return found
    for number, line in enumerate(text.split("\n"), start=1):
        for match in CONTROL_CHARACTERS.finditer(line):
            found.append((number, match.start() + 1, f"U+{ord(match.group()):04X}"))
    return found
