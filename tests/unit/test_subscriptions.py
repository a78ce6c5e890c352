"""Tests OPML and newsboat imports (real files from the corpus, hostile ones) and OPML export."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from newstui.config.opml import parse_newsboat_urls, read_subscriptions, to_opml
from newstui.models import SourceConfig


def opml_files(corpus: Path) -> list[Path]:
    return [
        *sorted(corpus.glob("awesome-rss-feeds/**/*.opml")),
        *sorted(corpus.glob("liferea/opml/*.opml")),
        *sorted(corpus.glob("newsboat/test/data/*.opml")),
        corpus / "feedjira/spec/sample_feeds/google-reader-subscriptions.xml",
    ]


def test_every_corpus_opml_round_trips_sources_and_tags(corpus: Path) -> None:
    total = 0
    for path in opml_files(corpus):
        imported = read_subscriptions(path.read_bytes())
        exported = to_opml(imported.sources)
        etree.fromstring(exported.encode())  # our own export is well-formed XML
        again = read_subscriptions(exported.encode())
        # Export groups sources by folder, so compare as sets of (url, name, tags).
        assert {(s.url, s.name, s.tags) for s in again.sources} == {
            (s.url, s.name, s.tags) for s in imported.sources
        }, path.name
        assert len(again.sources) == len(imported.sources)
        total += len(imported.sources)
    assert total > 1000


def test_malformed_opml_loses_no_feed(corpus: Path) -> None:
    # Raw '&' in attributes, and raw '<' and '"' inside description attributes.
    for path in sorted(corpus.glob("awesome-rss-feeds/**/*.opml")):
        data = path.read_bytes()
        listed = {
            u.replace("&amp;", "&") for u in re.findall(r'xmlUrl="([^"]*)"', data.decode("utf-8"))
        }
        got = {s.url for s in read_subscriptions(data).sources}
        assert listed <= got, (path.name, listed - got)


def test_nested_outlines_become_tags(corpus: Path) -> None:
    imported = read_subscriptions((corpus / "liferea/opml/feedlist_en.opml").read_bytes())
    ars = next(s for s in imported.sources if "arstechnica" in s.url)
    assert ars.name == "Ars Technica"
    assert ars.tags == ("Example Feeds", "News")
    assert any("vfolder" in line for line in imported.skipped)  # not an http(s) feed


def test_raw_ampersand_folder_keeps_its_name(corpus: Path) -> None:
    path = corpus / "awesome-rss-feeds/recommended/with_category/Business & Economy.opml"
    imported = read_subscriptions(path.read_bytes())
    assert {s.tags for s in imported.sources} == {("Business & Economy",)}


def test_newsboat_category_attribute(corpus: Path) -> None:
    imported = read_subscriptions((corpus / "newsboat/test/data/category.opml").read_bytes())
    (source,) = imported.sources
    assert source.tags == ("tag one", "tag_two", "tag/three")
    assert source.name is None  # title="" is no name


def test_outline_without_url_is_reported(corpus: Path) -> None:
    path = corpus / "newsboat/test/data/xmlurl-and-url-missing.opml"
    imported = read_subscriptions(path.read_bytes())
    assert [s.url for s in imported.sources] == ["https://example.com/feed.xml"]
    assert imported.skipped == ["This one is skipped: no xmlUrl"]


def test_missing_body_is_a_message_not_a_crash(corpus: Path) -> None:
    imported = read_subscriptions(
        (corpus / "newsboat/test/data/body-element-missing.opml").read_bytes()
    )
    assert imported.sources == []
    assert imported.skipped


def test_hostile_opml() -> None:
    data = b"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<opml version="2.0"><body>
  <outline text="Evil&x;\x1b[31m [b]bold[/b]" xmlUrl="https://e.example/f"/>
  <outline text="Script" xmlUrl="javascript:alert(1)"/>
  <outline text="File" xmlUrl="file:///etc/passwd"/>
  <outline text="Dup" xmlUrl="https://e.example/f"/>
</body></opml>"""
    imported = read_subscriptions(data)
    (source,) = imported.sources
    assert source.url == "https://e.example/f"
    assert "root:" not in (source.name or "")
    assert "\x1b" not in (source.name or "")
    assert "[b]bold[/b]" in (source.name or "")  # kept as text; the UI never reads markup
    assert len(imported.skipped) == 3


def test_newsboat_urls_file() -> None:
    text = """# my feeds
https://a.example/feed "~Agency News" world "long tag" !hidden
http://b.example/rss tech

"query:Unread:unread = \\"yes\\""
exec:~/bin/make-feed.sh
filter:~/bin/clean.py:https://c.example/feed
"exec:rm -rf ~" tag
ftp://d.example/feed
https://a.example/feed again
https://e.example/x "unclosed
"""
    imported = parse_newsboat_urls(text)
    assert imported.sources == [
        SourceConfig("https://a.example/feed", name="Agency News", tags=("world", "long tag")),
        SourceConfig("http://b.example/rss", tags=("tech",)),
        SourceConfig("https://e.example/x", tags=("unclosed",)),
    ]
    skipped = "\n".join(imported.skipped)
    assert "line 5" in skipped and "query" in skipped
    assert "line 6" in skipped and "exec" in skipped and "not run" in skipped
    assert "line 7" in skipped and "filter" in skipped
    assert "line 8" in skipped
    assert "line 9" in skipped and "not an http(s) URL" in skipped
    assert "line 10" in skipped and "a repeat of line 2" in skipped
    assert read_subscriptions(text.encode()).format == "newsboat"


def test_newsboat_round_trip_through_opml() -> None:
    imported = parse_newsboat_urls('https://a.example/f "~A & B" x y\nhttps://b.example/f\n')
    again = read_subscriptions(to_opml(imported.sources).encode())
    assert sorted(again.sources, key=lambda s: s.url) == [
        SourceConfig("https://a.example/f", name="A & B", tags=("x", "y")),
        SourceConfig("https://b.example/f"),
    ]


def test_export_uses_feed_titles_and_folders() -> None:
    text = to_opml(
        [
            SourceConfig("https://a.example/f", tags=("world", "agency")),
            SourceConfig("https://b.example/f", name='Quote " <b>'),
        ],
        {"https://a.example/f": "Agency Wire"},
    )
    root = etree.fromstring(text.encode())
    assert root.get("version") == "2.0"
    folder = root.find("body/outline[@text='world']")
    assert folder is not None
    (inner,) = list(folder)
    assert inner.get("title") == "Agency Wire" and inner.get("category") == "world,agency"
    assert root.find("body/outline[@xmlUrl='https://b.example/f']").get("text") == 'Quote " <b>'


@pytest.mark.parametrize("data", [b"", b"<", b"\xff\xfe\x00", b"<opml><body><outline", b"<html/>"])
def test_garbage_never_raises(data: bytes) -> None:
    assert read_subscriptions(data).sources == []
