"""Tests how the article is chosen and finished: links off then restored, results checked, link
boxes dropped, the headline as title and never twice, glued words, needless escapes, quotes."""

from __future__ import annotations

import dataclasses
import re

import pytest
from lxml import etree

from newstui.articles.blocks import (
    block_text,
    drop_link_boxes,
    link_share,
    repair_glued_words,
    restore_links,
)
from newstui.articles.choose import MIN_ARTICLE_CHARS, Choice, Method, Pass, choose_body
from newstui.articles.extract import as_markdown, extract_article
from newstui.articles.headline import TitleSources, choose_title, strip_site_affixes
from newstui.articles.markdown import keep_links, markdown_to_text, tidy_link_text
from newstui.articles.trafilatura_compat import extract_body, parse_html

PARAGRAPH = (
    "The council met on Tuesday evening to discuss the new library, which has been planned "
    "for more than a decade and is expected to open its doors to readers next spring."
)
SECOND = (
    "Engineers said the new building would be heated by the river and should need little "
    "energy in winter, according to plans published by the town hall last week."
)


def page(body: str, *, head: str = "", title: str = "Library plans approved") -> str:
    return (
        f"<html><head><title>{title}</title>{head}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav>"
        f"<article>{body}</article><footer>Copyright Example Media</footer></body></html>"
    )


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def xml(text: str) -> etree._Element:
    return etree.fromstring(text)


# --- links: chosen off, restored on ------------------------------------------------------------


def test_links_come_back_and_the_words_are_those_chosen_with_links_off() -> None:
    body = (
        f"<p>{PARAGRAPH} Read <a href='https://example.org/plan'>the plan</a> online.</p>"
        f"<p>{SECOND} See <a href='/map.html'>the map</a>.</p>"
    )
    html = page(body)
    article = extract_article(html, url="https://news.example.org/a/story.html")
    assert article is not None
    assert "[the plan](https://example.org/plan)" in article.markdown
    assert "[the map](https://news.example.org/map.html)" in article.markdown
    chosen = extract_body(parse_html(html), links=False, precision=True, fast=True)
    assert words(markdown_to_text(article.markdown)) == words(" ".join(chosen.itertext()))


def test_restore_links_takes_only_blocks_with_the_same_text() -> None:
    chosen = xml("<body><p>One two <hi rend='#b'>three</hi>.</p><p>Four five six.</p></body>")
    linked = xml(
        "<body><p>One two <ref target='/3'>three</ref>.</p>"
        "<p>Four five <ref target='/6'>six</ref> seven.</p></body>"
    )
    assert restore_links(chosen, linked) == 1
    assert etree.tostring(chosen[0]) == b'<p>One two <ref target="/3">three</ref>.</p>'
    assert etree.tostring(chosen[1]) == b"<p>Four five six.</p>"  # a different text: as it was


def test_link_share_and_link_boxes() -> None:
    body = xml(
        "<body><p>An article paragraph with <ref target='/a'>one link</ref> in it.</p>"
        "<list><item><ref target='/r1'>Related story one</ref></item>"
        "<item><ref target='/r2'>Related story two</ref></item></list>"
        "<p><ref target='/c'>Comments</ref></p></body>"
    )
    assert 0.5 < link_share(body) < 0.8
    assert drop_link_boxes(body, 0.9) == 2
    assert [block.tag for block in body] == ["p"]
    only_links = xml("<body><p><ref target='/a'>A</ref></p><p><ref target='/b'>B</ref></p></body>")
    assert drop_link_boxes(only_links, 0.9) == 0  # nothing else: kept whole
    assert len(only_links) == 2


def test_related_links_after_the_article_are_dropped() -> None:
    related = "".join(
        f"<li><a href='/story/{n}'>Another story about the town, number {n}</a></li>"
        for n in range(4)
    )
    html = page(
        f"<p>{PARAGRAPH}</p><p>{SECOND}</p><p>{PARAGRAPH} Still more.</p><ul>{related}</ul>"
    )
    article = extract_article(html, url="https://news.example.org/a")
    assert article is not None
    assert "Another story about the town" not in article.markdown
    assert "Still more." in article.markdown


# --- checking a result -------------------------------------------------------------------------


def test_a_result_is_checked_for_length_and_links() -> None:
    step = Pass("fast precision", fast=True, precision=True)
    assert Choice(None, step, MIN_ARTICLE_CHARS, True, 0.1).looks_right
    assert not Choice(None, step, MIN_ARTICLE_CHARS - 1, True, 0.1).looks_right
    assert not Choice(None, step, 5000, True, 0.6).looks_right
    # Among results that all look wrong: text beats a link box, then clearly longer wins.
    assert Choice(None, step, 100, True, 0.1).beats(Choice(None, step, 5000, True, 0.9))
    assert not Choice(None, step, 5000, True, 0.9).beats(Choice(None, step, 100, True, 0.1))
    assert Choice(None, step, 200, True, 0.1).beats(Choice(None, step, 100, True, 0.1))
    assert not Choice(None, step, 140, True, 0.1).beats(Choice(None, step, 100, True, 0.1))


def test_a_short_fast_result_goes_to_the_full_passes() -> None:
    html = page("<p>Short notice: the library opens on Monday at nine.</p>")
    tree = parse_html(html)
    checked = choose_body(tree, Method())
    unchecked = choose_body(tree, dataclasses.replace(Method(), validate=False))
    assert checked is not None and unchecked is not None
    assert unchecked.step.name == "fast precision"
    # Every pass was tried; the balanced one found a little more (the menu), not enough to win.
    assert checked.step.name == "fast precision"
    assert block_text(checked.body) == "Short notice: the library opens on Monday at nine."


# --- the title ---------------------------------------------------------------------------------


def test_headline_agreed_by_h1_and_meta_is_the_title_and_not_repeated() -> None:
    head = "<meta property='og:title' content='Library plans approved | Varnholt Post'>"
    html = page(
        f"<h1>Library plans approved</h1><p>{PARAGRAPH}</p><p>{SECOND}</p>",
        head=head,
        title="Library plans approved - Varnholt Post",
    )
    article = extract_article(html, url="https://varnholt-post.example/a")
    assert article is not None
    assert article.title == "Library plans approved"
    document = as_markdown(article)
    assert document.startswith("# Library plans approved\n\nThe council met")
    assert document.count("Library plans approved") == 1


def test_a_headline_repeated_inside_the_article_goes() -> None:
    html = page(
        f"<h1>Library plans approved</h1><p>{PARAGRAPH}</p><p>Library plans approved</p>"
        f"<p>{SECOND}</p>"
    )
    article = extract_article(html)
    assert article is not None
    assert "Library plans approved" not in article.markdown
    assert article.title == "Library plans approved"


@pytest.mark.parametrize(
    ("sources", "title"),
    [
        # <h1> and og:title agree (up to a site suffix and typographic quotes)
        (TitleSources(["It’s here"], ["It's here | Post"], "Other"), "It’s here"),
        # a blog's banner <h1> names the site: not the headline
        (
            TitleSources(["Kabar Dunia"], ["Jangan Membenci"], "Jangan Membenci | Kabar Dunia"),
            "Jangan Membenci",
        ),
        (
            TitleSources(["Kabar Dunia"], [], "Jangan Membenci | Kabar Dunia", "Kabar Dunia"),
            "Jangan Membenci",
        ),
        # no agreement: the meta title without the site's name (from the host)
        (
            TitleSources(["Games", "Entertainment"], ["Daily Deals: More - IGN"], host="ign.com"),
            "Daily Deals: More",
        ),
        # the extracted article opens with a level-1 heading
        (TitleSources([], [], None, body_heading="Opening heading"), "Opening heading"),
        # a lone <h1> and nothing else
        (TitleSources(["Only heading"]), "Only heading"),
        (TitleSources(["One", "Two"]), None),
        (TitleSources(), None),
    ],
)
def test_choose_title(sources: TitleSources, title: str | None) -> None:
    assert choose_title(sources) == title


def test_strip_site_affixes() -> None:
    names, hosts = {"the guardian"}, {"theguardiancom", "theguardian"}
    assert strip_site_affixes("A view | Opinion | The Guardian", names, hosts) == "A view | Opinion"
    assert strip_site_affixes("The Guardian » A view", names, hosts) == "A view"
    assert strip_site_affixes("A - B - theguardian.com", names, hosts) == "A - B"
    assert strip_site_affixes("The Guardian", names, hosts) == "The Guardian"  # all: kept
    assert strip_site_affixes("Daily Deals: More", names, hosts) == "Daily Deals: More"


# --- glued words, escapes, quotes --------------------------------------------------------------


def test_glued_words_are_separated_only_where_the_page_has_them_apart() -> None:
    body = xml(
        "<body><p>What everyone <hi rend='#b'>will</hi>appreciate is the price of "
        "<ref target='/p'>iPhone</ref>s today.</p></body>"
    )
    text = "What everyone will appreciate is the price of iPhones today."
    assert repair_glued_words(body, lambda: text) == 1
    assert block_text(body[0]) == "What everyone will appreciate is the price of iPhones today."


def test_underscores_in_words_are_not_escaped() -> None:
    html = page(f"<p>{PARAGRAPH} The part TP_615 and snake_case, but _this_ stays.</p>")
    article = extract_article(html)
    assert article is not None
    assert "TP_615 and snake_case" in article.markdown
    assert "\\_this\\_" in article.markdown  # at a word's edge the escape matters


def test_quotes_are_marked_without_changing_what_the_extractor_sees() -> None:
    html = page(
        f"<p>{PARAGRAPH}</p><blockquote><p>We have waited long enough for this.</p>"
        f"<p>And we will use it.</p></blockquote><p>{SECOND}</p>"
    )
    article = extract_article(html)
    assert article is not None
    assert "\n> We have waited long enough for this.\n" in article.markdown
    assert "\n> And we will use it.\n" in article.markdown
    chosen = extract_body(parse_html(html), links=False, precision=True, fast=True)
    assert words(markdown_to_text(article.markdown)) == words(" ".join(chosen.itertext()))


def test_brackets_in_link_text_are_left_unescaped_only_where_safe() -> None:
    from markdown_it import MarkdownIt

    md = (
        "[Review \\[Video\\]](https://x.org/r) and [\\[1\\]](https://x.org/1) "
        "but [a \\] b](https://x.org/u), [\\[c\\](d)](https://x.org/n), \\[not\\] a link"
    )
    tidy = tidy_link_text(md)
    assert tidy == (
        "[Review [Video]](https://x.org/r) and [[1]](https://x.org/1) "
        "but [a \\] b](https://x.org/u), [\\[c\\](d)](https://x.org/n), \\[not\\] a link"
    )
    # Every reader sees the same: a Markdown renderer and newstui's own text and link passes.
    render = MarkdownIt("gfm-like").renderInline
    assert render(tidy) == render(md)
    assert markdown_to_text(tidy) == markdown_to_text(md)
    assert keep_links(tidy, lambda target: target) == tidy
    # A link dropped for its target leaves its text escaped: nothing new can become a link.
    dropped = keep_links("[\\[x\\]](javascript:y)(https://evil.example)", lambda target: None)
    assert tidy_link_text(dropped) == dropped == "\\[x\\](https://evil.example)"
