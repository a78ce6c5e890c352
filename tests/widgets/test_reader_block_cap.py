"""Tests that the reading pane lays out at most MAX_BLOCKS blocks of an article and says how
many more there are: a page of thousands of short paragraphs (well within the download cap)
froze the ticker for minutes while Textual's Markdown mounted a widget for each."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Markdown

from newstui.models import Headline
from newstui.ui.widgets.markdown_blocks import MAX_BLOCKS, cap_blocks
from newstui.ui.widgets.reader_pane import FullText, ReaderPane
from tests.widgets.conftest import NOW
from tests.widgets.waits import settle

PARAGRAPHS = MAX_BLOCKS + 200


def page(paragraphs: int) -> str:
    return "\n\n".join(f"Paragraph {n} of a page that goes on." for n in range(paragraphs))


class LongArticles:
    """An ArticleSource whose full article has more blocks than the pane lays out."""

    async def feed_text(self, headline: Headline) -> str:
        return "The feed's own text."

    async def cached_article(self, headline: Headline) -> FullText | None:
        return FullText(page(PARAGRAPHS), "Full text · many words")

    async def full_article(self, headline: Headline) -> FullText | str:
        return FullText(page(PARAGRAPHS), "Full text · many words")


class PaneApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ReaderPane("%H:%M", LongArticles(), id="pane")


async def test_the_pane_lays_out_at_most_max_blocks() -> None:
    app = PaneApp()
    headline = Headline(1, 1, "Desk", "g1", "Endless page", "http://127.0.0.1:9/1", NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ReaderPane)
        pane.open(headline)
        await settle(pilot, lambda: bool(pane.query("#reader-body")))
        body = pane.query_one("#reader-body", Markdown)
        await settle(pilot, lambda: "Paragraph 0 of" in (body.source or ""))
        assert "Paragraph 999 of" in body.source
        assert "Paragraph 1000 of" not in body.source
        assert "200 more blocks of this page not shown here" in body.source
        assert len(body.children) <= MAX_BLOCKS + 1


def test_short_text_is_left_whole() -> None:
    for text in ("", "One.", page(MAX_BLOCKS), page(MAX_BLOCKS) + "\n\n"):
        assert cap_blocks(text) == text


def test_a_cut_inside_a_fence_closes_it() -> None:
    text = "```\nline\n\nmore\n\nend\n```\n\nafter"
    capped = cap_blocks(text, 2)
    assert capped.startswith("```\nline\n\nmore\n```\n\n*… 2 more blocks")
    assert cap_blocks("a\n\nb\n\nc", 2).endswith(
        "*… 1 more block of this page not shown here: open it in the browser to read them.*\n"
    )
