"""Tests that the ticker shows a write's wait for another process while it waits, and keeps
drawing meanwhile (the store's writer thread posts the notice; it never calls into the app)."""

from __future__ import annotations

import asyncio
import sqlite3
import threading

from newstui.config.schema import Config
from newstui.models import FeedEntry, SourceConfig
from newstui.storage.store import Store
from newstui.ui.app import NewsApp

HANG_GUARD = 20.0


async def test_the_wait_notice_shows_while_the_write_waits(store: Store) -> None:
    url = "http://127.0.0.1:9/feed.xml"  # a closed port: nothing is fetched in this test
    (source,) = store.sync_sources([SourceConfig(url, name="Wire")], 300)
    store.save_poll(source, [FeedEntry("g0", "Wire headline", None, None)], None)
    app = NewsApp(Config(sources=(SourceConfig(url, name="Wire"),)), store, poll=False)
    release = threading.Event()
    holding = threading.Event()

    def other_process() -> None:
        raw = sqlite3.connect(store.path, isolation_level=None)
        raw.execute("BEGIN IMMEDIATE")
        holding.set()
        release.wait(HANG_GUARD)
        raw.execute("COMMIT")
        raw.close()

    holder = threading.Thread(target=other_process)
    holder.start()
    try:
        assert holding.wait(HANG_GUARD)
        async with app.run_test(size=(120, 30)) as pilot:
            # As the interface writes: on its write thread, the event loop free meanwhile.
            write = asyncio.create_task(app.writes.run(lambda: store.set_setting("theme", "nord")))
            deadline = asyncio.get_running_loop().time() + HANG_GUARD
            while not any("another newstui process" in n.message for n in app._notifications):
                assert not write.done()  # the notice comes while the write still waits
                assert asyncio.get_running_loop().time() < deadline, "no notice"
                await pilot.pause(0.05)
            release.set()
            await asyncio.wait_for(write, HANG_GUARD)
    finally:
        release.set()
        holder.join()
    assert store.setting("theme") == "nord"
