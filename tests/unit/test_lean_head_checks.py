"""Tests that request_head's remembered header checks (net.lean._SENDABLE) change nothing it
writes or refuses: a line checked once is written again as it was, a line that fails its
check fails every time (it is never remembered), and the memory stays bounded."""

from __future__ import annotations

import pytest

from newstui.net import lean
from newstui.net.exchange import target
from newstui.net.lean import request_head
from newstui.net.wire import LocalProtocolError

WHERE = target("http://example.test/feed")
GOOD = [(b"Host", b"example.test"), (b"User-Agent", b"newstui/1 (+https://x.test)")]


def test_a_head_is_the_same_the_second_time() -> None:
    first = request_head("GET", WHERE, GOOD)
    assert first == request_head("GET", WHERE, GOOD)
    assert first == (
        b"GET /feed HTTP/1.1\r\nHost: example.test\r\n"
        b"User-Agent: newstui/1 (+https://x.test)\r\n\r\n"
    )


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ((b"X-Bad\r\nInjected", b"1"), "Illegal header name"),
        ((b"If-None-Match", b'"a"\r\nInjected: 1'), "Illegal header value"),
        ((b"If-None-Match", b"\x00"), "Illegal header value"),
    ],
)
def test_a_line_that_cannot_be_sent_is_refused_every_time(
    line: tuple[bytes, bytes], words: str
) -> None:
    for _ in range(2):
        with pytest.raises(LocalProtocolError, match=words):
            request_head("GET", WHERE, [*GOOD, line])
    assert line not in lean._SENDABLE


def test_the_remembered_lines_stay_bounded() -> None:
    for n in range(3000):  # validators differ per feed
        request_head("GET", WHERE, [*GOOD, (b"If-None-Match", b'"%d"' % n)])
    assert 0 < len(lean._SENDABLE) <= 2048
    assert request_head("GET", WHERE, GOOD).startswith(b"GET /feed HTTP/1.1\r\n")
