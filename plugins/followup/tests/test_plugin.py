"""Unit tests of the calculator plugin's options (settings, per-post metadata) and markup."""

import subprocess
import sys
from datetime import date

import pytest
from bs4 import BeautifulSoup
from jinja2 import DictLoader, Environment

from followup import render
from followup.hooks import ThemeHooks, add_widget_to_page, insert_widget, template_calls_widget
from followup.options import (
    SETTING_DEFAULTS,
    FollowupOptionError,
    PostOptions,
    followup_settings,
    post_options,
)
from followup.rule import schedule
from tests.support.sitebuild import ROOT, project_env

DEFAULTS = followup_settings({})
COLUMN_OPTIONS = PostOptions("P3M", "P2W")
COLUMN_DAY = date(2012, 10, 29)


def parse(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


# --- settings -------------------------------------------------------------------------


def test_settings_default_to_the_column_advice():
    assert (DEFAULTS.probation, DEFAULTS.lead) == ("P3M", "P2W")
    assert DEFAULTS.heading == SETTING_DEFAULTS["FOLLOWUP_HEADING"]


def test_settings_take_the_site_values():
    settings = followup_settings(
        {"FOLLOWUP_PROBATION": "P90D", "FOLLOWUP_LEAD": "P3W", "FOLLOWUP_HEADING": "Dates"}
    )
    assert (settings.probation, settings.lead, settings.heading) == ("P90D", "P3W", "Dates")


@pytest.mark.parametrize(
    "name, value, accepted",
    [
        ("FOLLOWUP_PROBATION", "3 months", "PnM (1-12 months)"),
        ("FOLLOWUP_PROBATION", "P4W", "PnW (5-52 weeks)"),
        ("FOLLOWUP_PROBATION", "P3M1D", "P1Y"),
        ("FOLLOWUP_PROBATION", 3, "PnD (30-366 days)"),
        ("FOLLOWUP_LEAD", "P4W", "P1W, P2W or P3W"),
        ("FOLLOWUP_LEAD", "2 weeks", "P1W, P2W or P3W"),
        ("FOLLOWUP_HEADING", "", "non-empty string"),
        ("FOLLOWUP_MESSAGE", None, "non-empty string"),
        ("FOLLOWUP_PROBATON", "P3M", "FOLLOWUP_PROBATION"),
    ],
)
def test_bad_setting_names_field_value_and_accepted_forms(name, value, accepted):
    with pytest.raises(FollowupOptionError) as raised:
        followup_settings({name: value})
    assert raised.value.field == name
    assert raised.value.value == value
    assert repr(value) in str(raised.value)
    assert accepted in str(raised.value)


# --- per-post metadata ---------------------------------------------------------------


def test_a_post_without_metadata_gets_the_site_defaults():
    assert post_options({}, DEFAULTS) == PostOptions("P3M", "P2W")


def test_a_post_changes_its_own_defaults():
    metadata = {"followup_probation": "P6M", "followup_lead": "P1W"}
    assert post_options(metadata, DEFAULTS) == PostOptions("P6M", "P1W")


@pytest.mark.parametrize("switch", ["off", "Off", " off "])
def test_followup_off_removes_the_calculator(switch):
    assert post_options({"followup": switch, "followup_lead": "P4W"}, DEFAULTS) is None


def test_post_options_accepts_raw_pelican_settings_as_scripts_check_passes_them():
    raw = {"FOLLOWUP_LEAD": "P3W", "SITENAME": "Finish First"}
    assert post_options({}, raw) == PostOptions("P3M", "P3W")


@pytest.mark.parametrize(
    "field, value, accepted",
    [
        ("followup", "of", "use on or off"),
        ("followup", "no", "use on or off"),
        ("followup_probation", "P4W", "PnW (5-52 weeks)"),
        ("followup_probation", "P13M", "PnM (1-12 months)"),
        ("followup_probation", "p3m", "PnM (1-12 months)"),
        ("followup_lead", "P4W", "P1W, P2W or P3W"),
        ("followup_lead", "", "P1W, P2W or P3W"),
    ],
)
def test_bad_metadata_names_field_value_and_accepted_forms(field, value, accepted):
    with pytest.raises(FollowupOptionError) as raised:
        post_options({field: value}, DEFAULTS)
    assert (raised.value.field, raised.value.value) == (field, value)
    assert str(raised.value) == f"{field} {value!r} is not accepted: {raised.value.accepted}"
    assert accepted in raised.value.accepted


def test_options_module_imports_without_pelican():
    """scripts/check.py imports it to check posts without building."""
    code = (
        "import sys, followup.options; "
        "loaded = [m for m in sys.modules if m == 'pelican' or m.startswith('pelican.')]; "
        "assert not loaded, loaded"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=project_env(), capture_output=True
    )
    assert result.returncode == 0, result.stderr.decode()


# --- rendering -----------------------------------------------------------------------


def test_its_templates_are_kept_compiled_where_the_site_keeps_its_own(tmp_path):
    """Each devserver build is a new process: the calculator's templates compile once,
    in a folder of the site's bytecode cache (JINJA_ENVIRONMENT's), then load compiled."""
    code = (
        "import sys\n"
        "from jinja2 import FileSystemBytecodeCache\n"
        "from followup import render\n"
        "from followup.options import followup_settings, PostOptions\n"
        "from datetime import date\n"
        "render.keep_compiled(FileSystemBytecodeCache(sys.argv[1]) if sys.argv[1:] else None)\n"
        "example = render.worked_example(date(2012, 10, 29), PostOptions('P3M', 'P2W'))\n"
        "print(render.widget_html(example, followup_settings({})))\n"
    )

    def widget(*cache):
        command = [sys.executable, "-c", code, *map(str, cache)]
        result = subprocess.run(command, cwd=ROOT, env=project_env(), capture_output=True)
        assert result.returncode == 0, result.stderr.decode()
        return result.stdout

    compiled = tmp_path / "compiled"
    compiled.mkdir()
    fresh = widget()
    assert widget(compiled) == fresh and list(compiled.glob("followup/*/*.cache"))
    assert widget(compiled) == fresh, "the same widget from the compiled templates"
    assert not list(compiled.glob("*.cache")), "in a folder of their own"


# --- rendering -----------------------------------------------------------------------


def column_widget(options=COLUMN_OPTIONS, settings=DEFAULTS) -> BeautifulSoup:
    example = render.worked_example(COLUMN_DAY, options)
    return parse(render.widget_html(example, settings)).find(id="followup")


def shown_results(root) -> dict:
    return {time["data-result"]: time["datetime"] for time in root.select("time[data-result]")}


def test_worked_example_is_the_rule_applied_to_the_post_date():
    expected = schedule("2012-10-29", "P3M", "P2W")
    assert shown_results(column_widget()) == {
        key: getattr(expected, key).isoformat()
        for key in ("window_start", "window_end", "recommended")
    }


def test_worked_example_says_the_dates_in_words():
    expected = schedule("2012-10-29", "P3M", "P2W").recommended
    time = column_widget().select_one("time[data-result=recommended]")
    assert time.get_text() == f"{expected:%A} {expected.day} {expected:%B %Y}"


def test_widget_form_is_hidden_until_the_script_shows_it():
    root = column_widget()
    assert root.find("form").has_attr("hidden")
    assert root.select_one("[data-followup-live]").has_attr("hidden")
    assert not root.select_one("[data-followup-dates]").has_attr("hidden")


def test_widget_is_ready_for_a_strict_csp():
    root = column_widget()
    assert root.find("script") is None
    assert root.find("style") is None
    for element in root.find_all(True):
        assert "style" not in element.attrs, element
        assert not [name for name in element.attrs if name.startswith("on")], element


def test_every_field_has_a_label_and_every_reference_resolves():
    root = column_widget()
    ids = {element["id"] for element in root.find_all(id=True)}
    for control in root.select("input, select, textarea"):
        assert root.select_one(f'label[for="{control["id"]}"]'), control
    for element in root.select("[aria-describedby]"):
        assert set(element["aria-describedby"].split()) <= ids, element
    assert {e["data-error-for"] for e in root.select("[data-error-for]")} == {
        "decided",
        "start",
        "probation",
        "lead",
    }


def test_the_live_region_holds_the_answer_sentence_alone():
    [status] = column_widget().select("[role=status]")
    assert [child.name for child in status.find_all(True)] == ["p"]
    assert status.p.has_attr("data-followup-answer")


def test_the_form_has_the_interfaces_other_code_relies_on():
    root = column_widget()
    assert root.has_attr("data-pagefind-ignore")
    names = {control["name"] for control in root.select("form [name]")}
    assert {"day", "month", "year", "start_day", "start_month", "start_year"} <= names
    assert {"probation", "lead", "company", "role"} <= names
    assert root.select_one("[data-followup-timeline][aria-hidden=true]")
    assert root.select_one("[data-followup-answer]")


def test_without_the_script_the_widget_gives_the_rule_and_says_it_needs_javascript():
    """Everything the script does not hide must be true without it: no promised form."""
    root = column_widget()
    for hidden in root.select("[hidden]"):
        hidden.decompose()
    for hidden_by_script in root.select("[data-followup-example], [data-followup-nojs]"):
        assert hidden_by_script.get_text(strip=True)
    text = root.get_text(" ", strip=True)
    assert "count 3 months from the day you were told" in text
    assert "go back 2 weeks" in text and "take the Friday before" in text
    assert "needs JavaScript" in text
    assert "Enter the day" not in text and "Enter the date" not in text
    assert root.select("form, button, textarea, [data-followup-timeline]") == []


@pytest.mark.parametrize(
    "options, lengths",
    [
        (PostOptions("P6M", "P1W"), ("6 months", "1 week")),
        (PostOptions("P90D", "P3W"), ("90 days", "3 weeks")),
    ],
)
def test_the_rule_sentence_names_the_posts_own_lengths(options, lengths):
    sentence = column_widget(options).select_one("[data-followup-rule]").get_text()
    assert f"count {lengths[0]} from" in sentence and f"go back {lengths[1]}," in sentence


def test_the_message_drafts_for_each_stage_and_the_subject_are_in_the_page():
    settings = followup_settings(
        {"FOLLOWUP_MESSAGE": "Still <b>on</b> [role]", "FOLLOWUP_MESSAGE_AFTER": "Over & [company]"}
    )
    root = column_widget(settings=settings)
    message = root.select_one("textarea[name=message]")
    assert (message["data-draft"], message["data-draft-after"]) == (
        "Still <b>on</b> [role]",
        "Over & [company]",
    )
    assert message.get_text() == "Still <b>on</b> [role]" and root.find("b") is None
    subject = root.select_one("input[name=subject]")
    assert subject["value"] == subject["data-draft"] == DEFAULTS.subject


@pytest.mark.parametrize(
    "probation, checked, count, unit",
    [("P6M", "P6M", "6", "M"), ("P90D", "P90D", "90", "D"), ("P4M", "custom", "4", "M")],
)
def test_the_form_starts_from_the_post_options(probation, checked, count, unit):
    root = column_widget(PostOptions(probation, "P1W"))
    assert root.select_one("input[name=probation][checked]")["value"] == checked
    assert root.select_one("input[name=lead][checked]")["value"] == "P1W"
    assert root.select_one("input[name=probation_count]")["value"] == count
    assert root.select_one("select[name=probation_unit] option[selected]")["value"] == unit


def test_setting_texts_are_escaped():
    settings = followup_settings({"FOLLOWUP_HEADING": "<b>Dates</b> & more"})
    root = column_widget(settings=settings)
    assert root.find("b") is None
    assert root.find("h2").get_text() == "<b>Dates</b> & more"


def test_feed_markup_has_the_rule_the_example_and_link_but_no_form_or_script():
    example = render.worked_example(COLUMN_DAY, COLUMN_OPTIONS)
    url = "https://finishfirst.test/2012/10/post/#followup"
    feed = parse(render.feed_html(example, DEFAULTS, url))
    assert feed.select("form, input, script, button, textarea, svg") == []
    assert shown_results(feed) == shown_results(column_widget())
    assert feed.select_one(f'a[href="{url}"]')
    rule = column_widget().select_one("[data-followup-rule]").get_text()
    assert rule in feed.get_text()


def test_the_stylesheet_rules_are_the_plugins_stylesheet():
    css = (ROOT / "plugins" / "followup" / "static" / "followup.css").read_text(encoding="utf-8")
    assert str(render.stylesheet_rules()) == css


def test_assets_are_a_module_script_and_a_stylesheet_under_the_site_url():
    script = parse(render.script_html("https://site.test")).find("script")
    assert (script["type"], script["src"]) == ("module", "https://site.test/followup/followup.js")
    stylesheet = parse(render.stylesheet_html("../..")).find("link")
    assert (stylesheet["rel"], stylesheet["href"]) == (
        ["stylesheet"],
        "../../followup/followup.css",
    )


@pytest.mark.parametrize(
    "probation, label",
    [("P3M", "3 months"), ("P1M", "1 month"), ("P12M", "12 months"), ("P10W", "10 weeks")],
)
def test_probation_labels(probation, label):
    assert render.probation_label(probation) == label


# --- where the widget goes -------------------------------------------------------------

PAGE = (
    "<html><head><title>t</title></head><body><main><article>"
    '<div class="body">{content}</div><footer>tags</footer></article></main></body></html>'
)


class Article:
    """What the hooks read of a Pelican article."""

    content = "<p>The column.</p>"

    def __init__(self, example=True):
        self.followup = example and render.worked_example(COLUMN_DAY, COLUMN_OPTIONS)


def render_theme(source: str, **context) -> str:
    """A theme template calling the hooks, rendered as Pelican renders ours (autoescape on)."""
    environment = Environment(autoescape=True)
    hooks = ThemeHooks(followup_settings({"FOLLOWUP_STYLESHEET": False}))
    environment.globals.update(
        followup_head=hooks.head, followup_widget=hooks.widget, followup_stylesheet=hooks.stylesheet
    )
    return environment.from_string(source).render(SITEURL="../..", **context)


def test_the_theme_hooks_give_the_script_and_the_widget_as_markup():
    html = render_theme(
        "<head>{{ followup_head(article) }}</head><body>{{ followup_widget(article) }}</body>",
        article=Article(),
    )
    page = parse(html)
    [script] = page.select("script")
    assert script.parent.name == "head" and script["src"] == "../../followup/followup.js"
    assert page.body.select_one("#followup[data-pagefind-ignore]")
    assert page.select("link") == []


def test_the_widget_brings_its_script_when_the_theme_leaves_out_followup_head():
    page = parse(render_theme("<body>{{ followup_widget(article) }}</body>", article=Article()))
    [script] = page.select("script")
    assert script.find_previous_sibling(id="followup")


def test_the_hooks_give_nothing_for_a_post_without_the_calculator_or_a_page_without_a_post():
    source = "[{{ followup_head(article) }}{{ followup_widget(article) }}]"
    assert render_theme(source, article=Article(example=None)) == "[]"
    assert render_theme(source) == "[]"


def test_the_widget_links_the_plugins_stylesheet_when_the_setting_asks():
    hooks = ThemeHooks(followup_settings({"FOLLOWUP_STYLESHEET": True}))
    environment = Environment(autoescape=True)
    environment.globals.update(followup_widget=hooks.widget)
    page = parse(
        environment.from_string("{{ followup_widget(article) }}").render(
            SITEURL="https://site.test", article=Article()
        )
    )
    assert (
        page.select_one("link[rel=stylesheet]")["href"] == "https://site.test/followup/followup.css"
    )


def test_the_stylesheet_hook_gives_the_plugins_css_unescaped():
    assert render_theme("{{ followup_stylesheet() }}") == str(render.stylesheet_rules())


def test_a_page_the_theme_placed_the_widget_on_is_never_read_back(tmp_path):
    article = Article()
    render_theme("{{ followup_widget(article) }}", article=article)
    missing = tmp_path / "never-written.html"  # reading it would raise
    add_widget_to_page(str(missing), {"article": article, "SITEURL": ".."})
    assert not missing.exists()


def test_a_theme_calls_the_widget_from_its_article_template_or_those_it_follows():
    templates = {
        "direct.html": "<main>{{ followup_widget(article) }}</main>",
        "parent.html": "{% block main %}{{ followup_widget(article) | safe }}{% endblock %}",
        "child.html": "{% extends 'parent.html' %}",
        "includes.html": "{% include 'part.html' %}",
        "part.html": "{% if article %}{{ followup_widget(article) }}{% endif %}",
        "names_it.html": "{% if followup_widget is defined %}{{ article.title }}{% endif %}",
        "other.html": "{% include 'names_it.html' %}{{ followup_head(article) }}",
        "variable.html": "{% include article.template %}",
    }
    env = Environment(loader=DictLoader(templates))
    called = {name for name in templates if template_calls_widget(env, name)}
    assert called == {"direct.html", "parent.html", "child.html", "includes.html", "part.html"}


def test_the_fallback_places_the_widget_when_the_theme_never_called_the_hook(tmp_path):
    page = tmp_path / "index.html"
    page.write_text(PAGE.format(content=Article.content), encoding="utf-8")
    add_widget_to_page(str(page), {"article": Article(), "SITEURL": ".."})
    html = parse(page.read_text(encoding="utf-8"))
    assert html.select_one("div.body").find_next_sibling(id="followup")
    assert html.head.select_one("script[src='../followup/followup.js']")


def test_widget_goes_after_the_element_around_the_content_and_assets_into_the_head():
    content = "<p>The column.</p>"
    page = insert_widget(PAGE.format(content=content), content, "<section>W</section>", "<A>")
    assert "<p>The column.</p></div>\n<section>W</section>\n<footer>" in page
    assert page.index("<A>") < page.index("</head>")


def test_widget_goes_right_after_content_that_no_element_closes_around():
    content = "<p>The column.</p>"
    html = f"<html><head></head><body><article>{content}<footer>f</footer></article></body></html>"
    page = insert_widget(html, content, "<section>W</section>", "<A>")
    assert "<p>The column.</p>\n<section>W</section>\n<footer>" in page


def test_widget_falls_back_to_the_end_of_the_article_when_the_theme_changes_the_content():
    page = insert_widget(PAGE.format(content="<p>CHANGED</p>"), "<p>x</p>", "<section>W", "<A>")
    assert "</footer>\n<section>W\n</article>" in page
