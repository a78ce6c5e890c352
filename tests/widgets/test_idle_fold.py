"""Tests that the ticker folds the headlines queued for the search vocabulary while idle:
headlines left by another process are indexed and folded after the start without a key, and a
search typed while a fold is under way shows exactly what it shows without one."""

from __future__ import annotations

import threading
from functools import partial
from pathlib import Path

import pytest

from newstui.models import FeedEntry
from newstui.storage import search_index, vocabulary
from newstui.storage.store import Store
from tests.waiting import until
from tests.widgets.conftest import NOW, MakeApp
from tests.widgets.stock import stock
from tests.widgets.waits import settle


def queued(store: Store) -> int:
    return int(store._read("SELECT count(*) FROM fts_pending")[0][0])


async def test_a_queue_left_by_another_process_is_folded_after_the_start(
    tmp_path: Path, news_app: MakeApp
) -> None:
    titles = [f"Storms over quay {n}" for n in range(30)]
    config, store = stock(tmp_path / "s.db", [titles])
    other = Store(tmp_path / "s.db")  # a `fetch` from cron: its own connections
    (source,) = other.sources()
    other.save_poll(source, [FeedEntry("late", "Tempestuous harbour", None, NOW)], NOW)
    other.close()
    assert search_index.behind(store._read)  # not indexed yet: queued once indexed
    assert queued(store) == 0
    app = news_app(config, store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: len(app.main.headlines.headlines) == 31)
        await until(lambda: not search_index.behind(store._read))  # no key pressed
        await until(lambda: queued(store) == 0)
        await until(lambda: not app.main.fold.running)
    assert {"tempestuous", "harbour", "quay"} <= {
        r[0] for r in store._read("SELECT term FROM fts_terms")
    }


async def test_a_search_typed_while_a_fold_runs_shows_every_match(
    tmp_path: Path, news_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The newest headlines (the last folded: the queue is folded by id) hold terms of the
    # prefix that no older one holds: a search that read the vocabulary mid-fold would miss them.
    older = [f"Storms over quay {n}" if n % 4 else f"Calm day {n}" for n in range(40)]
    config, store = stock(tmp_path / "s.db", [older])
    (source,) = store.sources()
    fresh = ["Stormfront nears the coast", "Stormwater floods a tunnel", "Stormy night at the pier"]
    newer = [FeedEntry(f"n{n}", title, None, NOW) for n, title in enumerate(fresh)]
    store.save_poll(source, newer, NOW)
    store.index_search()  # all 43 queued for the fold (the index's catch-up is a job before it)
    monkeypatch.setattr(vocabulary, "fold_pending", partial(vocabulary.fold_pending, most=10))
    held, go = threading.Event(), threading.Event()
    fold = store.fold_search_terms

    def one_job_then_hold(jobs: int | None = None) -> bool:
        left = fold(jobs)
        held.set()
        go.wait(30)
        return left

    monkeypatch.setattr(store, "fold_search_terms", one_job_then_hold)
    wanted = fresh + [t for t in older if t[0] == "S"]
    app = news_app(config, store)
    async with app.run_test(size=(100, 30)) as pilot:
        headlines = app.main.headlines
        await settle(pilot, lambda: len(headlines.headlines) == 43)
        await until(held.is_set)
        assert 0 < queued(store) < 43  # part folded, part queued
        await pilot.press("slash", *"storm", "enter")
        await settle(pilot, lambda: app.main.view.search == "storm")
        await settle(pilot, lambda: sorted(h.title for h in headlines.headlines) == sorted(wanted))
        assert 0 < queued(store) < 43 and app.main.fold.running  # the fold was still under way
        go.set()
        await until(lambda: queued(store) == 0)
        await pilot.press("escape", "slash", *"storm", "enter")
        await settle(pilot, lambda: app.main.view.search == "storm")
        await settle(pilot, lambda: sorted(h.title for h in headlines.headlines) == sorted(wanted))
