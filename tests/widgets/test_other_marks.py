"""Tests that read marks another process stores while the ticker runs (`newstui mark-read` from
a shell, a second ticker on the same database) show on the list's rows and the open article:
the header counted them, but every row kept its unread dot until the view was read again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from newstui.storage.store import Store
from newstui.ui import other_writes
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import stock
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")


def marks(app: object) -> dict[str, bool]:
    return {h.title: h.read for h in app.main.headlines.headlines}  # type: ignore[attr-defined]


def elsewhere(db: Path, write: Callable[[Store], object]) -> None:
    """`write` through a connection of its own, as `newstui mark-read` or a second ticker has."""
    other = Store(db)
    try:
        write(other)
    finally:
        other.close()


def mark_elsewhere(db: Path, titles: set[str], read: bool) -> None:
    elsewhere(db, lambda o: o.set_read([h.id for h in o.headlines() if h.title in titles], read))


async def test_another_processs_marks_show_on_the_rows_and_the_open_article(
    tmp_path: Path, news_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(other_writes, "LOOK_EVERY", 0.1)
    db = tmp_path / "n.db"
    app = news_app(*stock(db, [["A1", "A2"], ["B1"]]))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot, lambda: len(marks(app)) == 3)
        await settle(pilot, lambda: not app.main.polling.in_flight)
        await pilot.press("2")  # the unread view: rows marked elsewhere stay, shown read
        await settle(pilot, lambda: app.main.view.kind == "unread")
        await pilot.press("enter")  # A1 opens, read here
        await settle(pilot, lambda: app.main.reader.headline is not None)
        assert marks(app) == {"A1": True, "B1": False, "A2": False}
        await settle(pilot, lambda: app.main._counts.unread == 2, timeout=5)

        mark_elsewhere(db, {"B1", "A2"}, read=True)
        await settle(pilot, lambda: marks(app) == {"A1": True, "B1": True, "A2": True}, timeout=5)
        mark_elsewhere(db, {"A1"}, read=False)
        await settle(pilot, lambda: not marks(app)["A1"], timeout=5)
        opened = app.main.reader.headline
        assert opened is not None and opened.title == "A1" and not opened.read
        assert app.main._counts.unread == 1
        await pilot.press("u")  # toggles from the stored mark: read again, not unread twice
        await settle(pilot, lambda: marks(app)["A1"])
        await settle(pilot, lambda: app.main._counts.unread == 0, timeout=5)


def stars(app: object) -> dict[str, bool]:
    return {h.title: h.starred for h in app.main.headlines.headlines}  # type: ignore[attr-defined]


def star_elsewhere(db: Path, title: str, starred: bool) -> None:
    def star(other: Store) -> None:
        (chosen,) = [h.id for h in other.headlines() if h.title == title]
        other.set_starred(chosen, starred)

    elsewhere(db, star)


async def test_another_processs_stars_show_though_no_count_changes(
    tmp_path: Path, news_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(other_writes, "LOOK_EVERY", 0.1)
    db = tmp_path / "n.db"
    app = news_app(*stock(db, [["A1", "A2"], ["B1"]]))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot, lambda: len(stars(app)) == 3)
        await settle(pilot, lambda: not app.main.polling.in_flight)
        await pilot.press("enter")  # A1 opens (and is read here: the counts settle first)
        await settle(pilot, lambda: app.main.reader.headline is not None)
        await settle(pilot, lambda: app.main._counts.unread == 2, timeout=5)

        star_elsewhere(db, "B1", starred=True)
        await settle(pilot, lambda: stars(app)["B1"], timeout=5)
        star_elsewhere(db, "A1", starred=True)
        await settle(pilot, lambda: stars(app)["A1"], timeout=5)
        opened = app.main.reader.headline
        assert opened is not None and opened.title == "A1" and opened.starred
        star_elsewhere(db, "B1", starred=False)
        await settle(pilot, lambda: not stars(app)["B1"], timeout=5)
        await pilot.press("s")  # unstars the open article from the stored star, not stars it
        await settle(pilot, lambda: not stars(app)["A1"])
    stored = Store(db)
    try:
        assert not any(h.starred for h in stored.headlines())
    finally:
        stored.close()
