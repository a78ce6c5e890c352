"""Tests that parse_feed turns every dialect, and every kind of bad input, into safe entries."""

from __future__ import annotations

import json
import pickle
import resource
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newstui.feeds.entries import MAX_ENTRIES
from newstui.feeds.parse import EMPTY, HTML_PAGE, parse_fast, parse_feed
from newstui.models import ParsedFeed
from tests.feeds import Item, atom, jsonfeed, rss

URL = "http://127.0.0.1:8000/news/feed.xml"
BOTH = pytest.mark.parametrize("fast", [True, False], ids=["fast", "feedparser"])
WHEN = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)


def one(feed: ParsedFeed) -> None:
    assert feed.is_feed, feed.problem
    assert len(feed.entries) == 1, feed


# --- dialects -------------------------------------------------------------------------------


@BOTH
def test_rss2(fast: bool) -> None:
    body = rss(
        [Item("First &amp; best", "http://127.0.0.1/a", "g1", WHEN, "<p>Hello <b>you</b></p>")],
        title="The <Paper>",
        ttl=30,
    )
    feed = parse_feed(body, url=URL, fast=fast)
    one(feed)
    assert feed.title == "The <Paper>"  # escaped in the XML: text, and not a known tag
    assert feed.ttl == 1_800
    assert feed.problem is None
    entry = feed.entries[0]
    assert entry.guid == "g1"
    assert entry.title == "First & best"
    assert entry.link == "http://127.0.0.1/a"
    assert entry.published == WHEN
    assert entry.summary == "Hello you"
    assert entry.content_html == "<p>Hello <b>you</b></p>"


def test_rss2_takes_the_fast_path_and_malformed_xml_does_not() -> None:
    body = rss([Item("t", "http://127.0.0.1/a", "g", WHEN)])
    assert parse_fast(body, url=URL) is not None
    assert parse_fast(body.replace(b"</item>", b"&nbsp;</item>"), url=URL) is None


@BOTH
def test_atom10(fast: bool) -> None:
    body = atom([Item("Atom <entry>", "http://127.0.0.1/e", "urn:e1", WHEN, "sum")])
    feed = parse_feed(body, url=URL, fast=fast)
    one(feed)
    entry = feed.entries[0]
    assert (entry.guid, entry.link, entry.published) == ("urn:e1", "http://127.0.0.1/e", WHEN)
    assert entry.title == "Atom <entry>"
    assert entry.summary == "sum"


def test_rss1_rdf() -> None:
    body = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
 <channel rdf:about="http://127.0.0.1/"><title>RDF news</title><link>http://127.0.0.1/</link>
  <description>d</description></channel>
 <item rdf:about="http://127.0.0.1/r1"><title>RDF item</title><link>http://127.0.0.1/r1</link>
  <dc:date>2026-03-04T05:06:07Z</dc:date><description>text</description></item>
</rdf:RDF>"""
    for fast in (True, False):
        feed = parse_feed(body, url=URL, fast=fast)
        one(feed)
        assert feed.title == "RDF news"
        entry = feed.entries[0]
        assert (entry.title, entry.link, entry.published) == (
            "RDF item",
            "http://127.0.0.1/r1",
            WHEN,
        )
        assert entry.guid == "http://127.0.0.1/r1"
    assert parse_fast(body, url=URL) is not None


def test_rss091() -> None:
    body = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<rss version="0.91"><channel><title>Old</title><link>http://127.0.0.1/</link>
<description>d</description><language>en</language>
<item><title>Caf\xe9 news</title><link>http://127.0.0.1/old</link><description>x</description></item>
</channel></rss>"""
    feed = parse_feed(body, url=URL)
    one(feed)
    entry = feed.entries[0]
    assert entry.title == "Café news"
    assert entry.link == entry.guid == "http://127.0.0.1/old"
    assert entry.published is None


def test_atom03() -> None:
    body = b"""<?xml version="1.0" encoding="utf-8"?>
<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Atom 0.3</title>
<link rel="alternate" type="text/html" href="http://127.0.0.1/"/>
<modified>2026-03-04T05:06:07Z</modified>
<entry><title>Old atom</title><link rel="alternate" type="text/html" href="/old03"/>
<id>tag:127.0.0.1,2026:1</id><issued>2026-03-04T05:06:07Z</issued>
<modified>2026-03-05T00:00:00Z</modified><summary>s</summary></entry></feed>"""
    feed = parse_feed(body, url=URL)
    one(feed)
    entry = feed.entries[0]
    assert entry.title == "Old atom"
    assert entry.guid == "tag:127.0.0.1,2026:1"
    assert entry.link == "http://127.0.0.1:8000/old03"
    assert entry.published == WHEN


def test_jsonfeed_11() -> None:
    body = jsonfeed(
        [Item("JSON <i>one</i>", "http://127.0.0.1/j1", "j1", WHEN, "plain\n\ntext body")]
    )
    feed = parse_feed(body, url=URL, headers={"Content-Type": "application/feed+json"})
    one(feed)
    assert feed.title == "Test JSON"
    entry = feed.entries[0]
    assert (entry.guid, entry.title, entry.link) == ("j1", "JSON one", "http://127.0.0.1/j1")
    assert entry.published == WHEN
    assert entry.summary == "plain\n\ntext body"
    assert entry.content_html == ""


def test_jsonfeed_10_with_author_html_and_relative_url() -> None:
    doc = {
        "version": "https://jsonfeed.org/version/1",
        "title": "One oh",
        "home_page_url": "/",
        "items": [
            {
                "id": 42,
                "url": "posts/1",
                "title": "",
                "content_html": "<p>Body <b>here</b> and more words</p>",
                "date_published": "2026-03-04T06:06:07+01:00",
                "author": {"name": "Ann <b>Writer</b>"},
            }
        ],
    }
    feed = parse_feed(json.dumps(doc).encode(), url="http://127.0.0.1/blog/feed.json")
    one(feed)
    assert feed.link == "http://127.0.0.1/"
    entry = feed.entries[0]
    assert entry.guid == "42"
    assert entry.link == "http://127.0.0.1/blog/posts/1"
    assert entry.title == "Body here and more words"  # empty title: first words of the summary
    assert entry.published == WHEN
    assert entry.author == "Ann Writer"
    assert entry.content_html == "<p>Body <b>here</b> and more words</p>"


def test_jsonfeed_with_wrong_types_does_not_raise() -> None:
    doc = {
        "version": 1.1,
        "title": 12345,
        "items": [
            {"id": None, "title": 7, "url": ["x"], "date_published": 1700000000},
            "not an item",
            {"id": {"a": 1}, "title": ["list"], "content_html": 3, "authors": "nobody"},
            {"title": "fine", "url": "http://127.0.0.1/f", "date_published": "yesterday"},
        ],
    }
    feed = parse_feed(json.dumps(doc).encode(), url=URL)
    assert feed.is_feed
    assert feed.title == "12345"
    # A number converts (content_html 3 is the body, so the title); a list is dropped.
    assert [e.title for e in feed.entries] == ["7", "3", "fine"]
    assert all(e.published is None for e in feed.entries)
    assert feed.entries[2].guid == "http://127.0.0.1/f"
    not_list = parse_feed(b'{"version": "https://jsonfeed.org/version/1.1", "items": 3}')
    assert not_list.is_feed and not_list.entries == []


@pytest.mark.parametrize(
    "body",
    [b"{not json", b'{"a": 1}', b"[1, 2]", b"{" * 100_000 + b"}" * 100_000],
    ids=["invalid", "no-items", "array", "deep"],
)
def test_json_that_is_not_a_feed(body: bytes) -> None:
    feed = parse_feed(body, url=URL)
    assert not feed.is_feed
    assert feed.problem and feed.problem.startswith("not a feed")


# --- fields ---------------------------------------------------------------------------------


@BOTH
def test_relative_links_resolve_against_the_feed_url(fast: bool) -> None:
    body = rss([Item("t", "/story/1", "g", WHEN), Item("u", "2.html", "h", WHEN)])
    feed = parse_feed(body, url=URL, fast=fast)
    assert [e.link for e in feed.entries] == [
        "http://127.0.0.1:8000/story/1",
        "http://127.0.0.1:8000/news/2.html",
    ]


@BOTH
def test_unsafe_links_are_dropped(fast: bool) -> None:
    body = rss([Item("t", "javascript:alert(1)", "g", WHEN)])
    assert parse_feed(body, url=URL, fast=fast).entries[0].link is None


@BOTH
def test_guid_falls_back_to_link_then_a_stable_hash(fast: bool) -> None:
    body = rss([Item("With link", "http://127.0.0.1/l", None, WHEN)])
    assert parse_feed(body, url=URL, fast=fast).entries[0].guid == "http://127.0.0.1/l"
    bare = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        b"<item><title>No id</title><pubDate>Wed, 04 Mar 2026 05:06:07 GMT</pubDate></item>"
        b"<item><title>Other</title><pubDate>Wed, 04 Mar 2026 05:06:07 GMT</pubDate></item>"
        b"</channel></rss>"
    )
    first = parse_feed(bare, url=URL, fast=fast)
    again = parse_feed(bare, url=URL, fast=not fast)
    guids = [e.guid for e in first.entries]
    assert guids == [e.guid for e in again.entries]
    assert all(g.startswith("sha1:") for g in guids)
    assert guids[0] != guids[1]


@BOTH
def test_missing_and_absurd_dates(fast: bool) -> None:
    items = "".join(
        f"<item><title>t{i}</title><link>http://127.0.0.1/{i}</link>{d}</item>"
        for i, d in enumerate(
            [
                "",
                "<pubDate>Mon, 01 Jan 1900 00:00:00 GMT</pubDate>",
                "<pubDate>not a date at all</pubDate>",
                "<pubDate>Fri, 01 Jan 2100 00:00:00 GMT</pubDate>",  # future: kept
                "<pubDate>Wed, 04 Mar 2026 06:06:07 +0100</pubDate>",
            ]
        )
    )
    body = f'<rss version="2.0"><channel><title>d</title>{items}</channel></rss>'.encode()
    dates = [e.published for e in parse_feed(body, url=URL, fast=fast).entries]
    assert dates == [None, None, None, datetime(2100, 1, 1, tzinfo=UTC), WHEN]
    assert all(d is None or d.tzinfo is UTC for d in dates)


def test_atom_updated_stands_in_for_published() -> None:
    body = atom([Item("t", "http://127.0.0.1/u", "urn:u", WHEN)])  # the builder writes <updated>
    for fast in (True, False):
        assert parse_feed(body, url=URL, fast=fast).entries[0].published == WHEN


@BOTH
def test_html_and_entities_in_titles(fast: bool) -> None:
    body = rss(
        [Item("<b>Bold</b> &amp;amp; <i>co</i> &#8212; caf&#233;", "http://127.0.0.1/", "g")]
    )
    assert parse_feed(body, url=URL, fast=fast).entries[0].title == "Bold &amp; co — café"


def test_control_chars_and_markup_in_titles() -> None:
    body = (
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>C</title>'
        b"<item><title>[bold]Big[/bold] \x1b[31mred\x1b[0m \xc2\x9b2J [@click=app.quit]x[/]\x00"
        b"</title><link>http://127.0.0.1/c</link><description>a\x1b]52;c;Zm9v\x07b</description>"
        b"</item></channel></rss>"
    )
    feed = parse_feed(body, url=URL)
    one(feed)
    entry = feed.entries[0]
    # The ESC sequences go whole; feedparser reads the C1 CSI (U+009B) as Windows-1252 "›".
    assert entry.title == "[bold]Big[/bold] red ›2J [@click=app.quit]x[/]"
    assert entry.summary == "ab"


def test_long_title_is_capped() -> None:
    body = rss([Item("word " * 10_000, "http://127.0.0.1/", "g")])
    title = parse_feed(body, url=URL).entries[0].title
    assert len(title) <= 1_000 and title.endswith("…")


@BOTH
def test_ttl(fast: bool) -> None:
    def ttl(value: str) -> float | None:
        body = rss([Item("t", "http://127.0.0.1/", "g")]).replace(
            b"<description>t</description>",
            f"<description>t</description><ttl>{value}</ttl>".encode(),
        )
        return parse_feed(body, url=URL, fast=fast).ttl

    assert ttl("60") == 3_600
    assert ttl(" 15 ") == 900
    assert ttl("soon") is None
    assert ttl("-5") is None
    assert ttl("0") is None
    assert ttl("99999999") is None


def test_entries_are_capped() -> None:
    body = rss([Item(f"t{i}", f"http://127.0.0.1/{i}", f"g{i}") for i in range(MAX_ENTRIES + 5)])
    feed = parse_feed(body, url=URL)
    assert len(feed.entries) == MAX_ENTRIES
    assert feed.entries[0].guid == "g0"
    assert feed.problem == f"{MAX_ENTRIES + 5} entries, kept the first {MAX_ENTRIES}"


# --- not feeds and broken feeds -------------------------------------------------------------


def test_html_page_with_alternate_links() -> None:
    page = b"""<!DOCTYPE html><html><head><title>Home</title>
<base href="http://127.0.0.1/site/">
<link rel="alternate" type="application/rss+xml" href="rss.xml" title="RSS">
<link rel="alternate" type="application/atom+xml" href="/atom.xml">
<link rel="Alternate" type="application/feed+json" href="http://127.0.0.1/feed.json">
<link rel="alternate" type="application/json" href="javascript:alert(1)">
<link rel="alternate" hreflang="de" href="/de/">
<link rel="stylesheet" type="text/css" href="s.css">
</head><body><p>Hello</body></html>"""
    feed = parse_feed(page, url="http://127.0.0.1/", headers={"content-type": "text/html"})
    assert not feed.is_feed
    assert feed.problem == HTML_PAGE
    assert feed.alternates == [
        "http://127.0.0.1/site/rss.xml",
        "http://127.0.0.1/atom.xml",
        "http://127.0.0.1/feed.json",
    ]
    assert parse_fast(page, url="http://127.0.0.1/") == feed


@pytest.mark.parametrize(
    "body", [b"", b"   \n\t ", b"\xef\xbb\xbf\n"], ids=["empty", "blank", "bom"]
)
def test_empty_body(body: bytes) -> None:
    feed = parse_feed(body, url=URL)
    assert (feed.is_feed, feed.problem, feed.entries) == (False, EMPTY, [])


def test_malformed_xml_keeps_recovered_entries() -> None:
    body = rss([Item(f"Item {i}", f"http://127.0.0.1/{i}", f"g{i}", WHEN) for i in range(8)])
    body = body.replace(b"<title>Item 3</title>", b"<title>Item 3 &nbsp; Tom & Jerry</title>")
    feed = parse_feed(body, url=URL)
    assert feed.is_feed
    assert len(feed.entries) == 8
    assert feed.entries[3].title == "Item 3 Tom & Jerry"
    assert feed.problem is not None
    assert feed.problem.startswith("malformed XML at line 1: ")
    assert feed.problem.endswith("; 8 entries recovered")


def test_latin1_bytes_declared_utf8_by_the_header() -> None:
    body = rss([Item("Café crème", "http://127.0.0.1/", "g")]).replace(
        b'encoding="utf-8"', b'encoding="iso-8859-1"'
    )
    body = body.decode("utf-8").encode("latin-1")
    right = parse_feed(body, url=URL)
    assert right.entries[0].title == "Café crème"
    wrong = parse_feed(body, url=URL, headers={"Content-Type": "text/xml; charset=utf-8"})
    assert wrong.is_feed and len(wrong.entries) == 1
    assert "Caf" in wrong.entries[0].title  # whatever feedparser made of it, no crash


def test_utf8_bytes_declared_latin1_by_the_header() -> None:
    body = rss([Item("Café", "http://127.0.0.1/", "g")])
    feed = parse_feed(
        body, url=URL, headers={"Content-Type": "application/rss+xml; charset=iso-8859-1"}
    )
    assert feed.is_feed and len(feed.entries) == 1
    # feedparser tries the header's charset, then the document's own declaration.
    assert feed.entries[0].title in ("Café", "CafÃ©")


# --- hostile documents ----------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>laugh &lol9;</title><link>http://127.0.0.1/l</link></item></channel></rss>"""


@pytest.mark.timeout(20)
@pytest.mark.parametrize("fast", [True, False], ids=["fast", "feedparser"])
def test_billion_laughs_is_not_expanded(fast: bool) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    feed = parse_feed(BILLION_LAUGHS, url=URL, fast=fast)
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kib < 200_000  # expanded, it would be 3 GB
    assert all(len(e.title) < 1_000 for e in feed.entries)
    assert "lol" * 100 not in (feed.title or "") + "".join(e.title for e in feed.entries)


@pytest.mark.timeout(20)
def test_external_entities_are_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    body = f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>
<rss version="2.0"><channel><title>x &xxe;</title>
<item><title>t &xxe;</title><link>http://127.0.0.1/x</link><description>&xxe;</description>
</item></channel></rss>""".encode()
    for fast in (True, False):
        feed = parse_feed(body, url=URL, fast=fast)
        assert "TOP-SECRET" not in repr(feed)


def test_a_body_that_names_a_file_is_not_opened(tmp_path: Path) -> None:
    secret = tmp_path / "feed.xml"
    secret.write_bytes(rss([Item("LOCAL FILE", "http://127.0.0.1/", "g")]))
    feed = parse_feed(str(secret).encode(), url=URL)
    assert not feed.entries
    assert "LOCAL FILE" not in repr(feed)


# A guard against a hang, not a speed bound: 4-6 s alone, over 30 s on a loaded machine.
@pytest.mark.timeout(120)
@pytest.mark.parametrize("fast", [True, False], ids=["fast", "feedparser"])
def test_deep_nesting_does_not_crash(fast: bool) -> None:
    deep = b"<x>" * 50_000 + b"deep" + b"</x>" * 50_000
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item>'
        b"<title>nested</title><link>http://127.0.0.1/n</link><description>"
        + deep
        + b"</description></item></channel></rss>"
    )
    feed = parse_feed(body, url=URL, fast=fast)
    assert isinstance(feed, ParsedFeed)


def test_result_pickles() -> None:
    feed = parse_feed(rss([Item("t", "http://127.0.0.1/", "g", WHEN, "s")]), url=URL)
    assert pickle.loads(pickle.dumps(feed)) == feed


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300))
def test_never_raises_on_random_bytes(body: bytes) -> None:
    for prefix in (b"", b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>'):
        feed = parse_feed(prefix + body, url=URL)
        assert isinstance(feed, ParsedFeed)


@pytest.mark.parametrize(
    ("change", "headers"),
    [
        ((b"<rss ", b'<!DOCTYPE rss [<!ENTITY e "x">]><rss '), {}),
        ((b"<rss ", b'<rss xml:base="http://127.0.0.1/b/" '), {}),
        ((b"<title>t</title><link>", b"<title>t&#150;</title><link>"), {}),  # cp1252 mojibake
        ((b"<link>http://127.0.0.1/</link><guid", b"<guid"), {}),  # item without a link
        ((b'version="2.0"', b'version="0.92"'), {}),
    ],
    ids=["doctype", "xml-base", "c1-reference", "no-link", "rss092"],
)
def test_documents_the_fast_path_leaves_to_feedparser(
    change: tuple[bytes, bytes], headers: dict[str, str]
) -> None:
    body = rss([Item("t", "http://127.0.0.1/", "g", WHEN)])
    assert parse_fast(body, url=URL) is not None
    changed = body.replace(*change, 1) if change[0] else body
    assert changed != body or headers
    assert parse_fast(changed, url=URL, headers=headers) is None
    assert parse_feed(changed, url=URL, headers=headers).entries


def test_malformed_xml_with_nothing_recovered_is_no_feed() -> None:
    # A body cut short inside its first item: it was a feed, 'ok' with no headlines, forever.
    body = b"<rss version='2.0'><channel><title>Cut</title><description>x &</description><it"
    feed = parse_feed(body, url=URL)
    assert (feed.is_feed, feed.entries) == (False, [])
    assert feed.problem is not None
    assert feed.problem.startswith("a broken feed: malformed XML at line ")
    assert feed.problem.endswith(": not well-formed (invalid token); 0 entries recovered")
    valid_but_empty = parse_feed(b"<rss version='2.0'><channel><title>E</title></channel></rss>")
    assert valid_but_empty.is_feed and valid_but_empty.problem is None
