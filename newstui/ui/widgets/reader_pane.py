"""Provides the reading pane: a headline's title, source, time and link, then its Markdown text."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from newstui.models import Headline

if TYPE_CHECKING:
    from textual.widgets import Markdown
from newstui.text.sanitize import safe_link
from newstui.ui.widgets.cells import clean


class ReaderPane(VerticalScroll, can_focus=True):
    """Shows one headline. Every text shown comes from strangers: it is handed to widgets as
    `Text` objects (never markup) and to Markdown only after the feed-text converter cleaned it."""

    DEFAULT_CSS = """
    ReaderPane { padding: 0 1; }
    ReaderPane #reader-title { text-style: bold; padding: 1 1 0 1; }
    ReaderPane #reader-meta { color: $text-muted; padding: 0 1; }
    ReaderPane #reader-status { color: $text-muted; text-style: italic; padding: 0 1 1 1; }
    ReaderPane Markdown { padding: 0 1; }
    ReaderPane #reader-empty { color: $text-muted; padding: 2 2; }
    """

    class LinkClicked(Message):
        """A link in the article was clicked: the app decides whether it may be opened."""

        def __init__(self, href: str) -> None:
            super().__init__()
            self.href = href

    def __init__(self, time_format: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.time_format = time_format
        self.headline: Headline | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("Select a headline and press Enter to read it."), id="reader-empty")
        yield Static(id="reader-title")
        yield Static(id="reader-meta")
        yield Static(id="reader-status")

    def on_mount(self) -> None:
        self._show_parts(False)

    def _show_parts(self, visible: bool) -> None:
        self.query_one("#reader-empty").display = not visible
        for part in ("#reader-title", "#reader-meta", "#reader-status", "#reader-body"):
            for widget in self.query(part):
                widget.display = visible

    async def show(self, headline: Headline, markdown: str, status: str) -> None:
        """Shows a headline with the text given (already clean Markdown) and a status line."""
        self.headline = headline
        self._show_parts(True)
        self.query_one("#reader-title", Static).update(Text(clean(headline.title)))
        self.query_one("#reader-meta", Static).update(self._meta(headline))
        self.set_status(status)
        await (await self._body()).update(markdown)
        self.scroll_home(animate=False)

    async def replace_text(self, markdown: str, status: str) -> None:
        """Swaps the body (feed text <-> full article) and keeps the header."""
        self.set_status(status)
        await (await self._body()).update(markdown)

    async def _body(self) -> Markdown:
        """The Markdown widget, mounted when first needed: importing it costs ~40 ms of start-up,
        and the pane is empty until a headline is opened."""
        from textual.widgets import Markdown

        found = self.query("#reader-body")
        if found:
            return found.first(Markdown)
        body = Markdown(id="reader-body", open_links=False)
        await self.mount(body)
        return body

    def set_status(self, status: str) -> None:
        self.query_one("#reader-status", Static).update(Text(status))

    def clear(self) -> None:
        self.headline = None
        self._show_parts(False)

    def _meta(self, headline: Headline) -> Text:
        when: datetime = headline.published.astimezone()
        meta = Text.assemble(
            (clean(headline.source_name), "bold"), "  ·  ", when.strftime(self.time_format)
        )
        if headline.link:
            meta.append("\n")
            # OSC 8: terminals that support it make the line a real hyperlink; only a link that
            # safe_link approved (http(s), no control characters) is ever put in the escape.
            safe = safe_link(headline.link)
            meta.append(headline.link, style=Style(underline=True, link=safe))
        else:
            meta.append("\n(no link that can be opened)")
        return meta

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        self.post_message(self.LinkClicked(event.href))
