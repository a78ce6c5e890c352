"""Pilot against a real server on 127.0.0.1: `r` (poll every source now) leaves alone a source
whose server answered 429 with Retry-After, until that wait is over, and says so; the others
are polled at once. `r` polled it again at once: a polite client does not come back sooner
because its user pressed a key."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newstui.config.schema import Config
from newstui.models import SourceConfig
from newstui.ui.screens.sources import SourcesScreen
from tests.feeds import Item, rss
from tests.server import FeedServer
from tests.widgets.conftest import MakeApp
from tests.widgets.waits import settle

ITEMS = [Item("Harbour opens", "http://127.0.0.1:9/a", published=datetime.now(UTC))]


def notices(app: object) -> list[str]:
    return [str(n.message) for n in app._notifications]  # type: ignore[attr-defined]


@pytest.mark.parametrize("where", ["ticker", "sources view"])
async def test_r_waits_for_a_servers_retry_after_and_says_why(
    tmp_path: Path, feed_server: FeedServer, news_app: MakeApp, where: str
) -> None:
    busy = feed_server.route("/busy.xml", "slow down", status=429, headers={"Retry-After": "3600"})
    calm = feed_server.route("/calm.xml", rss(ITEMS, title="Calm"))
    sources = (SourceConfig(busy, name="Busy Desk"), SourceConfig(calm, name="Calm Desk"))
    app = news_app(Config(sources=sources, refresh=3600), tmp_path / "n.db", poll=True, now=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot, lambda: len(app.main.headlines.headlines) == 1)  # calm's poll done
        await settle(pilot, lambda: app.query_one("#header").failing == 1)  # type: ignore[attr-defined]
        status = next(s for s in app.store.sources() if s.url == busy)
        assert "Retry-After: 3600 s" in (status.last_error or "")  # the status says why
        if where == "sources view":
            await pilot.press("S")
            await settle(pilot, lambda: isinstance(app.screen, SourcesScreen))
        await pilot.press("r")
        await settle(pilot, lambda: len(feed_server.requests_for("/calm.xml")) == 2)
        asked = [n for n in notices(app) if n.startswith("Polling every source now")]
        assert len(feed_server.requests_for("/busy.xml")) == 1  # left alone
        said = asked[-1]
        wait = (datetime.now(UTC) + timedelta(hours=1)).astimezone().strftime("%H:")
        assert "Busy Desk" in said and "no poll before" in said and wait in said
