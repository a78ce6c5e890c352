"""Tests `newstui fetch` against servers whose HTTP/1.1 httpcore's h11 took and the lean lane
(net.lean, llhttp) must take too (heads whose lines end in a bare LF, spaces after a chunk's
size), and a 101 it never asked for, which must fail as h11 failed it: at once."""

from __future__ import annotations

import contextlib
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from tests.e2e.test_cli import newstui, write_config
from tests.faults import Handler
from tests.server import FeedServer

RSS = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Bare</title>'
    b"<item><title>Bare LF story</title><link>http://127.0.0.1/a</link><guid>b1</guid></item>"
    b"</channel></rss>"
)


def raw(answer: bytes) -> Handler:
    """Sends `answer` as it is (kept alive)."""

    def handler(req: BaseHTTPRequestHandler) -> None:
        with contextlib.suppress(OSError):
            req.wfile.write(answer)
            req.wfile.flush()

    return handler


def test_a_head_with_bare_lf_line_ends_is_read_as_h11_read_it(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    # Small embedded and hand-written servers end header lines in "\n" alone; h11 (RFC 9112
    # 2.2's "MAY recognize a single LF") read them, so the lean lane must not call them broken.
    head = b"HTTP/1.1 200 OK\nContent-Type: application/rss+xml\nContent-Length: %d\n\n"
    url = feed_server.route("/bare.xml", handler=raw(head % len(RSS) + RSS))
    config, db = write_config(tmp_path, [url]), tmp_path / "news.db"
    result = newstui("--config", str(config), "--db", str(db), "fetch")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "protocol error" not in result.stdout, result.stdout
    listing = newstui("--config", str(config), "--db", str(db), "headlines")
    assert "Bare LF story" in listing.stdout, listing.stdout + listing.stderr


def test_a_101_the_fetch_never_asked_for_fails_at_once_saying_so(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    # h11 called an unasked-for 101 a protocol error at once; llhttp ends its "message" there
    # and the lane took it for an interim answer, waiting out the read timeout (20 s) for the
    # next head on a connection that is no longer HTTP, to say "timed out (read)".
    switch = (
        b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
    )
    url = feed_server.route("/ws.xml", handler=raw(switch))  # the connection stays open
    config, db = write_config(tmp_path, [url]), tmp_path / "news.db"
    result = newstui("--config", str(config), "--db", str(db), "fetch")
    assert result.returncode == 1, result.stdout + result.stderr  # its only source failed
    assert "HTTP 101 Switching Protocols" in result.stdout, result.stdout


def test_a_chunk_size_followed_by_spaces_is_read_as_h11_read_it(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    # h11's chunk line allows whitespace after the size (its OWS before CRLF), which servers
    # padding the size in place emit; llhttp's strict default called it "Invalid character in
    # chunk size".
    chunked = b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nTransfer-Encoding: chunked"
    half = len(RSS) // 2
    body = b"%x  \r\n%s\r\n%x\t\r\n%s\r\n0\r\n\r\n" % (
        half,
        RSS[:half],
        len(RSS) - half,
        RSS[half:],
    )
    url = feed_server.route("/padded.xml", handler=raw(chunked + b"\r\n\r\n" + body))
    config, db = write_config(tmp_path, [url]), tmp_path / "news.db"
    result = newstui("--config", str(config), "--db", str(db), "fetch")
    assert result.returncode == 0, result.stdout + result.stderr
    listing = newstui("--config", str(config), "--db", str(db), "headlines")
    assert "Bare LF story" in listing.stdout, listing.stdout + listing.stderr
