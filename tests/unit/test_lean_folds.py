"""Tests that the lean lane (newstui.net.lean) reads folded header lines (obs-fold, RFC 9112
5.2) as h11 did, each joined to the line before with one space, without letting what llhttp's
strict checks refuse through: control characters in a joined value, a fold after the status
line, a bare CR; and that the body is never touched."""

from __future__ import annotations

import contextlib
from http.server import BaseHTTPRequestHandler

import pytest

from newstui.net.fetch import Fetcher
from newstui.net.lean import _unfolded
from tests.server import FeedServer
from tests.unit.test_lean import ports, raw


async def test_folded_values_are_joined_with_one_space(feed_server: FeedServer) -> None:
    answer = (
        b"HTTP/1.1 200 OK\r\nX-Note: one  \r\n two\r\n\t three\r\n"
        b'ETag:\r\n "v2"\r\nContent-Length: 6\r\n\r\n<rss/>'
    )
    url = feed_server.route("/folded", handler=raw(answer))
    async with Fetcher() as f:
        first = await f.fetch(url)
        second = await f.fetch(url)
    assert first.ok and first.body == b"<rss/>", first.error
    assert first.headers["x-note"] == "one two three" and first.etag == '"v2"'
    assert second.ok and len(ports(feed_server, "/folded")) == 1  # framed right: kept alive


async def test_a_fold_in_a_head_of_bare_line_feeds(feed_server: FeedServer) -> None:
    answer = b"HTTP/1.1 200 OK\nX-Note: one\n two\nContent-Length: 6\n\n<rss/>"
    url = feed_server.route("/lf", handler=raw(answer))
    async with Fetcher() as f:
        result = await f.fetch(url)
    assert result.ok and result.headers["x-note"] == "one two", result.error


async def test_the_body_is_left_as_it_came(feed_server: FeedServer) -> None:
    body = b"<rss>\r\n  <channel/>\r\n\t</rss>\n \n"
    head = b"HTTP/1.1 200 OK\r\nX-Note: a\r\n b\r\nContent-Length: %d\r\n\r\n" % len(body)
    url = feed_server.route("/body", handler=raw(head + body))
    async with Fetcher() as f:
        result = await f.fetch(url)
    assert result.ok and result.body == body, result.error


async def test_a_fold_cut_between_reads_is_joined(feed_server: FeedServer) -> None:
    parts = (b"HTTP/1.1 200 OK\r\nX-Note: one\r\n", b" two\r\nContent-Length: 6\r\n\r\n<rss/>")

    def handler(req: BaseHTTPRequestHandler) -> None:
        with contextlib.suppress(OSError):
            for part in parts:  # two writes: mostly two reads (either way the same answer)
                req.wfile.write(part)
                req.wfile.flush()

    url = feed_server.route("/split", handler=handler)
    async with Fetcher() as f:
        result = await f.fetch(url)
    assert result.ok and result.headers["x-note"] == "one two", result.error


HOSTILE = {
    "control in a joined value": b"X-Note: one\r\n t\x01wo\r\n",
    "escape in a joined value": b"X-Note: one\r\n \x1b[2Jtwo\r\n",
    "NUL in a joined value": b"X-Note: one\r\n two\x00\r\n",
    "DEL in a joined value": b"X-Note: one\r\n two\x7f\r\n",
    "a bare CR after a fold": b"X-Note: one\r\n two\rInjected: yes\r\n",
}


@pytest.mark.parametrize("lines", HOSTILE.values(), ids=HOSTILE.keys())
async def test_what_a_fold_joins_is_still_checked(feed_server: FeedServer, lines: bytes) -> None:
    answer = b"HTTP/1.1 200 OK\r\n" + lines + b"Content-Length: 6\r\n\r\n<rss/>"
    url = feed_server.route("/hostile", handler=raw(answer, close=True))
    async with Fetcher() as f:
        result = await f.fetch(url)
    assert not result.ok and result.error is not None and "malformed" in result.error


async def test_a_fold_after_the_status_line_is_refused(feed_server: FeedServer) -> None:
    # Joined, it would hide a header in the reason phrase: h11 refused it, and so does this.
    answer = b"HTTP/1.1 200 OK\r\n Content-Length: 999\r\nContent-Length: 6\r\n\r\n<rss/>"
    url = feed_server.route("/start", handler=raw(answer, close=True))
    async with Fetcher() as f:
        result = await f.fetch(url)
    assert not result.ok and result.error is not None and "malformed" in result.error


async def test_a_fold_that_reads_like_a_header_is_part_of_the_value(
    feed_server: FeedServer,
) -> None:
    answer = (
        b"HTTP/1.1 200 OK\r\nX-Note: one\r\n Content-Length: 999\r\nContent-Length: 6\r\n\r\n<rss/>"
    )
    url = feed_server.route("/hidden", handler=raw(answer))
    async with Fetcher() as f:
        result = await f.fetch(url)
    assert result.ok and result.body == b"<rss/>", result.error
    assert result.headers["x-note"] == "one Content-Length: 999"


def test_unfolding_touches_only_the_first_heads_header_lines() -> None:
    assert _unfolded(b"HTTP/1.1 200 OK\r\nA: b\r\n\r\nbody\r\n folded") is None
    assert _unfolded(b"HTTP/1.1 200 OK\r\n\r\n x") is None  # no header at all
    assert _unfolded(b"HTTP/1.1 200 OK\r\nA: b\r\n c\r\n\r\nx\r\n y") == (
        b"HTTP/1.1 200 OK\r\nA: b c\r\n\r\nx\r\n y"
    )
    assert _unfolded(b"HTTP/1.1 200 OK\r\nA: b\r\n") is None  # its next line not come yet
    assert _unfolded(b"HTTP/1.1 200") is None
