"""The redirects plugin's Pelican side: each post's `earlier_urls`, the template folder,
and the redirect pages written through Pelican's writer."""

from dataclasses import dataclass
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader
from markupsafe import Markup

from build_errors import stop_build

from .addresses import FIELD, addresses, earlier_urls, output_file, shape_problem

TEMPLATE = "redirect"
TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Redirect:
    """What the template gets as `redirect`: the old address, the post or page it leads
    to (its `url`), and that one's title as plain text."""

    address: str  # as written in Redirect_from: "/2012/10/old-slug/"
    target: object

    @property
    def title(self) -> str:
        """The title without markup (typogrify's spans), entities decoded, no-break
        spaces as spaces: text for <title> and the link, which the template escapes."""
        return Markup(str(self.target.title)).striptags().replace("\xa0", " ")


def give_earlier_urls(content) -> None:
    """Every post and page: the addresses it was published at before, oldest first,
    written as Pelican writes `url` ("2012/10/old-slug/")."""
    content.earlier_urls = earlier_urls(content.metadata.get(FIELD))


def add_template_folder(generator) -> None:
    """The plugin's `redirect` template, looked up after the theme's: a theme (or
    THEME_TEMPLATES_OVERRIDES) with its own redirect.html is used instead."""
    loader = generator.env.loader
    if not isinstance(loader, ChoiceLoader):
        loader = generator.env.loader = ChoiceLoader([loader])
    loader.loaders.append(FileSystemLoader(TEMPLATES))


def written_contents(generator, kinds: tuple[str, ...]) -> list:
    """The generator's posts or pages that a build writes at their own address."""
    return [content for kind in kinds for content in getattr(generator, kind, [])]


# Where Pelican's generators keep what they write at its own address (no drafts).
POST_KINDS = ("articles", "hidden_articles", "translations", "hidden_translations")
PAGE_KINDS = ("pages", "hidden_pages", "translations", "hidden_translations")


def check_addresses(generators) -> None:
    """Before anything is written, an address that cannot be one stops the build (make
    check says so first, with the line; this holds when CONTENT_CHECK is off)."""
    problems = []
    for generator in generators:
        for content in written_contents(generator, tuple(dict.fromkeys(POST_KINDS + PAGE_KINDS))):
            for address in addresses(content.metadata.get(FIELD)):
                why = shape_problem(address)
                if why:
                    problems.append(
                        f"{content.relative_source_path}: redirect_from: '{address}' {why}; "
                        "run make check, which says how to fix it"
                    )
    stop_build(problems, "redirects")


def write_redirects(generator, writer, kinds: tuple[str, ...]) -> None:
    template = generator.get_template(TEMPLATE)
    # The sitemap leaves out pages whose template is in SITEMAP_EXCLUDE_TEMPLATES.
    context = dict(generator.context, template_name=TEMPLATE)
    for content in written_contents(generator, kinds):
        for address in addresses(content.metadata.get(FIELD)):
            writer.write_file(
                output_file(address),
                template,
                context,
                relative_urls=generator.settings["RELATIVE_URLS"],
                redirect=Redirect(address, content),
            )


def write_post_redirects(generator, writer) -> None:
    write_redirects(generator, writer, POST_KINDS)


def write_page_redirects(generator, writer) -> None:
    write_redirects(generator, writer, PAGE_KINDS)
