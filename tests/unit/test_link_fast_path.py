"""Tests that resolve_link's shortcut for plain absolute links gives what urljoin and safe_link
give, for links that take it and links that look like them but must not."""

from __future__ import annotations

from urllib.parse import urljoin

from hypothesis import given, settings
from hypothesis import strategies as st

from newstui.feeds.entries import _PLAIN_URL, resolve_link
from newstui.text.sanitize import safe_link

BASES = ["", "http://127.0.0.1/feed", "https://example.com/a/b?x=1", "ftp://h/", "http://[bad/"]


def the_long_way(link: str, base: str) -> str | None:
    link = link.strip()
    if base:
        try:
            link = urljoin(base, link)
        except ValueError:
            return None
    return safe_link(link)


_PIECES = st.sampled_from(
    [
        "http://", "https://", "HTTP://", "h", "example.com", "127.0.0.1", ":8080", ":", "/", "//",
        "a", "b/", "./", "../", "?", "?q=1", "&x=%20", "#", "#frag", ";p", "=", "@", "user@",
        "[::1]", " ", "\t", "\n", "é", "~", "!$'()*+,", "\\", "x" * 30,
    ]
)  # fmt: skip
links = st.lists(_PIECES, min_size=1, max_size=12).map("".join)


@settings(max_examples=200)
@given(links, st.sampled_from(BASES))
def test_the_shortcut_gives_what_urljoin_and_safe_link_give(link: str, base: str) -> None:
    assert resolve_link(link, base) == the_long_way(link, base)


def test_links_of_the_common_kinds_take_the_shortcut_and_odd_ones_do_not() -> None:
    common = [
        "https://www.example.com/2026/11/30/story-name.html",
        "http://127.0.0.1:8000/story/3/4",
        "https://example.com/a?utm_source=rss&utm_medium=feed#comments",
        "https://example.com/wiki/Caf%C3%A9_(place)",
        "https://example.com",
    ]
    odd = [
        "HTTP://example.com/",  # urlparse lowercases the scheme
        "https://example.com/x?",  # urlunparse drops an empty query's "?"
        "https://example.com/x#",
        "https://example.com/x;param",  # urlparse splits parameters
        "https://user@example.com/",
        "https://[::1]/",
        "https://example.com/a b",
        "/relative/path",
        "https://exämple.com/",
    ]
    for link in common:
        assert _PLAIN_URL.fullmatch(link), link
        for base in BASES:
            assert resolve_link(link, base) == the_long_way(link, base)
    for link in odd:
        assert not _PLAIN_URL.fullmatch(link), link
        for base in BASES:
            assert resolve_link(link, base) == the_long_way(link, base)
