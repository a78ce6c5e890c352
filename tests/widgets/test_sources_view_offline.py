"""Pilot: while the machine seems offline (the header's "offline?"), the sources view's title
says so with the count of sources that got no answer, rather than counting them as failing;
a source that failed on its own before (a server's error) is still counted as failing. At 60
and 120 columns, where the title wraps or not."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import Static

from newstui.feeds.poller import PollOutcome
from newstui.models import Source, SourceStatus
from newstui.ui.messages import PollFinished
from newstui.ui.screens.sources import SourcesScreen
from newstui.ui.screens.sources_layout import sources_title
from newstui.ui.widgets.ticker_header import TickerHeader
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import stock
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")


@pytest.mark.parametrize("width", [60, 120])
async def test_offline_the_title_says_offline_and_counts_only_real_failures(
    tmp_path: Path, news_app: MakeApp, width: int
) -> None:
    names = [["One"], ["Two"], ["Three"], ["Four"], ["Five"]]
    config, store = stock(tmp_path / "n.db", names)
    app = news_app(config, store)
    async with app.run_test(size=(width, 30)) as pilot:
        main = app.main
        sources = store.sources()
        await pilot.press("S")
        await settle(pilot, lambda: isinstance(app.screen, SourcesScreen))
        screen = app.screen
        assert isinstance(screen, SourcesScreen)
        title = screen.query_one("#sources-title", Static)
        # One source fails on its own (its server answers with an error)...
        broken = replace(sources[0], last_status="error", last_error="HTTP 500 Server Error")
        store.save_states([broken])
        main.post_message(PollFinished(PollOutcome(source=broken)))
        await settle(pilot, lambda: "failing: 1," in str(title.content))
        # ...then the network goes: every other poll gets no answer.
        down = [
            replace(s, last_status="error", last_error="connection refused") for s in sources[1:]
        ]
        store.save_states(down)
        for source in down:
            main.post_message(PollFinished(PollOutcome(source=source, answered=False)))
        await settle(pilot, lambda: main.polling.notices.offline)
        header = screen.query_one(TickerHeader)
        await settle(pilot, lambda: header.note == "offline?")
        await settle(pilot, lambda: "offline?" in str(title.content))
        assert str(title.content).startswith(
            "Sources: 5, offline? 4 unreachable, failing: 1, paused: 0"
        )
        await pilot.pause()
        shown = " ".join(title.render_line(y).text.strip() for y in range(title.size.height))
        assert "offline? 4 unreachable," in shown and "failing: 1," in shown
        assert "failing: 5" not in shown
        # Back online: no "offline?" (the errors from then are stale, not failing).
        back = replace(sources[1], last_status="unchanged", last_error=None)
        store.save_states([back])
        main.post_message(PollFinished(PollOutcome(source=back)))
        await settle(pilot, lambda: "offline?" not in str(title.content))
        assert "failing: 1, paused: 0, stale: 3" in str(title.content)


def _source(n: int, status: str = "ok", *, paused: bool = False) -> Source:
    url = f"http://127.0.0.1:9/{n}"
    return Source(n, url, None, None, 300.0, last_status=SourceStatus(status), paused=paused)


def test_the_titles_figures() -> None:
    sources = [_source(1, "error"), _source(2, "error"), _source(3, "gone"), _source(4)]
    sources.append(_source(5, "error", paused=True))  # shown as paused, not failing
    assert sources_title(sources, frozenset(), frozenset()) == ("Sources: 5, failing: 3, paused: 1")
    # Offline, sources 1 and 5 unanswered: 1 is the network's; 3 (gone) and 2 are their own.
    assert sources_title(sources, frozenset(), frozenset({1, 5})) == (
        "Sources: 5, offline? 1 unreachable, failing: 2, paused: 1"
    )
    # Offline with none shown failing yet (polled, answered before): "offline?" all the same.
    assert sources_title(sources[3:4], frozenset(), frozenset({4})) == (
        "Sources: 1, offline? 0 unreachable, paused: 0"
    )
    # Offline with no failure of a source's own: no "failing: 0" (60 columns fit it on one line).
    assert sources_title(sources[:2], frozenset(), frozenset({1, 2})) == (
        "Sources: 2, offline? 2 unreachable, paused: 0"
    )
    assert sources_title([], frozenset(), frozenset()) == "Sources: 0, failing: 0, paused: 0"
