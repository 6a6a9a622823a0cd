"""Whatever an author types, the site stays correct and safe.

ACCEPTED: hostile metadata that `make check` lets through (markup and quotes, entities,
attribute breakouts, scripts, Unicode, path characters, extremes of size and date, in
Title, Summary, Tags, Category, Author and a page's title), built once as `make publish`
builds (publishconf.py, --fatal warnings) and served. Every output file is parsed: every
page passes the Nu checker, no markup typed by the author became an element or attribute,
`<title>`, meta, OG and JSON-LD carry the characters typed, feeds and the sitemap parse
strictly, and Pagefind's index (and the search page) gives the exact titles.

REFUSED: hostile metadata that `make check` refuses. Each case fails the check with a line
naming its file, line and field; a production build of the same content stops before it
writes anything, with the very same lines and no traceback.
"""

import gzip
import html
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from pelican.settings import read_settings

from scripts.check import check
from tests.support.browser import served_build
from tests.support.feedcheck import ATOM, CONTENT_ENCODED, all_feeds, strict_xml
from tests.support.nu import nu_errors
from tests.support.sitebuild import ROOT, build, variant_settings

SITENAME = "Finish First"
MARK = "data-injected"  # every piece of markup below carries it
HOSTILE_CATEGORY = 'Q&A: "Salary" <i data-injected>talk</i> </title>'
CATEGORIES = ["Job Search", "Interviews", "Career Growth", HOSTILE_CATEGORY]
HTML_ELEMENTS = [f"{ATOM}content", f"{ATOM}summary", "description", CONTENT_ENCODED]


@dataclass(frozen=True)
class Hostile:
    """A post (or page) as an author might write it; `name` is its slug and file name."""

    name: str
    title: str
    summary: str = "A plain summary."
    tags: str = "plain"
    author: str = "Minto Roy"
    category: str = "Interviews"
    date: str = "2024-05-01 09:00"
    page: bool = False
    extra: str = ""  # more metadata lines

    def text(self) -> str:
        fields = {"Title": self.title, "Slug": self.name, "Summary": self.summary}
        if not self.page:
            fields |= {"Date": self.date, "Author": self.author, "Category": self.category}
            fields |= {"Tags": self.tags}
        header = "".join(f"{key}: {value}\n" for key, value in fields.items())
        return header + self.extra + "\nThe body of the post, in plain words.\n"

    @property
    def tag_list(self) -> list[str]:
        """As Pelican splits them: at semicolons if there is one, else at commas."""
        parts = self.tags.split(";") if ";" in self.tags else self.tags.split(",")
        return list(dict.fromkeys(part.strip() for part in parts if part.strip()))

    @property
    def path(self) -> str:
        if self.page:
            return f"{self.name}/index.html"
        return f"{self.date[:4]}/{self.date[5:7]}/{self.name}/index.html"


ACCEPTED = [
    Hostile(
        "markup",
        "Salary & benefits: <negotiate> without fear",
        summary="Say <negotiate> & mean it.",
        tags="q&a, <negotiate> talks",
    ),
    Hostile(
        "script",
        f"</title><script {MARK}>alert(1)</script>",
        summary=f"</script><script {MARK}>alert(2)</script>",
        tags=f'<i {MARK}>tagged</i>, "><svg {MARK} onload=alert(3)> svg',
        author=f'Jo "</a><b {MARK}>Boss</b>',
    ),
    Hostile(
        "entities",
        f"Escaped &lt;/title&gt;&lt;script {MARK}&gt;alert(4)&lt;/script&gt;",
        summary="&amp; &nbsp; &#60;b&#62; &copy; &#x3C;",
        tags="&lt tag&gt, &amp amp, AT&T",  # no ";": Pelican would split the tags there
        author="A &amp; B",
    ),
    Hostile(
        "quotes",
        "She said \"no\" -- and 'meant' it...",
        summary="It's \"fine\", isn't it?",
        tags='say "no", it\'s',
        author='O\'Brien "Ace"',
    ),
    Hostile(
        "attributes",
        f'x" onmouseover="alert(5)" {MARK}="',
        summary=f"x' onfocus='alert(6)' {MARK}='",
        tags=f'x" autofocus onfocus="alert(7)" {MARK}="',
        author=f"Al' {MARK}='x",
    ),
    Hostile(
        "unicode",
        "Ünïcode 日本語 العربية 👩🏽\u200d💻 cafe\u0301 \u2028line\u00a0nbsp",
        summary="مرحبا بالعالم: نص من اليمين إلى اليسار",
        tags="日本語, émoji 🚀 launch",
        author="Zoë Ælfgifu",
    ),
    Hostile(
        "paths",
        "../../etc/passwd and C:\\\\server\\share %2e%2e/ ?q=1#frag",
        summary='\\"escaped\\" and a\\b',
        tags="../x, a/b, C:\\path, %2e%2e, ?q=1#frag",
        author="../../root",
    ),
    Hostile(
        "long",
        "A " + "very " * 200 + "long title",
        summary="S" * 299,
        tags=", ".join(f"tag {number}" for number in range(50)) + ", " + "t" * 200,
        author="A" * 200,
    ),
    Hostile("earliest", "The first minute of 1900", date="1900-01-01 00:00"),
    Hostile(
        "before-1900",
        "A column from 1850, without the calculator",
        date="1850-06-01 09:00",
        extra="Followup: off\n",
    ),
    Hostile("leap", "A leap day, late", date="2024-02-29 23:59"),
    Hostile("hostile-category", "A post in an odd category", category=HOSTILE_CATEGORY),
    Hostile(
        "hostile-page",
        f'About <negotiate> & "us" </title><script {MARK}>alert(8)</script>',
        summary=f'A page "summary" <b {MARK}>bold</b>',
        page=True,
    ),
]
# A file saved with a byte order mark, and a post written as HTML.
BOM_POST = Hostile("bom", "Saved with a BOM & <negotiate>")
HTML_POST = Hostile(
    "html-post",
    html.unescape(f"Q&amp;A &lt;negotiate&gt; &quot;quoted&quot; &lt;b {MARK}&gt;"),
    summary=f'An HTML post\'s "summary" <b {MARK}>',
    tags=f"html, <b {MARK}> bold",
)
ALL_ACCEPTED = [*ACCEPTED, BOM_POST, HTML_POST]

# Typogrify makes quotes curly, -- a dash and ... an ellipsis in titles and summaries, as
# in the body: the characters typed are compared with those folded back.
CURLY = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})


def folded(text: str) -> str:
    text = text.translate(CURLY).replace("…", "...")
    return " ".join(re.sub("-+", "-", text).split())


def html_post_text(post: Hostile) -> str:
    escaped = {key: html.escape(value) for key, value in vars(post).items() if key != "page"}
    return (
        "<html>\n<head>\n"
        f"<title>{escaped['title']}</title>\n"
        f'<meta name="date" content="{post.date}">\n'
        f'<meta name="slug" content="{post.name}">\n'
        f'<meta name="summary" content="{escaped["summary"]}">\n'
        f'<meta name="tags" content="{escaped["tags"]}">\n'
        f'<meta name="author" content="{escaped["author"]}">\n'
        f'<meta name="category" content="{escaped["category"]}">\n'
        "</head>\n<body>\n<p>The body of the post, in plain words.</p>\n</body>\n</html>\n"
    )


def write_accepted(content: Path) -> None:
    for post in ACCEPTED:
        folder = content / ("pages" if post.page else "posts")
        (folder / f"{post.name}.md").write_text(post.text(), encoding="utf-8")
    (content / "posts" / "bom.md").write_text(BOM_POST.text(), encoding="utf-8-sig")
    (content / "posts" / "html-post.html").write_text(html_post_text(HTML_POST), "utf-8")


@pytest.fixture(scope="module")
def hostile_content(tmp_path_factory):
    """The site's content plus ACCEPTED, and production settings that add the hostile
    category to CATEGORIES."""
    folder = tmp_path_factory.mktemp("hostile")
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    write_accepted(content)
    return content, variant_settings(folder, "publishconf.py", CATEGORIES=CATEGORIES)


@pytest.fixture(scope="module")
def hostile(hostile_content):
    """The production build of hostile_content, served (yields the server)."""
    content, settings = hostile_content
    output = content.parent / "output"
    with served_build(
        output, settings, content=content, content_check=True, fatal_warnings=True
    ) as server:
        yield server


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_check_lets_every_accepted_case_through(hostile_content):
    content, settings = hostile_content
    problems = check(read_settings(settings, override={"PATH": str(content)}), ROOT)
    assert [str(problem) for problem in problems] == []


def test_every_page_passes_the_nu_checker(hostile):
    found = pages(hostile.directory)
    assert len(found) > 40
    assert nu_errors(found) == []


def injected(markup: str) -> list[str]:
    """Elements or attributes an author's text became: any element carrying MARK, any
    event-handler attribute, any script that is not the theme's."""
    page = BeautifulSoup(markup, "lxml")
    found = [str(tag)[:80] for tag in page.find_all(attrs={MARK: True})]
    for tag in page.find_all(True):
        found += [f"{tag.name}[{name}]" for name in tag.attrs if name.startswith("on")]
    for script in page.find_all("script"):
        if script.get("type") == "application/ld+json":
            json.loads(script.string)  # data, whatever text it holds
        elif script.get("type") != "module" or not script.get("src") or script.string:
            found.append(str(script)[:80])
    return found


def test_no_typed_markup_becomes_an_element_or_attribute(hostile):
    site = hostile.directory
    for path in pages(site):
        assert injected(path.read_text(encoding="utf-8")) == [], path.relative_to(site)
    for feed in all_feeds(site):
        if feed.suffix == ".json":
            items = json.loads(feed.read_text(encoding="utf-8"))["items"]
            fragments = [item["content_html"] for item in items]
        else:  # the elements that hold HTML; the others hold text (the typed title...)
            root = strict_xml(feed)
            fragments = [node.text or "" for name in HTML_ELEMENTS for node in root.iter(name)]
        assert [found for fragment in fragments for found in injected(fragment)] == [], feed


def head(page: BeautifulSoup, attribute: str, value: str) -> list[str]:
    return [tag["content"] for tag in page.find_all("meta", attrs={attribute: value})]


def json_ld(page: BeautifulSoup) -> dict:
    return json.loads(page.find("script", type="application/ld+json").string)


@pytest.mark.parametrize("post", [p for p in ALL_ACCEPTED if not p.page], ids=lambda p: p.name)
def test_a_post_page_carries_the_characters_typed(hostile, post):
    page = BeautifulSoup((hostile.directory / post.path).read_text("utf-8"), "lxml")
    title, summary = folded(post.title), folded(post.summary)

    assert folded(page.title.string) == f"{title} | {SITENAME}"
    assert folded(page.h1.get_text()) == title
    assert [folded(text) for text in head(page, "property", "og:title")] == [title]
    assert [folded(text) for text in head(page, "name", "description")] == [summary]
    assert [folded(text) for text in head(page, "property", "og:description")] == [summary]
    assert head(page, "property", "article:tag") == post.tag_list
    assert head(page, "property", "article:section") == [post.category]
    data = json_ld(page)
    assert folded(data["headline"]) == title and folded(data["description"]) == summary
    assert [author["name"] for author in data["author"]] == [post.author]
    assert data["keywords"] == ", ".join(post.tag_list)
    assert data["articleSection"] == post.category
    assert [a.get_text() for a in page.select(".post-footer .tags a")] == post.tag_list
    assert [a.get_text() for a in page.select(".post-meta a")] == [post.author, post.category]
    assert "\xa0" not in page.title.string + "".join(head(page, "property", "og:title"))


def linked_page(site: Path, post_page: Path, href: str) -> BeautifulSoup:
    path = urlsplit(href).path.strip("/")
    return BeautifulSoup((site / path / "index.html").read_text("utf-8"), "lxml")


@pytest.mark.parametrize("post", [p for p in ALL_ACCEPTED if not p.page], ids=lambda p: p.name)
def test_tag_author_and_category_pages_carry_the_names_typed(hostile, post):
    site = hostile.directory
    page = BeautifulSoup((site / post.path).read_text("utf-8"), "lxml")
    links = [*page.select(".post-footer .tags a"), *page.select(".post-meta a")]
    kinds = ["Tag"] * len(post.tag_list) + ["Author", "Category"]
    for link, kind, name in zip(
        links, kinds, [*post.tag_list, post.author, post.category], strict=True
    ):
        listing = linked_page(site, site / post.path, link["href"])
        assert listing.title.string == f"{kind}: {name} | {SITENAME}"
        assert listing.h1.get_text() == f"{kind}: {name}"
        assert head(listing, "name", "description")[0].endswith(f" {name}.")


def test_the_page_title_is_text_in_every_navigation(hostile):
    hostile_page = next(post for post in ACCEPTED if post.page)
    site = hostile.directory
    page = BeautifulSoup((site / hostile_page.path).read_text("utf-8"), "lxml")
    assert folded(page.title.string) == f"{folded(hostile_page.title)} | {SITENAME}"
    assert folded(page.h1.get_text()) == folded(hostile_page.title)
    assert folded(head(page, "name", "description")[0]) == folded(hostile_page.summary)
    home = BeautifulSoup((site / "index.html").read_text("utf-8"), "lxml")
    nav = [a.get_text() for a in home.select("nav[aria-label=Site] a")]
    assert folded(hostile_page.title) in [folded(text) for text in nav]


def test_the_earliest_post_is_published(hostile):
    earliest = next(post for post in ACCEPTED if post.date.startswith("1900"))
    page = BeautifulSoup((hostile.directory / earliest.path).read_text("utf-8"), "lxml")
    assert folded(page.h1.get_text()) == earliest.title
    assert json_ld(page)["datePublished"].startswith("1900-01-01T00:00:00")


def test_feeds_parse_strictly_and_carry_the_titles_typed(hostile):
    site = hostile.directory
    feeds = all_feeds(site)
    assert len(feeds) >= 3
    for feed in feeds:
        if feed.suffix == ".json":
            json.loads(feed.read_text(encoding="utf-8"))
        else:
            strict_xml(feed)
            assert not feedparser.parse(feed.read_bytes()).bozo, feed
    entries = feedparser.parse((site / "feeds" / "all.atom.xml").read_bytes()).entries
    titles = {urlsplit(entry.link).path.strip("/"): entry.title for entry in entries}
    items = json.loads((site / "feeds" / "all.json").read_text(encoding="utf-8"))["items"]
    json_titles = {urlsplit(item["url"]).path.strip("/"): item for item in items}
    shown = [post for post in ALL_ACCEPTED if post.path.removesuffix("/index.html") in titles]
    assert len(shown) >= 10, "the hostile posts are the newest: most are in the feed"
    for post in shown:
        key = post.path.removesuffix("/index.html")
        assert folded(titles[key]) == folded(post.title)
        assert folded(json_titles[key]["title"]) == folded(post.title)
        assert folded(json_titles[key]["summary"]) == folded(post.summary)


def test_the_sitemap_is_well_formed_and_lists_only_real_pages(hostile):
    site = hostile.directory
    sitemap = strict_xml(site / "sitemap.xml")
    locations = [loc.text for loc in sitemap.iter("{*}loc")]
    assert len(locations) > 40
    for location in locations:
        path = urlsplit(location).path.lstrip("/")
        assert (site / path).is_file() or (site / path / "index.html").is_file(), location


def pagefind_titles(site: Path) -> dict[str, str]:
    """URL → title, from Pagefind's own index fragments (gzip, JSON after a signature),
    every year's (pagefind/ and pagefind/YEAR/)."""
    titles = {}
    for fragment in (site / "pagefind").glob("**/fragment/*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        record = json.loads(data[data.index(b"{") :])
        titles[record["url"].strip("/")] = record["meta"]["title"]
    return titles


def test_the_search_index_holds_the_exact_titles(hostile):
    titles = pagefind_titles(hostile.directory)
    for post in ALL_ACCEPTED:
        if not post.page:
            assert folded(titles[post.path.removesuffix("/index.html")]) == folded(post.title)
            assert "\xa0" not in titles[post.path.removesuffix("/index.html")]


def test_search_shows_the_typed_title_and_runs_nothing_typed(browser, hostile):
    context = browser.new_context()
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(hostile.url + "/search/?q=negotiate")
    page.locator("#search-results a").first.wait_for()
    results = page.locator("#search-results a").all_inner_texts()
    markup = next(post for post in ACCEPTED if post.name == "markup")
    assert folded(markup.title) in [folded(text) for text in results]
    page.goto(hostile.url + "/search/?q=alert")
    page.locator("#search-status", has_text="match").wait_for()
    assert page.locator(f"[{MARK}]").count() == 0
    assert dialogs == []
    context.close()


# --- Refused: make check and the build stop on each, with the same lines ---------------


def post_text(**fields) -> str:
    defaults = {
        "Title": "A fine title",
        "Date": "2024-06-01 09:00",
        "Slug": None,
        "Category": "Interviews",
        "Summary": "A fine summary.",
    }
    lines = [
        f"{key}: {value}" for key, value in {**defaults, **fields}.items() if value is not None
    ]
    return "\n".join(lines) + "\n\nA body.\n"


# file (under content/) → (its text or bytes, field of the line check gives, words in it)
REFUSED = {
    "posts/slug-markup.md": (post_text(Slug='x"><script>alert(1)</script>'), "slug", "a-z"),
    "posts/slug-ampersand.md": (post_text(Slug="salary-q&a"), "slug", "a-z"),
    "posts/slug-up.md": (post_text(Slug="../../etc/x"), "slug", "a-z"),
    "posts/slug-over-a-page.md": (post_text(Slug="../../about"), "slug", "a-z"),
    "posts/slug-spaces.md": (post_text(Slug="Hello World Ünïcode"), "slug", "hello-world-unicode"),
    "posts/slug-long.md": (post_text(Slug="a" * 81), "slug", "81 characters"),
    "posts/slug-missing.md": (post_text(Title="No slug here"), "slug", "Slug: no-slug-here"),
    "posts/title-long-draft.md": (post_text(Title="Long " * 72, Status="draft"), "title", "long"),
    "posts/tag-emoji.md": (post_text(Slug="tag-emoji", Tags="salary, 🚀"), "tags", "empty URL"),
    "posts/author-emoji.md": (post_text(Slug="author-emoji", Author="🚀🚀"), "author", "empty"),
    "posts/tag-too-long.md": (post_text(Slug="tag-too-long", Tags="t" * 300), "tags", "255"),
    "posts/tags-mixed.md": (post_text(Slug="tags-mixed", Tags="a, b; c"), "tags", "only"),
    "posts/control-title.md": (post_text(Slug="c1", Title="Bell\x07 and\x0bvt"), "title", "U+0007"),
    "posts/control-body.md": (post_text(Slug="c2") + "Pasted\x0ctext\x00.\n", "text", "U+000C"),
    "posts/control-tags.md": (post_text(Slug="c3", Tags="nul\x00tag"), "tags", "U+0000"),
    "posts/control-c1.md": (post_text(Slug="c4", Summary="Next\x85line"), "summary", "U+0085"),
    "posts/repeated-title.md": (post_text(Slug="r1") + "", "title", "given again"),
    "posts/date-1899.md": (post_text(Slug="d1", Date="1899-12-31 09:00"), "date", "calculator"),
    "posts/date-2200.md": (post_text(Slug="d2", Date="2200-01-01 09:00"), "date", "2199-12-31"),
    "posts/date-impossible.md": (post_text(Slug="d3", Date="2026-02-30"), "date", "not a real"),
    "posts/date-words.md": (post_text(Slug="d4", Date="tomorrow"), "date", "not a date"),
    "posts/latin-1.md": (post_text(Slug="l1", Title="Café").encode("latin-1"), "file", "0xE9"),
    "posts/utf-16.md": (post_text(Slug="l2").encode("utf-16"), "file", "not UTF-8"),
    "posts/restructured.rst": ("A title\n=======\n\n:date: 2024-06-01\n", "file", "Markdown"),
    "stray.md": (post_text(Slug="stray"), "file", "leaves it out"),
    "posts/missing-image.md": (
        post_text(Slug="missing-image") + "![chart](../images/x.png)\n",
        "image",
        "does not have",
    ),
    "posts/language.md": (post_text(Slug="language", Lang="fr"), "lang", "one language"),
    "posts/save-as.md": (post_text(Slug="save-as", Save_as="../../x.html"), "save_as", "remove"),
    "posts/template.md": (post_text(Slug="template", Template="../../etc"), "template", "theme"),
    "posts/image-svg.md": (
        post_text(Slug="image-svg", Image="{static}/images/x.svg"),
        "image",
        "does not exist",
    ),
    "pages/archives-page.md": ("Title: Archives\nSlug: archives\n\nA page.\n", "slug", "own pages"),
    "posts/links-a-draft.md": (
        post_text(Slug="links-a-draft") + "[later]({filename}a-draft.md)\n",
        "link",
        "not published",
    ),
    "posts/html-no-date.html": (
        "<html><head><title>No date</title><meta name=slug content=html-no-date>"
        "<meta name=summary content=S></head><body><p>x</p></body></html>\n",
        "date",
        "missing",
    ),
    "posts/category-unknown.md": (post_text(Slug="cat", Category="Salary"), "category", "one of"),
    "posts/summary-missing.md": (post_text(Slug="no-summary", Summary=None), "summary", "missing"),
    "posts/same-slug.md": (
        post_text(Slug="finish-first-even-if-you-finished-second"),
        "slug",
        "already used",
    ),
}
REPEATED = {
    "posts/repeated-title.md": "Title: A second title\n",
    "posts/repeated-slug.md": "Slug: again\n",
    "posts/repeated-tags.md": "Tags: again\n",
}
REFUSED |= {
    "posts/repeated-slug.md": (post_text(Slug="r2"), "slug", "given again"),
    "posts/repeated-tags.md": (post_text(Slug="r3", Tags="a"), "tags", "given again"),
}
DRAFT = post_text(Slug="a-draft", Status="draft")


@pytest.fixture(scope="module")
def refused(tmp_path_factory):
    """(the content folder with every REFUSED case, check's problems, the build)."""
    folder = tmp_path_factory.mktemp("refused")
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "posts" / "a-draft.md").write_text(DRAFT, encoding="utf-8")
    for name, (text, _, _) in REFUSED.items():
        if name in REPEATED:
            text = text.replace("\n\n", "\n" + REPEATED[name] + "\n", 1)
        path = content / name
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        path.write_bytes(data)
    settings = read_settings(str(ROOT / "publishconf.py"), override={"PATH": str(content)})
    problems = check(settings, ROOT)
    result = build(
        folder / "output",
        "publishconf.py",
        content=content,
        content_check=True,
        fatal_warnings=True,
    )
    return folder, problems, result


def test_check_refuses_each_case_with_its_line(refused):
    folder, problems, _ = refused
    for name, (text, field, words) in REFUSED.items():
        mine = [p for p in problems if p.path.as_posix().endswith("content/" + name)]
        assert mine, f"check let {name} through"
        assert {p.field for p in mine} == {field}, (name, [str(p) for p in mine])
        assert any(words in p.message for p in mine), (name, [str(p) for p in mine])
        assert all(not p.warning for p in mine), name
        if isinstance(text, str):
            lines = text.replace("\n\n", "\n" + REPEATED.get(name, "") + "\n", 1).split("\n")
            for problem in mine:
                assert 1 <= problem.line <= len(lines), str(problem)


def test_a_control_character_is_named_not_misread_as_a_missing_date(refused):
    _, problems, _ = refused
    mine = [str(p) for p in problems if p.path.name == "control-title.md"]
    assert len(mine) == 2 and "U+0007 at column 12" in mine[0] and "U+000B" in mine[1]


def test_the_production_build_stops_with_the_same_lines_and_writes_nothing(refused):
    folder, problems, result = refused
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    errors = [str(problem) for problem in problems if not problem.warning]
    printed = result.stderr.splitlines()
    assert printed[: len(errors)] == errors
    assert printed[len(errors) :] == [
        f"check: {len(errors)} problem(s) above; fix them and build again"
    ]
    assert not (folder / "output").exists() or not any((folder / "output").iterdir())
