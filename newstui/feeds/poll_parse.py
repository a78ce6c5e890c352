"""Provides the polls' parses: on the event loop's thread when short, else in a worker process."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Mapping

from newstui.models import ParsedFeed
from newstui.net.process_pool import process_pool

INLINE_PARSE_MAX = 256 * 1024
"""Bytes up to which a well-formed feed is parsed on the event loop (about 5 ms per 100 KiB);
bigger ones go to a worker process."""


async def parse_in_process(body: bytes, url: str, headers: Mapping[str, str]) -> ParsedFeed:
    """Parses an ordinary feed on the event loop's thread when the fast path applies (a few ms),
    otherwise in a worker process: feedparser holds the GIL ~65 ms a feed, and a big feed takes
    long even on the fast path; either would freeze the interface."""
    from newstui.feeds import parse as parse_module

    if len(body) <= INLINE_PARSE_MAX:
        fast = parse_module.parse_fast(body, url=url, headers=dict(headers))
        if fast is not None:
            return fast
    return await parse_in_worker(body, url, headers)


async def parse_in_worker(body: bytes, url: str, headers: Mapping[str, str]) -> ParsedFeed:
    """Parses in a worker process, fast path included: for a round over many sources (`fetch`,
    a burst of polls in the ticker), so that parsing (most of a cold round's CPU) runs on every
    core and never on the loop while this process fetches and stores."""
    pool = process_pool()
    job = functools.partial(_parse_feed, body, url, dict(headers))
    # Submitting starts a worker when the pool has fewer than it may: that waits for the
    # forkserver to fork (~250 ms for the first, measured under load), which must not be the
    # loop's wait. A thread submits; the loop only awaits the result.
    submitted = await asyncio.to_thread(pool.submit, job)
    return await asyncio.wrap_future(submitted)


def _parse_feed(body: bytes, url: str, headers: dict[str, str]) -> ParsedFeed:
    """parse_feed, imported where it runs: the worker, not the process that submits."""
    from newstui.feeds.parse import parse_feed

    return parse_feed(body, url=url, headers=headers)
