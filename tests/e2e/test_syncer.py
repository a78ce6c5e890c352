"""Tests the Syncer (what the ticker runs in sync mode) against a real FreshRSS behind a counting
proxy: one sign-in attempt for a wrong password however long it runs, backoff while the server
is down, marks sent within seconds, and no secret in the log."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from newstui.config.sync import Secret, SyncConfig
from newstui.models import HeadlineQuery
from newstui.net.fetch import Fetcher
from newstui.storage.store import Store
from newstui.sync.syncer import Syncer, SyncListener, SyncResult
from tests.feeds import Item, rss
from tests.freshrss import FreshRSS, OtherDevice
from tests.server import FeedServer
from tests.sync_proxy import SyncProxy

LOGIN = "/api/greader.php/accounts/ClientLogin"


class Results(SyncListener):
    def __init__(self) -> None:
        self.results: list[SyncResult] = []
        self.finished = asyncio.Event()

    def sync_finished(self, result: SyncResult) -> None:
        self.results.append(result)
        self.finished.set()


@pytest.fixture
def proxy(freshrss_server: FreshRSS) -> Iterator[SyncProxy]:
    proxy = SyncProxy(freshrss_server.base_url)
    yield proxy
    proxy.stop()


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    async with Fetcher() as fetcher:
        yield fetcher


def syncer_of(
    proxy: SyncProxy, store: Store, fetcher: Fetcher, password: str, **kw: object
) -> Syncer:
    config = SyncConfig(url=proxy.url("/api/greader.php"), user="newstui")
    return Syncer(store, config, Secret(password), fetcher, **kw)  # type: ignore[arg-type]


async def test_a_wrong_password_is_tried_once_however_long_the_ticker_runs(
    proxy: SyncProxy, store: Store, fetcher: Fetcher
) -> None:
    results = Results()
    syncer = syncer_of(proxy, store, fetcher, "wrong-pass-4d1c", refresh=0.05, listener=results)
    task = asyncio.create_task(syncer.run())
    try:
        await asyncio.wait_for(results.finished.wait(), 30)
        await asyncio.sleep(1.0)  # twenty intervals: none of them may try again
        assert proxy.paths == [LOGIN]
        [result] = results.results
        assert result.stopped and result.error == "wrong user or password (HTTP 401)"
        assert store.synced.status()["next"] is None

        results.finished.clear()
        syncer.sync_now()  # the user asks (r): one more attempt, with a fresh sign-in
        await asyncio.wait_for(results.finished.wait(), 30)
        await asyncio.sleep(0.5)
        assert proxy.paths == [LOGIN, LOGIN]
    finally:
        task.cancel()


async def test_a_server_that_is_down_is_backed_off_doubling(
    proxy: SyncProxy, store: Store, fetcher: Fetcher
) -> None:
    proxy.down = True
    syncer = syncer_of(proxy, store, fetcher, "any", refresh=60.0, jitter=0.0)
    waits = []
    for _ in range(3):
        result = await syncer.sync()
        assert result.error is not None and not result.stopped
        assert result.next_at is not None
        waits.append(round(result.next_at - float(store.synced.status()["at"])))  # type: ignore[arg-type]
    assert waits == [60, 120, 240]
    assert [s.failures for s in store.sources()] == []  # no subscription known yet
    proxy.down = False


async def test_a_mark_made_here_reaches_the_server_in_seconds_and_nothing_logs_a_secret(
    freshrss_server: FreshRSS,
    feeds_for_freshrss: FeedServer,
    proxy: SyncProxy,
    tmp_path: Path,
    fetcher: Fetcher,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    url = feeds_for_freshrss.route(
        "/syncer/marks.xml",
        rss([Item("Pier story", "http://127.0.0.1/pier/1", guid="pier-1")], title="Pier desk"),
    )
    store = Store(tmp_path / "news.db")
    results = Results()
    syncer = syncer_of(
        proxy, store, fetcher, freshrss_server.password, refresh=3600.0, listener=results
    )
    await syncer.client.quickadd(url)
    task = asyncio.create_task(syncer.run())
    try:
        await asyncio.wait_for(results.finished.wait(), 60)
        [headline] = store.headlines(HeadlineQuery(source="Pier desk"))
        store.set_read([headline.id])
        store.set_starred(headline.id, True)
        before = len(proxy.paths)
        syncer.marks_changed()
        syncer.marks_changed()  # a burst: one push
        other = OtherDevice(freshrss_server)
        for _ in range(200):
            if not store.synced.pending():
                break
            await asyncio.sleep(0.1)
        assert not store.synced.pending()
        server_id = int(headline.guid.rsplit("/", 1)[1], 16)
        assert server_id not in other.unread() and server_id in other.starred()
        edits = [p for p in proxy.paths[before:] if p.endswith("/edit-tag")]
        assert len(edits) == 2  # read and star: one request each, not one per press
        assert len(results.results) == 1  # sent without a sync
    finally:
        task.cancel()
        store.close()
    assert "ClientLogin" in caplog.text  # the HTTP log was captured...
    assert freshrss_server.password not in caplog.text  # ...and holds no secret
    assert "GoogleLogin auth=" not in caplog.text


async def test_r_after_a_wrong_password_runs_the_password_command_again(
    proxy: SyncProxy, store: Store, fetcher: Fetcher, freshrss_server: FreshRSS, tmp_path: Path
) -> None:
    secret_file = tmp_path / "secret"
    secret_file.write_text("wrong-pass-77e0\n")
    config = SyncConfig(
        url=proxy.url("/api/greader.php"),
        user="newstui",
        password_command=("cat", str(secret_file)),
    )
    syncer = Syncer(store, config, Secret("wrong-pass-77e0"), fetcher, refresh=3600)
    assert (await syncer.sync()).stopped

    secret_file.write_text(freshrss_server.password + "\n")  # the user fixes it, then presses r
    syncer.sync_now()
    fixed = await syncer.sync()
    assert fixed.error is None and not fixed.stopped
    assert proxy.paths.count(LOGIN) == 2

    secret_file.unlink()  # a password command that fails at r: the user's to fix, said so
    syncer = Syncer(store, config, Secret("wrong-pass-77e0"), fetcher, refresh=3600)
    assert (await syncer.sync()).stopped
    syncer.sync_now()
    broken = await syncer.sync()
    assert broken.stopped and broken.error is not None
    assert "sync.password_command" in broken.error and "failed" in broken.error
    assert proxy.paths.count(LOGIN) == 3  # no sign-in without a password
