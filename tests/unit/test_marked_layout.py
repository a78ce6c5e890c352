"""Tests marked_layout, html_to_text's walk of a parsed summary by marks written into the tree,
against the walk it replaces (render_flowing and flowing_layout, kept as its reference)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newstui.text import sanitize
from newstui.text.html_render import flowing_layout, marked_layout, render_flowing

_PIECES = st.sampled_from(
    [
        "<p>", "</p>", "<br>", "<br/>", "<div>", "</div>", "<li>", "<ul>", "</ul>", "<h2>",
        "</h2>", "<b>", "</b>", "<a href='x'>", "</a>", "<table><tr><td>c", "</td><td>d",
        "<script>s<p>in</p></script>", "<style>p {}</style>", "<title>t</title>",
        "<noscript><p>n</p>tail</noscript>", "<svg><text>s</text>t</svg>", "<head>",
        "<o:p>", " ", "  ", "\t", "\n", "\xa0", "&nbsp;", "&amp;", "&#13;", "&#xFDD0;",
        "\ufdd0", "\ufdd0P", "P", "L", "&#27;", "&#1;", "&#x85;", "\x85", "word", "Wörd",
        "“q”", "x < y", "<P>", "<DIV>",
        "<Li>", "<BR/>", "<hr>", "<img src=x>", "<blockquote>", "</blockquote>",
    ]
)  # fmt: skip
_FRAGMENTS = st.lists(_PIECES, min_size=1, max_size=40).map("".join)


def _parsed(html: str) -> object:
    from lxml import etree

    return etree.fromstring(html.encode(), sanitize._parser())


def _reference(html: str) -> str:
    return flowing_layout(render_flowing(_parsed(html)))


@settings(max_examples=300, deadline=None)
@given(_FRAGMENTS)
def test_the_marked_tree_gives_what_the_walk_gives(html: str) -> None:
    if _parsed(html) is None:
        return
    laid_out = marked_layout(_parsed(html))
    if laid_out is None:  # only for the mark character, or a control one from a reference
        assert any(bad in html for bad in ("\ufdd0", "&#xFDD0;", "&#27;", "&#1;"))
        return
    assert laid_out == _reference(html)


def test_dropped_elements_keep_their_tails_and_lose_their_content() -> None:
    html = "<p>a<script>x<p>y</p></script>b</p><svg><g>s</g>t</svg>u<style>q</style>v"
    assert marked_layout(_parsed(html)) == _reference(html) == "ab\n\nuv"


def test_a_mark_or_control_character_is_refused_and_html_to_text_takes_the_walk() -> None:
    refused = ("a&#xFDD0;P<p>c</p>", "<p>\ufdd0L</p>", "<p>a&#27;[31m</p>b")
    for html in refused:
        assert marked_layout(_parsed(html)) is None
    for html in (*refused, "&#1;<br>x"):  # (a mark beside no such text: not refused)
        assert sanitize.html_to_text(html) == sanitize.clean_text(_reference(html))
    assert sanitize.html_to_text("a&#xFDD0;P<p>c</p>") == "a\ufdd0P\n\nc"


def test_runs_of_marks_with_spaces_around_become_one_break() -> None:
    html = "x <p> </p> <br> <div> y </div> <br> <br> z <li>w</li>"
    assert marked_layout(_parsed(html)) == _reference(html) == "x\n\ny\nz\nw"


def test_a_long_run_of_line_breaks_is_one_break() -> None:
    html = "a" + "<br>" * 50_000 + "b"
    assert marked_layout(_parsed(html)) == "a\nb"
