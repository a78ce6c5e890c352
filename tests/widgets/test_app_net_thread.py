"""Tests that the ticker's polls run on its network thread, not the interface's loop (a real
server, the real app): headlines arrive, and quitting ends the thread with its client."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newstui.config.schema import Config
from newstui.feeds import poller as poller_module
from newstui.models import SourceConfig
from newstui.ui.widgets.headline_list import HeadlineList
from tests.feeds import Item, rss
from tests.server import FeedServer
from tests.widgets.conftest import MakeApp
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")


def net_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "newstui-net" and t.is_alive()]


@pytest.mark.timeout(60)
async def test_polls_run_on_the_network_thread_which_ends_with_the_app(
    tmp_path: Path, news_app: MakeApp, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    published = datetime.now(UTC) - timedelta(minutes=5)
    items = [Item(f"Story {i}", feed_server.url(f"/a/{i}"), published=published) for i in range(3)]
    url = feed_server.route("/feed.xml", rss(items))
    parsed_on: list[str] = []
    parse = poller_module.parse_in_process

    async def recording_parse(*args: object) -> object:
        parsed_on.append(threading.current_thread().name)
        return await parse(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(poller_module, "parse_in_process", recording_parse)
    before = net_threads()
    app = news_app(Config(sources=(SourceConfig(url),), refresh=3600), tmp_path / "n.db", poll=True)
    async with app.run_test(size=(100, 30)) as pilot:
        headlines = app.query_one(HeadlineList)
        await settle(pilot, lambda: len(headlines.headlines) == 3)
        assert parsed_on == ["newstui-net"]
        assert len(net_threads()) == len(before) + 1
    assert net_threads() == before
