"""Tests that a Retry-After date is read in every form email.utils reads (RFC 9110's three HTTP
date forms and RFC 5322's, "-0000" its unknown zone among them) as a moment in UTC, as every
HTTP date is: an impossible or past date is no wait, a far one is capped at a day."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from newstui.net.fetch import Fetcher
from newstui.net.headers import RETRY_AFTER_CAP, parse_retry_after
from tests.server import FeedServer

NOW = 1761991200.0  # Sat, 01 Nov 2025 10:00:00 GMT


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Sat, 01 Nov 2025 10:02:00 -0000", 120.0),  # RFC 5322 3.3: UTC, local zone unknown
        ("1 Nov 2025 10:02 -0000", 120.0),  # no weekday, no seconds
        ("Sat, 01 Nov 2025 10:02:00 +0000 (UTC)", 120.0),  # with a comment
        ("Saturday, 01-Nov-25 10:02:00 GMT", 120.0),  # RFC 850, two-digit year
        ("Sat Nov  1 10:02:00 2025", 120.0),  # asctime: no zone, GMT (RFC 9110 5.6.7)
        ("Sat, 01 Nov 2025 11:02:00 +0100", 120.0),  # a numeric zone
        ("Sat, 01 Nov 2025 05:02:00 EST", 120.0),  # a zone name RFC 5322 lists
        ("Sat, 01 Nov 2025 10:02:00 XYZ", 120.0),  # an unknown name: the library's UTC
        ("Sat, 01 Nov 2025 09:58:00 -0000", None),  # past
        ("Fri, 31 Dec 9999 23:59:59 -0000", RETRY_AFTER_CAP),  # far: capped as other waits
        ("Thu, 01 Jan 2099 00:00:00 -1400", RETRY_AFTER_CAP),
        ("Sat, 31 Feb 2026 10:02:00 -0000", None),  # no such day
        ("Sat, 01 Nov 2025 25:02:00 -0000", None),  # no such hour
        ("Sat, 01 Nov 10000 10:02:00 -0000", None),  # past what a date can hold
        ("Sat, 01 Nov 2025 10:02:00 +9999", None),  # no such offset
        ("-0000", None),
    ],
)
def test_a_date_is_read_as_the_library_reads_it(value: str, expected: float | None) -> None:
    assert parse_retry_after(value, now=NOW) == expected


async def test_a_429_whose_date_ends_in_minus_0000_asks_for_its_wait(
    feed_server: FeedServer,
) -> None:
    moment = datetime.fromtimestamp(time.time() + 600, tz=UTC)
    when = moment.strftime("%a, %d %b %Y %H:%M:%S -0000")
    url = feed_server.route("/busy", "slow down", status=429, headers={"Retry-After": when})
    async with Fetcher() as fetcher:
        result = await fetcher.fetch(url)
    assert result.status == 429 and result.retry_after is not None
    assert 590 <= result.retry_after <= 601  # the date's second resolution, and time passes
