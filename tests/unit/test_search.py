"""Tests full-text search and the combinable headline filters of the store, on real SQLite files."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newstui.models import FeedEntry, HeadlineQuery, SourceConfig
from newstui.storage.store import Store, fts_query

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def entry(n: int, title: str, summary: str = "", minutes: int | None = None) -> FeedEntry:
    return FeedEntry(
        guid=f"g{n}",
        title=title,
        link=None,
        published=NOW - timedelta(minutes=n if minutes is None else minutes),
        summary=summary,
    )


@pytest.fixture
def store(store: Store) -> Store:
    """The shared store, with two sources and six headlines."""
    s = store
    world, tech = s.sync_sources(
        [
            SourceConfig("https://w.example/f", name="World", tags=("news", "world")),
            SourceConfig("https://t.example/f", name="Tech", tags=("news", "tech")),
        ],
        300,
    )
    s.save_poll(
        world,
        [
            entry(1, "Storm hits the coast", "Thousands without power after the storm."),
            entry(2, "Election results are in", "The minister conceded."),
            entry(3, "Café owners protest", "Prices rose sharply."),
            entry(4, "Markets rally", "Stocks closed higher; storm fears eased."),
        ],
        NOW,
    )
    s.save_poll(
        tech,
        [
            entry(1, "New storage chip", "Faster storage for phones.", minutes=0),
            entry(2, "Election security tools", "Researchers audit voting machines.", minutes=5),
        ],
        NOW,
    )
    return s


def titles(store: Store, **kw: object) -> list[str]:
    query = HeadlineQuery(**kw)  # type: ignore[arg-type]
    return [h.title for h in store.headlines(query, limit=100)]


def test_search_matches_title_and_summary_newest_first(store: Store) -> None:
    assert titles(store, search="storm") == [
        "Storm hits the coast",
        "Markets rally",  # matched in its summary only
    ]


def test_words_are_prefixes_and_all_required(store: Store) -> None:
    assert titles(store, search="stor") == [
        "New storage chip",
        "Storm hits the coast",
        "Markets rally",
    ]
    assert titles(store, search="election minister") == ["Election results are in"]


def test_search_ignores_case_and_diacritics(store: Store) -> None:
    assert titles(store, search="CAFE") == ["Café owners protest"]
    assert titles(store, search="café") == ["Café owners protest"]


@pytest.mark.parametrize(
    "text", ['"', "AND", "storm OR", "title:storm", "NEAR(a b)", "*", "(", "^x", "-storm", "'"]
)
def test_fts_syntax_in_user_input_never_raises(store: Store, text: str) -> None:
    store.headlines(HeadlineQuery(search=text), limit=10)  # typing any of these must not raise


def test_fts_query_quotes_every_word() -> None:
    assert fts_query('say "hi" AND bye') == '"say"* "hi"* "AND"* "bye"*'
    assert fts_query("  ...  ") is None


def test_punctuation_only_matches_nothing(store: Store) -> None:
    assert titles(store, search="...") == []


def test_filters_combine(store: Store) -> None:
    tech = next(s for s in store.sources() if s.name == "Tech")
    assert titles(store, search="election", source="tech") == ["Election security tools"]
    assert titles(store, search="election", source_id=tech.id) == ["Election security tools"]
    assert titles(store, tag="world", search="election") == ["Election results are in"]
    assert titles(store, tag="news", search="election") == [
        "Election results are in",
        "Election security tools",
    ]
    assert titles(store, tag="nope") == []
    first = store.headlines(HeadlineQuery(search="storm"), limit=1)[0]
    store.set_read([first.id])
    assert titles(store, search="storm", unread_only=True) == ["Markets rally"]
    store.set_starred(first.id, True)
    assert titles(store, starred_only=True) == ["Storm hits the coast"]
    assert titles(store, starred_only=True, unread_only=True) == []


def test_ids_limit_to_given_headlines(store: Store) -> None:
    every = store.headlines(limit=100)
    some = {every[0].id, every[3].id}
    assert {h.id for h in store.headlines(HeadlineQuery().limited_to(some), limit=100)} == some
    assert store.headlines(HeadlineQuery().limited_to([]), limit=100) == []
    chip = HeadlineQuery(search="chip").limited_to(some)
    assert [h.id for h in store.headlines(chip, limit=100)] == [every[0].id]


def test_paging_with_search_continues_past_the_last_shown(store: Store) -> None:
    stor = HeadlineQuery(search="stor")
    first = store.headlines(stor, limit=1)
    rest = store.headlines(stor, limit=10, before=(first[0].published, first[0].id))
    assert [h.title for h in first + rest] == titles(store, search="stor")


def test_index_follows_deletes_and_edits(store: Store) -> None:
    store.prune(keep_days=1000, keep_per_source=2, now=NOW)
    assert titles(store, search="storm") == ["Storm hits the coast"]  # "Markets rally" pruned
    raw = sqlite3.connect(store.path)
    raw.execute("UPDATE items SET title = 'Quiet day' WHERE title = 'Storm hits the coast'")
    raw.commit()
    assert titles(store, search="quiet") == ["Quiet day"]
    assert titles(store, search="storm") == ["Quiet day"]  # its summary still says storm
    assert titles(store, search="coast") == []
    # The index and its content table agree (FTS5's own consistency check raises otherwise).
    raw.execute("INSERT INTO items_fts (items_fts) VALUES ('integrity-check')")


def test_common_word_uses_the_timeline_and_stays_correct(tmp_path: Path) -> None:
    # Over 4 x limit matches switches the plan to walking the timeline index; same answer.
    s = Store(tmp_path / "many.db")
    (src,) = s.sync_sources([SourceConfig("https://m.example/f")], 300)
    s.save_poll(src, [entry(n, f"common {n}", minutes=(n * 7) % 500) for n in range(600)], NOW)
    got = s.headlines(HeadlineQuery(search="common"), limit=100)
    every = s.headlines(limit=1000)
    assert [h.id for h in got] == [h.id for h in every[:100]]


def test_mark_all_read_everything_or_one_source(store: Store) -> None:
    tech = next(s for s in store.sources() if s.name == "Tech")
    assert store.mark_all_read(HeadlineQuery(source_id=tech.id)) == 2
    assert store.mark_all_read(HeadlineQuery(source_id=tech.id)) == 0
    unread = store.headlines(HeadlineQuery(unread_only=True))
    assert {h.source_name for h in unread} == {"World"}
    assert store.mark_all_read(HeadlineQuery(source="world")) == 4
    assert store.counts().unread == 0
    assert store.mark_all_read(read=False) == 6
    assert store.mark_all_read() == 6


def test_paused_source_reports_paused_and_keeps_its_real_status(store: Store) -> None:
    world = next(s for s in store.sources() if s.name == "World")
    store.save_states([replace(world, last_status="ok", next_poll=NOW)])
    store.set_paused(world.id, True)
    paused = next(s for s in store.sources() if s.id == world.id)
    assert (paused.shown_status, paused.next_poll) == ("paused", None)
    assert (paused.paused, paused.last_status, paused.polled) == (True, "ok", False)
    store.save_states([paused])  # writing a paused source's state back keeps it paused
    assert next(s for s in store.sources() if s.id == world.id).paused
    store.set_paused(world.id, False)
    resumed = next(s for s in store.sources() if s.id == world.id)
    assert (resumed.last_status, resumed.next_poll) == ("ok", None)


def test_tags_with_unread_counts(store: Store) -> None:
    assert store.tags() == [("news", 6), ("tech", 2), ("world", 4)]


def test_settings_round_trip(store: Store, tmp_path: Path) -> None:
    assert store.setting("theme") is None
    store.set_setting("theme", "nord")
    store.set_setting("theme", "gruvbox")
    store.close()
    reopened = Store(store.path)
    assert reopened.setting("theme") == "gruvbox"
    reopened.close()


def test_old_database_gains_search_over_existing_rows(tmp_path: Path) -> None:
    # A database written before the FTS migration: its rows must be searchable after upgrade.
    from newstui.storage import schema

    path = tmp_path / "old.db"
    raw = sqlite3.connect(path)
    raw.executescript(schema.MIGRATIONS[0])
    raw.execute("INSERT INTO sources (url, refresh) VALUES ('https://o.example/f', 300)")
    raw.execute(
        "INSERT INTO items (source_id, guid, title, published, first_seen) "
        "VALUES (1, 'a', 'Ancient headline', 1, 1)"
    )
    raw.execute("PRAGMA user_version = 1")
    raw.commit()
    raw.close()
    upgraded = Store(path)
    assert upgraded.schema_version == len(schema.MIGRATIONS)
    ancient = upgraded.headlines(HeadlineQuery(search="ancient"))
    assert [h.title for h in ancient] == ["Ancient headline"]
    upgraded.close()
