"""The images plugin (plugins/images/): width, height and lazy loading on every <img> of
posts and pages, so that text never jumps as images arrive.

Unit tests of the pure module and of the src-to-file mapping, a production build of
plugins/images/tests/fixtures/content (a {static} PNG, a relative JPEG, a remote image, one the
author sized, a missing one), and a real browser that holds the images back."""

import json
import struct
import zlib
from pathlib import Path
from types import SimpleNamespace

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree
from pelican.settings import DEFAULT_CONFIG

from images.pelican_hooks import image_file
from images.sizes import add_image_attributes
from tests.support.browser import served_build
from tests.support.sitebuild import PRODUCTION_SITEURL, ROOT, build, build_or_fail, soup

FIXTURE_DIR = ROOT / "plugins" / "images" / "tests" / "fixtures" / "content"
PICTURES_POST = "2024/03/a-post-with-pictures/index.html"
MISSING_POST = "2024/03/a-missing-picture/index.html"
MISSING_POST_SOURCE = "plugins/images/tests/fixtures/content/posts/2024-03-05-a-missing-picture.md"


def png_bytes(width: int, height: int) -> bytes:
    """A real one-colour PNG, made with the standard library only."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    rows = (b"\x00" + b"\x2d\x6a\x4f" * width) * height
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk: read here, not by the plugin's library."""
    return struct.unpack(">II", path.read_bytes()[16:24])


def img(html: str) -> dict:
    return BeautifulSoup(html, "html.parser").img.attrs


@pytest.fixture
def picture(tmp_path):
    path = tmp_path / "picture.png"
    path.write_bytes(png_bytes(30, 20))
    return path


# The pure module


def test_local_image_gets_its_size_lazy_loading_and_nothing_else_changes(picture):
    html = '<p>Before <img alt="A chart" src="{static}/picture.png"> after.</p>\n'
    result, unsized = add_image_attributes(html, lambda src: picture)
    assert img(result) == {
        "alt": "A chart",
        "src": "{static}/picture.png",
        "width": "30",
        "height": "20",
        "loading": "lazy",
        "decoding": "async",
    }
    assert result.startswith("<p>Before <img alt=") and result.endswith("> after.</p>\n")
    assert unsized == []


def test_resolver_gets_the_src_as_written(picture):
    asked = []
    add_image_attributes('<img src="../a%20b.png?v=2" alt="">', lambda src: asked.append(src))
    assert asked == ["../a%20b.png?v=2"]


def test_author_attributes_are_kept(picture):
    html = '<img src="p.png" alt="" width="12" height="34" loading="eager" decoding="sync">'
    result, unsized = add_image_attributes(html, lambda src: picture)
    assert result == html and unsized == []


def test_author_decoding_is_kept_and_loading_added(picture):
    result, _ = add_image_attributes('<img src="p.png" alt="" decoding="sync">', lambda s: picture)
    assert img(result)["decoding"] == "sync" and img(result)["loading"] == "lazy"


@pytest.mark.parametrize(
    ("given", "added"),
    [({"width": "15"}, {"height": "10"}), ({"height": "40"}, {"width": "60"})],
)
def test_one_side_set_by_the_author_gives_the_other_by_aspect_ratio(picture, given, added):
    attributes = " ".join(f'{name}="{value}"' for name, value in given.items())
    result, _ = add_image_attributes(f'<img src="p.png" alt="" {attributes}>', lambda s: picture)
    assert {name: img(result)[name] for name in ("width", "height")} == given | added


def test_a_width_that_is_not_pixels_gets_no_height(picture):
    result, unsized = add_image_attributes(
        '<img src="p.png" alt="" width="50%">', lambda s: picture
    )
    assert "height" not in img(result) and img(result)["width"] == "50%" and unsized == []


@pytest.mark.parametrize(
    "src",
    [
        "https://images.example/a.png",
        "http://images.example/a.png",
        "//images.example/a.png",
        "data:image/png;base64,iVBORw0KGgo=",
    ],
)
def test_remote_images_get_only_lazy_loading(src):
    def never(src):
        raise AssertionError(f"a remote image was resolved: {src}")

    result, unsized = add_image_attributes(f'<img src="{src}" alt="">', never)
    assert img(result) == {"src": src, "alt": "", "loading": "lazy"} and unsized == []


def test_missing_file_leaves_the_tag_as_written_and_is_reported(tmp_path):
    html = '<p><img src="{static}/gone.png" alt="Gone"></p>'
    result, unsized = add_image_attributes(html, lambda src: tmp_path / "gone.png")
    assert result == html
    assert [(image.src, image.reason) for image in unsized] == [
        ("{static}/gone.png", f"no such file: {tmp_path / 'gone.png'}")
    ]


def test_file_that_is_not_an_image_is_reported(tmp_path):
    (tmp_path / "notes.png").write_text("not a picture", encoding="utf-8")
    html = '<img src="notes.png" alt="">'
    result, unsized = add_image_attributes(html, lambda src: tmp_path / "notes.png")
    assert result == html and "cannot be read" in unsized[0].reason


def test_src_outside_the_site_is_reported():
    result, unsized = add_image_attributes('<img src="{tag}x" alt="">', lambda src: None)
    assert result == '<img src="{tag}x" alt="">' and unsized[0].src == "{tag}x"


def test_only_real_tags_change_on_any_line(picture):
    html = (
        "<p>Line one\r\n\u2028with odd breaks\x0c</p>\n"
        '<!-- <img src="p.png"> -->\n'
        "<pre><code>&lt;img src=&quot;p.png&quot;&gt;</code></pre>\n"
        '<p>\n  <img src="a.png" alt="first" />\n  <img\n    src="b.png" alt="second"></p>\n'
    )
    result, _ = add_image_attributes(html, lambda src: picture)
    tags = BeautifulSoup(result, "html.parser").find_all("img")
    assert [tag["alt"] for tag in tags] == ["first", "second"]
    assert all(tag["width"] == "30" and tag["height"] == "20" for tag in tags)
    assert (
        '<img src="a.png" alt="first" width="30" height="20" loading="lazy" decoding="async" />'
        in result
    )
    assert result.split('<p>\n  <img src="a.png"')[0] == html.split('<p>\n  <img src="a.png"')[0]


# Where an <img src> of a post is on disk (the Pelican side, with a stand-in post)


def stand_in_post(tmp_path, siteurl="https://finishfirst.test"):
    content = tmp_path / "content"
    return SimpleNamespace(
        settings={
            "PATH": str(content),
            "SITEURL": siteurl,
            "INTRASITE_LINK_REGEX": DEFAULT_CONFIG["INTRASITE_LINK_REGEX"],
        },
        source_path=str(content / "posts" / "2024-03-04-pictures.md"),
        url="2024/03/pictures/",
    )


@pytest.mark.parametrize(
    ("src", "file"),
    [
        ("{static}/images/a.png", "images/a.png"),
        ("{static}../images/a.png", "images/a.png"),
        ("{static}/images/a%20b.png?v=2#top", "images/a b.png"),
        ("|static|/images/a.png", "images/a.png"),
        ("{filename}/images/a.png", "images/a.png"),
        ("{attach}pictures/a.png", "posts/pictures/a.png"),
        ("/images/a.png", "images/a.png"),
        ("../../../images/a.png", "images/a.png"),
        ("a.png", "2024/03/pictures/a.png"),
    ],
)
def test_src_forms_map_to_the_file_pelican_or_the_browser_would_use(tmp_path, src, file):
    assert image_file(stand_in_post(tmp_path), src) == tmp_path / "content" / file


def test_links_that_are_not_files_map_to_nothing(tmp_path):
    assert image_file(stand_in_post(tmp_path), "{tag}probation") is None


def test_a_site_in_a_subfolder_maps_plain_paths_from_its_own_root(tmp_path):
    post = stand_in_post(tmp_path, siteurl="https://example.org/column")
    assert image_file(post, "../../../images/a.png") == tmp_path / "content" / "images/a.png"
    assert image_file(post, "/images/a.png") is None  # the host's root, not the site's


# The fixture site, built for production


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    output = tmp_path_factory.mktemp("images") / "output"
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("COLUMNS", "1000")  # Pelican's log wraps lines at the terminal width
        result = build(output, "publishconf.py", content=FIXTURE_DIR)
    assert result.returncode == 0, f"pelican failed:\n{result.stdout}\n{result.stderr}"
    return SimpleNamespace(output=output, log=result.stdout + result.stderr)


@pytest.fixture(scope="module")
def without_plugin(tmp_path_factory):
    """The same site with every plugin but this one: what Pelican alone makes of it."""
    folder = tmp_path_factory.mktemp("plain")
    settings = folder / "publishconf_without_images.py"
    settings.write_text(
        "from publishconf import *  # noqa\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
        'PLUGINS = [name for name in PLUGINS if name != "images"]  # noqa: F405\n',
        encoding="utf-8",
    )
    return build_or_fail(folder / "output", str(settings), content=FIXTURE_DIR)


def post_images(page: Path) -> dict[str, dict]:
    """The post body's images by alt text."""
    body = soup(page).select_one(".post-body")
    return {tag["alt"]: tag.attrs for tag in body.find_all("img")}


def test_post_images_get_the_sizes_of_their_files(production):
    images = post_images(production.output / PICTURES_POST)
    wide_width, wide_height = png_size(FIXTURE_DIR / "images" / "wide.png")
    table = images["The wide interview table"]
    assert (table["width"], table["height"]) == (str(wide_width), str(wide_height))
    assert table["src"] == f"{PRODUCTION_SITEURL}/images/wide.png"
    window = images["The tall window, seen from the door"]
    assert int(window["width"]) > 0 and int(window["height"]) > int(window["width"])
    assert all(images[alt]["loading"] == "lazy" for alt in (table["alt"], window["alt"]))
    assert all(images[alt]["decoding"] == "async" for alt in (table["alt"], window["alt"]))


def test_remote_and_author_sized_images_in_the_built_page(production):
    images = post_images(production.output / PICTURES_POST)
    remote = images["A picture from another site"]
    assert remote["loading"] == "lazy" and "width" not in remote and "decoding" not in remote
    smaller = images["The table again, smaller"]
    wide_width, wide_height = png_size(FIXTURE_DIR / "images" / "wide.png")
    assert smaller["loading"] == "eager" and "decoding" not in smaller
    assert (smaller["width"], smaller["height"]) == ("300", str(300 * wide_height // wide_width))


def test_page_images_get_sizes_too(production):
    portrait = soup(production.output / "about" / "index.html").find("img", alt=True)
    assert portrait["src"].endswith("/images/portrait.jpg")
    assert int(portrait["width"]) > 0 and int(portrait["height"]) > 0


def test_missing_image_is_left_alone_with_a_warning_naming_post_and_src(production):
    missing = post_images(production.output / MISSING_POST)["A picture nobody added"]
    assert set(missing) == {"src", "alt"}
    warnings = [line for line in production.log.splitlines() if "gets no width/height" in line]
    assert len(warnings) == 1
    assert MISSING_POST_SOURCE in warnings[0] and "../../../images/missing.png" in warnings[0]


def test_feed_carries_sized_images_with_absolute_urls_and_still_parses(production):
    data = (production.output / "feeds" / "all.atom.xml").read_bytes()
    etree.fromstring(data, etree.XMLParser(recover=False))
    feed = feedparser.parse(data)
    assert not feed.bozo
    entry = next(entry for entry in feed.entries if entry.title == "A post with pictures")
    images = BeautifulSoup(entry.content[0].value, "html.parser").find_all("img")
    local = [tag for tag in images if not tag["src"].startswith("https://images.example/")]
    assert len(local) == 3
    assert all(tag["src"].startswith(f"{PRODUCTION_SITEURL}/images/") for tag in local)
    assert all(tag.get("width") and tag.get("height") for tag in local)


def test_summary_text_is_what_pelican_alone_makes(production, without_plugin):
    """The post has no Summary: field, so Pelican cuts one from the content, which this
    plugin changed earlier. Only attributes differ, never the words."""

    def description(output):
        return soup(output / PICTURES_POST).find("meta", attrs={"name": "description"})["content"]

    def home_summary(output):
        summaries = soup(output / "index.html").select(".post-summary .summary")
        return next(summary for summary in summaries if summary.img)

    assert description(production.output) == description(without_plugin)
    with_sizes, plain = home_summary(production.output), home_summary(without_plugin)
    assert with_sizes.get_text() == plain.get_text()
    assert with_sizes.img["width"] and "width" not in plain.img.attrs
    assert {**with_sizes.img.attrs, "width": None, "height": None, "loading": None} == {
        **plain.img.attrs,
        "width": None,
        "height": None,
        "loading": None,
        "decoding": with_sizes.img["decoding"],
    }


# The picture link previews show (og:image, Twitter, JSON-LD)


def shared_image(page: Path) -> dict:
    """og:image and its size and alt, and the JSON-LD image, of a built page."""
    head = soup(page)
    meta = {tag["property"]: tag["content"] for tag in head.find_all("meta", property=True)}
    data = json.loads(head.find("script", type="application/ld+json").string)
    return {
        "url": meta["og:image"],
        "size": (meta["og:image:width"], meta["og:image:height"]),
        "alt": meta["og:image:alt"],
        "json-ld": data["image"],
    }


def test_a_post_shares_its_first_picture_with_its_size(production):
    shared = shared_image(production.output / PICTURES_POST)
    width, height = png_size(FIXTURE_DIR / "images" / "wide.png")
    assert shared["url"] == f"{PRODUCTION_SITEURL}/images/wide.png"
    assert shared["size"] == (str(width), str(height))
    assert shared["alt"] == "The wide interview table"
    assert shared["json-ld"] == {
        "@type": "ImageObject",
        "url": shared["url"],
        "width": width,
        "height": height,
    }


def test_an_image_field_names_the_shared_picture(production):
    shared = shared_image(production.output / "2024/03/a-chosen-picture/index.html")
    assert shared["url"] == f"{PRODUCTION_SITEURL}/images/portrait.jpg"
    width, height = (int(side) for side in shared["size"])
    assert height > width > 0 and shared["alt"] == "A chosen picture"


@pytest.mark.parametrize("post", [MISSING_POST, "2024/03/only-a-drawing/index.html"])
def test_without_a_shareable_picture_the_site_default_stays(production, post):
    shared = shared_image(production.output / post)
    assert shared["url"] == f"{PRODUCTION_SITEURL}/theme/images/og-default.png"
    assert shared["size"] == ("1200", "630") and shared["json-ld"] == shared["url"]


# In a real browser: the boxes are there before the files


@pytest.fixture(scope="module")
def served_fixture(tmp_path_factory):
    output = tmp_path_factory.mktemp("served-images") / "output"
    with served_build(output, content=FIXTURE_DIR) as server:
        yield server


BOXES = """() => [...document.querySelectorAll('.post-body img')].map(img => {
  const box = img.getBoundingClientRect();
  return {alt: img.alt, width: box.width, height: box.height, loaded: img.naturalWidth,
          attrWidth: +img.getAttribute('width'), attrHeight: +img.getAttribute('height'),
          naturalWidth: img.naturalWidth, naturalHeight: img.naturalHeight};
})"""
LOCAL_IMAGES = {"The wide interview table", "The tall window, seen from the door"}


@pytest.mark.parametrize("viewport_width", [320, 1280])
def test_image_boxes_have_their_final_size_before_the_files_arrive(
    browser, served_fixture, viewport_width
):
    post_url = served_fixture.url + "/" + PICTURES_POST.removesuffix("index.html")
    context = browser.new_context(viewport={"width": viewport_width, "height": 800})
    page = context.new_page()
    held = []
    page.route("**/images/*", lambda route: held.append(route.request.url))  # never answered
    # "load" would wait for the held images forever.
    page.goto(post_url, wait_until="domcontentloaded")
    for image in page.locator(".post-body img").all():
        image.scroll_into_view_if_needed()  # lazy images are requested only near the viewport
    before = {box["alt"]: box for box in page.evaluate(BOXES) if box["alt"] in LOCAL_IMAGES}
    assert len(before) == len(LOCAL_IMAGES) and len(held) >= len(LOCAL_IMAGES)
    for box in before.values():
        assert box["loaded"] == 0, f"{box['alt']} arrived although held back"
        assert box["attrWidth"] > 0 and box["attrHeight"] > 0, box
        assert 0 < box["width"] <= viewport_width and box["height"] > 0, box
        expected_height = box["width"] * box["attrHeight"] / box["attrWidth"]
        assert box["height"] == pytest.approx(expected_height, abs=1), box
    context.close()

    context = browser.new_context(viewport={"width": viewport_width, "height": 800})
    page = context.new_page()
    page.goto(post_url)
    for image in page.locator(".post-body img[decoding]").all():
        image.scroll_into_view_if_needed()
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
        )
    after = {box["alt"]: box for box in page.evaluate(BOXES) if box["alt"] in LOCAL_IMAGES}
    for alt, box in after.items():
        # The browser's own reading of the file agrees with the attributes...
        assert (box["naturalWidth"], box["naturalHeight"]) == (box["attrWidth"], box["attrHeight"])
        # ...and loading it moved nothing: the box is the one reserved before.
        assert (box["width"], box["height"]) == pytest.approx(
            (before[alt]["width"], before[alt]["height"]), abs=0.5
        )
    context.close()
