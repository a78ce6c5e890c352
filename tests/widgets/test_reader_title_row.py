"""Pilot: the reading pane's first row is the article's title (no blank rows above it), with
the feed's text and with a full article that opens with its own title line, beside the list and
in the narrow layout."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from newstui.models import Article
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import stock
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")

TITLES = [[f"Harbour story {i} about the crane and the tide tables" for i in range(20)]]


@pytest.mark.parametrize("width", [60, 100, 200])
@pytest.mark.parametrize("full", [True, False], ids=["full-article", "feed-text"])
async def test_the_title_is_the_panes_first_row(
    tmp_path: Path, news_app: MakeApp, width: int, full: bool
) -> None:
    config, store = stock(tmp_path / "n.db", TITLES)
    newest = store.headlines(limit=1)[0]
    if full:
        document = f"# The page's own headline\n\nFirst paragraph of {newest.title}.\n"
        store.save_article(newest.id, Article("The page's own headline", document, 6))
    app = news_app(config, store)
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.press("enter")
        reader = app.main.reader
        status = reader.query_one("#reader-status", Static)
        await settle(pilot, lambda: "text" in str(status.content).lower())
        await pilot.pause()
        title = reader.query_one("#reader-title", Static)
        want = "The page's own headline" if full else newest.title
        assert title.display and str(title.content) == want
        assert title.content_region.y == reader.content_region.y  # the first row, none above
        assert not reader.query("MarkdownH1")  # the title shows once, up there
