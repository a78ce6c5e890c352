"""Tests the reading pane while an article is still loading: the headline shows at once."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult
from textual.widgets import Static

from newstui.models import Headline
from newstui.ui.widgets.reader_pane import LOADING, FullText, ReaderPane
from tests.widgets.conftest import NOW
from tests.widgets.waits import settle


class SlowArticles:
    """An ArticleSource whose feed text waits until the test lets it go (a busy round)."""

    def __init__(self) -> None:
        self.release = asyncio.Event()

    async def feed_text(self, headline: Headline) -> str:
        await self.release.wait()
        return f"Text of {headline.title}."

    async def cached_article(self, headline: Headline) -> FullText | None:
        return None

    async def full_article(self, headline: Headline) -> FullText | str:
        return "not HTML"


class PaneApp(App[None]):
    def __init__(self, articles: SlowArticles) -> None:
        super().__init__()
        self.articles = articles

    def compose(self) -> ComposeResult:
        yield ReaderPane("%H:%M", self.articles, id="pane")


def shown(pane: ReaderPane, part: str) -> str:
    widget = pane.query_one(part, Static)
    return str(widget.render()) if widget.display else ""


async def test_the_title_shows_at_once_and_the_text_when_read() -> None:
    articles = SlowArticles()
    app = PaneApp(articles)
    first = Headline(1, 1, "Desk", "g1", "Harbour opens", "http://127.0.0.1:9/1", NOW)
    second = Headline(2, 1, "Desk", "g2", "Bridge closes", "http://127.0.0.1:9/2", NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ReaderPane)
        assert not shown(pane, "#reader-title")
        pane.open(first)
        await pilot.pause()
        assert shown(pane, "#reader-title") == "Harbour opens"
        assert shown(pane, "#reader-status") == LOADING
        assert pane.headline == first
        articles.release.set()
        await settle(pilot, lambda: "Feed text" in shown(pane, "#reader-status"))
        assert pane.query_one("#reader-body").display
        # Another headline: its own title replaces the last one's at once, the old text hidden.
        articles.release.clear()
        pane.open(second)
        await pilot.pause()
        assert shown(pane, "#reader-title") == "Bridge closes"
        assert shown(pane, "#reader-status") == LOADING
        assert not pane.query_one("#reader-body").display
        articles.release.set()
        await settle(pilot, lambda: "Feed text" in shown(pane, "#reader-status"))
        assert pane.query_one("#reader-body").display
