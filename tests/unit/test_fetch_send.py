"""Tests Fetcher.send, one API request: forms, headers, caps, and redirects not followed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import parse_qsl

import pytest

import newstui
from newstui.net.fetch import Fetcher, FetchLimits
from tests.server import FeedServer

LIMITS = FetchLimits(max_bytes=1000, connect_timeout=1.0, read_timeout=1.0, total_timeout=3.0)


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    async with Fetcher(LIMITS) as f:
        yield f


async def test_a_form_is_posted_urlencoded_with_repeated_keys(
    feed_server: FeedServer, fetcher: Fetcher
) -> None:
    url = feed_server.route("/api/edit", "OK", headers={"Content-Type": "text/plain"})
    form = [("i", "1"), ("i", "2"), ("a", "user/-/state/com.google/read"), ("T", "x&y=z")]
    result = await fetcher.send(
        "POST", url, headers={"Authorization": "GoogleLogin auth=a"}, form=form
    )
    assert (result.ok, result.status, result.body) == (True, 200, b"OK")
    (request,) = feed_server.requests_for("/api/edit")
    assert request.method == "POST" and parse_qsl(request.body.decode()) == form
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert request.headers["authorization"] == "GoogleLogin auth=a"
    assert request.headers["user-agent"] == newstui.USER_AGENT
    assert request.headers["accept"] == "application/json"


async def test_a_get_carries_its_headers_and_the_size_cap_holds(
    feed_server: FeedServer, fetcher: Fetcher
) -> None:
    url = feed_server.route("/api/big", b"{" + b" " * 5000 + b"}")
    result = await fetcher.send("GET", url, headers={"Authorization": "GoogleLogin auth=b"})
    assert result.error == "response too large (over 1000 bytes)" and result.status == 200
    assert feed_server.requests_for("/api/big")[0].headers["authorization"] == "GoogleLogin auth=b"


async def test_a_redirect_is_reported_not_followed(
    feed_server: FeedServer, fetcher: Fetcher
) -> None:
    url = feed_server.route("/api/login", status=302, headers={"Location": "/other"})
    result = await fetcher.send("POST", url, form=[("Passwd", "secret")])
    assert result.status == 302 and not result.ok
    assert result.error == f"redirected to {feed_server.url('/other')} (not followed)"
    assert feed_server.requests_for("/other") == []


async def test_an_error_status_and_no_answer_are_errors_not_raises(
    feed_server: FeedServer, fetcher: Fetcher
) -> None:
    url = feed_server.route("/api/x", "nope", status=401)
    result = await fetcher.send("GET", url)
    assert (result.status, result.error) == (401, "HTTP 401 Unauthorized")
    refused = await fetcher.send("GET", "http://127.0.0.1:9/api")
    assert (refused.status, refused.error) == (None, "connection refused")
