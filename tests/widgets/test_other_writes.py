"""Tests that headlines another process stores while the ticker runs (a `fetch` from cron) show
in its list, where they never did: that fetch took the news, and the ticker's own poll of the
source then found nothing new."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import cast

import pytest
from textual.dom import DOMNode

from newstui.models import FeedEntry
from newstui.storage.store import Store
from newstui.ui import other_writes
from newstui.ui.widgets import headline_column
from tests.widgets.conftest import NOW, MakeApp
from tests.widgets.stock import stock
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")


def titles(app: object) -> list[str]:
    return [h.title for h in app.main.headlines.headlines]  # type: ignore[attr-defined]


async def test_headlines_a_cron_fetch_stores_show_in_the_running_ticker(
    tmp_path: Path, news_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(other_writes, "LOOK_EVERY", 0.1)  # two looks, not ten seconds
    db = tmp_path / "n.db"
    app = news_app(*stock(db, [["A1", "A2"], ["B1"]]))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: len(titles(app)) == 3)
        await settle(pilot, lambda: len(app.main.polling.sources) == 2)
        await settle(pilot, lambda: not app.main.polling.in_flight)
        await pilot.press("j")  # the reader's place, kept as news arrives above it
        place = app.main.headlines.highlighted
        cron = Store(db)  # another connection, as a `fetch` from cron has
        try:
            source = cron.sources()[1]
            entry = FeedEntry("cron-1", "Cron news", "http://127.0.0.1:9/c1", NOW + timedelta(1))
            cron.save_poll(source, [entry], NOW + timedelta(minutes=1))
        finally:
            cron.close()
        await settle(pilot, lambda: "Cron news" in titles(app), timeout=15)
        assert titles(app) == ["Cron news", "A1", "B1", "A2"]
        highlighted = app.main.headlines.highlighted
        assert place is not None and highlighted is not None and highlighted.id == place.id
        await settle(pilot, lambda: app.main._counts.unread == 4, timeout=5)


def test_the_tickers_own_headlines_announced_are_not_anothers(tmp_path: Path) -> None:
    # A poll of the ticker stores its headlines a moment before it announces them: read again
    # for those, the list would be re-read at every poll of a round.
    _config, store = stock(tmp_path / "n.db", [["A1"]])
    looks = other_writes.OtherWrites(store, cast(DOMNode, None), lambda _: None)
    source = store.sources()[0]
    try:
        assert not looks.look()  # where the list starts
        assert not looks.look()
        mine = FeedEntry("own-1", "Own news", "http://127.0.0.1:9/o1", NOW)
        store.save_poll(source, [mine], NOW)
        assert not looks.look()  # stored, not announced yet: maybe ours
        looks.announced(store.headlines())
        assert not looks.look()
        theirs = FeedEntry("cron-1", "Cron news", "http://127.0.0.1:9/c1", NOW)
        store.save_poll(source, [theirs], NOW)
        assert not looks.look()
        assert not looks.look()  # still unannounced a look later: a busy loop's lag, maybe
        assert looks.look()  # two looks later: another's
        assert not looks.look()
    finally:
        store.close()


async def test_a_mark_read_of_another_process_is_counted_in_the_header(
    tmp_path: Path, news_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(other_writes, "LOOK_EVERY", 0.1)
    db = tmp_path / "n.db"
    app = news_app(*stock(db, [["A1", "A2"], ["B1"]]))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: len(titles(app)) == 3)
        await settle(pilot, lambda: len(app.main.polling.sources) == 2)  # its recount done
        await settle(pilot, lambda: not app.main.polling.in_flight)
        await pilot.pause(0.3)
        assert app.main._counts.unread == 3
        other = Store(db)  # `newstui mark-read --all` beside the ticker
        try:
            other.set_read([h.id for h in other.headlines()])
        finally:
            other.close()
        await settle(pilot, lambda: app.main._counts.unread == 0, timeout=10)


async def test_a_cron_fetch_keeps_a_place_on_the_lists_last_rows(
    tmp_path: Path, news_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The list read again kept as many rows as it held: a reader on its last rows (paged past
    # the first page) lost them to the news above, and the highlight went to the top, unseen,
    # the screen left where it was.
    monkeypatch.setattr(other_writes, "LOOK_EVERY", 0.1)
    monkeypatch.setattr(headline_column, "PAGE", 30)  # 60 rows: two pages, not 2,000
    db = tmp_path / "n.db"
    app = news_app(*stock(db, [[f"Old {n}" for n in range(60)]]))
    async with app.run_test(size=(100, 12)) as pilot:
        await settle(pilot, lambda: not app.main.polling.in_flight)
        await pilot.press("end")  # the older page read in, then the list's last row
        await settle(pilot, lambda: len(titles(app)) == 60)
        await pilot.press("end")
        place = app.main.headlines.highlighted
        assert place is not None and place.title == "Old 59"
        cron = Store(db)
        try:
            entries = [
                FeedEntry(f"cron-{n}", f"Cron {n}", f"http://127.0.0.1:9/c{n}", NOW + timedelta(n))
                for n in range(1, 4)
            ]
            cron.save_poll(cron.sources()[0], entries, NOW + timedelta(minutes=1))
        finally:
            cron.close()
        await settle(pilot, lambda: "Cron 1" in titles(app), timeout=15)
        assert len(titles(app)) == 63
        highlighted = app.main.headlines.highlighted
        assert highlighted is not None and highlighted.id == place.id
