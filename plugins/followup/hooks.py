"""The calculator's Pelican glue: check options, then add the calculator to pages and feeds.

Where the markup goes, and why: the plugin never changes an article's content.
Pelican memoizes `get_content(siteurl)` and writes feeds before articles, so a late
change to `_content` vanishes from production pages, and an early one leaks into
feeds, summaries and meta descriptions (PELICAN-NOTES, traps 1-2). Instead:
- the article page gets the widget by rewriting its written HTML (`content_written`):
  right after the element around the article's content, whatever the theme, in every
  build mode;
- each feed entry gets only the scriptless worked example and an absolute link to the
  widget, through the feeds plugin's `feed_entry_html` extension point;
- summaries and meta descriptions never see either.
"""

import os
import re
import shutil
from pathlib import Path

from blinker import signal
from pelican import signals

from build_errors import stop_build

from . import render
from .options import FollowupOptionError, followup_settings, post_options
from .rule import ScheduleError

STATIC = Path(__file__).parent / "static"
ASSETS = ["followup.js", "followup-rule.js", "followup.css"]
# The end of the theme's element around the content: the widget goes after it.
CLOSING_TAG = re.compile(r"\s*</(?:div|section)>")


def fail_build(problems: list[str]) -> None:
    """Report every problem, then stop before anything is written."""
    stop_build(problems, "followup")


def settings_or_fail(settings) -> render.FollowupSettings:
    try:
        return followup_settings(settings)
    except FollowupOptionError as error:
        fail_build([f"settings (pelicanconf.py or the -s file): {error}"])


def check_settings(pelican) -> None:
    """Fail on bad FOLLOWUP_* settings before Pelican empties the output folder."""
    settings_or_fail(pelican.settings)


def attach_calculators(generator) -> None:
    """Give every article `followup` (its worked example) or None (`followup: off`);
    fail the build on any bad metadata, naming the file, field, value and fix."""
    settings = settings_or_fail(generator.settings)
    problems = []
    for article in all_articles(generator):
        try:
            options = post_options(article.metadata, settings)
            article.followup = options and render.worked_example(article.date.date(), options)
        except FollowupOptionError as error:
            problems.append(f"{shown_path(article.source_path)}: {error}")
        except ScheduleError as error:
            problems.append(f"{shown_path(article.source_path)}: Date: {error}")
    if problems:
        fail_build(problems)


def shown_path(path: str) -> str:
    """Relative to where the build runs (`content/posts/...`) when it is inside it."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def all_articles(generator):
    return [
        *generator.articles,
        *generator.translations,
        *generator.hidden_articles,
        *generator.hidden_translations,
        *generator.drafts,
        *generator.drafts_translations,
    ]


def write_assets(generators) -> None:
    """Copy the widget's script, rule and stylesheet into the output (before the pages
    that link to them, so a plugin that post-processes output sees them)."""
    output = Path(generators[0].output_path) / render.ASSET_DIR
    output.mkdir(parents=True, exist_ok=True)
    for name in ASSETS:
        shutil.copyfile(STATIC / name, output / name)


def add_widget_to_page(path, context) -> None:
    example = getattr(context.get("article"), "followup", None)
    if example is None:
        return
    article = context["article"]
    page = Path(path)
    html = page.read_text(encoding="utf-8")
    siteurl = context["SITEURL"]
    settings = followup_settings(context)
    widget = render.widget_html(example, settings)
    if settings.stylesheet:
        widget = f"{render.stylesheet_html(siteurl)}\n{widget}"
    script = render.script_html(siteurl)
    page.write_text(insert_widget(html, article.content, widget, script), encoding="utf-8")


def insert_widget(html: str, content: str, widget: str, script: str) -> str:
    """The page with the widget right after the element that wraps the article's
    content (else before </article>, </main> or </body>), the script in <head>."""
    at = html.rfind(content) + len(content) if content and content in html else -1
    if at != -1:
        closing = CLOSING_TAG.match(html, at)
        at = closing.end() if closing else at
    for tag in ("</article>", "</main>", "</body>"):
        if at == -1:
            at = html.rfind(tag)
    html = f"{html[:at]}\n{widget}\n{html[at:]}"
    head_end = html.find("</head>")
    if head_end == -1:
        return html.replace(widget, f"{script}\n{widget}")
    return f"{html[:head_end]}{script}\n{html[head_end:]}"


def example_for_feed(article, entry_url: str) -> str:
    """The worked example and a link to the calculator, for the feeds plugin's
    `feed_entry_html` extension point (plugins/feeds): every format, full content only."""
    example = getattr(article, "followup", None)
    if example is None:
        return ""
    settings = followup_settings(article.settings)
    return render.feed_html(example, settings, f"{entry_url}#followup")


def connect() -> None:
    signals.initialized.connect(check_settings)
    signals.article_generator_finalized.connect(attach_calculators)
    signals.all_generators_finalized.connect(write_assets)
    signals.content_written.connect(add_widget_to_page)
    signal("feed_entry_html").connect(example_for_feed)
