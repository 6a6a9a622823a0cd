"""What `make check` and every build refuse in the content: one rule per function, each
yielding `Problem`s, each problem one line `path:LINE: field: what is wrong; how to fix it`.

No Pelican here: `Site` carries the settings and Pelican's slug function
(pelican_site.py makes it), so the CLI (scripts/check.py) and the plugin run the very
same rules. A new rule is a function added to POST_RULES (one post at a time) or
SITE_RULES (all posts together, e.g. "a published URL moved": moves.py).
"""

import difflib
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from followup.options import post_options
from followup.rule import EARLIEST_DECIDED, LATEST_DECIDED

from .links import (
    format_url,
    image_alt_problems,
    image_field_problems,
    link_problems,
)
from .moves import published_address_problems, redirect_problems
from .site import (
    ISO_DATE,
    Content,
    Problem,
    Site,
    find_content,
    names,
    parse_date,
    setting_line,
    slug_of,
    term_file_settings,
    title_slug,
)
from .sources import HTML, Post, control_characters

ARTICLE_FIELDS = ("title", "date", "summary")
PAGE_FIELDS = ("title",)
SUMMARY_LIMIT = 300  # characters; a summary must be shorter
STATUSES = ("published", "draft", "hidden", "skip")
DATE_HOW = "use YYYY-MM-DD HH:MM, e.g. 2026-11-25 09:00"
SLUG = re.compile(r"[a-z0-9-]{1,80}")
SLUG_RULE = "1-80 lowercase letters a-z, digits and hyphens"
NAME_MAX = 255  # bytes in one file name, on every common file system
# Markdown and HTML posts are what the check reads; Pelican reads these too.
UNCHECKED_FORMATS = {"rst": "reStructuredText"}
# Metadata that would move a post away from the URLs set once in pelicanconf.py.
URL_FIELDS = ("save_as", "url")
LANGUAGE_TAG = re.compile(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*")


# --- Rules on one file -----------------------------------------------------------------


def _field_on_line(post: Post, line: int) -> str:
    for key, found in post.fields.items():
        if found.line == line:
            return key
    return "text"


def control_problems(post: Post, content: Content) -> Iterator[Problem]:
    for line, column, code_point in control_characters(post.text):
        yield Problem(
            post.path,
            line,
            _field_on_line(post, line),
            f"control character {code_point} at column {column}; delete it (it comes with "
            "text pasted from a word processor, and no feed can carry it)",
        )


def repeat_problems(post: Post, content: Content) -> Iterator[Problem]:
    for repeat in post.repeats:
        yield Problem(
            post.path,
            repeat.line,
            repeat.key,
            f"given again (first on line {repeat.first_line}); keep one '{repeat.key.title()}:' "
            "line (Pelican would use one value or join them)",
        )


def required_problems(post: Post, content: Content) -> Iterator[Problem]:
    required = ARTICLE_FIELDS if post.is_article else PAGE_FIELDS
    for key in required:
        if post.get(key):
            continue
        if key == "summary" and post.is_draft:
            yield Problem(
                post.path,
                post.line_of(key),
                key,
                "empty, which a draft may be; write one or two sentences "
                "before you remove 'Status: draft'",
                warning=True,
            )
        elif key in post.fields:
            yield Problem(post.path, post.line_of(key), key, f"empty; fill in '{key.title()}:'")
        elif post.format == HTML:
            where = "<title>...</title>" if key == "title" else f'<meta name="{key}" content="...">'
            yield Problem(post.path, 1, key, f"missing; add {where} to the <head>")
        else:
            yield Problem(post.path, 1, key, f"missing; add a line '{key.title()}: ...' at the top")


def date_problems(post: Post, content: Content) -> Iterator[Problem]:
    for key in ("date", "modified"):
        value = post.get(key)
        if not value:
            continue
        if not ISO_DATE.fullmatch(value):
            yield Problem(post.path, post.line_of(key), key, f"'{value}' is not a date; {DATE_HOW}")
            continue
        date = parse_date(value)
        if date is None:
            why = f"'{value}' is not a real date; {DATE_HOW}"
            yield Problem(post.path, post.line_of(key), key, why)
        elif date.year < 1000:  # URLs hold the year as 4 digits ({date:%Y} gives 3)
            yield Problem(
                post.path, post.line_of(key), key, f"'{value}' is before 1000; {DATE_HOW}"
            )
        elif (
            key == "date"
            and calculator_on(post, content)
            and not (EARLIEST_DECIDED <= date.date() <= LATEST_DECIDED)
        ):
            yield Problem(
                post.path,
                post.line_of(key),
                key,
                f"'{value}' is outside {EARLIEST_DECIDED} to {LATEST_DECIDED}, the dates the "
                "post's follow-up calculator handles; use the post's real date (or add "
                "'Followup: off')",
            )


def calculator_on(post: Post, content: Content) -> bool:
    """Whether the post carries the calculator (a bad Followup line: followup_problems)."""
    if not post.is_article:
        return False
    metadata = {key: found.value for key, found in post.fields.items()}
    try:
        return post_options(metadata, content.site.settings) is not None
    except ValueError:
        return False


def status_problems(post: Post, content: Content) -> Iterator[Problem]:
    value = post.get("status")
    if value is not None and value.lower() not in STATUSES:
        yield Problem(
            post.path,
            post.line_of("status"),
            "status",
            f"'{value}' is not a status; use draft, published or hidden",
        )


def category_problems(post: Post, content: Content) -> Iterator[Problem]:
    value = post.get("category")
    categories = content.site.settings["CATEGORIES"]
    if not post.is_article or not value or value in categories:
        return
    close = difflib.get_close_matches(value, categories, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(categories)}"
    yield Problem(
        post.path,
        post.line_of("category"),
        "category",
        f"'{value}' is not in CATEGORIES (pelicanconf.py); {hint}",
    )


def summary_problems(post: Post, content: Content) -> Iterator[Problem]:
    summary = post.get("summary") or ""
    if len(summary) >= SUMMARY_LIMIT:
        yield Problem(
            post.path,
            post.line_of("summary"),
            "summary",
            f"{len(summary)} characters long; shorten it to under {SUMMARY_LIMIT}",
        )


def followup_problems(post: Post, content: Content) -> Iterator[Problem]:
    """The calculator's metadata (followup.options decides what is valid)."""
    if not post.is_article:
        return
    metadata = {key: found.value for key, found in post.fields.items()}
    try:
        post_options(metadata, content.site.settings)
    except ValueError as error:
        if not error.field.isupper():  # a bad FOLLOWUP_* setting: followup_setting_problems
            wrong = f"'{error.value}' is not accepted; {error.accepted}"
            yield Problem(post.path, post.line_of(error.field), error.field, wrong)


def _slug_shape(slug: str) -> str | None:
    """Why `slug` cannot be a slug of this site, or None."""
    if SLUG.fullmatch(slug):
        return None
    if not slug:
        return "is empty"
    if len(slug) > 80:
        return f"is {len(slug)} characters long"
    return "has characters other than a-z, 0-9 and -"


def suggested_slug(text: str, site: Site) -> str:
    """Pelican's slug for a title `text`, cut to 80 characters at a hyphen."""
    slug = title_slug(text, site)
    if len(slug) > 80:
        slug = slug[:81].rsplit("-", 1)[0] if "-" in slug[:81] else slug[:80]
    return slug.strip("-")


def slug_problems(post: Post, content: Content) -> Iterator[Problem]:
    site = content.site
    given = post.get("slug")
    title = post.get("title") or ""
    if given:
        why = _slug_shape(given)
        if why:
            hint = suggested_slug(given, site) or suggested_slug(title, site)
            example = f", e.g. 'Slug: {hint}'" if hint else ""
            yield Problem(
                post.path,
                post.line_of("slug"),
                "slug",
                f"'{given}' {why}; use {SLUG_RULE}{example}",
            )
        return
    if not title:
        return
    made = title_slug(title, site)
    hint = suggested_slug(title, site) or "a-few-words"
    if not post.is_draft:
        yield Problem(
            post.path,
            1,
            "slug",
            f"missing; add a line 'Slug: {hint}' ({SLUG_RULE}): the post's address and feed "
            "id come from it and must never change, even when the title does",
        )
    elif _slug_shape(made):
        yield Problem(
            post.path,
            post.line_of("title"),
            "title",
            f"makes the slug '{made if len(made) <= 60 else made[:57] + '...'}', which "
            f"{_slug_shape(made)}; add a line "
            f"'Slug: {hint}' ({SLUG_RULE})",
        )


def term_problems(post: Post, content: Content) -> Iterator[Problem]:
    """Tags, category and authors: each needs a slug (its page's URL), and a file name
    the file system takes."""
    site = content.site
    kinds = (("tags", "TAG"), ("category", "CATEGORY"), ("author", "AUTHOR"), ("authors", "AUTHOR"))
    for key, kind in kinds:
        raw = post.get(key)
        if not raw:
            continue
        if key in ("tags", "authors") and ";" in raw and "," in raw:
            yield Problem(
                post.path,
                post.line_of(key),
                key,
                f"has both ';' and ','; Pelican then splits at ';' only, making "
                f"{len(names(post, key))} of them; separate them with commas only",
            )
        for name in names(post, key) if key in ("tags", "authors") else [raw.strip()]:
            slug = site.slugify(name, kind)
            if not slug:
                yield Problem(
                    post.path,
                    post.line_of(key),
                    key,
                    f"'{name}' makes an empty URL ({kind.lower()}//: Pelican's URLs keep "
                    "only letters, digits and hyphens, and drop <...> as markup); "
                    "give it a word of letters or digits",
                )
                continue
            for setting in term_file_settings(kind, site):
                name_bytes = max(
                    len(part.encode()) for part in setting.format(slug=slug).split("/")
                )
                if name_bytes > NAME_MAX:
                    yield Problem(
                        post.path,
                        post.line_of(key),
                        key,
                        f"'{name[:40]}...' makes a file name of {name_bytes} bytes "
                        f"({setting}); the limit is {NAME_MAX}: shorten it",
                    )
                    break


def url_field_problems(post: Post, content: Content) -> Iterator[Problem]:
    for key in URL_FIELDS:
        if key in post.fields:
            yield Problem(
                post.path,
                post.line_of(key),
                key,
                "sets the address by hand; remove it: every address comes from the "
                "Slug and the *_URL settings in pelicanconf.py, and never moves",
            )


def language_problems(post: Post, content: Content) -> Iterator[Problem]:
    value = post.get("lang")
    default = content.site.settings["DEFAULT_LANG"]
    if value is None or value == default:
        return
    why = "is not a language tag" if not LANGUAGE_TAG.fullmatch(value) else "is not the site's"
    yield Problem(
        post.path,
        post.line_of("lang"),
        "lang",
        f"'{value}' {why}; remove the line: the site is in one language "
        f"(DEFAULT_LANG = '{default}'), and a post in another gets an address of its own",
    )


def template_problems(post: Post, content: Content) -> Iterator[Problem]:
    value = post.get("template")
    theme = Path(content.site.settings["THEME"]) / "templates"
    if value is None or not theme.is_dir():
        return
    if not re.fullmatch(r"[A-Za-z0-9_-]+", value) or not (theme / f"{value}.html").is_file():
        known = sorted(path.stem for path in theme.glob("*.html"))
        yield Problem(
            post.path,
            post.line_of("template"),
            "template",
            f"'{value}' is not a template of the theme; use one of {', '.join(known)}, "
            "or remove the line",
        )


POST_RULES = (
    repeat_problems,
    required_problems,
    date_problems,
    status_problems,
    slug_problems,
    category_problems,
    term_problems,
    summary_problems,
    url_field_problems,
    language_problems,
    template_problems,
    followup_problems,
    image_field_problems,
    image_alt_problems,
    link_problems,
)


# --- Rules on the whole site -----------------------------------------------------------


def file_problems(content: Content) -> Iterator[Problem]:
    """Files that cannot be read, or that Pelican reads but the check cannot, or that
    Pelican leaves out."""
    site = content.site
    for post in content.posts:
        if post.unreadable:
            yield Problem(
                post.path,
                post.unreadable_line,
                "file",
                f"{post.unreadable}; save it as UTF-8 (in your editor: Save with Encoding, UTF-8)"
                if post.unreadable.startswith("not UTF-8")
                else f"{post.unreadable}; make it a readable file, or remove it",
            )
    for path, format_name in content.unchecked:
        yield Problem(
            site.shown(path),
            1,
            "file",
            f"is {format_name}, which Pelican reads but this site's theme and checks do not "
            "support; write it in Markdown (.md) instead",
        )
    folders = [*site.settings["ARTICLE_PATHS"], *site.settings["PAGE_PATHS"]]
    where = " or ".join(f"{site.shown(site.content / folder)}/" for folder in folders)
    for path in content.ignored:
        yield Problem(
            site.shown(path),
            1,
            "file",
            f"Pelican leaves it out (it is not in {where}); move it there, or list its name "
            "in IGNORE_FILES (pelicanconf.py) if it is not part of the site",
        )


def duplicate_slug_problems(content: Content) -> Iterator[Problem]:
    """Each slug once among posts, and once among pages."""
    first_use: dict[tuple[bool, str], Path] = {}
    for post in content.posts:
        slug = slug_of(post, content.site)
        if not slug:
            continue
        key = (post.is_article, slug)
        if key in first_use:
            yield Problem(
                post.path,
                post.line_of("slug" if post.get("slug") else "title"),
                "slug",
                f"'{slug}' is already used by {first_use[key]}; give this one its own Slug",
            )
        else:
            first_use[key] = post.path


def shared_url_problems(content: Content) -> Iterator[Problem]:
    """Two spellings of a tag (category, author) with one URL: Pelican merges them under
    whichever it reads first, so the other spelling shows nowhere."""
    first: dict[tuple[str, str], tuple[str, Path]] = {}
    for post in content.posts:
        for key, kind in (("tags", "TAG"), ("category", "CATEGORY"), ("author", "AUTHOR")):
            values = names(post, key) if key == "tags" else [(post.get(key) or "").strip()]
            for name in values:
                slug = content.site.slugify(name, kind) if name else ""
                if not slug:
                    continue
                seen = first.setdefault((kind, slug), (name, post.path))
                if seen[0] != name:
                    yield Problem(
                        post.path,
                        post.line_of(key),
                        key,
                        f"'{name}' and '{seen[0]}' ({seen[1]}) have one URL "
                        f"({kind.lower()}/{slug}/), where Pelican shows only one of them; "
                        "spell them the same",
                    )


def page_address_problems(content: Content) -> Iterator[Problem]:
    """A page must not take the address of one of the site's own pages (archives/...)."""
    settings = content.site.settings
    taken = {
        settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
        for name in settings.get("DIRECT_TEMPLATES", [])
    }
    years = {
        content.date(post).year for post in content.posts if post.is_article and content.date(post)
    }
    if settings.get("YEAR_ARCHIVE_SAVE_AS"):
        taken |= {
            settings["YEAR_ARCHIVE_SAVE_AS"].format(date=datetime(year, 1, 1)) for year in years
        }
    for post in content.posts:
        if post.is_article or not post.get("slug"):
            continue
        try:
            address = format_url(settings["PAGE_SAVE_AS"], post, content)
        except (KeyError, IndexError, ValueError, AttributeError):
            continue
        if address in taken:
            yield Problem(
                post.path,
                post.line_of("slug"),
                "slug",
                f"'{post.get('slug')}' gives the address /{address.removesuffix('index.html')}, "
                "which is one of the site's own pages; choose another slug",
            )


def followup_setting_problems(content: Content) -> Iterator[Problem]:
    """The calculator's FOLLOWUP_* settings, which its plugin checks itself in a build."""
    try:
        post_options({}, content.site.settings)
    except ValueError as error:
        if error.field.isupper():
            wrong = f"'{error.value}' is not accepted; {error.accepted}"
            yield Problem(*setting_line(error.field, content.site), error.field, wrong)


def own_setting_problems(site: Site) -> list[Problem]:
    """The settings the rules read themselves: wrong, no rule can run."""
    problems = []
    categories = site.settings.get("CATEGORIES")
    if not (
        isinstance(categories, list | tuple)
        and categories
        and all(isinstance(name, str) and name.strip() for name in categories)
    ):
        problems.append(
            Problem(
                *setting_line("CATEGORIES", site),
                "CATEGORIES",
                f"{categories!r} is not a list of category names; "
                'list them, e.g. CATEGORIES = ["Job Search", "Interviews"]',
            )
        )
    published = site.settings.get("CONTENT_CHECK_PUBLISHED")
    if published is not None and not (isinstance(published, str) and published.strip()):
        problems.append(
            Problem(
                *setting_line("CONTENT_CHECK_PUBLISHED", site),
                "CONTENT_CHECK_PUBLISHED",
                f"{published!r} is not the path of the link to the live release; set it to "
                "'public' (make publish's link), or None to compare with no published record",
            )
        )
    if not isinstance(site.settings.get("CONTENT_CHECK", True), bool):
        problems.append(
            Problem(
                *setting_line("CONTENT_CHECK", site),
                "CONTENT_CHECK",
                f"{site.settings['CONTENT_CHECK']!r} is not True or False; leave it out "
                "(True: every build checks the content first)",
            )
        )
    return problems


SITE_RULES = (
    file_problems,
    duplicate_slug_problems,
    shared_url_problems,
    page_address_problems,
    redirect_problems,
    published_address_problems,
)
# Rules on settings rather than content: in a build, each plugin checks its own settings
# at Pelican's `initialized` signal, so the build leaves these out.
SETTING_RULES = (followup_setting_problems,)


def check_content(
    content: Content, settings_too: bool = True, only: frozenset[Path] | None = None
) -> list[Problem]:
    """`only`: the files (absolute paths) whose own rules run; the site's rules always
    look at every file."""
    problems = []
    for rule in (*SITE_RULES, *SETTING_RULES) if settings_too else SITE_RULES:
        problems.extend(rule(content))
    for post in content.posts:
        if post.unreadable:
            continue
        if only is not None and (post.file is None or post.file.resolve() not in only):
            continue
        problems.extend(control_problems(post, content))
        if (post.get("status") or "").lower() == "skip":
            continue
        for rule in POST_RULES:
            problems.extend(rule(post, content))
    unique = dict.fromkeys(problems)
    return sorted(unique, key=lambda problem: (str(problem.path), problem.line))


def check_site(
    site: Site, settings_too: bool = True, only: frozenset[Path] | None = None
) -> list[Problem]:
    """Every problem in the site's content (and, `settings_too`, in the settings other
    plugins check themselves in a build), in the order of the files and lines; with
    `only`, each file's own rules run on those files alone."""
    own = own_setting_problems(site)
    return own or check_content(find_content(site), settings_too, only)
