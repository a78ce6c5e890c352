"""Provides the fetcher's connections on plain asyncio protocols (TCP with happy eyeballs, TLS
through `loop.start_tls`, per-operation timeouts) and the errors they raise, without httpcore.

Why not anyio or httpcore's backends: httpcore's default backend on asyncio goes through anyio (a
task group racing addresses per connect, a cancel scope per read and write), about a quarter of
a round of 500 conditional GETs' CPU (benchmarks/RESULTS.md). Why no httpcore at all: the
fetcher's own connections (net.lean) need none of it, and a warm `fetch` then does not import it
(~115 M instructions, ~0.03 s, before the round's fork). net.netbackend puts these streams under
httpcore's interface for the pools that still need it (proxies).
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import ssl
from collections.abc import Coroutine
from typing import Any

HAPPY_EYEBALLS_DELAY = 0.25
"""Seconds before racing the next address of a host (RFC 8305's recommended value): a host whose
IPv6 route is broken must not cost the whole connect timeout."""
_PAUSE_READING_AT = 256 * 1024
"""Bytes buffered and not yet read before the socket stops being read (flow control)."""


class WireError(Exception):
    """A connection, or a request or answer on it, failed on the way. Each subclass has a
    namesake in httpcore (net.netbackend translates them) and says the same line
    (net.errors.describe)."""


class ConnectError(WireError):
    pass


class ConnectTimeout(WireError):
    pass


class ReadTimeout(WireError):
    pass


class WriteTimeout(WireError):
    pass


class ReadError(WireError):
    pass


class WriteError(WireError):
    pass


class RemoteProtocolError(WireError):
    """The server broke HTTP/1.1, or closed the connection before its answer was whole."""


class LocalProtocolError(WireError):
    """A request that cannot be sent (a header with a line break, say)."""


class _Connection(asyncio.Protocol):
    """Buffers what arrives and wakes the one reader or writer waiting on it."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.eof = False
        self.closed = False
        self.error: Exception | None = None
        """Why the connection was lost; None after a clean close."""
        self.reading_paused = False
        self.writing_paused = False
        self._waiter: asyncio.Future[None] | None = None
        """httpcore reads and writes a connection in turn, so one waiter serves both."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if len(self.buffer) > _PAUSE_READING_AT and not self.reading_paused:
            assert self.transport is not None
            self.transport.pause_reading()
            self.reading_paused = True
        self._wake()

    def eof_received(self) -> bool:
        self.eof = True
        self._wake()
        return False  # let the transport close itself

    def connection_lost(self, exc: Exception | None) -> None:
        self.eof = self.closed = True
        self.error = exc
        self._wake()

    def pause_writing(self) -> None:
        self.writing_paused = True

    def resume_writing(self) -> None:
        self.writing_paused = False
        self._wake()

    def _wake(self) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)

    async def changed(self, timeout: float | None, timed_out: WireError) -> None:
        """Waits for anything to happen on the connection; raises `timed_out` after `timeout`."""
        self._waiter = asyncio.get_running_loop().create_future()
        try:
            async with asyncio.timeout(timeout):
                await self._waiter
        except TimeoutError:
            raise timed_out from None
        finally:
            self._waiter = None


class Stream:
    """One connection, plain or TLS: what httpcore calls a network stream."""

    def __init__(self, connection: _Connection, transport: asyncio.Transport) -> None:
        self._connection = connection
        self._transport = transport

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        conn = self._connection
        while not conn.buffer and not conn.eof:
            await conn.changed(timeout, ReadTimeout("timed out reading"))
        if conn.buffer:
            data = bytes(conn.buffer[:max_bytes])
            del conn.buffer[:max_bytes]
            if conn.reading_paused and len(conn.buffer) < _PAUSE_READING_AT // 4:
                conn.reading_paused = False
                self._transport.resume_reading()
            return data
        if conn.error is not None:
            raise ReadError(str(conn.error)) from conn.error
        return b""  # a clean end of stream

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        conn = self._connection
        if conn.closed or self._transport.is_closing():
            raise WriteError("connection closed")
        self._transport.write(buffer)
        while conn.writing_paused and not conn.closed:
            await conn.changed(timeout, WriteTimeout("timed out writing"))
        if conn.closed:
            raise WriteError(str(conn.error or "connection closed")) from conn.error

    async def aclose(self) -> None:
        if self.get_extra_info("ssl_object") is not None:
            # No close_notify handshake (anyio's standard_compatible=False does the same): a
            # server that never answers it must not keep the connection around.
            self._transport.abort()
        else:
            self._transport.close()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> Stream:
        from newstui.net.transport import tls_context

        # A pool made before the shared context was loaded holds a stand-in: loaded here, at
        # the first TLS connection, so that a round of plain-http sources never loads it.
        ssl_context = tls_context(ssl_context)
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                tls = await loop.start_tls(
                    self._transport,
                    self._connection,
                    ssl_context,
                    server_hostname=server_hostname,
                )
        except TimeoutError:
            self._transport.abort()
            raise ConnectTimeout("timed out in the TLS handshake") from None
        except (OSError, ssl.SSLError) as exc:
            self._transport.abort()
            raise ConnectError(str(exc)) from exc
        if tls is None:  # the connection was closed during the handshake
            raise ConnectError("connection closed during the TLS handshake")
        assert isinstance(tls, asyncio.Transport)
        self._connection.transport = tls
        return Stream(self._connection, tls)

    def get_extra_info(self, info: str) -> Any:
        if info == "ssl_object":
            return self._transport.get_extra_info("ssl_object")
        if info == "client_addr":
            return self._transport.get_extra_info("sockname")
        if info == "server_addr":
            return self._transport.get_extra_info("peername")
        if info == "socket":
            return self._transport.get_extra_info("socket")
        if info == "is_readable":
            # httpcore asks this of an idle kept-alive connection: anything to read (stray bytes
            # or the server's close) means it must not be reused. A closing transport too: after
            # a reset asyncio closes it at once but tells the protocol a callback later, and a
            # request sent in between failed as "connection closed", with no retry.
            conn = self._connection
            return bool(conn.buffer) or conn.eof or self._transport.is_closing()
        return None


async def connect_tcp(
    host: str, port: int, timeout: float | None = None, local_address: str | None = None
) -> Stream:
    """A TCP connection to `host` (a name: its addresses raced, happy eyeballs) within
    `timeout` seconds; raises ConnectTimeout, or ConnectError with the OSError as its cause."""
    opening = asyncio.get_running_loop().create_connection(
        _Connection,
        host,
        port,
        local_addr=(local_address, 0) if local_address else None,
        # An address has nothing to race with (and racing costs a task per try).
        happy_eyeballs_delay=None if _is_address(host) else HAPPY_EYEBALLS_DELAY,
    )
    return await connected(opening, timeout)


async def connect_unix(path: str, timeout: float | None = None) -> Stream:
    """A connection to the Unix socket at `path`, as connect_tcp."""
    opening = asyncio.get_running_loop().create_unix_connection(_Connection, path)
    return await connected(opening, timeout)


@functools.lru_cache(maxsize=1024)
def _is_address(host: str) -> bool:
    """Whether `host` is an IP address; remembered per host, asked at each of its
    connections (~1 % of a warm round's CPU, py-spy)."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


async def connected(
    opening: Coroutine[Any, Any, tuple[asyncio.BaseTransport, _Connection]],
    timeout: float | None,
) -> Stream:
    """The stream once `opening` has connected, within `timeout`."""
    try:
        async with asyncio.timeout(timeout):
            transport, connection = await opening
    except TimeoutError:
        raise ConnectTimeout("timed out connecting") from None
    except OSError as exc:
        raise ConnectError(str(exc)) from exc
    assert isinstance(transport, asyncio.Transport)
    return Stream(connection, transport)
