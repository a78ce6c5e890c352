"""Provides an httpcore network backend on newstui's own asyncio connections (net.wire), for the
httpcore pools the fetcher still uses (through a proxy).

httpcore documents the network backend as its extension point. The streams are net.wire's; each
of their errors is raised again as its httpcore namesake, with the same text and cause, which is
what httpcore's pools and net.errors.describe expect.
"""

from __future__ import annotations

import contextlib
import ssl
from collections.abc import Iterable, Iterator
from typing import Any

import httpcore

from newstui.net import wire

SocketOption = (
    tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]
)
"""What httpcore passes as socket options (its own alias is private)."""

_NAMESAKES: dict[type[wire.WireError], type[Exception]] = {
    wire.ConnectError: httpcore.ConnectError,
    wire.ConnectTimeout: httpcore.ConnectTimeout,
    wire.ReadTimeout: httpcore.ReadTimeout,
    wire.WriteTimeout: httpcore.WriteTimeout,
    wire.ReadError: httpcore.ReadError,
    wire.WriteError: httpcore.WriteError,
    wire.RemoteProtocolError: httpcore.RemoteProtocolError,
    wire.LocalProtocolError: httpcore.LocalProtocolError,
}


@contextlib.contextmanager
def _as_httpcores() -> Iterator[None]:
    try:
        yield
    except wire.WireError as exc:
        raise _NAMESAKES.get(type(exc), httpcore.NetworkError)(str(exc)) from exc.__cause__


class AsyncioStream(httpcore.AsyncNetworkStream):
    """One connection, plain or TLS, as httpcore wants it."""

    def __init__(self, stream: wire.Stream) -> None:
        self._stream = stream

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        with _as_httpcores():
            return await self._stream.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        with _as_httpcores():
            await self._stream.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._stream.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        with _as_httpcores():
            return AsyncioStream(
                await self._stream.start_tls(ssl_context, server_hostname, timeout)
            )

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class AsyncioBackend(httpcore.AsyncNetworkBackend):
    """Opens AsyncioStreams; hand it to an httpcore connection pool."""

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        with _as_httpcores():
            stream = await wire.connect_tcp(host, port, timeout, local_address)
        _set_options(stream, socket_options)
        return AsyncioStream(stream)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        with _as_httpcores():
            stream = await wire.connect_unix(path, timeout)
        _set_options(stream, socket_options)
        return AsyncioStream(stream)

    async def sleep(self, seconds: float) -> None:
        import asyncio

        await asyncio.sleep(seconds)


def _set_options(stream: wire.Stream, options: Iterable[SocketOption] | None) -> None:
    sock = stream.get_extra_info("socket")
    for option in options or ():
        sock.setsockopt(*option)
