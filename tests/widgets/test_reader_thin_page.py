"""Tests the reading pane with a page that gave less than the feed (a paywall stub): the feed's
text stays on show, the line says why, and `f` still shows the page's text."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Markdown, Static

from newstui.models import Headline
from newstui.ui.widgets.reader_pane import FullText, ReaderPane
from tests.widgets.conftest import NOW
from tests.widgets.waits import settle

FEED = "The council passed the budget after a long night of votes on schools and roads."
STUB = FullText("Subscribe to read…", "Full text · 3 words · 1 min read", None, thin=True)


class StubArticles:
    """An ArticleSource whose page is a paywall stub, stored already or fetched now."""

    def __init__(self, *, stored: bool) -> None:
        self.stored = stored

    async def feed_text(self, headline: Headline) -> str:
        return FEED

    async def cached_article(self, headline: Headline) -> FullText | None:
        return STUB if self.stored else None

    async def full_article(self, headline: Headline) -> FullText | str:
        return STUB


class PaneApp(App[None]):
    def __init__(self, articles: StubArticles) -> None:
        super().__init__()
        self.articles = articles

    def compose(self) -> ComposeResult:
        yield ReaderPane("%H:%M", self.articles, id="pane")


def status(pane: ReaderPane) -> str:
    return str(pane.query_one("#reader-status", Static).render())


def body(pane: ReaderPane) -> str:
    return pane.query_one("#reader-body", Markdown).source


async def _check(stored: bool) -> None:
    app = PaneApp(StubArticles(stored=stored))
    headline = Headline(1, 1, "Desk", "g1", "Budget passes", "http://127.0.0.1:9/1", NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ReaderPane)
        pane.open(headline)
        # The status line is set before the body's Markdown is laid out (on a thread): under
        # load the status came first and the body was still empty (1 run in 3 at load 5).
        await settle(pilot, lambda: "gave less" in status(pane) and body(pane) == FEED)
        assert status(pane) == "Feed text · the page gave less than the feed (f shows it)"
        assert body(pane) == FEED
        await pane.toggle_full_text()
        assert status(pane) == STUB.status
        assert body(pane) == STUB.markdown
        await pane.toggle_full_text()
        assert "gave less" in status(pane)
        assert body(pane) == FEED


async def test_a_fetched_stub_leaves_the_feed_text() -> None:
    await _check(stored=False)


async def test_a_stored_stub_leaves_the_feed_text() -> None:
    await _check(stored=True)
