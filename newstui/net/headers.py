"""Provides the fetcher's checks of addresses and headers: http(s) URLs and redirect targets only,
sendable validators, Retry-After."""

from __future__ import annotations

import functools
import sys
import time
from datetime import UTC
from urllib.parse import urlsplit

from newstui.net.errors import Failed

REDIRECTS = frozenset({301, 302, 303, 307, 308})
PERMANENT = frozenset({301, 308})
RETRY_AFTER_CAP = 24 * 3600.0
"""Seconds; a server asking for more than a day gets a day."""
BAD_LOCATION = "bad redirect (malformed Location)"


def sendable(value: str) -> bool:
    """Whether a stored validator (ETag, Last-Modified) can go out as a header value."""
    return value.isascii() and value.isprintable()


def check_url(url: str, scheme_error: str, other_error: str) -> str:
    """`url` stripped, when it is an http(s) URL with a host that httpx can send; else raises
    Failed with `scheme_error` (another scheme) or `other_error` (anything else wrong)."""
    problem = _url_problem(url)
    if problem is _SCHEME:
        raise Failed(scheme_error)
    if problem is not None:
        raise Failed(other_error)
    return url.strip()


_SCHEME = "scheme"
_OTHER = "other"


@functools.lru_cache(maxsize=8192)
def _url_problem(url: str) -> str | None:
    """What is wrong with `url` (_SCHEME, _OTHER), or None. Remembered per URL: a round asks
    for the same addresses every time, and httpx's URL parsing was ~7 % of a conditional GET's
    CPU (cProfile, 500 answers 304)."""
    from newstui.net.exchange import plain_target, target

    plain = plain_target(url.strip())
    if plain is not None and plain.url.port != 0:
        # _PLAIN_URL held it whole: an http(s) scheme, a host, a port up to 65535; urlsplit
        # would say the same (a test holds the two together), at ~3 us a URL a round.
        return None
    try:
        parts = urlsplit(url.strip())
        if parts.scheme.lower() not in ("http", "https"):
            return _SCHEME
        if not parts.hostname or parts.port == 0:  # .port raises on ports past 65535
            return _OTHER
        # Rejects what httpx could not send (bad ports, bad IDNA, ...). The request's own
        # split (exchange.target, remembered) is the check: httpx parsed each URL twice a
        # round before, 16 % of a 5,000-source warm round's CPU (cProfile, 2026-11-30).
        target(url.strip())
    except ValueError:
        return _OTHER
    except Exception as exc:  # httpx.InvalidURL, when httpx.URL had to judge it
        httpx = sys.modules.get("httpx")
        if httpx is not None and isinstance(exc, httpx.InvalidURL):
            return _OTHER
        raise
    return None


@functools.lru_cache(maxsize=8192)
def host_of(url: str) -> str:
    """`url`'s host name, lowercased (urllib's `hostname`); "" when it has none or does not
    split. Remembered per URL: a round splits each address by host three times (the round's
    share per process, its lanes, the fetcher's per-host slots), ~4 % of a 5,000-source warm
    round's CPU when each split its own (cProfile, 2026-11-30). A plain address (nearly every
    feed's) takes its host from the request's own split (exchange.plain_target, one match a
    URL, shared with the URL check and the request), not urlsplit's ~3-5 us: a round finds its
    5,000 sources' hosts before it forks, in one process."""
    from newstui.net.exchange import plain_target

    plain = plain_target(url)
    if plain is not None:
        return plain.url.host.decode("ascii")
    try:
        return urlsplit(url).hostname or ""
    except ValueError:  # a bracketed host that is no IPv6 address: check_url says "bad URL"
        return ""


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds from a Retry-After value (delta or HTTP date, RFC 9110 10.2.3); None when absent,
    past, impossible (a 31 February, a year past 9999) or garbage; at most RETRY_AFTER_CAP.
    A date is any form email.utils.parsedate_to_datetime reads (IMF-fixdate, RFC 850, asctime,
    RFC 5322's own); one it gives without a zone ("-0000", RFC 5322's unknown zone, asctime's
    none, a zone name it does not know) is UTC, as every HTTP date is (RFC 9110 5.6.7).
    `now`: epoch seconds (default the clock's)."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return min(float(value), RETRY_AFTER_CAP)
    import email.utils  # only a 429 or 503 with a date: ~2 ms of imports a round need not pay

    try:
        when = email.utils.parsedate_to_datetime(value)
        if when.tzinfo is None:  # the library's "UTC, local zone unknown" (its docs)
            when = when.replace(tzinfo=UTC)
        moment = when.timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    delta = moment - (time.time() if now is None else now)
    if delta < 0:
        return None
    return min(delta, RETRY_AFTER_CAP)
