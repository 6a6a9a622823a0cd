"""The digest of what a page shows (digest.py), on Pelican's own content objects."""

import copy
import datetime

from markupsafe import Markup
from pelican.contents import Article, Page
from pelican.settings import DEFAULT_CONFIG

from page_cache.digest import SiteDigest

TEMPLATE = "article.html"


def settings():
    return copy.deepcopy(DEFAULT_CONFIG)


def article(number: int, text: str = "<p>Text.</p>", summary: str | None = "A summary."):
    metadata = {"title": f"Post {number}", "date": datetime.datetime(2026, 1, number)}
    if summary is not None:
        metadata["summary"] = summary
    return Article(
        text, metadata=metadata, settings=settings(), source_path=f"/site/posts/{number}.md"
    )


def site(posts, pages=(), **more):
    """A build's shared context and the digest made of it."""
    context = {"SITENAME": "Finish First", "articles": list(posts), "pages": list(pages), **more}
    return context, SiteDigest(context, settings(), code="templates v1")


def post_key(digest: SiteDigest, context: dict, post) -> str | None:
    return digest.page_key(TEMPLATE, {**context, "article": post}, memo={})


def test_the_same_site_built_twice_has_the_same_digests():
    first_context, first = site([article(1), article(2)])
    second_context, second = site([article(1), article(2)])
    assert first.digest.hexdigest() == second.digest.hexdigest()
    assert post_key(first, first_context, first_context["articles"][0]) == post_key(
        second, second_context, second_context["articles"][0]
    )


def test_a_post_s_text_counts_on_its_own_page_when_it_has_a_summary():
    posts = [article(1), article(2)]
    context, before = site(posts)
    edited = [article(1, text="<p>Other text.</p>"), article(2)]
    edited_context, after = site(edited)
    assert before.digest.hexdigest() == after.digest.hexdigest()  # other pages: the same
    assert post_key(before, context, posts[0]) != post_key(after, edited_context, edited[0])
    assert post_key(before, context, posts[1]) == post_key(after, edited_context, edited[1])


def test_a_post_s_text_counts_everywhere_without_a_summary():
    _, before = site([article(1, summary=None)])
    _, after = site([article(1, text="<p>Other text.</p>", summary=None)])
    assert before.digest.hexdigest() != after.digest.hexdigest()


def test_a_page_s_text_counts_everywhere():
    def bio(text):
        return Page(text, metadata={"title": "About"}, settings=settings(), source_path="/a.md")

    _, before = site([article(1)], pages=[bio("<p>Ten years.</p>")])
    _, after = site([article(1)], pages=[bio("<p>Eleven years.</p>")])
    assert before.digest.hexdigest() != after.digest.hexdigest()


def test_metadata_settings_and_code_count_everywhere():
    _, plain = site([article(1)])
    retitled = article(1)
    retitled.title = "Another title"
    assert site([retitled])[1].digest.hexdigest() != plain.digest.hexdigest()
    assert site([article(1)], SITENAME="Other")[1].digest.hexdigest() != plain.digest.hexdigest()
    context = {"articles": [article(1)]}
    other_code = SiteDigest(context, settings(), code="templates v2")
    assert other_code.digest.hexdigest() != SiteDigest(context, settings(), "x").digest.hexdigest()


def test_where_the_build_writes_does_not_count():
    _, here = site([article(1)], OUTPUT_PATH="/releases/0001")
    _, there = site([article(1)], OUTPUT_PATH="/releases/0002")
    assert here.digest.hexdigest() == there.digest.hexdigest()


def test_markup_and_text_differ_and_key_order_does_not():
    context, digest = site([article(1)])
    page = {**context, "output_file": "x.html"}
    assert digest.page_key(TEMPLATE, {**page, "note": "<b>"}, {}) != digest.page_key(
        TEMPLATE, {**page, "note": Markup("<b>")}, {}
    )
    assert digest.page_key(TEMPLATE, {**page, "map": {2: "b", 1: "a"}}, {}) == digest.page_key(
        TEMPLATE, {**page, "map": {1: "a", 2: "b"}}, {}
    )


def test_a_value_known_only_by_its_address_leaves_the_page_without_a_digest():
    class Opaque:
        __slots__ = ()

    context, digest = site([article(1)])
    assert digest.page_key(TEMPLATE, {**context, "thing": Opaque()}, {}) is None
    _, unstable = site([article(1)], THING=Opaque())
    assert unstable.page_key(TEMPLATE, context, {}) is None


def test_values_that_refer_to_themselves_are_written_once():
    looped: list = []
    looped.append(looped)
    context, digest = site([article(1)])
    assert digest.page_key(TEMPLATE, {**context, "looped": looped}, {}) is not None
