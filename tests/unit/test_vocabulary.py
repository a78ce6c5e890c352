"""Tests the search index's vocabulary (migration 11): every write queues its headlines, a fold
brings it in step, folded by FTS5's own tokenizer, and a prefix read through it matches exactly
what FTS5's prefix matches, on made titles, hostile ones and the shared corpus."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newstui.demo.words import POOLS
from newstui.feeds.parse import parse_feed
from newstui.models import FeedEntry, HeadlineQuery, SourceConfig
from newstui.storage import schema, search_window, vocabulary
from newstui.storage.queries import fts_query, search_words
from newstui.storage.store import Store
from tests.corpus import CORPUS, feed_files

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
ODD = [
    "Stórm über Zürich",
    "ÉTÉ caféS naïve",
    "snake_case and dash-words",
    "Don't stop: it's 4711x3",
    "東京 storm 2026",
    "Ωmega ΣΊΣΥΦΟΣ",
    "ﬁnance ligatures",
    "tabs\tand\nnewlines",
    "",
]


def index_terms(store: Store) -> set[str]:
    """The terms items_fts holds, as FTS5 lists them."""
    raw = sqlite3.connect(store.path)
    try:
        raw.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, items_fts, 'row')")
        return {str(row[0]) for row in raw.execute("SELECT term FROM temp.v")}
    finally:
        raw.close()


def kept_terms(store: Store) -> set[str]:
    return {str(row[0]) for row in store._read("SELECT term FROM fts_terms")}


def made_titles(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    words = sorted({w for pool in POOLS.values() for p in pool for w in p.split()})
    return [
        " ".join(rng.sample(words, 6)) + (" storms" if rng.random() < 0.8 else "") + f" ({n}x3)"
        for n in range(count)
    ]


def fill(store: Store, titles: list[str], *, sources: int = 3, guid: str = "g") -> None:
    made = store.sync_sources(
        [SourceConfig(f"http://127.0.0.1:9/{n}") for n in range(sources)], 300
    )
    for n, title in enumerate(titles):
        when = NOW - timedelta(minutes=len(titles) - n)
        entry = FeedEntry(f"{guid}{n}", title, None, when, summary=ODD[n % len(ODD)])
        store.save_poll(made[n % sources], [entry], NOW)


def prefix_ids(store: Store, query: str) -> list[int]:
    sql = "SELECT rowid FROM items_fts WHERE items_fts MATCH ? ORDER BY rowid DESC"
    return [int(row[0]) for row in store._read(sql, (query,))]


def prefixes(titles: list[str], seed: int, count: int) -> list[str]:
    """Prefixes of 1-8 letters of words of the titles, as people type them (any case)."""
    rng = random.Random(seed)
    found: list[str] = []
    for title in rng.sample(titles, min(count, len(titles))):
        words = search_words(title)
        if words:
            word = rng.choice(words)
            found.append(word[: rng.randint(1, 8)])
    return found


def same_matches(store: Store, typed: list[str]) -> int:
    """Asserts that each typed search matches through the vocabulary what FTS5's prefix
    matches; returns how many were read through the vocabulary."""
    used = 0
    for text in typed:
        prefix = fts_query(text)
        exact = vocabulary.exact_query(store._read, search_words(text))
        if prefix is None or exact is None:
            continue
        used += 1
        assert prefix_ids(store, exact) == prefix_ids(store, prefix), text
    return used


@pytest.fixture
def made(tmp_path: Path) -> Iterator[Store]:
    store = Store(tmp_path / "s.db")
    fill(store, made_titles(400, seed=5) + ODD * 3)
    store.fold_search_terms()
    yield store
    store.close()


def test_the_tokenizer_is_the_search_indexs() -> None:
    assert f"tokenize='{vocabulary.TOKENIZE}'" in schema.MIGRATIONS[2]


def test_a_fold_brings_the_vocabulary_in_step_with_every_write(
    made: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert kept_terms(made) == index_terms(made)
    assert not made._read("SELECT 1 FROM fts_pending")
    made.prune(keep_days=1000, keep_per_source=5, now=NOW)  # terms stay: they match nothing
    assert kept_terms(made) >= index_terms(made)
    # Written, not folded yet (another program here, a poll in the ticker): the prefix is read
    # as FTS5's until a fold.
    raw = sqlite3.connect(made.path)
    last = "(SELECT MAX(id) FROM items)"
    raw.execute(f"UPDATE items SET title = 'Zebracrossing news' WHERE id = {last}")
    raw.commit()
    raw.close()
    assert vocabulary.exact_query(made._read, ["zebra"]) is None
    assert prefix_ids(made, '"zebra"*')
    made.fold_search_terms()
    assert vocabulary.exact_query(made._read, ["zebra"]) == '("zebracrossing")'
    # Many at once: folded in jobs of FOLD_ROWS.
    monkeypatch.setattr(vocabulary, "FOLD_ROWS", 7)
    monkeypatch.setattr(vocabulary.fold_pending, "__defaults__", (7,))
    fill(made, [f"Quokka{n} sighting" for n in range(30)], sources=2, guid="q")
    # Stored above the search index's mark: queued for the vocabulary as they are indexed.
    assert not made._read("SELECT id FROM fts_pending")
    made.index_search()
    assert len(made._read("SELECT id FROM fts_pending")) == 30
    made.fold_search_terms()
    assert kept_terms(made) >= index_terms(made) and "quokka29" in kept_terms(made)
    assert not made._read("SELECT 1 FROM fts_pending")


def test_an_older_file_gains_the_vocabulary_of_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    raw = sqlite3.connect(path)
    for number in range(1, 11):
        for statement in schema.statements(schema.MIGRATIONS[number - 1]):
            raw.execute(statement)
    raw.execute("INSERT INTO sources (url, refresh) VALUES ('http://127.0.0.1:9/f', 300)")
    raw.execute(
        "INSERT INTO items (source_id, guid, title, summary, published, first_seen) "
        "VALUES (1, 'a', 'Ancient Stórms', 'of old', 1, 1)"
    )
    raw.execute("PRAGMA user_version = 10")
    raw.commit()
    raw.close()
    upgraded = Store(path)
    try:
        assert upgraded.schema_version == len(schema.MIGRATIONS) >= 11
        assert kept_terms(upgraded) == index_terms(upgraded) == {"ancient", "storms", "of", "old"}
        assert vocabulary.exact_query(upgraded._read, ["STOR"]) == '("storms")'
    finally:
        upgraded.close()


def test_words_fold_as_the_index_folds_them() -> None:
    assert vocabulary.tokens("Stórm") == ["storm"]
    assert vocabulary.tokens("ÜBER") == ["uber"]
    assert vocabulary.tokens("snake_case") == ["snake", "case"]  # two: read as a prefix
    assert vocabulary.tokens("_") == []


def test_made_and_hostile_titles_match_as_the_prefix_matches(made: Store) -> None:
    titles = made_titles(400, seed=5) + ODD * 3
    typed = prefixes(titles, seed=7, count=300)
    typed += [
        "Stó",
        "über",
        "CAFÉ",
        "naive",
        "4711",
        "東",
        "ωm",
        "σίσ",
        "fi",
        "don",
        "x",
        "snake_c",
    ]
    typed += [f"{a} {b}" for a, b in zip(typed[:40], typed[40:80], strict=True)]
    assert same_matches(made, typed) > 100


def test_a_prefix_of_too_many_terms_or_none_reads_as_the_prefix(made: Store) -> None:
    assert vocabulary.exact_query(made._read, ["s"]) is None  # more than MOST_TERMS
    assert vocabulary.exact_query(made._read, ["qqqq"]) is None  # no term: FTS5 finds none


@pytest.mark.parametrize("stories", [False, True], ids=["headlines", "stories"])
def test_pages_through_the_vocabulary_are_the_prefixs_pages(
    made: Store, monkeypatch: pytest.MonkeyPatch, stories: bool
) -> None:
    def pages(word: str) -> list[list[int]]:
        found, before = [], None
        for _ in range(4):
            page = search_window.search_page(
                made._read, HeadlineQuery(search=word), limit=25, before=before, stories=stories
            )
            assert page is not None
            found.append([int(r[0]) for r in page])
            if len(page) < 25:
                break
            before = (datetime.fromtimestamp(float(page[-1][6]), UTC), int(page[-1][0]))
        return found

    words = ["storm", "sto", "Stórm", "4711"]
    through = [pages(w) for w in words]
    monkeypatch.setattr(search_window, "exact_query", lambda read, words: None)
    assert through == [pages(w) for w in words]


def test_the_corpus_matches_as_the_prefix_matches(corpus: Path, tmp_path: Path) -> None:
    files = random.Random(11).sample(feed_files(), 50)
    store = Store(tmp_path / "c.db")
    try:
        (source,) = store.sync_sources([SourceConfig("http://127.0.0.1:9/c")], 300)
        titles: list[str] = []
        for path, _kind in files:
            parsed = parse_feed((CORPUS / path).read_bytes(), url="http://127.0.0.1:9/c")
            store.save_poll(source, parsed.entries, NOW)
            titles += [e.title for e in parsed.entries]
        store.fold_search_terms()
        assert kept_terms(store) == index_terms(store)
        assert same_matches(store, prefixes(titles, seed=3, count=400)) > 100
    finally:
        store.close()
