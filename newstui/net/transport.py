"""Provides the HTTP stack's set-up: transports on newstui's network backend, the shared TLS
context, and loading both before a fork."""

from __future__ import annotations

import ssl
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # httpx costs ~80-140 ms to import: only fetching pays for it
    import httpx


def make_transport(
    size: int, proxy: str | None, ssl_context: ssl.SSLContext | None
) -> httpx.AsyncHTTPTransport:
    """An HTTP/1.1 transport of `size` connections on newstui's asyncio network backend."""
    import httpx

    from newstui.net.httpx_compat import set_network_backend
    from newstui.net.netbackend import AsyncioBackend

    transport = httpx.AsyncHTTPTransport(
        verify=ssl_context or shared_ssl_context(),
        http2=False,
        trust_env=False,
        proxy=proxy,
        limits=httpx.Limits(max_connections=size, max_keepalive_connections=size),
    )
    set_network_backend(transport, AsyncioBackend())
    return transport


_ssl_context: ssl.SSLContext | None = None


def shared_ssl_context() -> ssl.SSLContext:
    """httpx's default TLS settings (certifi's CA bundle), loaded once per process: loading the
    bundle costs ~30 ms, and each client would load its own."""
    global _ssl_context
    if _ssl_context is None:
        import httpx

        _ssl_context = httpx.create_ssl_context()
    return _ssl_context


def load_http_stack() -> None:
    """Imports httpx and loads the TLS context now rather than at the first fetch: processes
    forked afterwards (a round split over processes) then share them instead of each paying."""
    import httpcore  # noqa: F401  (httpx imports it lazily)
    import httpx  # noqa: F401

    from newstui.net.anyio_compat import preload_asyncio_backend

    # httpcore's pool locks are anyio's on asyncio, whose backend loads at the first request.
    preload_asyncio_backend()
    shared_ssl_context()
