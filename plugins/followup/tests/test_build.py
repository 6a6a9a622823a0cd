"""The calculator in real builds: article pages in our theme and in Pelican's notmyidea,
development and production; feeds, summaries, per-post options and bad input."""

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from followup.rule import schedule
from scripts.compress import gzip_bytes
from tests.support.feedcheck import ATOM, CONTENT_ENCODED, strict_xml
from tests.support.sitebuild import (
    COLUMN_URL,
    NOTMYIDEA,
    PRODUCTION_SITEURL,
    ROOT,
    build,
    build_or_fail,
    soup,
    variant_settings,
)

FIXTURES = Path(__file__).parent / "fixtures"
STATIC = ROOT / "plugins" / "followup" / "static"
SCRIPTS = ("followup.js", "followup-rule.js")
RESULTS = ("window_start", "window_end", "recommended")
FEEDS = [
    "feeds/all.atom.xml",
    "feeds/all.rss.xml",
    "feeds/category/job-search.atom.xml",
    "feeds/all.json",
]


def notmyidea_build(tmp_path_factory, base: str) -> Path:
    folder = tmp_path_factory.mktemp("notmyidea")
    return build_or_fail(folder / "output", variant_settings(folder, base, **NOTMYIDEA))


@pytest.fixture(scope="module")
def notmyidea_dev(tmp_path_factory):
    return notmyidea_build(tmp_path_factory, "pelicanconf.py")


@pytest.fixture(scope="module")
def notmyidea_prod(tmp_path_factory):
    return notmyidea_build(tmp_path_factory, "publishconf.py")


@pytest.fixture(params=["dev_site", "prod_site", "notmyidea_dev", "notmyidea_prod"])
def any_build(request):
    """Each theme in each mode."""
    return request.param, request.getfixturevalue(request.param)


def expected_results(decided: str, probation="P3M", lead="P2W") -> dict:
    dates = schedule(decided, probation, lead)
    return {key: getattr(dates, key).isoformat() for key in RESULTS}


def shown_results(root) -> dict:
    return {time["data-result"]: time["datetime"] for time in root.select("time[data-result]")}


def local_file(output: Path, page: Path, url: str) -> Path:
    """The output file a page's (relative or production) URL points at."""
    if url.startswith(PRODUCTION_SITEURL):
        return output / url.removeprefix(PRODUCTION_SITEURL + "/")
    page_url = "http://x/" + page.relative_to(output).as_posix()
    return output / urlsplit(urljoin(page_url, url)).path.lstrip("/")


# --- the article page -----------------------------------------------------------------


def test_column_page_has_one_widget_right_after_the_post_body(any_build):
    name, output = any_build
    page = soup(output / COLUMN_URL / "index.html")
    [widget] = page.select("#followup")
    body = widget.find_previous_sibling(lambda element: element.name != "link")
    assert body.get("class") == ["post-body" if name.endswith("site") else "entry-content"]
    assert "second chance to finish" in body.find_all("p")[-1].get_text()


def test_column_page_shows_the_worked_example_for_the_column_date(any_build):
    _, output = any_build
    widget = soup(output / COLUMN_URL / "index.html").select_one("#followup")
    assert shown_results(widget) == expected_results("2012-10-29")
    assert widget.select_one("time[datetime='2012-10-29']")


def test_column_page_links_the_plugin_script_from_the_site(any_build):
    _, output = any_build
    path = output / COLUMN_URL / "index.html"
    page = soup(path)
    [script] = page.select("script[src*='followup']")
    assert script["type"] == "module"
    assert script in page.head.find_all("script")
    static = ROOT / "plugins" / "followup" / "static"
    assert (
        local_file(output, path, script["src"]).read_bytes()
        == (static / "followup.js").read_bytes()
    )
    assert (output / "followup" / "followup-rule.js").read_bytes() == (
        static / "followup-rule.js"
    ).read_bytes()


@pytest.mark.parametrize("build_name", ["notmyidea_dev", "notmyidea_prod"])
def test_other_themes_get_the_plugin_stylesheet_next_to_the_widget(request, build_name):
    output = request.getfixturevalue(build_name)
    path = output / COLUMN_URL / "index.html"
    page = soup(path)
    [stylesheet] = page.select("link[rel=stylesheet][href*='followup']")
    # In the body, so the theme's stylesheet stays the only render-blocking one.
    assert stylesheet.find_next_sibling() is page.select_one("#followup")
    static = ROOT / "plugins" / "followup" / "static"
    assert (
        local_file(output, path, stylesheet["href"]).read_bytes()
        == (static / "followup.css").read_bytes()
    )


def test_our_theme_styles_the_widget_in_its_one_stylesheet(site):
    """FOLLOWUP_STYLESHEET = False: the theme's stylesheet ends with the plugin's CSS, its
    one source, so a post page makes one stylesheet request; the theme only sets the
    widget's custom properties."""
    page = soup(site / COLUMN_URL / "index.html")
    [stylesheet] = page.select("link[rel=stylesheet]")
    assert stylesheet.parent.name == "head"
    built = local_file(site, site / COLUMN_URL / "index.html", stylesheet["href"])
    plugin_css = (STATIC / "followup.css").read_text(encoding="utf-8")
    assert built.read_text(encoding="utf-8").count(plugin_css) == 1
    assert not (site / "followup" / "followup.css").exists()
    theme_css = (ROOT / "theme" / "templates" / "css" / "site.css").read_text(encoding="utf-8")
    theme_css = re.sub(r"/\*.*?\*/", "", theme_css, flags=re.DOTALL)
    theme_rules = re.findall(r"([^{}]*\.followup[^{}]*)\{([^}]*)\}", theme_css)
    assert [selector.strip() for selector, _ in theme_rules] == [".followup"]
    declarations = [d.strip() for d in theme_rules[0][1].split(";") if d.strip()]
    assert declarations and all(d.startswith("--followup-") for d in declarations)


def test_the_widget_script_and_rule_stay_within_8_kb_gzipped(prod_site):
    """As served: gzipped as `make publish` pre-compresses them (scripts/compress.py)."""
    sizes = [len(gzip_bytes((prod_site / "followup" / name).read_bytes())) for name in SCRIPTS]
    assert sum(sizes) <= 8 * 1024, sizes


def test_production_page_links_assets_absolutely(prod_site):
    page = soup(prod_site / COLUMN_URL / "index.html")
    assert page.select_one("script[src*='followup']")["src"] == (
        f"{PRODUCTION_SITEURL}/followup/followup.js"
    )


def test_widget_markup_has_nothing_inline(any_build):
    _, output = any_build
    widget = soup(output / COLUMN_URL / "index.html").select_one("#followup")
    assert widget.find(["script", "style"]) is None
    for element in widget.find_all(True):
        assert "style" not in element.attrs
        assert not [attribute for attribute in element.attrs if attribute.startswith("on")]


# --- everywhere else the content goes ----------------------------------------------------


def widget_traces(html: str) -> list[str]:
    return re.findall(r"followup|data-result|When to follow up|if you were told", html)


@pytest.mark.parametrize(
    "listing", ["index.html", "archives/index.html", "category/job-search/index.html"]
)
def test_listings_carry_no_calculator(site, listing):
    assert widget_traces((site / listing).read_text(encoding="utf-8")) == []


def test_meta_description_is_the_summary_alone(any_build):
    _, output = any_build
    page = soup(output / COLUMN_URL / "index.html")
    description = page.select_one("meta[name=description]")["content"]
    assert widget_traces(description) == []


def feed_entries(output: Path, feed: str) -> list[dict]:
    """(content html, summary html, link) of each entry, from the raw file: feed parsers
    sanitise exactly the attributes this checks."""
    if feed.endswith(".json"):
        items = json.loads((output / feed).read_text(encoding="utf-8"))["items"]
        return [
            {"content": item["content_html"], "summary": item["summary"], "link": item["url"]}
            for item in items
        ]
    tree = strict_xml(output / feed)
    if tree.tag == f"{ATOM}feed":
        return [
            {
                "content": entry.findtext(f"{ATOM}content") or "",
                "summary": entry.findtext(f"{ATOM}summary") or "",
                "link": entry.find(f"{ATOM}link").get("href"),
            }
            for entry in tree.iter(f"{ATOM}entry")
        ]
    return [
        {
            "content": item.findtext(CONTENT_ENCODED) or item.findtext("description"),
            "summary": item.findtext("description") if item.findtext(CONTENT_ENCODED) else "",
            "link": item.findtext("link"),
        }
        for item in tree.iter("item")
    ]


@pytest.mark.parametrize("feed", FEEDS)
def test_feed_entry_has_the_worked_example_and_an_absolute_link_to_the_widget(site, feed):
    [entry] = feed_entries(site, feed)
    content = BeautifulSoup(entry["content"], "lxml")
    assert shown_results(content) == expected_results("2012-10-29")
    widget_link = f"{entry['link'].split('?')[0]}#followup"
    assert widget_link.startswith(("https://", "http://"))
    assert content.select_one(f'a[href="{widget_link}"]')
    assert content.select("form, input, button, script, textarea, select, svg") == []
    assert "count 3 months from the day you were told" in content.get_text()


@pytest.mark.parametrize("feed", FEEDS)
def test_feed_summary_has_no_calculator(site, feed):
    [entry] = feed_entries(site, feed)
    assert widget_traces(entry["summary"]) == []


def test_production_feed_links_to_the_production_widget(prod_site):
    [entry] = feed_entries(prod_site, "feeds/all.atom.xml")
    assert f'href="{PRODUCTION_SITEURL}/{COLUMN_URL}#followup"' in entry["content"]


# --- per-post options --------------------------------------------------------------------


@pytest.fixture(scope="module")
def options_site(tmp_path_factory):
    output = tmp_path_factory.mktemp("options") / "output"
    return build_or_fail(output, "publishconf.py", content=FIXTURES / "options")


def post(output: Path, url: str) -> BeautifulSoup:
    return soup(output / url / "index.html")


def atom_entry(output: Path, slug: str) -> dict:
    """The site Atom feed's one entry for the post with this slug."""
    [entry] = [e for e in feed_entries(output, "feeds/all.atom.xml") if slug in e["link"]]
    return entry


def test_followup_off_leaves_the_post_without_calculator(options_site):
    page = post(options_site, "2024/03/calculator-off")
    assert page.select("#followup") == []
    assert page.select("[src*='followup'], [href*='followup/']") == []
    entry = atom_entry(options_site, "calculator-off")
    assert widget_traces(entry["content"]) == []


def test_post_metadata_changes_the_worked_example_and_the_form(options_site):
    widget = post(options_site, "2024/01/own-defaults").select_one("#followup")
    assert shown_results(widget) == expected_results("2024-01-31", "P6M", "P1W")
    assert widget.select_one("input[name=probation][checked]")["value"] == "P6M"
    assert widget.select_one("input[name=lead][checked]")["value"] == "P1W"


def test_generated_summary_leaves_out_the_calculator(options_site):
    """This post has no Summary: Pelican cuts one from the content."""
    index = (options_site / "index.html").read_text(encoding="utf-8")
    assert "A post whose calculator starts" in index
    assert widget_traces(index) == []
    entry = atom_entry(options_site, "own-defaults")
    assert widget_traces(entry["summary"]) == []


def test_probation_outside_the_presets_starts_as_custom(options_site):
    widget = post(options_site, "2023/12/custom-length").select_one("#followup")
    assert shown_results(widget) == expected_results("2023-12-29", "P10W", "P2W")
    assert widget.select_one("input[name=probation][checked]")["value"] == "custom"
    assert widget.select_one("input[name=probation_count]")["value"] == "10"


# --- bad input fails the build, clearly, before anything is written -----------------------


def failed_build(output: Path, monkeypatch, **kwargs):
    monkeypatch.setenv("COLUMNS", "500")  # one log record per line, for reading back
    result = build(output, **kwargs)
    log = result.stdout + result.stderr
    assert result.returncode != 0, log
    assert "Traceback" not in log
    assert not output.exists() or list(output.rglob("*.html")) == []
    return log


def test_bad_post_metadata_fails_the_build_naming_file_field_value_and_forms(tmp_path, monkeypatch):
    log = failed_build(
        tmp_path / "output",
        monkeypatch,
        settings="publishconf.py",
        content=FIXTURES / "bad-metadata",
    )
    assert "bad-lead.md: followup_lead 'P4W' is not accepted: use P1W, P2W or P3W" in log
    assert "bad-switch.md: followup 'of' is not accepted: use on or off" in log


@pytest.mark.parametrize(
    "setting, value, message",
    [
        (
            "FOLLOWUP_PROBATION",
            "3 months",
            "FOLLOWUP_PROBATION '3 months' is not accepted: use PnM",
        ),
        ("FOLLOWUP_LEAD", "P4W", "FOLLOWUP_LEAD 'P4W' is not accepted: use P1W, P2W or P3W"),
    ],
)
def test_bad_setting_fails_the_build_before_anything_is_written(
    tmp_path, monkeypatch, setting, value, message
):
    settings = variant_settings(tmp_path, "pelicanconf.py", **{setting: value})
    log = failed_build(tmp_path / "output", monkeypatch, settings=settings)
    assert message in log
    assert "pelicanconf.py" in log
