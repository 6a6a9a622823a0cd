"""The calculator's Pelican glue: check options, give the theme its hooks, add the
calculator's part to feeds, and place the widget for themes that never call the hooks.

Where the markup goes, and why: the plugin never changes an article's content.
Pelican memoizes `get_content(siteurl)` and writes feeds before articles, so a late
change to `_content` vanishes from production pages, and an early one leaks into
feeds, summaries and meta descriptions (PELICAN-NOTES, traps 1-2). Instead:
- a theme calls three Jinja globals, added to every generator's environment at
  Pelican's `generator_init` signal: `followup_head(article)` (the module script, in
  <head>), `followup_widget(article)` (the widget, where the theme wants it) and
  `followup_stylesheet()` (the widget's CSS, for a theme that builds its stylesheet
  with it). Our theme calls all three;
- for a theme that never calls `followup_widget` (Pelican's notmyidea, say), and only
  then, the written article page is read back at `content_written` and the widget is
  put right after the element around the article's content: a fallback. Whether the
  theme calls it is read from its templates once (the article template and those it
  extends or includes), not from pages being rendered: a page that
  plugins/page_cache writes without rendering it is still the theme's page;
- each feed entry gets the rule, the worked example and an absolute link to the widget,
  through the feeds plugin's `feed_entry_html` extension point;
- summaries and meta descriptions never see any of it.
"""

import os
import re
import shutil
import weakref
from pathlib import Path

from blinker import signal
from jinja2 import Undefined, meta, nodes, pass_context
from markupsafe import Markup
from pelican import signals

from build_errors import stop_build

from . import render
from .options import FollowupOptionError, FollowupSettings, followup_settings, post_options
from .rule import ScheduleError

SCRIPTS = ["followup.js", "followup-rule.js"]
STYLESHEET = "followup.css"
# The end of the theme's element around the content: the fallback puts the widget after it.
CLOSING_TAG = re.compile(r"\s*</(?:div|section)>")
WIDGET_HOOK = "followup_widget"
WIDGET_MARK = '<section id="followup"'  # the start of templates/widget.html

# Articles whose page the theme's own calls placed: the script, the widget. Weak, so a
# build in a long-lived process (tests, the devserver) keeps no old articles alive.
scripts_placed = weakref.WeakSet()
widgets_placed = weakref.WeakSet()


def fail_build(problems: list[str]) -> None:
    """Report every problem, then stop before anything is written."""
    stop_build(problems, "followup")


def settings_or_fail(settings) -> FollowupSettings:
    try:
        return followup_settings(settings)
    except FollowupOptionError as error:
        fail_build([f"settings (pelicanconf.py or the -s file): {error}"])


def check_settings(pelican) -> None:
    """Fail on bad FOLLOWUP_* settings before Pelican empties the output folder."""
    settings_or_fail(pelican.settings)


def keep_templates_compiled(pelican) -> None:
    """The calculator's templates kept compiled where the site keeps its own."""
    render.keep_compiled(pelican.settings.get("JINJA_ENVIRONMENT", {}).get("bytecode_cache"))


def worked_example_of(article):
    """The article's worked example, or None (`followup: off`, or no article at all)."""
    if isinstance(article, Undefined):
        return None
    return getattr(article, "followup", None)


class ThemeHooks:
    """The Jinja globals a theme calls; each returns Markup (nothing for an article
    without the calculator), so templates print them as they are under autoescape."""

    def __init__(self, settings: FollowupSettings):
        self.settings = settings

    @pass_context
    def head(self, context, article=None) -> Markup:
        """The widget's module script, for the page's <head>."""
        if worked_example_of(article) is None:
            return Markup()
        scripts_placed.add(article)
        return render.script_html(context["SITEURL"])

    @pass_context
    def widget(self, context, article=None) -> Markup:
        """The widget, with the plugin's stylesheet before it when FOLLOWUP_STYLESHEET
        says so, and the script after it when the theme left out `followup_head`."""
        example = worked_example_of(article)
        if example is None:
            return Markup()
        widgets_placed.add(article)
        siteurl = context["SITEURL"]
        parts = [render.widget_html(example, self.settings)]
        if self.settings.stylesheet:
            parts.insert(0, render.stylesheet_html(siteurl))
        if article not in scripts_placed:
            parts.append(render.script_html(siteurl))
        return Markup("\n").join(parts)

    def stylesheet(self) -> Markup:
        """The widget's CSS, for the theme's own stylesheet."""
        return render.stylesheet_rules()


def add_theme_hooks(generator) -> None:
    hooks = ThemeHooks(settings_or_fail(generator.settings))
    generator.env.globals.update(
        followup_head=hooks.head,
        followup_widget=hooks.widget,
        followup_stylesheet=hooks.stylesheet,
    )


def template_calls_widget(env, name: str) -> bool:
    """Whether the template `name`, or one it extends, includes or imports, calls the
    widget hook. A template named by a variable cannot be followed: False, and the
    fallback looks at the written page instead. Read from the parsed template (its
    calls), not compiled: Jinja's compiler would double the time, every build."""
    seen, waiting = set(), [name]
    while waiting:
        name = waiting.pop()
        if name in seen:
            continue
        seen.add(name)
        source, _, _ = env.loader.get_source(env, name)
        tree = env.parse(source)
        if any(
            isinstance(call.node, nodes.Name) and call.node.name == WIDGET_HOOK
            for call in tree.find_all(nodes.Call)
        ):
            return True
        for referenced in meta.find_referenced_templates(tree):
            if referenced is None:
                return False
            waiting.append(referenced)
    return False


def attach_calculators(generator) -> None:
    """Give every article `followup` (its worked example) or None (`followup: off`);
    fail the build on any bad metadata, naming the file, field, value and fix. An
    article whose template calls the widget hook is marked as placed by the theme."""
    settings = settings_or_fail(generator.settings)
    problems = []
    theme_places: dict[str, bool] = {}
    for article in all_articles(generator):
        template = generator.get_template(article.template).name
        if template not in theme_places:
            theme_places[template] = template_calls_widget(generator.env, template)
        if theme_places[template]:
            widgets_placed.add(article)
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
    """Copy the widget's script and rule (and its stylesheet, when the plugin links it)
    into the output, before the pages that link to them, so a plugin that
    post-processes output sees them."""
    settings = settings_or_fail(generators[0].settings)
    output = Path(generators[0].output_path) / render.ASSET_DIR
    output.mkdir(parents=True, exist_ok=True)
    for name in [*SCRIPTS, *([STYLESHEET] if settings.stylesheet else [])]:
        shutil.copyfile(render.STATIC / name, output / name)


def add_widget_to_page(path, context) -> None:
    """The fallback for a theme that never calls `followup_widget(article)`."""
    article = context.get("article")
    example = worked_example_of(article)
    if example is None or article in widgets_placed:
        return
    page = Path(path)
    html = page.read_text(encoding="utf-8")
    if WIDGET_MARK in html:
        return  # placed by a template the theme names through a variable
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
    """The rule, the worked example and a link to the calculator, for the feeds plugin's
    `feed_entry_html` extension point (plugins/feeds): every format, full content only."""
    example = getattr(article, "followup", None)
    if example is None:
        return ""
    settings = followup_settings(article.settings)
    return render.feed_html(example, settings, f"{entry_url}#followup")


def connect() -> None:
    signals.initialized.connect(check_settings)
    signals.initialized.connect(keep_templates_compiled)
    signals.generator_init.connect(add_theme_hooks)
    signals.article_generator_finalized.connect(attach_calculators)
    signals.all_generators_finalized.connect(write_assets)
    signals.content_written.connect(add_widget_to_page)
    signal("feed_entry_html").connect(example_for_feed)
