"""Tests that every feed file of the shared real-world corpus parses to safe entries, bounded."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from newstui.feeds.parse import parse_feed
from newstui.models import ParsedFeed
from newstui.text.characters import unsafe
from tests.corpus import BASE, feed_files, params

FILES = feed_files()


def parse_file(corpus: Path, path: str) -> ParsedFeed:
    return parse_feed((corpus / path).read_bytes(), url=BASE)


def assert_safe(feed: ParsedFeed) -> None:
    for line in [feed.title or "", feed.problem or "", *feed.alternates, feed.link or ""]:
        assert not unsafe().search(line) and "\n" not in line, repr(line)
    for entry in feed.entries:
        for line in (entry.guid, entry.title, entry.link or "", entry.author):
            assert not unsafe().search(line) and "\n" not in line and "\t" not in line, repr(line)
        assert not unsafe().search(entry.summary), repr(entry.summary[:200])
        assert entry.guid and entry.title
        assert 0 < len(entry.title) <= 1_000
        assert len(entry.summary) <= 20_000
        assert entry.link is None or entry.link.startswith(("http://", "https://"))
        assert entry.published is None or (
            entry.published.tzinfo is UTC and entry.published >= datetime(1970, 1, 1, tzinfo=UTC)
        )


def test_the_manifest_lists_feed_files(corpus: Path) -> None:
    assert len(FILES) > 600


# A guard against a parse that never ends, not a speed bound: the largest files take ~3 s alone
# and over 10 s on a loaded machine (CI's, or two xdist workers beside other jobs).
@pytest.mark.timeout(60)
@pytest.mark.parametrize(("path", "kind"), params(FILES, width=2))
def test_corpus_file_parses_safely(corpus: Path, path: str, kind: str) -> None:
    feed = parse_file(corpus, path)
    assert not (feed.problem or "").startswith("could not parse"), feed.problem
    assert_safe(feed)
    if kind.split(";")[0] in ("rss2", "atom10", "rdf", "jsonfeed") and "malformed" not in kind:
        assert feed.is_feed, feed.problem


def test_guardian_capture(corpus: Path) -> None:
    feed = parse_file(corpus, "rss-parser/test/input/guardian.rss")
    assert (feed.title, len(feed.entries), feed.problem) == ("The Guardian", 55, None)
    first = feed.entries[0]
    assert first.title == "Trump State of the Union address promised unity but emphasized discord"
    assert first.link == (
        "https://www.theguardian.com/us-news/2018/jan/31/"
        "donald-trump-state-of-the-union-address-unity-discord"
    )
    assert first.published == datetime(2018, 1, 31, 7, 26, 5, tzinfo=UTC)
    assert first.summary.startswith("The president’s ‘new American moment’ speech")
    assert "<p>" not in first.summary


def test_heise_atom_capture(corpus: Path) -> None:
    feed = parse_file(corpus, "rss-parser/test/input/heise.atom")
    assert (feed.title, len(feed.entries)) == ("heise developer neueste Meldungen", 15)
    first = feed.entries[0]
    assert first.title == "Java-Anwendungsserver: Red Hat gibt WildFly 10 frei"
    assert first.guid == "http://heise.de/-3088438"
    assert first.published == datetime(2016, 2, 1, 16, 22, tzinfo=UTC)  # 17:22 +01:00
    assert first.summary.startswith("Die nun verfügbare Version 10 des Enterprise-Java-Servers")


def test_uol_capture_in_an_undeclared_legacy_encoding(corpus: Path) -> None:
    feed = parse_file(corpus, "rss-parser/test/input/uolNoticias.rss")
    assert feed.title == "UOL Noticias"
    assert len(feed.entries) == 15
    assert feed.entries[0].title == (
        "Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno"
    )
    # No declaration, no charset, not UTF-8 (XML's default): a guess, and the status says so.
    assert feed.problem == "encoding: not declared, read as windows-1252 (a guess)"


def test_html_page_served_instead_of_a_feed(corpus: Path) -> None:
    feed = parse_file(corpus, "feedjira/spec/sample_feeds/SFRubyorgHome.xml")
    assert not feed.is_feed
    assert feed.problem == "not a feed: this is an HTML page"
    assert feed.alternates == ["http://sfruby.org/?feed=rss2"]


def test_atom_wrapped_in_xhtml_is_still_a_feed(corpus: Path) -> None:
    feed = parse_file(corpus, "feedjira/spec/sample_feeds/DuplicateContentAtomFeed.xml")
    assert feed.is_feed and len(feed.entries) == 10
