"""Provides the one place newstui reaches into httpcore's private parts: its pool's locks and
events on plain asyncio instead of anyio's, listed with the version they were checked against.

Why: httpcore picks its synchronisation per request by sniffio and, on asyncio, takes anyio's
Lock, Event, fail_after and shielded CancelScope: about ten cancel scopes, two lock checkpoints
and an anyio Event for every request, ~0.14 of the ~0.65 ms of CPU a 304 costs (same-run A/B,
500 conditional GETs, benchmarks/RESULTS.md). newstui runs its HTTP on asyncio only, and cancels
only natively (asyncio.timeout, Task.cancel), which an anyio shield does not hold back anyway
(tests/unit/test_httpcore_compat.py shows it): asyncio's own Lock and Event do the same job.

Touches (checked with httpcore 1.0.9 and anyio 4.16.0; the guard test is
tests/unit/test_httpcore_compat.py, which fails when an upgrade moves them):

1. `httpcore._async.connection_pool.AsyncEvent` (a request's wait for a connection, with the
   pool timeout) and `.AsyncShieldCancellation` (around closing connections).
2. `httpcore._async.http11.AsyncLock` (a connection's state) and `.AsyncShieldCancellation`
   (around closing a response).
3. `httpcore._async.connection.AsyncLock` (a connection's first request).

Each is a module global that httpcore's classes read when they make one; `install` replaces
them by the classes below, only for the versions in CHECKED_WITH (any other keeps httpcore's
own: slower, not wrong).
"""

from __future__ import annotations

import asyncio
import types

CHECKED_WITH = {"httpcore": "1.0.9"}
"""The httpcore release the touches above were read against."""

_installed = False


class AsyncioLock:
    """httpcore's AsyncLock, as asyncio.Lock: no checkpoint when free."""

    def __init__(self) -> None:
        self._lock = asyncio.Lock()

    async def __aenter__(self) -> AsyncioLock:
        await self._lock.acquire()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: types.TracebackType | None = None,
    ) -> None:
        self._lock.release()


class AsyncioEvent:
    """httpcore's AsyncEvent: `wait` raises httpcore.PoolTimeout after `timeout` seconds."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def set(self) -> None:
        self._event.set()

    async def wait(self, timeout: float | None = None) -> None:
        if self._event.is_set():
            return
        import httpcore

        try:
            async with asyncio.timeout(timeout):
                await self._event.wait()
        except TimeoutError:
            raise httpcore.PoolTimeout("timed out waiting for a connection") from None


class NoShield:
    """httpcore's AsyncShieldCancellation for code that cancels only natively: nothing to do
    (anyio's shield does not hold back asyncio's own cancellation either)."""

    def __enter__(self) -> NoShield:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: types.TracebackType | None = None,
    ) -> None:
        return None


def install() -> bool:
    """Makes httpcore's HTTP/1.1 pools synchronise on plain asyncio (touches 1-3), once per
    process. Returns whether they do: False for an httpcore outside CHECKED_WITH or one whose
    modules lack the names (left as they are)."""
    global _installed
    if _installed:
        return True
    import httpcore
    from httpcore._async import connection, connection_pool, http11

    if httpcore.__version__ != CHECKED_WITH["httpcore"]:
        return False
    touched = [
        (connection_pool, "AsyncEvent", AsyncioEvent),
        (connection_pool, "AsyncShieldCancellation", NoShield),
        (http11, "AsyncLock", AsyncioLock),
        (http11, "AsyncShieldCancellation", NoShield),
        (connection, "AsyncLock", AsyncioLock),
    ]
    if not all(hasattr(module, name) for module, name, _ in touched):
        return False
    for module, name, replacement in touched:
        setattr(module, name, replacement)
    _installed = True
    return True
