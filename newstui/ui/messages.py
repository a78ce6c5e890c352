"""Provides the messages the app and its workers report to the main screen with (none bubbles)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from newstui.config.schema import Config
from newstui.models import Headline, Source

if TYPE_CHECKING:  # sync's modules load only in sync mode, the poller's after the first paint
    from newstui.feeds.poller import PollOutcome
    from newstui.feeds.stories import Placement
    from newstui.sync.syncer import SyncResult


@dataclass
class PollStarted(Message, bubble=False):
    """The poller began fetching `source`."""

    source: Source


@dataclass
class PollFinished(Message, bubble=False):
    """The poller finished one source, successfully or not."""

    outcome: PollOutcome


@dataclass
class PollerFailed(Message, bubble=False):
    """Polling (on the network thread) ended with an error it was not made to handle."""

    error: BaseException


@dataclass
class SourcesSynced(Message, bubble=False):
    """The config's sources are in the store (at start-up, and after each edit)."""

    config: Config
    sources: list[Source]


@dataclass
class MarksStored(Message, bubble=False):
    """The read or starred marks the reader gave `headline` are stored."""

    headline: Headline


@dataclass
class MarksNotStored(Message, bubble=False):
    """Marks could not be stored: `before` is how the headline was, to show it so again."""

    before: Headline
    error: str


@dataclass
class WriteFailed(Message, bubble=False):
    """A write the interface started failed; `error` says why in one line (StoreError's text)."""

    error: str


@dataclass
class StoreWaiting(Message, bubble=False):
    """A write waits for another process's lock on the database; `text` says so in one line."""

    text: str


@dataclass
class SyncStarted(Message, bubble=False):
    """Sync mode: a sync with the server began."""


@dataclass
class SyncFinished(Message, bubble=False):
    """Sync mode: a sync ended (its new headlines came as PollFinished, source by source)."""

    result: SyncResult


@dataclass
class MarksSent(Message, bubble=False):
    """Sync mode: marks made here were sent between syncs, or stay queued (`error`)."""

    error: str | None


@dataclass
class StoriesPlaced(Message, bubble=False):
    """Stored headlines were placed in stories apart from a poll (the backlog an older newstui
    or a large `fetch` left): headlines shown may belong to other stories now."""

    placement: Placement
