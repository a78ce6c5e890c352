"""Provides the HTTP stack's set-up: connection pools on newstui's network backend, the shared
TLS context, and loading both before a fork."""

from __future__ import annotations

import contextlib
import ssl
import threading
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
_loading: threading.Thread | None = None
"""The thread loading _ssl_context, when start_loading_tls started one."""


def shared_ssl_context() -> ssl.SSLContext:
    """httpx's default TLS settings (certifi's CA bundle), loaded once per process: loading the
    bundle costs ~30 ms, and each pool would load its own. Waits for start_loading_tls's thread
    when one is loading it."""
    global _ssl_context
    if _loading is not None:
        _loading.join()
    if _ssl_context is None:
        import httpx

        _ssl_context = httpx.create_ssl_context()
    return _ssl_context


def start_loading_tls() -> None:
    """Starts loading the shared TLS context on a thread: OpenSSL reads the CA bundle without
    the GIL, so on a second core it costs the caller's start-up no wall time (~30-50 ms before,
    the first thing a round did before forking its helper). `shared_ssl_context` waits for it;
    call that (or load_http_stack) before any fork, so that no thread is left running."""
    global _loading
    if _ssl_context is not None or _loading is not None:
        return
    import httpx  # here, not on the thread: imports stay on the main thread

    def load() -> None:
        global _ssl_context
        # A failure (a bad SSL_CERT_FILE) is raised again where shared_ssl_context loads it.
        with contextlib.suppress(Exception):
            _ssl_context = httpx.create_ssl_context()

    _loading = threading.Thread(target=load, name="newstui-tls", daemon=True)
    _loading.start()


def load_http_stack() -> None:
    """Imports the HTTP stack and loads the TLS context now (or waits for start_loading_tls's
    thread) rather than at the first fetch: processes forked afterwards (a round split over
    processes) then share them instead of each paying."""
    import httpcore  # noqa: F401
    import httpx  # noqa: F401  (URLs are parsed by it, cookies kept by it)

    from newstui.net.httpcore_compat import install

    install()
    shared_ssl_context()
