"""Provides the HTTP stack's set-up: connection pools on newstui's network backend, the shared
TLS context, and loading both before a fork."""

from __future__ import annotations

import ssl
from typing import TYPE_CHECKING

from newstui.net.exchange import KEEPALIVE_EXPIRY

if TYPE_CHECKING:  # the HTTP stack costs ~0.1 s to import: only fetching pays for it
    import httpcore


def make_pool(
    size: int, proxy: str | None, ssl_context: ssl.SSLContext | None
) -> httpcore.AsyncConnectionPool:
    """An httpcore pool of `size` HTTP/1.1 connections on newstui's asyncio network backend
    (httpcore's documented `network_backend`), set up as httpx's transport sets up its own:
    `proxy` an http(s) or socks5 proxy URL (socks needs the socksio package)."""
    import httpcore

    from newstui.net.httpcore_compat import install
    from newstui.net.netbackend import AsyncioBackend

    install()  # the pool's locks and events on plain asyncio (see httpcore_compat)
    verify = ssl_context or shared_ssl_context()
    backend = AsyncioBackend()
    if proxy is None:
        return httpcore.AsyncConnectionPool(
            ssl_context=verify,
            max_connections=size,
            max_keepalive_connections=size,
            keepalive_expiry=KEEPALIVE_EXPIRY,
            network_backend=backend,
        )
    import httpx

    via = httpx.Proxy(proxy)  # read as httpx reads it: scheme, credentials, headers
    url = httpcore.URL(
        scheme=via.url.raw_scheme, host=via.url.raw_host, port=via.url.port, target=via.url.raw_path
    )
    if via.url.scheme in ("socks5", "socks5h"):
        return httpcore.AsyncSOCKSProxy(
            proxy_url=url,
            proxy_auth=via.raw_auth,
            ssl_context=verify,
            max_connections=size,
            max_keepalive_connections=size,
            keepalive_expiry=KEEPALIVE_EXPIRY,
            network_backend=backend,
        )
    return httpcore.AsyncHTTPProxy(
        proxy_url=url,
        proxy_auth=via.raw_auth,
        proxy_headers=via.headers.raw,
        ssl_context=verify,
        proxy_ssl_context=via.ssl_context,
        max_connections=size,
        max_keepalive_connections=size,
        keepalive_expiry=KEEPALIVE_EXPIRY,
        network_backend=backend,
    )


_ssl_context: ssl.SSLContext | None = None


def shared_ssl_context() -> ssl.SSLContext:
    """httpx's default TLS settings (certifi's CA bundle), loaded once per process: loading the
    bundle costs ~30 ms, and each pool would load its own."""
    global _ssl_context
    if _ssl_context is None:
        import httpx

        _ssl_context = httpx.create_ssl_context()
    return _ssl_context


def load_http_stack() -> None:
    """Imports the HTTP stack and loads the TLS context now rather than at the first fetch:
    processes forked afterwards (a round split over processes) then share them instead of each
    paying."""
    import httpcore  # noqa: F401
    import httpx  # noqa: F401  (URLs are parsed by it, cookies kept by it)

    from newstui.net.httpcore_compat import install

    install()
    shared_ssl_context()
