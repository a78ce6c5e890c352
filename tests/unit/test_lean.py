"""Tests the fetcher's own HTTP/1.1 connections (newstui.net.lean) on the wire: answers framed
every way HTTP/1.1 allows, interim answers, hostile heads, and when a connection is kept."""

from __future__ import annotations

import contextlib
from http.server import BaseHTTPRequestHandler

from newstui.net.exchange import KEEPALIVE_EXPIRY
from newstui.net.fetch import Fetcher
from newstui.net.lean import LeanPool, request_head
from tests.faults import Handler
from tests.server import FeedServer


def raw(answer: bytes, *, close: bool = False) -> Handler:
    """Sends `answer` as it is, then closes the connection when `close`."""

    def handler(req: BaseHTTPRequestHandler) -> None:
        req.close_connection = close
        with contextlib.suppress(OSError):
            req.wfile.write(answer)
            req.wfile.flush()

    return handler


def ports(server: FeedServer, path: str) -> set[int]:
    return {r.client_port for r in server.requests_for(path)}


async def test_a_chunked_body_with_a_trailer_is_read_whole_and_the_connection_kept(
    feed_server: FeedServer,
) -> None:
    chunked = (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"5\r\n<rss>\r\n7\r\n</rss>\n\r\n0\r\nX-Trailer: yes\r\n\r\n"
    )
    url = feed_server.route("/chunked", handler=raw(chunked))
    async with Fetcher() as f:
        first = await f.fetch(url)
        second = await f.fetch(url)
    assert first.ok and first.body == b"<rss></rss>\n", first.error
    assert second.body == first.body
    assert len(ports(feed_server, "/chunked")) == 1


async def test_a_body_that_runs_to_the_close_is_read_and_its_connection_not_reused(
    feed_server: FeedServer,
) -> None:
    url = feed_server.route("/eof", handler=raw(b"HTTP/1.0 200 OK\r\n\r\n<rss/>", close=True))
    async with Fetcher() as f:
        first = await f.fetch(url)
        second = await f.fetch(url)
    assert first.ok and first.body == b"<rss/>", first.error
    assert second.ok and second.body == b"<rss/>", second.error
    assert len(ports(feed_server, "/eof")) == 2


async def test_connection_close_is_honoured(feed_server: FeedServer) -> None:
    answer = b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\n<rss/>"
    url = feed_server.route("/close", handler=raw(answer, close=True))
    async with Fetcher() as f:
        assert (await f.fetch(url)).ok
        assert (await f.fetch(url)).ok
    assert len(ports(feed_server, "/close")) == 2


async def test_an_interim_answer_is_skipped(feed_server: FeedServer) -> None:
    answer = (
        b"HTTP/1.1 100 Continue\r\n\r\n"
        b"HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n"
        b'HTTP/1.1 304 Not Modified\r\nETag: "v2"\r\n\r\n'
    )
    url = feed_server.route("/interim", handler=raw(answer))
    async with Fetcher() as f:
        result = await f.fetch(url, etag='"v1"')
    assert result.status == 304 and result.error is None
    assert result.etag == '"v2"' and "link" not in result.headers


async def test_endless_headers_are_cut_off(feed_server: FeedServer) -> None:
    answer = b"HTTP/1.1 200 OK\r\n" + b"X-Pad: " + b"a" * 40_000 + b"\r\n\r\n"
    url = feed_server.route("/head", handler=raw(answer, close=True))
    async with Fetcher() as f:
        result = await f.fetch(url)
    assert result.error == "protocol error: answer's headers too long"
    assert result.status is None


async def test_a_chunked_body_cut_short_is_an_error(feed_server: FeedServer) -> None:
    answer = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n64\r\n<rss>"
    url = feed_server.route("/cut", handler=raw(answer, close=True))
    async with Fetcher() as f:
        result = await f.fetch(url)
    assert result.error == "response cut short (the server closed the connection early)"


async def test_a_malformed_status_line_is_a_protocol_error(feed_server: FeedServer) -> None:
    url = feed_server.route("/bad", handler=raw(b"HTTX/1.1 200 OK\r\n\r\n", close=True))
    async with Fetcher() as f:
        result = await f.fetch(url)
    assert result.error is not None and result.error.startswith("protocol error: ")
    assert result.status is None


async def test_an_idle_connection_the_server_closed_costs_no_fetch(
    feed_server: FeedServer,
) -> None:
    # Kept alive by its headers, closed by the server right after: the next fetch finds it
    # closed (or is told so on sending, and retries once) and still succeeds.
    answer = b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n<rss/>"
    url = feed_server.route("/gone", handler=raw(answer, close=True))
    async with Fetcher() as f:
        results = [await f.fetch(url) for _ in range(3)]
    assert all(r.ok and r.body == b"<rss/>" for r in results), [r.error for r in results]


async def test_an_expired_idle_connection_is_not_reused(feed_server: FeedServer) -> None:
    url = feed_server.route("/feed", b"<rss/>")
    async with Fetcher() as f:
        assert (await f.fetch(url)).ok
        pool = f._get_client(url)
        assert isinstance(pool, LeanPool)
        assert (await f.fetch(url)).ok
        for connection in pool._idle:  # as if KEEPALIVE_EXPIRY had passed
            connection.idle_since -= KEEPALIVE_EXPIRY
        assert (await f.fetch(url)).ok
    used = [r.client_port for r in feed_server.requests_for("/feed")]
    assert used[0] == used[1] != used[2]


async def test_a_header_that_cannot_be_sent_fails_the_fetch_not_the_round(
    feed_server: FeedServer,
) -> None:
    url = feed_server.route("/feed", b"<rss/>")
    async with Fetcher(user_agent="newstui\r\nX-Evil: 1") as f:
        result = await f.fetch(url)
    assert result.error is not None and "Illegal header value" in result.error
    assert not feed_server.requests_for("/feed")


def test_the_request_head_is_written_as_httpx_wrote_it() -> None:
    from newstui.net.exchange import target

    head = request_head("GET", target("http://example.test:8080/a%20b?q=1"), [(b"Host", b"h")])
    assert head == b"GET /a%20b?q=1 HTTP/1.1\r\nHost: h\r\n\r\n"
