"""Provides HeadlineColumn: the view line, the `/` filter bar and the headline list."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

from newstui.models import Headline
from newstui.ui.views import View
from newstui.ui.widgets.filter_bar import FilterBar
from newstui.ui.widgets.headline_column_stories import PAGE, SEARCH_SCREENS, StoryColumn
from newstui.ui.widgets.headline_list import HeadlineList
from newstui.ui.widgets.headline_reads import HeadlineSource, HeadlinesUnavailable
from newstui.ui.widgets.timefmt import day_label, short_day_label

FIRST_SCREENS = 3
"""The app's first read is this many screens of rows (a screen holds at most its height in
rows), the rest of a PAGE read after the first paint: at 500,000 stored a first page of 1,000
stories took 19-22 ms of CPU to read, one of 120 (40 lines) 4-6 ms (and laid out sooner)."""
FLUSH_DELAY = 0.2
"""Seconds to gather headlines from polls that finish together into one list update."""
FLUSH_EVERY = 1.0
"""Seconds at least between two list updates. A round of many sources finishes polls all the
time: updating the list (and so the layout, the whole screen and the header's counts) every
FLUSH_DELAY took a fifth of the loop in a cold round of 500 sources, and keys waited on it."""
_JUMP_NEW = Style(meta={"@click": "screen.jump_new"})  # a click on "▲ N new" does what n does

__all__ = ["PAGE", "SEARCH_SCREENS", "HeadlineColumn", "HeadlineSource", "HeadlinesUnavailable"]


class HeadlineColumn(StoryColumn):
    """The list side of the ticker. It owns which view is shown and says so on the line above the
    list (with "N new" when headlines arrived above the reader's place), reads the view's
    headlines from its HeadlineSource, pages older ones in, and gathers arriving ones. An empty
    list says why: the filter, or (`situation`, from the screen) what polling is doing."""

    DEFAULT_CSS = "HeadlineColumn #list-empty { height: auto; padding: 1 2; color: $text-muted; }"

    @dataclass
    class Arrived(Message):
        """New headlines are in the list (those the view shows) and the store."""

        headlines: list[Headline]

    def __init__(
        self, time_format: str, source: HeadlineSource | None = None, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.time_format = time_format
        self.source = source
        self.key_names: Mapping[str, str] = {}
        """Keys as the reader presses them, by binding id ("back", "jump_new"), for the line."""
        self._view = View()
        self._new_above = 0
        self._arriving: list[Headline] = []
        self._arrival_timer: Timer | None = None
        self._situation = "Reading the stored headlines…"
        self._flushed_at = -FLUSH_EVERY
        self._busy = False
        """Arrivals or a re-read are being read or shown (`_flush`, `_reread`): one at a time,
        so that a re-read never drops arrivals shown after it read."""
        self._reread_wanted, self._reread_more = False, 0
        self._shown = 0
        """How many times the view was read whole: a flush read before the last such read
        adds nothing (that read has its headlines)."""

    def compose(self) -> ComposeResult:
        yield Static(id="list-status")
        bar = FilterBar(id="filter-bar")
        bar.display = False
        yield bar
        yield Static(id="list-empty")
        # The layout the reader chose last with L, else "auto" (by the list's width).
        layout = self.source.remembered_layout() if self.source is not None else None
        yield HeadlineList(time_format=self.time_format, layout=layout or "auto", id="headlines")

    def on_headline_list_layout_changed(self, message: HeadlineList.LayoutChanged) -> None:
        if self.source is not None:
            self.source.remember_layout(self, message.layout)

    def on_mount(self) -> None:
        self.update_line()
        self._update_empty()

    @property
    def situation(self) -> str:
        """What an empty list without a filter is waiting for ("Polling 10 sources…")."""
        return self._situation

    @situation.setter
    def situation(self, text: str) -> None:
        self._situation = text
        self._update_empty()

    @property
    def view(self) -> View:
        return self._view

    @property
    def headlines(self) -> HeadlineList:
        return self.query_one(HeadlineList)

    # Reading the view

    def show_view(self, view: View, *, keep_place: bool = False) -> None:
        """Shows the headlines of `view`; after the marks being stored, when there are some, so
        that an unread or starred view agrees with a mark just toggled.

        Another view (kind or filter) starts at its newest headline: kept, the highlighted
        headline would keep its row with the view's newer headlines above it, unseen. Except
        with `keep_place` (a filter cleared: the wider view holds the headline the reader went
        on reading), where the highlight stays on its headline (its story's row), on its line,
        older pages read in to reach it. The same view read again keeps the place."""
        if self.source is not None and self.source.writing:
            worker = self._show_when_written(view, keep_place)
            self.run_worker(worker, group="view", exclusive=True)
            return
        another = view != self._view
        kept = self.headlines.highlighted if keep_place else None
        # The same view read again keeps what was paged in: else a highlight on an older
        # page than the first would be dropped, and the reader's place with it.
        loaded = min(len(self.headlines.headlines), self.headlines.max_rows)
        limit = PAGE if another else max(PAGE, loaded)
        # The screens' worth now, the rest after the paint: at the first read and a new search.
        if quick := not self._shown or (another and bool(view.search.strip()) and kept is None):
            screens = FIRST_SCREENS if not self._shown else SEARCH_SCREENS
            limit = min(limit, screens * max(self.app.size.height, 1))
        if self._set_rows(view, limit=limit, top=another and not keep_place):
            self._shown += 1
            if quick and self._shown == 1:
                self.call_after_refresh(self._rest_of_first_page, view, limit, self._shown)
            elif quick:  # after the paint, off the interface's thread
                self.call_after_refresh(self._read_rest_of_search, view, limit, self._shown)
            self._view = view
            if another and not (kept is not None and self.find_place(kept)):
                self.headlines.jump_to_newest()
            self.update_line()
            self._update_empty()

    def _rest_of_first_page(self, view: View, read: int, shown: int) -> None:
        """After the paint: the first page read on to PAGE rows, unless the view changed or was
        read again meanwhile (`shown`: the count of reads after the first screens'), or it had
        no more rows."""
        rows = self.headlines.headlines
        if self._shown == shown and view == self._view and len(rows) >= read:
            self._page_older(rows[-1], limit=PAGE - read)

    def _read_rest_of_search(self, view: View, read: int, shown: int) -> None:
        worker = self._rest_of_search_page(view, read, shown)
        self.run_worker(worker, group="search-rest", exclusive=True)

    async def _rest_of_search_page(self, view: View, read: int, shown: int) -> None:
        """After a search's first screen is painted (begun before, it held the paint back): the
        rest of its page read on a thread, added at the end unless the view or its end moved."""
        rows = await self._rows_after_paint()
        if self._shown != shown or view != self._view or len(rows) < read:
            return
        last, stories = rows[-1], self.stories
        older = await asyncio.to_thread(self._older_rows, view, stories, last, PAGE - read)
        rows = self._shown_rows()
        if not older or self._shown != shown or view != self._view or stories != self.stories:
            return
        if rows and rows[-1] is last:
            self._add_older_rows(stories, older)
            self._update_empty()

    async def _show_when_written(self, view: View, keep_place: bool) -> None:
        if self.source is not None:
            await self.source.written()
        if self._has_list:  # gone when the app quit while the marks were being stored
            self.show_view(view, keep_place=keep_place)

    def on_headline_list_need_older(self, message: HeadlineList.NeedOlder) -> None:
        if self._page_older(message.before):
            self._update_empty()

    def next_unread(self, direction: int) -> Headline | None:
        """Highlights the nearest unread headline below the highlight (`direction` 1: older) or
        above it (-1) and returns it; None, the highlight left where it is, when there is none.
        Older headlines of the view are paged in (PAGE at a time) until one is found or the
        view has no more."""
        headlines = self.headlines
        items, start = headlines.headlines, headlines.highlighted_index
        stop = len(items) if direction > 0 else -1
        for index in range(start + direction, stop, direction):
            if not items[index].read:
                headlines.highlighted_index = index
                return items[index]
        while direction > 0 and items:
            older = self._page_older(items[-1])
            if not older:
                return None
            items = headlines.headlines
            unread = next((h for h in older if not h.read), None)
            if unread is not None:
                headlines.highlighted_index = items.index(unread)
                return unread
        return None

    def add_arrivals(self, headlines: Sequence[Headline]) -> None:
        """Headlines just polled: shown (those in the view) together with others arriving
        within FLUSH_DELAY, in one list update; then `Arrived` is posted."""
        self._arriving.extend(headlines)
        if self._arrival_timer is None:
            delay = max(FLUSH_DELAY, self._flushed_at + FLUSH_EVERY - time.monotonic())
            self._arrival_timer = self.set_timer(delay, self._flush_arrivals)

    def _flush_arrivals(self) -> None:
        self._arrival_timer = None
        if self._busy:
            return  # the list's job under way arms the next flush when it ends
        arrived, self._arriving = self._arriving, []
        if not arrived:
            return
        self._busy = True
        self.run_worker(self._flush(arrived), group="arrivals")

    async def _flush(self, arrived: list[Headline]) -> None:
        """Reads the rows `arrived` make on a thread (in a cold round of 500 sources those
        reads, story sizes most, were nearly half the interface's time, and a key waited behind
        each), then shows them here, unless the view was read again meanwhile (that read has
        them: they were stored before they were announced)."""
        view, stories, shown = self._view, self.stories, self._shown
        self._mark_arrivals(arrived)
        try:
            if stories or not view.is_default:
                rows = await asyncio.to_thread(self._arrival_rows, view, stories, arrived)
            else:
                rows = arrived
            if self._shown == shown and self._has_list:  # stale, or gone as the app quits
                self._add_arrival_rows(rows)
                self._update_empty()
            self.post_message(self.Arrived(arrived))
        finally:
            self._flushed_at = time.monotonic()
            self._job_done()

    def reread(self, more: int = 0) -> None:
        """Reads the view again in the background, keeping the place: for stories placed apart
        from a poll (they regroup rows shown), or `more` headlines another process stored (as
        many rows more: else the list's last rows, a highlight on them too, were dropped)."""
        self._reread_wanted, self._reread_more = True, self._reread_more + more
        if self._busy:
            return  # the job under way starts it when it ends
        self._reread_wanted, more, self._reread_more = False, self._reread_more, 0
        self._busy = True
        self.run_worker(self._reread(more), group="reread")

    async def _reread(self, more: int = 0) -> None:
        view, stories, shown = self._view, self.stories, self._shown
        limit = max(PAGE, min(len(self.headlines.headlines) + more, self.headlines.max_rows))
        try:
            rows = await asyncio.to_thread(self._rows_of, view, stories, limit, quiet=True)
            if rows is not None and self._shown == shown and self._has_list:  # stale or gone
                self._put_rows(stories, rows)
                self._shown += 1
                self.update_line()
                self._update_empty()
        finally:
            self._job_done()

    def _job_done(self) -> None:
        """A flush or a re-read ended: the list is free for the next."""
        self._busy = False
        if self._reread_wanted:
            self.reread()
        if self._arriving and self._arrival_timer is None:
            delay = max(FLUSH_DELAY, self._flushed_at + FLUSH_EVERY - time.monotonic())
            self._arrival_timer = self.set_timer(delay, self._flush_arrivals)

    # An empty list

    def _update_empty(self) -> None:
        hint = self.query_one("#list-empty", Static)
        empty = not self.headlines.headlines
        hint.display = empty
        if empty:
            hint.update(Text(self.empty_reason()))

    def empty_reason(self) -> str:
        """Why the list shows nothing: the view and filters that match nothing, else the
        situation of polling."""
        view = self._view
        if view.is_default:
            return self._situation
        subject = {"all": "headlines", "unread": "unread headlines", "starred": "starred headlines"}
        text = f"No {subject[view.kind]}"
        if view.source_id is not None:
            text += f" from {view.source_name or view.source_id}"
        if view.tag is not None:
            text += f" from sources tagged {view.tag}"
        if view.search.strip():
            text += f' match "{view.search.strip()}"'
        if view.filtered:
            key = self.key_names.get("back", "escape")
            return f"{text}. {key[:1].upper() + key[1:]}: clear the filter."
        return text + "."

    # The line above the list

    def describe_view(self) -> str:
        """The active view and filters in one line, e.g. 'Unread · search: "storm"', with the
        key that clears a filter."""
        text = self._view.describe()
        if self._view.filtered:
            key = self.key_names.get("back", "escape")
            text += f"  ({key[:1].upper() + key[1:]}: clear)"
        return text

    def update_line(self) -> None:
        """The line above the list: always there (so the list never shifts), naming the view,
        when headlines arrived above the reader's place how many, and the day at the top of the
        list (the list draws no line above its newest day)."""
        status = self.query_one("#list-status", Static)
        key, day = self.key_names.get("jump_new", "n"), self.headlines.day_in_view
        for short in (False, True):  # the short words where the long ones would be cut
            line = Text(f" {self.describe_view()}", style="bold")
            if self._new_above:
                new = f"▲ {self._new_above} new"
                long = f"   {new} — press {key} to jump to them"
                line.append(f"  {new} ({key})" if short else long, style=_JUMP_NEW)
            if day is not None:
                label = short_day_label(day) if short else day_label(day)
                line.append(f" · {label}", style="not bold")
            if line.cell_len <= status.size.width:
                break
        status.set_class(bool(self._new_above), "-new")
        status.update(line, layout=False)  # one line high whatever it says (app.tcss)

    def on_resize(self) -> None:
        self.update_line()

    def on_headline_list_new_above(self, message: HeadlineList.NewAbove) -> None:
        self._new_above = message.count
        self.update_line()

    def on_headline_list_day_in_view(self, message: HeadlineList.DayInView) -> None:
        self.update_line()

    # The filter bar

    @property
    def filter_bar(self) -> FilterBar:
        return self.query_one(FilterBar)

    @property
    def filter_shown(self) -> bool:
        return self.filter_bar.display

    def open_filter(self) -> None:
        """Shows the filter bar above the list and focuses it at once, so that it takes the keys
        typed right after `/` (the screen binds `/` with priority, handled as the key arrives):
        hence a bar that is always there, hidden, and `Screen.set_focus` now rather than
        `focus()`, which would focus only after the keys already queued."""
        bar = self.filter_bar
        bar.keys_back_to = self.headlines
        if source := self.source:
            self.run_worker(source.ready_search(), group="search-ready", exclusive=True)
        if not bar.display:
            bar.value = self._view.search
            bar.display = True
        self.screen.set_focus(bar)

    def clear_filter(self) -> bool:
        """Esc: drops the search, source and tag filters (keeps the view) and the filter bar;
        False if there were none."""
        had_bar = self.filter_shown
        self.filter_bar.display = False
        if not self._view.filtered:
            return had_bar
        self.show_view(self._view.cleared(), keep_place=True)
        self.headlines.focus()
        return True

    def on_filter_bar_search(self, message: FilterBar.Search) -> None:
        message.stop()
        if message.text != self._view.search:  # emptied: a filter cleared, the place kept
            view = replace(self._view, search=message.text)
            self.show_view(view, keep_place=not message.text.strip())
        if message.done and not message.text.strip():
            self.filter_bar.display = False
            self.filter_bar.give_keys_back()
        elif message.done:  # after the frame of the rows and the line (FilterBar.give_keys_back)
            self.call_after_refresh(self.filter_bar.give_keys_back)

    def on_filter_bar_cleared(self, message: FilterBar.Cleared) -> None:
        message.stop()
        self.filter_bar.display = False
        if self._view.search:
            self.show_view(replace(self._view, search=""), keep_place=True)
        self.headlines.focus()
