"""Tests the facts the text reductions' fast paths rest on: each shortcut gives what the long way
gives (the long way is kept beside it, as the reference, or named by the test)."""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from newstui.text import sanitize
from newstui.text.html_render import flowing_layout, layout, render, render_flowing
from newstui.text.sanitize import _HTML_ELEMENT_NAMES, _html_elements, _needs_work, _nothing_unsafe

EVERY_CHARACTER = "".join(map(chr, range(sys.maxunicode + 1)))


def test_isprintable_refuses_every_character_the_cleaning_acts_on() -> None:
    # _nothing_unsafe trusts str.isprintable(): a Python whose Unicode tables made one of
    # these printable would let it through, and this test would name it.
    acted_on = _needs_work().findall(EVERY_CHARACTER)
    assert len(acted_on) > 2_000  # C0, C1, the surrogates, the tag characters, ...
    assert [hex(ord(c)) for c in acted_on if c.isprintable()] == []
    # Newlines, tabs and no-break spaces are what it lets pass besides: none is acted on.
    assert not _needs_work().search("\n\t\xa0")


@settings(max_examples=100)
@given(st.text(max_size=80) | st.sampled_from(["a\nb\tc\xa0d", "x\u200dy", "\x85", "\u2028"]))
def test_the_printable_shortcut_never_passes_what_the_regex_would_clean(text: str) -> None:
    if _nothing_unsafe(text):
        assert not _needs_work().search(text)


def test_the_factored_alternation_matches_exactly_the_element_names() -> None:
    factored = re.compile(f"(?:{_html_elements()})", re.IGNORECASE)
    flat = re.compile("|".join(_HTML_ELEMENT_NAMES), re.IGNORECASE)
    names = _HTML_ELEMENT_NAMES
    near = {n[:i] + c + n[i:] for n in names for i in range(len(n) + 1) for c in "ab1-:"}
    prefixes = {n[:i] for n in _HTML_ELEMENT_NAMES for i in range(len(n))}
    for word in {*_HTML_ELEMENT_NAMES, *near, *prefixes, "H1", "Blockquote", "\u212aBD"}:
        assert bool(factored.fullmatch(word)) == bool(flat.fullmatch(word)), word
    assert len(_HTML_ELEMENT_NAMES) == len(set(_HTML_ELEMENT_NAMES)) == 132
    # A "<" before a known name stays a tag, before anything else it becomes text.
    assert sanitize.html_to_text("<P>x</P> a<b>c</b> <Paper> <bx> <o:p>y</o:p>") == (
        "x\n\nac <Paper> <bx> y"
    )


_PIECES = st.sampled_from(
    [
        "<p>", "</p>", "<br>", "<div>", "</div>", "<li>", "<ul>", "</ul>", "<h2>", "<b>", "</b>",
        "<a href='x'>", "</a>", "<script>s</script>", "<title>t</title>", "<table><tr><td>c",
        "<o:p>", " ", "  ", "\t", "\n", "\r\n", "\xa0", "&nbsp;", "&amp;", "&#13;", "&#x2028;",
        "word", "Wörd", "“q”", "x < y", "<!-- c -->", "<P>", "<DIV>", "<Li>", "<BR/>",
    ]
)  # fmt: skip
html_fragments = st.lists(_PIECES, min_size=1, max_size=40).map("".join)


@settings(max_examples=200)
@given(html_fragments)
def test_the_flowing_walk_and_layout_give_what_the_general_ones_give(html: str) -> None:
    from lxml import etree

    root = etree.fromstring(html.encode(), sanitize._parser())
    if root is None:
        return
    assert flowing_layout(render_flowing(root)) == layout(render(root, has_pre=False))


def test_tags_with_a_kelvin_sign_and_pre_take_the_general_walk() -> None:
    # str.lower() reads "bloc\u212aquote" as blockquote, libxml2 does not lower it.
    assert sanitize.html_to_text("a<bloc\u212aquote>b</bloc\u212aquote>c") == "a\n\nb\n\nc"
    assert sanitize.html_to_text("<p>a  b</p><pre> x\n  y </pre>") == "a b\n\nx\n  y"
