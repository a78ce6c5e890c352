"""Tests that plain-text titles are shown literally and only HTML-typed ones lose their tags, the
same on both parse paths: the title-escaped-tag case and others of its kind (RSS, JSON Feed)."""

from __future__ import annotations

import json

import pytest

from newstui.feeds.parse import parse_feed
from tests.reported import answer

URL = "http://127.0.0.1:8000/feed"
BOTH = [True, False]


@pytest.mark.parametrize("fast", BOTH)
def test_the_reported_atom_titles(fast: bool) -> None:
    body, headers = answer("title-escaped-tag", "/atom")
    feed = parse_feed(body, url=URL, headers=headers, fast=fast)
    assert feed.title == "Browser News"
    assert {e.guid[-3:]: e.title for e in feed.entries} == {
        "011": "Browser 23 gains a share button and drops <blink>",
        "012": "A short guide to <head> elements",
        "013": "AT&amp;T is how you escape an ampersand",
        "014": "<3 small tools",
        "015": "The new layout engine",
    }


def atom(feed_title: str, entries: list[tuple[str, str]], summary: str = "") -> bytes:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">',
        f"{feed_title}<id>urn:f</id><updated>2026-11-02T10:00:00Z</updated>",
    ]
    for n, (kind, text) in enumerate(entries):
        type_attribute = f' type="{kind}"' if kind else ""
        parts.append(
            f"<entry><id>urn:e{n}</id><link href='http://127.0.0.1/{n}'/>"
            f"<title{type_attribute}>{text}</title><updated>2026-11-02T10:00:00Z</updated>"
            f"{summary}</entry>"
        )
    parts.append("</feed>")
    return "".join(parts).encode()


@pytest.mark.parametrize("fast", BOTH)
def test_atom_text_constructs_of_every_type(fast: bool) -> None:
    body = atom(
        '<title type="text">The &lt;canvas&gt; &amp;amp; &lt;svg&gt; desk</title>',
        [
            ("", "Why &lt;table&gt; layouts &amp; &lt;font&gt; tags died"),
            ("text/plain", "&lt;b&gt;not bold&lt;/b&gt;"),
            ("html", "&lt;b&gt;Bold&lt;/b&gt; &amp;amp; brave"),
            ("text/html", "Caf&amp;eacute; &lt;i&gt;news&lt;/i&gt;"),
            ("xhtml", '<div xmlns="http://www.w3.org/1999/xhtml">An <em>xhtml</em> title</div>'),
        ],
        '<summary type="text">Use &lt;p&gt; for paragraphs &amp;amp; &lt;br&gt; for lines'
        "</summary>",
    )
    feed = parse_feed(body, url=URL, fast=fast)
    assert feed.title == "The <canvas> &amp; <svg> desk"
    assert [e.title for e in feed.entries] == [
        "Why <table> layouts & <font> tags died",
        "<b>not bold</b>",
        "Bold & brave",
        "Café news",
        "An xhtml title",
    ]
    assert {e.summary for e in feed.entries} == {"Use <p> for paragraphs &amp; <br> for lines"}


def rss(channel: str, titles: list[str]) -> bytes:
    items = "".join(
        f"<item><title>{t}</title><link>http://127.0.0.1/{n}</link><guid>r{n}</guid></item>"
        for n, t in enumerate(titles)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{channel}</title>'
        f"<link>http://127.0.0.1/</link><description>d</description>{items}</channel></rss>"
    ).encode()


@pytest.mark.parametrize("fast", BOTH)
def test_rss_titles_are_text_unless_they_are_plainly_html(fast: bool) -> None:
    # RSS gives no type. The RSS Best Practices Profile calls titles plain text, yet publishers
    # put HTML in them (Craigslist's "ft<sup>2</sup>"): like feedparser and the readers built
    # on it, a title is HTML only with a closing tag or a character reference, all known HTML.
    body = rss(
        "The &lt;head&gt; blog",
        [
            "Browser 23 drops &lt;blink&gt;",
            "A short guide to &lt;head&gt; elements",
            "1 &lt; 2 &amp; 3 &gt; 2",
            "Forthcoming: M&amp;A; subscribe",
            "Flat &amp;#x0024;1930 1bd 560ft&lt;sup&gt;2&lt;/sup&gt;",
            "&amp;quot;Flex on Rails&amp;quot; is out",
            "<![CDATA[A <b>bold</b> move]]>",
        ],
    )
    feed = parse_feed(body, url=URL, fast=fast)
    assert feed.title == "The <head> blog"
    assert [e.title for e in feed.entries] == [
        "Browser 23 drops <blink>",
        "A short guide to <head> elements",
        "1 < 2 & 3 > 2",
        "Forthcoming: M&A; subscribe",
        "Flat $1930 1bd 560ft2",
        '"Flex on Rails" is out',
        "A bold move",
    ]


def test_json_feed_titles_follow_the_rule_of_untyped_text() -> None:
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "The <head> desk",
        "items": [
            {"id": "1", "title": "Why <blink> died", "content_text": "x"},
            {"id": "2", "title": "Tom &amp; Jerry", "content_text": "x"},
            {"id": "3", "title": "A <b>bold</b> move", "content_text": "x"},
        ],
    }
    feed = parse_feed(json.dumps(doc).encode(), url=URL)
    assert feed.title == "The <head> desk"
    assert [e.title for e in feed.entries] == ["Why <blink> died", "Tom & Jerry", "A bold move"]


@pytest.mark.parametrize("fast", BOTH)
def test_literal_titles_are_still_made_safe(fast: bool) -> None:
    body = atom(
        "<title>T</title>",
        [("", "A &#x1b;[31mred&#x1b;[0m [bold]title[/bold] \u202eevil")],
    )
    (entry,) = parse_feed(body, url=URL, fast=fast).entries
    assert entry.title == "A red [bold]title[/bold] evil"
