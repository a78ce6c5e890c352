"""Tests that `/` readies the search: the headlines stored since the last fold are indexed and
folded into the store's search vocabulary while the reader types, and the search then shows
what it shows without it."""

from __future__ import annotations

from pathlib import Path

from newstui.models import FeedEntry
from newstui.storage import search_index
from tests.waiting import until
from tests.widgets.conftest import NOW, MakeApp
from tests.widgets.stock import stock
from tests.widgets.waits import settle


async def test_slash_folds_the_stored_headlines_and_the_search_shows_its_matches(
    tmp_path: Path, news_app: MakeApp
) -> None:
    titles = [f"Storms over quay {n}" if n % 3 else f"Calm day {n}" for n in range(60)]
    config, store = stock(tmp_path / "s.db", [titles])
    (source,) = store.sources()
    store.save_poll(source, [FeedEntry("late", "Stormy harbour", None, NOW)], NOW)
    assert search_index.behind(store._read)  # stored, not indexed (nor folded) yet
    app = news_app(config, store)
    async with app.run_test(size=(100, 30)) as pilot:
        headlines = app.main.headlines
        await settle(pilot, lambda: len(headlines.headlines) == 61)
        await pilot.press("slash")
        await until(lambda: not search_index.behind(store._read))
        await until(lambda: not store._read("SELECT 1 FROM fts_pending"))
        await pilot.press(*"storm", "enter")
        wanted = ["Stormy harbour", *[t for t in titles if t.startswith("Storms")]]
        await settle(pilot, lambda: [h.title for h in headlines.headlines] == wanted)
    assert {"stormy", "harbour"} <= {r[0] for r in store._read("SELECT term FROM fts_terms")}
