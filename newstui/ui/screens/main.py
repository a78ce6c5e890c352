"""Provides MainScreen: the ticker's screen (list, reading pane, views, marks, sources, help)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import replace
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.command import Provider
from textual.containers import Horizontal
from textual.notifications import SeverityLevel
from textual.timer import Timer

from newstui.models import Headline
from newstui.storage.store import Counts, StoreError
from newstui.ui.headline_source import StoredHeadlines
from newstui.ui.links import open_link
from newstui.ui.messages import PollFinished, PollStarted, SourcesSynced
from newstui.ui.other_marks import refresh_marks
from newstui.ui.other_writes import OtherWrites
from newstui.ui.palette import NewsCommands
from newstui.ui.polling_state import POLL_REDRAW, FollowsPolls, PollingState
from newstui.ui.refresh_notice import tell_refresh
from newstui.ui.screens.help import HelpScreen, first_key, help_sections
from newstui.ui.screens.main_keys import FOOTER_RANKS, MAIN_BINDINGS
from newstui.ui.screens.main_sources import SourcesPart
from newstui.ui.search_fold import SearchFold
from newstui.ui.services import AppServices
from newstui.ui.textual_compat import focus_without_repaint
from newstui.ui.views import View
from newstui.ui.widgets.headline_column import HeadlineColumn
from newstui.ui.widgets.headline_list import HeadlineList
from newstui.ui.widgets.headline_paint import legend
from newstui.ui.widgets.key_footer import KeyFooter
from newstui.ui.widgets.reader_pane import ReaderPane
from newstui.ui.widgets.ticker_header import TickerHeader

ROUND_SETTLE = 1.0
"""Seconds after the last poll of a round before its one notice: polls that finish close
together (a start, `r`, sources falling due together) make one round."""
NARROW_BELOW = 100
"""Terminal columns under which the list and the reading pane take turns instead of sharing."""
LIGHT, DARK = "textual-light", "textual-dark"
NEEDS_A_HEADLINE = ("open_link", "toggle_read", "toggle_star", "mark_all_read")
"""Actions on the open or highlighted headline, or the list's: dimmed while there is none."""
KEYS_ON_LINE = ("back", "jump_new")
"""Bindings whose keys the line above the list names ("Esc: clear", "press n")."""


class MainScreen(SourcesPart):
    """The live ticker: the headline column, and the reading pane while an article is open
    (`-reading` on the screen) or the pane is pinned (`-pinned`): beside the list on wide
    terminals, in its place on narrow ones (`-narrow`, where a pinned pane waits for an article).

    It reads the store on the event loop and hands every write to the app's write thread,
    showing a changed mark at once and undoing it on screen if it could not be stored."""

    BINDINGS: ClassVar[list[BindingType]] = MAIN_BINDINGS
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {NewsCommands}
    focused = focus_without_repaint()  # a search's Enter repainted the whole screen for it

    def __init__(self, services: AppServices) -> None:
        super().__init__(services)
        self.polling = PollingState(services.store.sources)
        self._round_end: Timer | None = None
        self._poll_redraw: Timer | None = None
        self._counts = Counts(0, 0)
        self._alerts = 0
        self.fold = SearchFold(services.store, self, lambda: bool(self.polling.in_flight))
        self.others = OtherWrites(services.store, self, self._others_stored)

    def compose(self) -> ComposeResult:
        time_format = self.services.config.time_format
        yield TickerHeader(self.app.title, self.services.clock, id="header")
        with Horizontal(id="main"):
            headlines = StoredHeadlines(self.store, self.services.writes)
            headlines.flag = lambda read: self.services.watchlist.flag(read, self.polling.sources)
            headlines.fold = self.fold
            yield HeadlineColumn(time_format, headlines, id="list-column")
            yield ReaderPane(time_format, self.services.articles, id="reader")
        yield KeyFooter(FOOTER_RANKS)

    @property
    def column(self) -> HeadlineColumn:
        return self.query_one(HeadlineColumn)

    @property
    def headlines(self) -> HeadlineList:
        return self.query_one(HeadlineList)

    @property
    def reader(self) -> ReaderPane:
        return self.query_one(ReaderPane)

    @property
    def view(self) -> View:
        return self.column.view

    @property
    def narrow(self) -> bool:
        return self.has_class("-narrow")

    def on_mount(self) -> None:
        self._apply_layout(self.app.size.width)
        keymap = self.services.config.keymap
        self.column.key_names = {name: first_key(self, name, keymap) for name in KEYS_ON_LINE}
        if self.services.watchlist:  # its scopes name sources; else they come after the first
            self.polling.known()  # paint (SourcesSynced; 5,000 took ~70 ms before it)
        self.column.stories = self.stories_wanted()
        self.apply_view(View())
        self.headlines.focus()
        self._update_header()
        self.call_after_refresh(self.fold.arrived)  # a queue left by `fetch`: after the paint
        self.others.start()

    # Layout: at a resize, also one under another screen (sent on return; resume re-checks too).

    def on_resize(self, event: events.Resize) -> None:
        self._apply_layout(event.size.width)

    def on_screen_resume(self) -> None:
        self._apply_layout(self.app.size.width)

    def _apply_layout(self, width: int) -> None:
        narrow = width < NARROW_BELOW
        self.set_class(narrow, "-narrow")
        if narrow and self.has_class("-reading") and self.headlines.has_focus:
            self.reader.focus()  # the list is hidden now: the article keeps the screen

    @property
    def reading(self) -> bool:
        """An article is open in the pane (it takes its share of the width, or the screen)."""
        return self.has_class("-reading")

    def _show_pane(self, open_: bool) -> None:
        """Opens the pane on its article, or closes it (giving the list its width back, unless
        the pane is pinned); the list keeps the focus except where the pane takes the screen."""
        self.set_class(open_, "-reading")
        self.headlines.beside_article = open_ or self.has_class("-pinned")  # its "auto" layout
        shown = self.reader.headline
        self.headlines.opened_id = shown.id if open_ and shown is not None else None
        self.refresh_bindings()
        if open_ and self.narrow:
            self.reader.focus()
        elif not open_:
            self.headlines.focus()

    def action_pin_pane(self) -> None:
        pinned = not self.has_class("-pinned")
        self.set_class(pinned, "-pinned")
        self.headlines.beside_article = pinned or self.reading
        self.refresh_bindings()
        where = f"beside the list from {NARROW_BELOW} columns on" if self.narrow else "open"
        text = f"it stays {where}." if pinned else "it opens with an article."
        self.notify(f"Pane {'pinned' if pinned else 'unpinned'}: {text}", timeout=2)

    # Polling and the header

    def on_sources_synced(self, message: SourcesSynced) -> None:
        self.polling.replace_sources(message.sources)
        self.warm_sources_view()
        view, sync = self.view, message.config.sync  # a sync's: marks may have changed too
        plain = not (view.tag or view.source_id is not None or self.services.watchlist or sync)
        if not (plain and self.polling.names_shown(self.headlines.headlines)):
            self.apply_view(view)  # names or tags changed (most starts change none)
        self.status_changed(recount=True)
        # A sources view opened before the config's sources reached the store (in the first
        # moment after start) lists them now: each is read again, as after its poll.
        for screen in self.app.screen_stack:
            if isinstance(screen, FollowsPolls):
                for source in message.sources:
                    screen.source_polled(source)

    def on_poll_started(self, message: PollStarted) -> None:
        self.polling.started(message.source)
        if self._round_end is not None:
            self._round_end.stop()  # the round goes on
        self._polls_changed()

    def on_poll_finished(self, message: PollFinished) -> None:
        outcome = message.outcome
        if self.polling.finished(outcome):
            if self._round_end is not None:
                self._round_end.stop()
            self._round_end = self.set_timer(ROUND_SETTLE, self._round_over)
        if outcome.new:
            self.others.announced(outcome.new)
            self.column.add_arrivals(outcome.new)  # those that match are flagged already
        self._polls_changed()  # recounted once the headlines are in the list
        for screen in self.app.screen_stack:
            if isinstance(screen, FollowsPolls):
                screen.source_polled(outcome.source)

    def _polls_changed(self) -> None:  # the header and hint, at most every POLL_REDRAW s
        self._poll_redraw = self._poll_redraw or self.set_timer(POLL_REDRAW, self.status_changed)

    def _round_over(self) -> None:
        """A poll round ended: at most one line about failures, and the empty list's hint."""
        self._round_end = None
        self.fold.start()  # its edited headlines too, which arrive as no new row
        notice = self.polling.round_notice()
        if notice is not None:
            severity: SeverityLevel = "information" if notice.good else "warning"
            self.notify(notice.text, title="Sources", severity=severity, markup=False, timeout=8)
            self._update_header(recount=False)  # "offline?" there too (PollingState.note)
        self._tell_situation()

    def status_changed(self, *, recount: bool = False) -> None:
        """The sync's status (ui/sync_bridge.py) or polls changed: the header and list's line."""
        self._poll_redraw = None
        self._update_header(recount=recount)
        self._tell_situation()

    def _tell_situation(self) -> None:
        """What an empty list is waiting for; only worked out while nothing is stored (with
        headlines, the list of every headline is never empty)."""
        if not self._counts.total:
            self.column.situation = self.polling.situation()

    def _others_stored(self, headlines: int) -> None:
        """Another process stored headlines (a `fetch` from cron; how many at most): the list
        is read again with as many rows more, keeping the place, and their search terms folded;
        or the counts or stars changed (a `mark-read`, a second ticker): the header counts
        again, and the rows held show the stored marks (else they stayed until the view was
        read again)."""
        if headlines:
            self.column.reread(more=headlines)
            self.fold.start()
        else:
            self.run_worker(self._other_marks(), group="other-marks", exclusive=True)
        self._update_header()

    async def _other_marks(self) -> None:
        def held() -> list[Headline]:
            opened = self.reader.headline
            return [*([opened] if opened is not None else []), *self.headlines.headlines]

        await refresh_marks(self.store, self.services.writes, held, self._show_marks)

    def on_headline_column_arrived(self, message: HeadlineColumn.Arrived) -> None:
        self._update_header()
        self.fold.arrived()  # folded once the round has stored its headlines
        if self.services.config.full_text and not self.polling.following:  # the holder's
            self.run_worker(self._prefetch(message.headlines), group="prefetch")

    async def _prefetch(self, headlines: list[Headline]) -> None:
        try:
            await self.services.articles.prefetch(headlines)
        except StoreError as exc:
            self.notify(str(exc), title="Database", severity="error", markup=False)

    def _update_header(self, *, recount: bool = True) -> None:
        """Refreshes the header's figures, on every screen that shows the header; `recount`
        reads the unread/total counts from the DB (they change when headlines arrive or marks
        change)."""
        if recount:
            with suppress(StoreError):
                self._counts = self.store.counts()
            self._alerts = self.services.alerts.tally.unread(self.store)
        polling = self.polling
        for screen in self.app.screen_stack:
            for header in screen.query(TickerHeader):  # none while the app closes
                header.show(
                    unread=self._counts.unread,
                    total=self._counts.total,
                    fetching=polling.fetching,
                    failing=polling.failing,
                    note=polling.note,
                    alerts=self._alerts,
                    follows=polling.following,
                )

    # Views

    def apply_view(self, view: View) -> None:
        self.column.show_view(view)

    def action_view(self, kind: str) -> None:
        self.apply_view(self.view.with_kind(kind))

    def action_cycle_view(self) -> None:
        self.apply_view(self.view.next_kind())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_full_text":  # dimmed in the footer (still in the help) until
            shown = self.reading or self.has_class("-pinned")  # an article is on show
            return True if shown and self.reader.headline is not None else None
        if action in ("close_article", "quit"):  # `q`: False passes the key to the other one
            return self.reading == (action == "close_article")
        if action in NEEDS_A_HEADLINE and self._current() is None:
            return None  # nothing to act on (an empty list): dimmed in the footer
        if action in ("next_unread", "jump_new") and not self.headlines.headlines:
            return None
        # `/` is a priority key: inside the filter bar it is a character to type. `focused`,
        # not `has_focus`: the bar is focused at once, its Focus event (has_focus) comes only
        # after the keys queued with the `/` that opened it ("/24/7" pasted).
        return not (action == "filter" and self.focused is self.column.filter_bar)

    def action_filter(self) -> None:
        self.column.open_filter()

    def action_clear_filter(self) -> None:
        self.column.clear_filter()

    # Reading

    def on_headline_list_opened(self, message: HeadlineList.Opened) -> None:
        self.open_headline(message.headline)

    def open_headline(self, headline: Headline) -> None:
        """Opens a headline in the pane (full screen when narrow) and marks it read."""
        opened = replace(headline, read=True)
        self.reader.open(opened)
        self._show_pane(True)
        if not headline.read:
            self._store_marks(headline, opened)

    async def action_toggle_full_text(self) -> None:
        await self.reader.toggle_full_text()

    # Moving around

    async def action_quit(self) -> None:
        self.app.exit()

    def action_close_article(self) -> None:
        """`q` with an article open: closes it, as Esc does (the list keeps its highlight)."""
        self._show_pane(False)

    def action_refresh(self) -> None:
        if self.services.poll_now():
            tell_refresh(self, self.polling.known().values(), self.services)

    def action_next_unread(self, direction: int) -> None:
        """Moves to the next (older) or previous unread headline of the view; with an article
        open, from that article (arrivals may have moved the highlight), and opens it (as
        newsboat's next-unread does in its article view)."""
        if self.reading and self.reader.headline is not None:
            self.column.find_place(self.reader.headline)
        found = self.column.next_unread(direction)
        if found is None:
            where = "below" if direction > 0 else "above"
            self.notify(f"No unread headline {where} in this view.", timeout=2)
        elif self.reading:
            self.open_headline(found)

    def action_jump_new(self) -> None:
        self.headlines.jump_to_newest()
        self.headlines.focus()

    def action_switch_pane(self) -> None:
        """Tab: between the list and the pane; a closed pane opens again on its article."""
        shown = self.reading or (self.has_class("-pinned") and not self.narrow)
        if not shown:
            if self.reader.headline is not None:
                self._show_pane(True)
                self.reader.focus()
        elif self.narrow:
            self._show_pane(False)
        elif self.headlines.has_focus:
            self.reader.focus()
        else:
            self.headlines.focus()

    def action_go_back(self) -> None:
        """Esc: closes the article (the list gets its width back), else returns to the list,
        else clears the filter."""
        if self.reading:
            self._show_pane(False)
        elif not self.headlines.has_focus:
            self.headlines.focus()
        else:
            self.column.clear_filter()

    def action_reader_page(self, direction: int) -> None:
        if direction > 0:
            self.reader.scroll_page_down()
        else:
            self.reader.scroll_page_up()

    def action_open_link(self) -> None:
        headline = self._current()
        if headline is not None:
            open_link(self, headline.link)

    def on_reader_pane_link_clicked(self, message: ReaderPane.LinkClicked) -> None:
        open_link(self, message.href)

    def action_toggle_theme(self) -> None:
        self.app.theme = LIGHT if self.app.current_theme.dark else DARK

    def action_help(self) -> None:
        sections = help_sections(self, {HeadlineList: "Headlines", ReaderPane: "Reading pane"})
        self.app.push_screen(HelpScreen(sections, legend(bool(self.services.watchlist))))
