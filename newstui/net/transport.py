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

    from newstui.net.lean import LeanPool


def make_pool(
    size: int, proxy: str | None, ssl_context: ssl.SSLContext | None
) -> httpcore.AsyncConnectionPool | LeanPool:
    """A host's pool of `size` HTTP/1.1 connections on newstui's asyncio network backend:
    newstui's own (net.lean) when direct; through `proxy` (an http(s) or socks5 proxy URL;
    socks needs the socksio package) an httpcore pool set up as httpx's transport sets up its
    own, with the backend as httpcore's documented `network_backend`."""
    if proxy is None:
        from newstui.net.lean import LeanPool

        # None until the shared context is loaded: the pool asks for it at its first TLS
        # connection (shared_tls_context). Not even a stand-in is made: an SSLContext costs
        # ~1 % of a warm round of 500 in each process (py-spy; benchmarks/RESULTS.md, warm4).
        return LeanPool(size, ssl_context or _ssl_context)
    verify = ssl_context or _shared_or_deferred()
    import httpcore
    import httpx

    from newstui.net.httpcore_compat import install
    from newstui.net.netbackend import AsyncioBackend

    install()  # the pool's locks and events on plain asyncio (see httpcore_compat)
    backend = AsyncioBackend()

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
_deferred: ssl.SSLContext | None = None
"""Stands for the shared context in pools made before it was loaded (see tls_context)."""
_ALPN = ["http/1.1"]
"""What httpcore sets on a pool's context at each TLS connection when HTTP/2 is off (make_pool
never turns it on): set on the shared context when it replaces the stand-in, whose ALPN
httpcore set instead."""


def _shared_or_deferred() -> ssl.SSLContext:
    """The shared context when it is loaded, else a stand-in that the network backend replaces
    by it at the first TLS handshake (tls_context), for httpcore's pools (proxies), which need
    a context to hold: a round of plain-http sources (an intranet,
    a local feed server, the benchmarks' farm) never loads certifi's CA bundle, 30-50 ms of CPU
    per process (benchmarks/RESULTS.md)."""
    global _deferred
    if _ssl_context is not None:
        return _ssl_context
    if _deferred is None:
        _deferred = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # no CA loaded: never used as such
    return _deferred


def tls_context(context: ssl.SSLContext) -> ssl.SSLContext:
    """The context a TLS handshake must use: `context`, or the shared one (loaded now if need
    be) when `context` is the stand-in of a pool made before it was loaded."""
    if context is not _deferred:
        return context
    return shared_tls_context()


def shared_tls_context() -> ssl.SSLContext:
    """The shared context (loaded now if need be) for a pool made before it was loaded, with
    the ALPN httpcore would have set on the pool's own."""
    shared = shared_ssl_context()
    shared.set_alpn_protocols(_ALPN)
    return shared


def shared_ssl_context() -> ssl.SSLContext:
    """httpx's default TLS settings (certifi's CA bundle), loaded once per process: loading the
    bundle costs ~30 ms, and each pool would load its own. Waits for start_loading_tls's thread
    when one is loading it."""
    global _ssl_context
    if _loading is not None:
        _loading.join()
    if _ssl_context is None:
        _ssl_context = _default_context()
    return _ssl_context


def _default_context() -> ssl.SSLContext:
    """What httpx.create_ssl_context() makes (httpx 0.28.1, read there; without importing
    httpx, ~125 M instructions): SSL_CERT_FILE or SSL_CERT_DIR from the environment if set,
    else certifi's CA bundle."""
    import os

    import certifi

    if os.environ.get("SSL_CERT_FILE"):
        return ssl.create_default_context(cafile=os.environ["SSL_CERT_FILE"])
    if os.environ.get("SSL_CERT_DIR"):
        return ssl.create_default_context(capath=os.environ["SSL_CERT_DIR"])
    return ssl.create_default_context(cafile=certifi.where())


def start_loading_tls() -> None:
    """Starts loading the shared TLS context on a thread: OpenSSL reads the CA bundle without
    the GIL, so on a second core it costs the caller's start-up no wall time (~30-50 ms before,
    the first thing a round did before forking its helper). `shared_ssl_context` waits for it;
    call that (or load_http_stack) before any fork, so that no thread is left running. A caller
    whose requests are all plain http need not call it: nothing then loads the bundle unless a
    redirect leads to https (tls_context)."""
    global _loading
    if _ssl_context is not None or _loading is not None:
        return
    import certifi  # noqa: F401  (here, not on the thread: imports stay on the main thread)

    def load() -> None:
        global _ssl_context
        # A failure (a bad SSL_CERT_FILE) is raised again where shared_ssl_context loads it.
        with contextlib.suppress(Exception):
            _ssl_context = _default_context()

    _loading = threading.Thread(target=load, name="newstui-tls", daemon=True)
    _loading.start()


def load_http_stack() -> None:
    """Imports the fetcher's HTTP stack now (net.lean and llhttp; not httpx nor httpcore, which
    only proxies and unusual addresses need), and waits for start_loading_tls's thread if one
    was started, rather than at the first fetch: processes forked afterwards (a round split
    over processes) then share them instead of each paying, and no thread runs at the fork."""
    import newstui.net.fetch
    import newstui.net.lean  # noqa: F401

    if _loading is not None:
        shared_ssl_context()
