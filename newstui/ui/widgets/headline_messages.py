"""Provides the messages a headline list posts (handled as `on_headline_list_<name>`)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual.message import Message

from newstui.models import Headline
from newstui.ui.widgets.headline_paint import Layout

if TYPE_CHECKING:
    from newstui.ui.widgets.headline_list import HeadlineList


class FromList(Message, namespace="headline_list"):
    """A message from a headline list; `control` is the list, as Textual's widgets do."""

    def __init__(self, headline_list: HeadlineList) -> None:
        super().__init__()
        self.headline_list = headline_list

    @property
    def control(self) -> HeadlineList:
        return self.headline_list


class Highlighted(FromList, namespace="headline_list"):
    """The highlight moved to another headline.

    `following` is True when follow mode moved it to an arriving headline, not the reader: a
    screen must not open, preview or otherwise act for the reader on it (the open article never
    changes by itself).
    """

    def __init__(
        self, headline_list: HeadlineList, headline: Headline, *, following: bool = False
    ) -> None:
        super().__init__(headline_list)
        self.headline = headline
        self.following = following


class Opened(FromList, namespace="headline_list"):
    """The reader asked to open a headline (Enter, double click, click on the highlight).

    Only ever posted for what the reader did, never for news arriving.
    """

    def __init__(self, headline_list: HeadlineList, headline: Headline) -> None:
        super().__init__(headline_list)
        self.headline = headline


class NewAbove(FromList, namespace="headline_list"):
    """The number of new headlines above the viewport changed (0: all seen)."""

    def __init__(self, headline_list: HeadlineList, count: int) -> None:
        super().__init__(headline_list)
        self.count = count


class NeedOlder(FromList, namespace="headline_list"):
    """The reader is within a page of the oldest held headline: page older ones in.

    Answer with `extend_older()`; it is asked once per oldest headline.
    """

    def __init__(self, headline_list: HeadlineList, before: Headline) -> None:
        super().__init__(headline_list)
        self.before = before


class DayInView(FromList, namespace="headline_list"):
    """The local date of the headline at the top of the view changed (None: the list is empty).

    No separator line names the newest day, so a screen shows this one above the list.
    """

    def __init__(self, headline_list: HeadlineList, day: date | None) -> None:
        super().__init__(headline_list)
        self.day = day


class LayoutChanged(FromList, namespace="headline_list"):
    """The reader switched layouts (`toggle_layout`): `layout` is the one chosen, to remember
    (a screen stores it and passes it back as the list's `layout` next time)."""

    def __init__(self, headline_list: HeadlineList, layout: Layout) -> None:
        super().__init__(headline_list)
        self.layout = layout


class StoryWanted(FromList, namespace="headline_list"):
    """The reader asked to expand the story whose row is `headline` (e, or a click on its
    mark): answer with `expand_story(headline, its other headlines)`."""

    def __init__(self, headline_list: HeadlineList, headline: Headline) -> None:
        super().__init__(headline_list)
        self.headline = headline
