"""Tests the asyncio network backend against real sockets on 127.0.0.1."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable

import httpcore
import pytest

from newstui.net.netbackend import AsyncioBackend
from tests.waiting import until

Serve = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


@pytest.fixture
async def serve() -> AsyncIterator[Callable[[Serve], Awaitable[int]]]:
    """Starts a raw TCP server on 127.0.0.1 with the given handler; returns its port."""
    servers: list[asyncio.Server] = []

    async def start(handler: Serve) -> int:
        server = await asyncio.start_server(handler, "127.0.0.1", 0)
        servers.append(server)
        return int(server.sockets[0].getsockname()[1])

    yield start
    for server in servers:
        server.close()
        await server.wait_closed()


async def test_echo_round_trip_and_clean_end_of_stream(
    serve: Callable[[Serve], Awaitable[int]],
) -> None:
    async def echo_then_close(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(await reader.readexactly(5))
        await writer.drain()
        writer.close()

    port = await serve(echo_then_close)
    stream = await AsyncioBackend().connect_tcp("127.0.0.1", port, timeout=5)
    await stream.write(b"hello", timeout=5)
    assert await stream.read(3, timeout=5) == b"hel"  # max_bytes is honoured
    assert await stream.read(100, timeout=5) == b"lo"
    assert await stream.read(100, timeout=5) == b""  # the server's close is a clean end
    await stream.aclose()


async def test_is_readable_tells_an_idle_connection_from_one_the_server_closed(
    serve: Callable[[Serve], Awaitable[int]],
) -> None:
    closing = asyncio.Event()

    async def close_when_told(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await closing.wait()
        writer.close()

    port = await serve(close_when_told)
    stream = await AsyncioBackend().connect_tcp("127.0.0.1", port, timeout=5)
    await asyncio.sleep(0.05)
    assert stream.get_extra_info("is_readable") is False  # idle and alive: reusable
    closing.set()
    await until(lambda: stream.get_extra_info("is_readable"))
    assert stream.get_extra_info("is_readable") is True  # closed: httpcore must not reuse it
    await stream.aclose()


async def test_read_timeout_is_httpcores(serve: Callable[[Serve], Awaitable[int]]) -> None:
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await asyncio.sleep(5)

    port = await serve(silent)
    stream = await AsyncioBackend().connect_tcp("127.0.0.1", port, timeout=5)
    with pytest.raises(httpcore.ReadTimeout):
        await stream.read(10, timeout=0.1)
    await stream.aclose()


async def test_refused_connection_is_a_connect_error_with_its_cause() -> None:
    with socket.socket() as placeholder:  # a port that was free a moment ago and is not listening
        placeholder.bind(("127.0.0.1", 0))
        port = placeholder.getsockname()[1]
    with pytest.raises(httpcore.ConnectError) as caught:
        await AsyncioBackend().connect_tcp("127.0.0.1", port, timeout=5)
    assert isinstance(caught.value.__cause__, ConnectionRefusedError)


async def test_large_answers_arrive_whole_through_flow_control(
    serve: Callable[[Serve], Awaitable[int]],
) -> None:
    payload = bytes(range(256)) * 16 * 1024  # 4 MiB: past the point where reading pauses

    async def flood(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(payload)
        await writer.drain()
        writer.close()

    port = await serve(flood)
    stream = await AsyncioBackend().connect_tcp("127.0.0.1", port, timeout=5)
    await asyncio.sleep(0.1)  # let the buffer fill so that reading pauses
    received = bytearray()
    while chunk := await stream.read(64 * 1024, timeout=5):
        received += chunk
    assert received == payload
    await stream.aclose()
