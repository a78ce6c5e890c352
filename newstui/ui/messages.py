"""Provides the messages the app and its workers report to the main screen with (none bubbles).

Plain classes, as Textual's own messages: a dataclass's methods are generated as source text and
compiled at import, ~1.3 M instructions a message on the way to the first frame
(benchmarks/first_frame.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

from newstui.config.schema import Config
from newstui.models import Headline, Source

if TYPE_CHECKING:  # sync's modules load only in sync mode, the poller's after the first paint
    from newstui.feeds.poller import PollOutcome
    from newstui.feeds.stories import Placement
    from newstui.sync.syncer import SyncResult


class PollStarted(Message, bubble=False):
    """The poller began fetching `source`."""

    def __init__(self, source: Source) -> None:
        self.source = source
        super().__init__()


class PollFinished(Message, bubble=False):
    """The poller finished one source, successfully or not."""

    def __init__(self, outcome: PollOutcome) -> None:
        self.outcome = outcome
        super().__init__()


class PollerFailed(Message, bubble=False):
    """Polling (on the network thread) ended with an error it was not made to handle."""

    def __init__(self, error: BaseException) -> None:
        self.error = error
        super().__init__()


class SourcesSynced(Message, bubble=False):
    """The config's sources are in the store (at start-up, and after each edit)."""

    def __init__(self, config: Config, sources: list[Source]) -> None:
        self.config = config
        self.sources = sources
        super().__init__()


class MarksStored(Message, bubble=False):
    """The read or starred marks the reader gave `headline` are stored."""

    def __init__(self, headline: Headline) -> None:
        self.headline = headline
        super().__init__()


class MarksNotStored(Message, bubble=False):
    """Marks could not be stored: `before` is how the headline was, to show it so again."""

    def __init__(self, before: Headline, error: str) -> None:
        self.before = before
        self.error = error
        super().__init__()


class WriteFailed(Message, bubble=False):
    """A write the interface started failed; `error` says why in one line (StoreError's text)."""

    def __init__(self, error: str) -> None:
        self.error = error
        super().__init__()


class StoreWaiting(Message, bubble=False):
    """A write waits for another process's lock on the database; `text` says so in one line."""

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__()


class SyncStarted(Message, bubble=False):
    """Sync mode: a sync with the server began."""


class SyncFinished(Message, bubble=False):
    """Sync mode: a sync ended (its new headlines came as PollFinished, source by source)."""

    def __init__(self, result: SyncResult) -> None:
        self.result = result
        super().__init__()


class MarksSent(Message, bubble=False):
    """Sync mode: marks made here were sent between syncs, or stay queued (`error`)."""

    def __init__(self, error: str | None) -> None:
        self.error = error
        super().__init__()


class StoriesPlaced(Message, bubble=False):
    """Stored headlines were placed in stories apart from a poll (the backlog an older newstui
    or a large `fetch` left): headlines shown may belong to other stories now."""

    def __init__(self, placement: Placement) -> None:
        self.placement = placement
        super().__init__()
