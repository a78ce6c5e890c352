"""Tests that the ticker's 5 s look sees every write of another process: it compares `PRAGMA
data_version` across looks, and a version is only comparable with the same connection's. Run
on asyncio's default pool, a look could land on another thread, whose reading connection is
another (a new one reads the number the first look's read): a `mark-read` or a cron `fetch`
between two such looks went unseen. Real SQLite file, the writer a process of its own."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import cast

import pytest
from textual.dom import DOMNode

from newstui.ui.other_writes import OtherWrites
from tests.widgets.stock import stock

pytestmark = pytest.mark.usefixtures("utc_local_time")

WRITE = """
import sys
from datetime import UTC, datetime
from pathlib import Path
from newstui.models import FeedEntry
from newstui.storage.store import Store
store = Store(Path(sys.argv[1]))
source = store.sources()[0]
now = datetime.now(UTC)
store.save_poll(source, [FeedEntry(sys.argv[2], sys.argv[2], "http://127.0.0.1:9/x", now)], now)
store.close()
"""


def write_in_another_process(db: Path, guid: str) -> None:
    done = subprocess.run([sys.executable, "-c", WRITE, str(db), guid], capture_output=True)
    assert done.returncode == 0, done.stderr


async def test_a_write_between_looks_on_new_threads_is_seen(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    _config, store = stock(db, [["A1"]])
    found: list[int] = []
    looks = OtherWrites(store, cast(DOMNode, None), found.append)
    loop = asyncio.get_running_loop()
    pools: list[ThreadPoolExecutor] = []
    threads: set[int] = set()

    def new_default_thread() -> None:
        # asyncio.to_thread's pool hands a look any of its threads: here a new one each time.
        pools.append(ThreadPoolExecutor(1))
        loop.set_default_executor(pools[-1])

    real_look = looks.look

    def look() -> int:
        threads.add(threading.get_ident())
        return real_look()

    looks.look = look  # type: ignore[method-assign]
    try:
        new_default_thread()
        await looks._look()  # where the list starts
        for number in range(3):
            write_in_another_process(db, f"other-{number}")
            new_default_thread()
            await looks._look()
            assert len(found) == number + 1  # said each time (the counts changed; then ids)
        assert found[-1] == 3  # unannounced two looks on: another's three headlines
        assert len(threads) == 1  # every look read data_version on one thread's connection
    finally:
        for pool in pools:
            pool.shutdown()
        store.close()
