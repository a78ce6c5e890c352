"""Provides the ways a sync can fail, as values a caller stores like a source's status."""

from __future__ import annotations

import random
from typing import ClassVar

MAX_BACKOFF = 6 * 3600.0
"""Seconds: the longest wait after repeated failures (a day's polls still happen 4 times)."""


class SyncError(Exception):
    """A sync step that did not happen. `str(error)` is one short line for the user's status; it
    never holds the password, the Auth token or the action token (the client scrubs them).

    `transient`: whether trying again later may work (a backoff is due); False means the user
    must change something first (the password, the URL)."""

    transient: ClassVar[bool] = False

    def __init__(
        self, message: str, *, status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        """The HTTP status, when there was an answer."""
        self.retry_after = retry_after
        """Seconds the server asked us to wait (Retry-After), when it did."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, status={self.status!r})"


class AuthFailed(SyncError):
    """The server refused the user and password (HTTP 401/403 at sign-in, or again after a fresh
    sign-in). The client makes no further request until it is made anew."""


class ServerUnavailable(SyncError):
    """No usable answer: connection refused, timeouts, 429, 5xx. Back off and try again."""

    transient = True


class BadAnswer(SyncError):
    """An answer that is not what the API promises: not JSON, an unexpected shape, no Auth line.
    Nothing stored is touched; tried again after a backoff (a proxy's error page passes)."""

    transient = True


class Rejected(SyncError):
    """The server understood and said no (400, 404, a quickadd it could not subscribe to): the
    request, the address or the feed is wrong; sending it again as is will not help."""


def backoff_delay(
    failures: int,
    interval: float,
    retry_after: float | None = None,
    jitter: float = 0.1,
    rng: random.Random | None = None,
) -> float:
    """Seconds to wait before the next sync after `failures` transient failures in a row (>= 1):
    `interval` doubled per failure, at most MAX_BACKOFF, never less than the server's
    Retry-After, stretched or shrunk by up to `jitter` (a fraction) so clients spread out. The
    same rule as the feed poller's backoff (newstui.feeds.poller)."""
    wait = min(interval * 2 ** max(failures - 1, 0), MAX_BACKOFF)
    uniform = rng.uniform if rng is not None else random.uniform
    wait *= 1 + uniform(-jitter, jitter)
    return float(max(wait, retry_after or 0.0))
