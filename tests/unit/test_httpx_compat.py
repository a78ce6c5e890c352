"""Tests the guard of every touch of httpx's private parts (newstui.net.httpx_compat)."""

from __future__ import annotations

from importlib.metadata import version

import httpx

from newstui.net import httpx_compat
from newstui.net.fetch import Fetcher
from newstui.net.netbackend import AsyncioBackend


async def test_the_fetcher_uses_this_backend() -> None:
    # httpx takes no backend argument: the fetcher sets it on the pool, a private attribute that
    # an httpx upgrade could rename. Then this fails, rather than the speed silently going.
    async with Fetcher() as fetcher:
        client = fetcher._get_client("http://127.0.0.1/")
        transport = client._transport
        assert isinstance(transport, httpx.AsyncHTTPTransport)
        assert isinstance(httpx_compat.network_backend(transport), AsyncioBackend)


def test_a_proxy_transport_takes_the_backend_too() -> None:
    transport = httpx.AsyncHTTPTransport(proxy="http://127.0.0.1:9")
    backend = AsyncioBackend()
    httpx_compat.set_network_backend(transport, backend)
    assert httpx_compat.network_backend(transport) is backend


def test_the_installed_versions_are_the_checked_series() -> None:
    # A new minor release may move what the touches reach: read them again, then update
    # CHECKED_WITH. Patch releases of the same series are taken as they come.
    for package, checked in httpx_compat.CHECKED_WITH.items():
        series = ".".join(checked.split(".")[:2])
        assert version(package).startswith(series + "."), (package, version(package), checked)
