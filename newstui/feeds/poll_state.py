"""Provides the poll state machine: a source's next fetch state from what one poll found, as pure
functions of the old state, the fetch, the parse, the time and a random source for jitter.

The rules (README, "How it polls"):
- A source is due at its own interval (`refresh`), never sooner than its feed's `<ttl>`, each
  interval stretched or shrunk by up to `jitter` (a fraction) so that sources spread out.
- 200 with a feed: status ok, failures reset, the new ETag/Last-Modified kept for the next
  conditional GET, the feed's title and ttl kept; a parse problem (malformed XML that still gave
  entries) is the status's message.
- 304 Not Modified: status unchanged, failures reset; validators the 304 did not resend are kept.
- Any failure (network, HTTP status, not a feed, the database): status error, one more failure,
  the next poll after `interval * 2 ** (failures - 1)` capped at MAX_BACKOFF, never sooner than a
  server's Retry-After (429/503), which the status names and a manual poll (`r`) waits for too.
- 410 Gone: status gone, not polled again (no next poll), and the message says so.
- A permanent redirect (every hop 301 or 308) is remembered as the address to poll from now on,
  but only once its target answered with a feed (or 304 to our validators): a publisher that
  points its feed at a page that is not a feed (its home page in a relaunch, a 404, garbage)
  keeps the feed's own address, the status says where it was sent, and it is retried.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from math import ceil
from typing import TYPE_CHECKING

from newstui.models import ParsedFeed, Source, SourceStatus

if TYPE_CHECKING:
    from newstui.net.fetch import FetchResult

MAX_BACKOFF = 6 * 3600.0
"""Longest wait after repeated failures, seconds."""

GONE_MESSAGE = "HTTP 410 Gone: the publisher removed this feed; polling stopped"


@dataclass(frozen=True)
class Jitter:
    """Stretches or shrinks each interval by a random factor in [1 - fraction, 1 + fraction]."""

    fraction: float
    rng: random.Random

    def apply(self, seconds: float) -> timedelta:
        factor = 1.0 + self.rng.uniform(-self.fraction, self.fraction) if self.fraction else 1.0
        return timedelta(seconds=seconds * factor)


def interval_for(source: Source) -> float:
    """Seconds between polls: the configured refresh, never sooner than the feed's own <ttl>."""
    return max(source.refresh, source.ttl or 0.0)


def next_state(
    source: Source,
    result: FetchResult,
    parsed: ParsedFeed | None,
    now: datetime,
    jitter: Jitter,
) -> Source:
    """The state of `source` after a poll at `now` that fetched `result` (from
    `source.fetch_url`) and, when the fetch gave a body (`result.ok`), parsed it as `parsed`.
    A new Source: `source` is left as it was. Raises ValueError for a body that was not parsed."""
    state = replace(source, last_fetch=now, retry_until=None)  # only this poll's answer counts
    if result.gone:
        state.last_status, state.last_error, state.next_poll = SourceStatus.GONE, GONE_MESSAGE, None
        state.failures += 1
        return state
    if result.not_modified:
        state.last_status, state.last_error, state.failures = SourceStatus.UNCHANGED, None, 0
        state.etag = result.etag or state.etag
        state.last_modified = result.last_modified or state.last_modified
        state.moved_to = result.moved_to or state.moved_to  # the target knew our validators
        state.next_poll = now + jitter.apply(interval_for(state))
        return state
    if result.error is not None or not result.ok:
        error = _where(result.error or f"HTTP {result.status}", result)
        return failed(state, error, now, jitter, retry_after=result.retry_after)
    if parsed is None:
        raise ValueError("a fetched body must be parsed before its poll's state is known")
    if result.moved_to and not _adoptable(parsed):
        why = (parsed.problem or "no entries").removeprefix("not a feed: ")
        problem = f"redirected permanently to {result.moved_to}, which is not a feed ({why})"
        problem = _with_alternates(problem, parsed) + f"; still polling {result.url}"
        return failed(state, problem, now, jitter)
    if not parsed.is_feed:
        problem = _with_alternates(_where(parsed.problem or "not a feed", result), parsed)
        return failed(state, problem, now, jitter)
    state.last_status, state.failures = SourceStatus.OK, 0
    state.last_error = parsed.problem
    state.etag, state.last_modified = result.etag, result.last_modified
    state.moved_to = result.moved_to or state.moved_to
    if parsed.title:
        state.feed_title = parsed.title
    state.ttl = parsed.ttl
    state.site_link = parsed.link or state.site_link
    state.next_poll = now + jitter.apply(interval_for(state))
    return state


def _where(problem: str, result: FetchResult) -> str:
    """The problem, naming where it was met when a redirect led away from the polled address."""
    if result.final_url != result.url:
        problem += f" (at {result.final_url}, where {result.url} redirects)"
    return problem


def _with_alternates(problem: str, parsed: ParsedFeed) -> str:
    if parsed.alternates:
        problem += "; it links to the feed " + ", ".join(parsed.alternates[:3])
    return problem


def _adoptable(parsed: ParsedFeed) -> bool:
    """A redirect target proved to be a feed: a feed document that is whole, or that gave
    entries despite a problem (a truncated document with nothing in it proves nothing)."""
    return parsed.is_feed and (bool(parsed.entries) or parsed.problem is None)


def failed(
    state: Source,
    error: str,
    now: datetime,
    jitter: Jitter,
    *,
    retry_after: float | None = None,
) -> Source:
    """The state after a poll that failed with `error` (one line for the user): one more
    failure, and the next poll backed off exponentially (capped at MAX_BACKOFF, jittered),
    never sooner than `retry_after` seconds (a server's Retry-After), which is kept as
    `retry_until` (for `server_wait`) and said in the status. Used too when a poll's new state
    could not be saved: the source is then retried after the same backoff."""
    if retry_after:
        error += f"; the server asked for no poll sooner (Retry-After: {ceil(retry_after)} s)"
        state = replace(state, retry_until=now + timedelta(seconds=ceil(retry_after)))
    state = replace(state, last_status=SourceStatus.ERROR, last_error=error)
    state.failures += 1
    backoff = min(interval_for(state) * 2 ** (state.failures - 1), MAX_BACKOFF)
    state.next_poll = now + jitter.apply(max(backoff, retry_after or 0.0))
    if retry_after and state.next_poll < now + timedelta(seconds=retry_after):
        state.next_poll = now + timedelta(seconds=retry_after)
    return state


def server_wait(source: Source) -> datetime | None:
    """Until when `source`'s server asked not to be polled (a Retry-After on its last poll, a
    429 or 503: `retry_until`, kept by `failed`), None when it asked for no wait. A manual
    poll of every source (`r`) leaves it alone until then: a polite client does not come
    back sooner because its user pressed a key."""
    if source.last_status is not SourceStatus.ERROR:
        return None  # a wait belongs to the failure it came with (a sync may rewrite status)
    return source.retry_until
