"""Provides MarkingScreen: the main screen's read and starred marks, one at a time or all that
the list shows, and the undo of mark-all-read."""

from __future__ import annotations

from dataclasses import replace
from functools import cached_property, partial
from typing import TYPE_CHECKING

from textual.screen import Screen

from newstui.models import Headline
from newstui.storage.store import Store, StoreError
from newstui.ui.messages import MarksNotStored, MarksStored, WriteFailed
from newstui.ui.screens.help import first_key
from newstui.ui.services import AppServices
from newstui.ui.views import View
from newstui.ui.widgets.headline_list import HeadlineList
from newstui.ui.widgets.reader_pane import ReaderPane

if TYPE_CHECKING:
    from newstui.ui.mark_all import MarkAllRead


class MarkingScreen(Screen[None]):
    """The marks part of MainScreen (its base class, to keep each module to one job): a mark
    shows at once and is stored on the app's write thread, shown undone again if it could not
    be stored; mark-all-read marks what the view shows and can be undone in the session.

    MainScreen provides the list, the pane, the view and the header this part uses."""

    services: AppServices
    store: Store

    def __init__(self, services: AppServices) -> None:
        super().__init__()
        self.services = services
        self.store = services.store
        self._marking = False

    @cached_property
    def mark_all(self) -> MarkAllRead:
        """Mark-all-read and its undo, made at the first `A` (not on the way to the first frame,
        as its dialog)."""
        from newstui.ui.mark_all import MarkAllRead

        return MarkAllRead(self.services.store, self.services.writes)

    # What MainScreen provides

    @property
    def headlines(self) -> HeadlineList:
        raise NotImplementedError

    @property
    def reader(self) -> ReaderPane:
        raise NotImplementedError

    @property
    def view(self) -> View:
        raise NotImplementedError

    @property
    def reading(self) -> bool:
        raise NotImplementedError

    def apply_view(self, view: View) -> None:
        raise NotImplementedError

    def _update_header(self, *, recount: bool = True) -> None:
        raise NotImplementedError

    # Marks

    @property
    def on_article(self) -> bool:
        """The keys about "this article" (`u`, `s`, `o`) act on the article in the pane, not on
        the list's highlight: while an article is open (the list marks its row), or while the
        pane has the focus. In follow mode the highlight moves to each arrival while the article
        stays open; the highlight is their target only with no article open."""
        return self.reading or self.reader.has_focus_within

    def _current(self) -> Headline | None:
        if self.on_article:
            return self.reader.headline or self.headlines.highlighted
        return self.headlines.highlighted

    def action_toggle_read(self) -> None:
        headline = self._current()
        if headline is not None:
            self._store_marks(headline, replace(headline, read=not headline.read))

    def action_toggle_star(self) -> None:
        headline = self._current()
        if headline is not None:
            self._store_marks(headline, replace(headline, starred=not headline.starred))

    def _store_marks(self, before: Headline, after: Headline) -> None:
        """Shows a headline's new marks at once and stores them on the write thread."""
        self._show_marks(after)
        store = self.store

        def write() -> None:
            if after.read != before.read:
                store.set_read([after.id], after.read)
            if after.starred != before.starred:
                store.set_starred(after.id, after.starred)

        done, failed = partial(MarksStored, after), partial(MarksNotStored, before)
        self.services.writes.submit(self, write, lambda _: done(), failed)

    def on_marks_stored(self, message: MarksStored) -> None:
        self._update_header()
        self.services.marks_changed()

    def on_marks_not_stored(self, message: MarksNotStored) -> None:
        self.notify(message.error, severity="error", markup=False)
        self._show_marks(message.before)
        self._update_header()

    def _show_marks(self, headline: Headline) -> None:
        """A headline whose read/starred marks changed, everywhere it is shown: the reading pane
        keeps its own copy, which toggles from the pane read (a stale copy would not toggle)."""
        self.headlines.update_headline(headline)
        self.reader.update_marks(headline)

    def action_mark_all_read(self) -> None:
        if not self._marking:
            self.run_worker(self._mark_all_read(), group="store-writes")

    async def _mark_all_read(self) -> None:
        """Marks read exactly the unread headlines the view and filters show, asking first when
        they are more than a screenful; says how many and how to undo."""
        self._marking = True
        try:
            marked = await self.mark_all.unread_in(self.view)
            count = len(marked.ids)
            if not count:
                self.notify(f"No unread headlines to mark ({marked.where}).", markup=False)
                return
            from newstui.ui.mark_all import ASK_ABOVE

            if count > ASK_ABOVE:
                question = f"Mark {count:,} headlines read?\n{marked.where}"
                from newstui.ui.screens.ask import ConfirmScreen  # not before the first frame

                if not await self.app.push_screen_wait(ConfirmScreen(question)):
                    return
            await self.mark_all.mark(marked)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        finally:
            self._marking = False
        undo = first_key(self, "undo_mark_all", self.services.config.keymap)
        self.notify(
            f"{count:,} headlines marked read ({marked.where}); {undo}: undo",
            markup=False,
            timeout=5,
        )
        self._marks_changed()

    def action_undo_mark_all(self) -> None:
        self.run_worker(self._undo_mark_all(), group="store-writes")

    async def _undo_mark_all(self) -> None:
        try:
            marked = await self.mark_all.undo()
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        if marked is None:
            self.notify("Nothing to undo: no mark-all read in this session.", timeout=3)
            return
        again = f"{len(marked.ids):,} headlines unread again ({marked.where})."
        self.notify(again, markup=False, timeout=3)
        self._marks_changed()

    def _marks_changed(self) -> None:
        """Many marks changed in the store: the view and the counts are read again (and, in
        sync mode, the marks go to the server soon)."""
        self.apply_view(self.view)
        self._update_header()
        self.services.marks_changed()

    def on_write_failed(self, message: WriteFailed) -> None:
        self.notify(message.error, severity="error", markup=False)
