"""Provides the one place newstui reaches into httpx's private parts, each touch listed with the
versions it was checked against.

Touches (checked with httpx 0.28.1 and httpcore 1.0.9; the guard test is
tests/unit/test_httpx_compat.py, which fails, rather than the speed silently going, when an
upgrade renames them):

1. `httpx.AsyncHTTPTransport._pool` is the httpcore pool the transport sends through (an
   `httpcore.AsyncConnectionPool`, or its subclass `AsyncHTTPProxy` with a proxy), and
   `_network_backend` is the attribute that pool reads the backend from on every connect.
   httpx takes no backend argument; httpcore's pool does (`network_backend=`, its documented
   extension point), but building the pool ourselves would mean re-writing httpx's transport
   (its exception mapping and response streams). Setting the attribute before the first request
   gives the same pool the backend it would have been constructed with.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # httpx costs ~80-140 ms to import: only fetching pays for it
    import httpcore
    import httpx

CHECKED_WITH = {"httpx": "0.28.1", "httpcore": "1.0.9"}
"""The versions the touches above were read against."""


def set_network_backend(
    transport: httpx.AsyncHTTPTransport, backend: httpcore.AsyncNetworkBackend
) -> None:
    """Makes `transport`'s connection pool open its connections through `backend` (touch 1).
    Call it before the transport's first request. Raises AttributeError when httpx no longer
    has the attribute (an upgrade past CHECKED_WITH)."""
    pool = transport._pool
    if not hasattr(pool, "_network_backend"):
        raise AttributeError("the pool has no _network_backend: see newstui.net.httpx_compat")
    pool._network_backend = backend


def network_backend(transport: httpx.AsyncHTTPTransport) -> httpcore.AsyncNetworkBackend:
    """The backend `transport`'s pool opens connections with (touch 1), for the guard test."""
    backend: httpcore.AsyncNetworkBackend = transport._pool._network_backend
    return backend
