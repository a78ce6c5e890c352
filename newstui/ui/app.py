"""Provides the ticker app: layout, key actions, and the bridge from the poller to the widgets."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Footer, Static

from newstui.config.schema import Config
from newstui.feeds.poller import Poller, PollListener, PollOutcome
from newstui.models import Headline, Source
from newstui.net.process_pool import shutdown_pool
from newstui.storage.store import PRUNE_EVERY, CachedArticle, Store, StoreError
from newstui.ui.reading import PAGE, ReadingMixin
from newstui.ui.widgets.headline_list import HeadlineList
from newstui.ui.widgets.reader_pane import ReaderPane
from newstui.ui.widgets.ticker_header import TickerHeader

if TYPE_CHECKING:
    from newstui.net.fetch import Fetcher

NARROW_BELOW = 100
"""Terminal columns under which the list and the reading pane take turns instead of sharing."""
FLUSH_DELAY = 0.2
"""Seconds to gather headlines from polls that finish together into one list update."""


class PollStarted(Message):
    def __init__(self, source: Source) -> None:
        super().__init__()
        self.source = source


class PollFinished(Message):
    def __init__(self, outcome: PollOutcome) -> None:
        super().__init__()
        self.outcome = outcome


class _Bridge(PollListener):
    """Turns poller callbacks into messages, so widgets change only in message handlers."""

    def __init__(self, app: App[None]) -> None:
        self.app = app

    def poll_started(self, source: Source) -> None:
        self.app.post_message(PollStarted(source))

    def poll_finished(self, outcome: PollOutcome) -> None:
        self.app.post_message(PollFinished(outcome))

    def store_failed(self, message: str) -> None:
        self.app.notify(message, title="Database", severity="error", markup=False, timeout=10)


class NewsApp(ReadingMixin):
    """The live ticker."""

    CSS_PATH = "app.tcss"
    TITLE = "newstui"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("r", "refresh", "Refresh", id="refresh"),
        Binding("o", "open_link", "Browser", id="open_link"),
        Binding("n", "jump_new", "Newest", id="jump_new"),
        Binding("tab", "switch_pane", "Switch pane", id="switch_pane", priority=True),
        Binding("S", "sources", "Sources", id="sources"),
        Binding("f", "toggle_full_text", "Full/feed text", id="toggle_full_text"),
        Binding("u", "toggle_read", "Read/unread", show=False, id="toggle_read"),
        Binding("s", "toggle_star", "Star", show=False, id="toggle_star"),
        Binding("space", "reader_page(1)", "Page down", show=False, id="reader_page_down"),
        Binding("b", "reader_page(-1)", "Page up", show=False, id="reader_page_up"),
        Binding("escape", "go_back", "Back", show=False, id="back"),
    ]

    def __init__(
        self,
        config: Config,
        store: Store,
        *,
        fetcher: Fetcher | None = None,
        poll: bool = True,
        clock: Callable[[], datetime] | None = None,
        title: str = "newstui",
    ) -> None:
        super().__init__()
        self.config = config
        self.store = store
        self._fetcher = fetcher
        self.poll_enabled = poll
        self.clock = clock or (lambda: datetime.now(UTC))
        self.title = title
        self.sources: dict[int, Source] = {}
        self.poller: Poller | None = None
        self._pending: list[Headline] = []
        self._flush_timer: Timer | None = None
        self._fetching: set[int] = set()
        self._owns_fetcher = False
        self._new_above = 0
        self._feed_text = ""
        self._full_text: CachedArticle | None = None
        self._full_reason: str | None = None
        self._showing_full = False

    # Layout

    def compose(self) -> ComposeResult:
        yield TickerHeader(self.title, self.clock, id="header")
        with Horizontal(id="main"):
            with Vertical(id="list-column"):
                yield Static(id="list-status")
                yield HeadlineList(time_format=self.config.time_format, id="headlines")
            yield ReaderPane(self.config.time_format, id="reader")
        yield Footer()

    @property
    def reader(self) -> ReaderPane:
        return self.query_one(ReaderPane)

    def on_mount(self) -> None:
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
        self.restore_theme()
        self._apply_layout(self.size.width)
        try:
            sources = self.store.sync_sources(self.config.sources, self.config.refresh)
            self.sources = {s.id: s for s in sources}
            self.headlines.set_headlines(self.store.headlines(limit=PAGE, **self.view_query()))
        except StoreError as exc:
            self.notify(str(exc), title="Database", severity="error", markup=False, timeout=30)
        self.headlines.focus()
        self._update_header()
        self.update_list_status()
        self.store.on_wait = self._store_waiting
        # Retention for a ticker left open for days (`fetch` prunes after each round).
        self.set_interval(PRUNE_EVERY, self._apply_retention)
        if self.poll_enabled:
            # After the first frame: the poller's imports and first store reads are not needed
            # to show what is stored.
            self.call_after_refresh(self._start_polling)

    def _start_polling(self) -> None:
        self.run_worker(self._poll_forever(), name="poller", group="poller", exclusive=True)

    def _store_waiting(self, message: str) -> None:
        """Another process (a `newstui fetch` from cron) holds the DB's write lock."""
        if threading.get_ident() == self._thread_id:
            self.notify(message, title="Database", timeout=5, markup=False)
        else:
            self.call_from_thread(self.notify, message, title="Database", timeout=5, markup=False)

    async def _apply_retention(self) -> None:
        try:
            await asyncio.to_thread(
                self.store.prune, self.config.keep_days, self.config.keep_per_source
            )
        except StoreError as exc:
            self.notify(str(exc), title="Database", severity="error", markup=False)

    def on_resize(self, event: events.Resize) -> None:
        self._apply_layout(event.size.width)

    def _apply_layout(self, width: int) -> None:
        narrow = width < NARROW_BELOW
        self.screen.set_class(narrow, "-narrow")
        if not narrow:
            self.screen.remove_class("-reading")

    @property
    def narrow(self) -> bool:
        return self.screen.has_class("-narrow")

    # Polling

    @property
    def fetcher(self) -> Fetcher:
        """The one polite HTTP client for feeds and article pages, made on first use (importing
        httpx costs start-up time, so it happens after the first paint)."""
        if self._fetcher is None:
            from newstui.net.fetch import Fetcher

            self._fetcher = Fetcher()
            self._owns_fetcher = True
        return self._fetcher

    async def _poll_forever(self) -> None:
        self.poller = Poller(
            self.store, self.fetcher, jitter=self.config.jitter, listener=_Bridge(self)
        )
        await self.poller.run()

    async def on_unmount(self) -> None:
        if self._owns_fetcher and self._fetcher is not None:
            await self._fetcher.aclose()
        shutdown_pool()

    def on_poll_started(self, message: PollStarted) -> None:
        self._fetching.add(message.source.id)
        self._update_header(recount=False)

    def on_poll_finished(self, message: PollFinished) -> None:
        outcome = message.outcome
        self._fetching.discard(outcome.source.id)
        self.sources[outcome.source.id] = outcome.source
        if outcome.started_failing:
            self.notify(
                f"{outcome.source.display_name}: {outcome.source.last_error or 'failed'}",
                title="Source failing",
                severity="warning",
                markup=False,
            )
        if outcome.new:
            self._pending.extend(outcome.new)
            if self._flush_timer is None:
                self._flush_timer = self.set_timer(FLUSH_DELAY, self._flush_new)
        self._update_header(recount=False)  # the flush recounts once the headlines are in

    def _flush_new(self) -> None:
        self._flush_timer = None
        pending, self._pending = self._pending, []
        if pending:
            self.headlines.add_headlines(self.in_view(pending))
            self._update_header()
            if self.config.full_text:
                self.run_worker(self._prefetch(pending), group="prefetch")

    async def _prefetch(self, headlines: list[Headline]) -> None:
        from newstui.articles.cache import prefetch_articles
        from newstui.net.process_pool import process_pool

        try:
            await prefetch_articles(self.store, self.fetcher, headlines, executor=process_pool())
        except StoreError as exc:
            self.notify(str(exc), title="Database", severity="error", markup=False)

    def _update_header(self, *, recount: bool = True) -> None:
        """Refreshes the header's figures; `recount` reads the unread/total counts from the DB,
        which only changes when headlines arrive or marks change."""
        try:
            header = self.query_one(TickerHeader)
        except NoMatches:  # a poll that ends while the app is closing
            return
        if recount:
            try:
                counts = self.store.counts()
            except StoreError:
                return
            header.unread, header.total = counts.unread, counts.total
        header.fetching = len(self._fetching)
        header.failing = sum(s.last_status in {"error", "gone"} for s in self.sources.values())

    # The list and the pane

    def on_headline_list_new_above(self, message: HeadlineList.NewAbove) -> None:
        self._new_above = message.count
        self.update_list_status()

    def update_list_status(self) -> None:
        """The line above the list: always there (so the list never shifts), naming the view and,
        when headlines arrived above the reader's place, how many."""
        line = Text(f" {self.describe_view()}", style="bold")
        status = self.query_one("#list-status", Static)
        if self._new_above:
            key = self._binding_key("jump_new")
            line.append(f"   ▲ {self._new_above} new — press {key} to jump to them")
        status.set_class(bool(self._new_above), "-new")
        status.update(line)

    def on_headline_list_need_older(self, message: HeadlineList.NeedOlder) -> None:
        before = message.before
        older = self.store.headlines(
            limit=PAGE, before=(before.published, before.id), **self.view_query()
        )
        if older:
            self.headlines.extend_older(older)

    async def on_headline_list_opened(self, message: HeadlineList.Opened) -> None:
        await self.open_headline(message.headline)

    async def open_headline(self, headline: Headline) -> None:
        """Shows the feed's own text at once, then the full article when it has been fetched."""
        from newstui.articles.feed_text import feed_markdown

        summary, content = self.store.content(headline.id)
        markdown = await asyncio.to_thread(feed_markdown, summary, content, base_url=headline.link)
        self._feed_text = markdown or "*The feed gave no text for this headline.*"
        self._full_text, self._full_reason, self._showing_full = None, None, False
        cached = self.store.cached_article(headline.id)
        if cached is not None:
            self._full_text, self._showing_full = cached, True
            await self.reader.show(headline, cached.markdown, _status_line(cached))
        else:
            status = "Feed text · fetching the full article…" if headline.link else "Feed text"
            await self.reader.show(headline, self._feed_text, status)
            if headline.link:
                # exclusive: moving on to another headline cancels this page's fetch
                self.run_worker(self._load_full(headline), group="article", exclusive=True)
        if self.narrow:
            self.screen.add_class("-reading")
            self.reader.focus()
        if not headline.read:
            self._set_read(headline, True)

    async def _load_full(self, headline: Headline) -> None:
        from newstui.articles.cache import load_article
        from newstui.net.process_pool import process_pool

        try:
            article, reason = await load_article(
                self.store, self.fetcher, headline, executor=process_pool()
            )
        except StoreError as exc:
            article, reason = None, str(exc)
        shown = self.reader.headline
        if shown is None or shown.id != headline.id:
            return
        self._full_text, self._full_reason = article, reason
        if article is not None:
            self._showing_full = True
            await self.reader.replace_text(article.markdown, _status_line(article))
        else:
            self.reader.set_status(f"Feed text · full article unavailable: {reason}")

    async def action_toggle_full_text(self) -> None:
        """Switches the pane between the feed's text and the article page's."""
        if self.reader.headline is None:
            return
        if self._showing_full or self._full_text is None:
            self._showing_full = False
            status = "Feed text"
            if self._full_reason:
                status += f" · full article unavailable: {self._full_reason}"
            elif self._full_text is None and self.reader.headline.link:
                status += " · fetching the full article…"
            await self.reader.replace_text(self._feed_text, status)
        else:
            self._showing_full = True
            await self.reader.replace_text(self._full_text.markdown, _status_line(self._full_text))

    def _set_read(self, headline: Headline, read: bool) -> None:
        try:
            self.store.set_read([headline.id], read)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self._show_marks(replace(headline, read=read))
        self._update_header()

    def _show_marks(self, headline: Headline) -> None:
        """A headline whose read/starred marks changed, everywhere it is shown: the reading pane
        keeps its own copy, which toggles from the pane read (a stale copy would not toggle)."""
        self.headlines.update_headline(headline)
        if self.reader.headline is not None and self.reader.headline.id == headline.id:
            self.reader.headline = headline

    def _current(self) -> Headline | None:
        if self.reader.has_focus_within or self.screen.has_class("-reading"):
            return self.reader.headline or self.headlines.highlighted
        return self.headlines.highlighted

    # Actions

    def action_refresh(self) -> None:
        if self.poller is not None:
            self.poller.poll_now()
            self.notify("Polling every source now.", timeout=2)

    def action_jump_new(self) -> None:
        self.headlines.jump_to_newest()
        self.headlines.focus()

    def action_switch_pane(self) -> None:
        if self.narrow:
            if self.screen.has_class("-reading"):
                self.action_go_back()
            elif self.reader.headline is not None:
                self.screen.add_class("-reading")
                self.reader.focus()
            return
        if self.headlines.has_focus:
            self.reader.focus()
        else:
            self.headlines.focus()

    def action_go_back(self) -> None:
        if self.screen.has_class("-reading"):
            self.screen.remove_class("-reading")
            self.headlines.focus()
        elif not self.headlines.has_focus:
            self.headlines.focus()
        else:
            self.clear_filter()

    def action_reader_page(self, direction: int) -> None:
        if direction > 0:
            self.reader.scroll_page_down()
        else:
            self.reader.scroll_page_up()

    def action_open_link(self) -> None:
        headline = self._current()
        if headline is None:
            return
        self.open_link(headline.link)

    def on_reader_pane_link_clicked(self, message: ReaderPane.LinkClicked) -> None:
        self.open_link(message.href)

    def open_link(self, url: str | None) -> None:
        """Opens http(s) links in the browser, in a thread and never through a shell."""
        from newstui.text.sanitize import safe_link

        link = safe_link(url)
        if link is None:
            self.notify("This headline has no http(s) link to open.", severity="warning")
            return
        import webbrowser

        self.run_worker(asyncio.to_thread(webbrowser.open, link), group="browser")
        self.notify(f"Opening {link}", timeout=3, markup=False)

    def action_toggle_read(self) -> None:
        headline = self._current()
        if headline is not None:
            self._set_read(headline, not headline.read)

    def action_toggle_star(self) -> None:
        headline = self._current()
        if headline is None:
            return
        try:
            self.store.set_starred(headline.id, not headline.starred)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self._show_marks(replace(headline, starred=not headline.starred))

    def action_help(self) -> None:
        from newstui.ui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.help_sections()))

    def help_sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The keys of each part of the ticker as bound now (after the keymap)."""
        sections: list[tuple[str, list[tuple[str, str]]]] = []
        for title, node in (
            ("Headlines", self.headlines),
            ("Everywhere", self),
        ):
            by_action: dict[str, tuple[list[str], str]] = {}
            for key, bindings in node._bindings.key_to_bindings.items():
                for binding in bindings:
                    if not binding.description:
                        continue  # Textual's own helpers (ctrl+c's "press ctrl+q") say nothing
                    keys, _ = by_action.setdefault(binding.action, ([], binding.description))
                    keys.append(self.get_key_display(replace(binding, key=key)) or key)
            sections.append((title, [(", ".join(k), d) for k, d in by_action.values()]))
        return sections


def _status_line(article: CachedArticle) -> str:
    from newstui.articles.cache import status_line

    return status_line(article)
