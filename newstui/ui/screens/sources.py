"""Provides the sources view: every source with its status and schedule, and keys to manage them."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import urlsplit

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from newstui.config.editing import SourceEditError, SourceFile
from newstui.config.near_duplicates import one_feed
from newstui.models import Source, SourceConfig, SourceStatus
from newstui.storage.store import StoreError
from newstui.ui.links import open_link
from newstui.ui.refresh_notice import tell_refresh
from newstui.ui.screens.ask import AskScreen, ConfirmScreen
from newstui.ui.screens.help import HelpScreen, help_sections
from newstui.ui.screens.sources_layout import (
    COLUMNS,
    FOOTER_RANKS,
    SOURCES_CSS,
    STATUS_STYLE,
    column_widths,
    fit_height,
    source_detail,
    sources_title,
)
from newstui.ui.screens.sources_read_only import edit_keys, read_only_words
from newstui.ui.screens.typed_ahead import keys_ahead
from newstui.ui.services import AppServices
from newstui.ui.widgets.key_footer import KeyFooter
from newstui.ui.widgets.source_table import Cell, SourceTable
from newstui.ui.widgets.ticker_header import TickerHeader
from newstui.ui.widgets.timefmt import clock_format, format_recent, local_day, time_column_width

if TYPE_CHECKING:  # imported by sync mode only (its HTTP client's imports: ~20 ms at `S`)
    from newstui.sync.editor import ServerSources

RELOAD_AFTER = 0.5
"""Seconds polls are gathered before the table is read again (500 finishing: one reload)."""


@dataclass(frozen=True)
class SourceChoice:
    """The reader chose a source to filter the list by."""

    source_id: int
    name: str


class SourcesScreen(Screen[SourceChoice | None]):
    """A table of sources under the ticker's header, kept current while polls finish
    (`source_polled`), and below it the highlighted source in full: its address and its error,
    wrapped, so that a narrow terminal (60 columns) shows what the table's last column cannot.
    Names and errors come from strangers: shown as Text, never markup.

    Changes to the list go through `editor` (the config file) and then `changed()`, which
    syncs the config into the store and wakes the poller; pause lives in the store. Both write
    on the app's write thread: the table waits for them, the screen does not. Without an editor
    (the demo's newsroom, a config file changed since start) the keys that change the list are
    not offered. In sync mode the editor is the server's (ServerSources, any editor but a
    SourceFile: its calls are awaited), and pause is not offered: the server polls them all."""

    EDITS: ClassVar[frozenset[str]] = frozenset({"add", "rename", "retag", "remove"})

    BINDINGS: ClassVar[list[BindingType]] = [
        # Not a priority binding (the table binds no Enter): one would run before the keys
        # typed ahead of it (q, then Enter: Enter chose, then q quit the ticker beneath).
        Binding("enter", "choose", "Show its headlines", id="sources.choose"),
        Binding("escape,q", "back", "Back", id="sources.back"),
        Binding("a", "add", "Add", id="sources.add"),
        Binding("e", "rename", "Rename", id="sources.rename"),
        Binding("t", "retag", "Tags", id="sources.retag"),
        Binding("p", "pause", "Pause/resume", id="sources.pause"),
        Binding("d,delete", "remove", "Remove", id="sources.remove"),
        Binding("o", "open_site", "Open its site", id="sources.open_site"),
        Binding("r", "refresh", "Refresh", id="sources.refresh"),
        Binding("question_mark", "help", "Help", id="sources.help"),
    ]
    DEFAULT_CSS = SOURCES_CSS

    def __init__(
        self,
        services: AppServices,
        *,
        editor: SourceFile | ServerSources | None = None,
        changed: Callable[[], Awaitable[None]] | None = None,
        stale: Callable[[], Collection[int]] = frozenset,
        offline: Callable[[], Collection[int]] = frozenset,
    ) -> None:
        """`stale`, `offline`: FailureNotices' stale and offline_ids, as callables."""
        super().__init__()
        self._stale, self._stale_shown, self._offline = stale, frozenset(stale()), offline
        self.services = services
        self.store, self.writes = services.store, services.writes
        self.time_format = services.config.time_format
        self._time_width = time_column_width(self.time_format)
        self._clock_width = time_column_width(clock_format(self.time_format))
        self.editor, self.changed = editor, changed or _nothing_to_sync
        self.sources: list[Source] = []
        self._reload_timer: Timer | None = None
        self._polled: set[int] = set()
        self._title = ""
        self._short = False
        self._left_out: frozenset[str] = frozenset()
        self._left = False
        """The terminal is short: the detail shows only what the table cannot."""

    def compose(self) -> ComposeResult:
        yield TickerHeader(self.app.title, self.services.clock)
        yield Static(id="sources-title")
        yield SourceTable(COLUMNS, id="sources-table")
        yield Static(id="source-detail")
        yield KeyFooter(FOOTER_RANKS)

    def on_mount(self) -> None:
        self.reload()
        self.query_one(SourceTable).focus()
        # "offline?" comes after a round, back online with a poll: the title agrees at once.
        self.watch(self.query_one(TickerHeader), "note", lambda _: self._reload_now(), init=False)

    async def on_key(self, event: events.Key) -> None:  # an edit key, its binding off: say why
        if await keys_ahead(self, event, ("add", "rename", "retag")) or self.editor is not None:
            return
        if event.key in edit_keys(self.BINDINGS, self.EDITS, self.services.config.keymap):
            self.notify(read_only_words(self.services.config.path)[1], markup=False, timeout=9)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # False hides the binding from the footer and ignores its key.
        if action == "pause" and not isinstance(self.editor, SourceFile | None):
            return False
        return not (action in self.EDITS and self.editor is None)

    def reload(self, polled: Collection[int] | None = None) -> None:
        """Reads the sources again (only those of `polled`, when given, in place); shows them."""
        try:
            if polled is None or len(polled) * 4 > len(self.sources):
                self.sources = self.store.sources()
            else:
                fresh = {s.id: s for s in self.store.sources(ids=polled)}
                self.sources = [fresh.get(s.id, s) for s in self.sources]
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        # The cursor keeps its row number, as it did in the DataTable before.
        rows = self.sources
        self.query_one(SourceTable).set_rows(
            len(rows), lambda i: self._row(rows[i]), self._widths()
        )
        self._show_detail()
        self._stale_shown = frozenset(self._stale())
        server = not isinstance(self.editor, SourceFile | None)
        seen = self.sources, self._stale_shown, self._offline(), self.services.config.path
        self._title = sources_title(*seen, read_only=self.editor is None, server=server)
        self._fit()

    def on_resize(self, event: events.Resize) -> None:
        self._fit()
        self.call_after_refresh(self._fit)  # the table's columns fitted to the new width

    def _fit(self) -> None:
        """The title, and the parts sized to the terminal's height (a short one: the table
        first, see sources_layout)."""
        title, detail = self.query_one("#sources-title", Static), self.query_one("#source-detail")
        sideways = self.query_one(SourceTable).virtual_size.width > self.size.width - 2
        short = fit_height(self.size.height, len(self.sources), sideways, title, detail)
        title.update(Text(self._title))
        if (short, self.query_one(SourceTable).left_out) != (self._short, self._left_out):
            self._short, self._left_out = short, self.query_one(SourceTable).left_out
            self._show_detail()

    def _row(self, s: Source) -> tuple[Cell, ...]:
        return (
            (s.display_name, ""),
            ("stale", STATUS_STYLE["new"])
            if s.id in self._stale_shown
            else (s.shown_status, STATUS_STYLE.get(s.shown_status, "")),
            (str(s.unread_count), ""),
            (", ".join(s.tags), ""),
            (self._when(s.last_fetch, today=True), ""),
            (self._next(s, today=True), ""),
            (s.last_error or "", ""),
        )

    def _widths(self) -> list[int]:
        today = local_day(self.services.clock())
        return column_widths(self.sources, today, self._time_width, self._clock_width)

    def source_polled(self, source: Source) -> None:
        """A poll finished (the main screen tells this screen while it is open): the table is
        read again shortly, once for the polls that finish together, and only those sources:
        at 5,000 sources polled every few minutes, reading every one twice a second took a
        fifth of a core."""
        self._polled.add(source.id)
        if self._reload_timer is None:
            self._reload_timer = self.set_timer(RELOAD_AFTER, self._reload_now)

    def _reload_now(self) -> None:
        if self._reload_timer is not None:  # when called before it
            self._reload_timer.stop()
        self._reload_timer = None
        polled, self._polled = self._polled, set()
        self.reload(None if frozenset(self._stale()) != self._stale_shown else polled)

    def on_source_table_row_highlighted(self, event: SourceTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        source = self.selected
        times = (self._when(source.last_fetch), self._next(source)) if source else ("", "")
        stale = source is not None and source.id in self._stale_shown
        left_out = self.query_one(SourceTable).left_out
        detail = source_detail(source, self._short, left_out, *times, stale=stale)
        self.query_one("#source-detail", Static).update(detail)

    def _next(self, s: Source, *, today: bool = False) -> str:
        if s.last_status is SourceStatus.GONE:
            return "never"
        if s.paused:
            return "paused"
        return self._when(s.next_poll, today=today) if s.next_poll else "now"

    def _when(self, moment: datetime | None, *, today: bool = False) -> str:
        """The moment in the user's format; `today`: the time alone on today's date (the
        table's columns, as the list's rows), the date too on other days."""
        if moment is None:
            return "-"
        if today:
            return format_recent(moment, self.services.clock(), self.time_format)
        return moment.astimezone().strftime(self.time_format)

    @property
    def selected(self) -> Source | None:
        table = self.query_one(SourceTable)
        if not self.sources or table.cursor_row < 0:
            return None
        return self.sources[min(table.cursor_row, len(self.sources) - 1)]

    # Actions
    def action_back(self) -> None:
        self._leave(None)

    def _leave(self, choice: SourceChoice | None) -> None:
        # Once: keys typed together (q, then Enter) dismissed it twice, and Screen.dismiss pops
        # whichever screen is on top: the second popped the ticker, and newstui quit.
        if not self._left:
            self._left = True
            self.dismiss(choice)

    def action_help(self) -> None:
        sections = help_sections(self, {}, everywhere="Sources view")
        self.app.push_screen(HelpScreen(sections, title="keys of the sources view"))

    def action_refresh(self) -> None:
        if self.services.poll_now():
            tell_refresh(self, self.sources, self.services)

    def action_open_site(self) -> None:
        """Opens the highlighted source's site: the feed's own link to it, or, before a poll
        found one (or for a feed that gives none), the address its feed is on without the
        path."""
        source = self.selected
        if source is not None:
            parts = urlsplit(source.fetch_url)
            open_link(self, source.site_link or f"{parts.scheme}://{parts.netloc}/", what="source")

    def action_choose(self) -> None:
        source = self.selected
        if source is not None:
            self._leave(SourceChoice(source.id, source.display_name))

    def on_source_table_row_selected(self, event: SourceTable.RowSelected) -> None:
        event.stop()
        self.action_choose()

    async def _edit(self, change: Callable[[SourceFile | ServerSources], object]) -> bool:
        if self.editor is None:
            self.notify("Sources cannot be changed here.", severity="warning")
            return False
        try:
            done = change(self.editor)
            if inspect.isawaitable(done):  # the server's editor
                await done
        except SourceEditError as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False, timeout=10)
            return False
        await self._synced()
        return True

    async def _synced(self) -> None:
        """Syncs the sources into the store (and the poller), then shows them."""
        try:
            await self.changed()
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
        self.reload()

    def _ask(self, ask: AskScreen, then: Callable[[str | None], Awaitable[object]]) -> None:
        """Pushes `ask` at once (keys typed right after reach it); `then` answers in a worker."""

        def answered(answer: str | None) -> None:
            self.run_worker(then(answer))

        self.app.push_screen(ask, answered)

    def action_add(self) -> None:
        self._ask(AskScreen("Add a source: feed or web page address", enter="add"), self._add)

    async def _add(self, url: str | None) -> None:
        if not url or not url.strip():
            return
        self.notify(Text(f"Looking for a feed at {url.strip()}…").plain, markup=False, timeout=3)
        found = await self.services.discover(url.strip())
        if found.url is None:
            self.notify(
                f"No feed added: {found.problem}", severity="error", markup=False, timeout=10
            )
            return
        new_url = found.url
        if known := next((s for s in self.sources if one_feed(new_url, s.url, s.fetch_url)), None):
            self.query_one(SourceTable).cursor_row = self.sources.index(known)
            self.notify(f"Already a source: {known.display_name}", markup=False)
            return
        keep = True
        if self.editor is not None and not self.editor.lists_sources():
            # Asked so that Esc, which backs out of every other dialog, drops nothing.
            keep = not await self.app.push_screen_wait(
                ConfirmScreen(
                    "Your config file lists no sources of its own yet. List only this one, "
                    "without the built-in sources? (n or Esc: keep them beside it)"
                )
            )
        if await self._edit(lambda editor: editor.add([SourceConfig(new_url)], keep_builtin=keep)):
            how = " (found on the page)" if found.via_page else ""
            self.notify(f"Added {found.title or new_url}{how}", markup=False)

    def action_rename(self) -> None:
        if (source := self.selected) is None:
            return
        # Filled with the name shown, to edit, not retype; given back unchanged it pins nothing.
        shown = source.display_name

        async def renamed(name: str | None) -> None:
            if name is not None and (source.name or name.strip() != shown):
                await self._edit(lambda editor: editor.rename(source.url, name))

        ask = AskScreen(f"Name for {source.url}", shown, "Empty: use the feed's own title")
        self._ask(ask, renamed)

    def action_retag(self) -> None:
        if (source := self.selected) is None:
            return

        async def retagged(text: str | None) -> None:
            if text is not None:
                await self._edit(lambda editor: editor.retag(source.url, text.split(",")))

        tags = ", ".join(source.tags)
        self._ask(AskScreen(f"Tags of {source.display_name}, comma-separated", tags), retagged)

    @work
    async def action_pause(self) -> None:
        source = self.selected
        if source is None:
            return
        pause, store = not source.paused, self.store
        try:
            await self.writes.run(lambda: store.set_paused(source.id, pause))
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        await self._synced()

    @work
    async def action_remove(self) -> None:
        source = self.selected
        if source is None:
            return
        sure = await self.app.push_screen_wait(
            ConfirmScreen(
                f"Remove {source.display_name}? Its headlines stay until pruned; "
                "starred ones are kept."
            )
        )
        if sure:
            await self._edit(lambda editor: editor.remove(source.url))


async def _nothing_to_sync() -> None:
    return None
