"""Tests the reading pane's short texts for links whose text is a long address (one word to the
pane's wrapping, folded mid-word at 100 columns): the target stays whole, the text gets short."""

from __future__ import annotations

import pytest

from newstui.articles.markdown import URL_TEXT_CHARS, short_url, shorten_url_texts

LONG = "https://www.example.org/world/europe/2026/11/30/storm-batters-the-coast"


def test_a_link_whose_text_is_a_long_address_gets_a_short_text_and_keeps_its_target() -> None:
    markdown = f"Read it at [{LONG}]({LONG}) or [the summary](https://a.example/s)."
    shown = shorten_url_texts(markdown)
    assert f"]({LONG})" in shown  # where it goes is unchanged
    assert f"[{LONG}]" not in shown
    assert "[example.org/…/storm-batters-the…]" in shown
    assert "[the summary](https://a.example/s)" in shown  # words are left alone


@pytest.mark.parametrize(
    "text",
    [
        "https://example.org/a",  # short enough already
        "Storm batters the coast as thousands lose power overnight",  # words, not an address
        "see https://example.org/world/europe/2026/11/30/storm-batters",  # words first
    ],
)
def test_other_link_texts_are_left_as_they_are(text: str) -> None:
    markdown = f"[{text}](https://example.org/x)"
    assert shorten_url_texts(markdown) == markdown


@pytest.mark.parametrize(
    ("url", "short"),
    [
        (LONG, "example.org/…/storm-batters-the…"),
        ("https://example.org/news/item?id=7", "example.org/…/item…"),
        ("http://127.0.0.1:8080/one", "127.0.0.1:8080/one"),
        ("www.example.org/a/b", "example.org/…/b"),
        ("https://example.org/", "example.org"),
    ],
)
def test_short_url_keeps_the_host_and_the_last_part(url: str, short: str) -> None:
    assert short_url(url) == short
    assert len(short_url(url)) <= URL_TEXT_CHARS


def test_an_address_text_with_markdown_characters_stays_text() -> None:
    url = "https://example.org/a_b/[x]/c*d*/" + "e" * 40
    shown = shorten_url_texts(f"[{url}](https://example.org/t)")
    assert shown.startswith("[example.org/…/") and shown.endswith("](https://example.org/t)")
    assert "*" not in shown.split("](")[0].replace("\\*", "")
