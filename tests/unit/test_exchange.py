"""Tests newstui.net.exchange: requests through httpcore's pool go out as httpx's client sent
them (headers, Host, credentials from the URL, a form's length), and answers' headers are read
as httpx reads them; a real server on 127.0.0.1 records what arrives."""

from __future__ import annotations

import logging

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newstui
from newstui.net.exchange import decoded_headers
from newstui.net.fetch import FEED_ACCEPT, Fetcher
from tests.server import FeedServer


async def _as_httpx_sends(
    method: str, url: str, headers: dict[str, str], body: bytes | None
) -> None:
    """The request as main's fetcher made it: httpx.AsyncClient with the fetcher's settings."""
    async with httpx.AsyncClient(
        trust_env=False,
        headers={"User-Agent": newstui.USER_AGENT, "Accept-Encoding": "gzip, deflate"},
    ) as client:
        await client.request(method, url, headers=headers, content=body)


@pytest.mark.parametrize("path", ["/plain", "/q?a=1&b=%20x", "/caf%C3%A9/feed.xml"])
async def test_a_conditional_get_goes_out_as_httpx_sent_it(
    feed_server: FeedServer, path: str
) -> None:
    url = feed_server.route(path, "x", etag='"v1"')  # the server's routes include the query
    async with Fetcher() as fetcher:
        assert (
            await fetcher.fetch(url, etag='"v1"', last_modified="Mon, 30 Nov 2026")
        ).not_modified
    sent = {"Accept": FEED_ACCEPT, "If-None-Match": '"v1"', "If-Modified-Since": "Mon, 30 Nov 2026"}
    await _as_httpx_sends("GET", url, sent, None)
    ours, theirs = feed_server.requests
    assert ours.path == theirs.path == path
    assert list(ours.headers.items()) == list(theirs.headers.items())
    assert ours.headers["host"] == f"127.0.0.1:{feed_server.port}"


async def test_credentials_in_the_url_go_as_httpx_sent_them(feed_server: FeedServer) -> None:
    feed_server.route("/private", "x")
    url = feed_server.url("/private").replace("//", "//us%40er:p%C3%A4ss@")
    async with Fetcher() as fetcher:
        assert (await fetcher.fetch(url)).ok
    await _as_httpx_sends("GET", url, {"Accept": FEED_ACCEPT}, None)
    ours, theirs = feed_server.requests
    assert ours.headers["authorization"].startswith("Basic ")
    assert list(ours.headers.items()) == list(theirs.headers.items())


@pytest.mark.parametrize("form", [[("a", "1"), ("a", "2"), ("T", "é")], None])
async def test_a_post_goes_out_as_httpx_sent_it(
    feed_server: FeedServer, form: list[tuple[str, str]] | None
) -> None:
    url = feed_server.route("/api", "ok", headers={"Content-Type": "text/plain"})
    async with Fetcher() as fetcher:
        result = await fetcher.send("POST", url, headers={"Authorization": "t"}, form=form)
        assert result.ok and result.body == b"ok"
    ours = feed_server.requests[0]
    body = None
    headers = {"Accept": "application/json", "Authorization": "t"}
    if form is not None:
        body = ours.body
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    await _as_httpx_sends("POST", url, headers, body)
    theirs = feed_server.requests[1]
    assert ours.body == theirs.body
    assert list(ours.headers.items()) == list(theirs.headers.items())


HEADER_BYTES = st.binary(min_size=1, max_size=8).filter(lambda b: b"\r" not in b and b"\n" not in b)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([b"ETag", b"etag", b"Set-Cookie", b"X-A", b"Location"]), HEADER_BYTES
        ),
        max_size=6,
    )
)
def test_answer_headers_are_read_as_httpx_reads_them(raw: list[tuple[bytes, bytes]]) -> None:
    # Repeated names joined by ", ", names lowercased, ASCII or UTF-8 or Latin-1 for all of them.
    assert decoded_headers(raw) == dict(httpx.Headers(raw).items())


async def test_a_given_proxy_is_asked_for_the_whole_url(feed_server: FeedServer) -> None:
    # The test server plays an HTTP proxy: it is sent the absolute URL (no name is looked up).
    wanted = "http://feeds.example.invalid/proxied.xml"
    feed_server.route(wanted, "through the proxy")
    async with Fetcher(proxy=feed_server.base_url) as fetcher:
        result = await fetcher.fetch(wanted)
    assert result.ok and result.body == b"through the proxy"
    (request,) = feed_server.requests
    assert request.path == wanted
    assert request.headers["host"] == "feeds.example.invalid"


async def test_each_request_is_logged_as_httpx_logged_it_without_credentials(
    feed_server: FeedServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="newstui.net")
    url = feed_server.route("/logged", "x", etag='"v1"')
    secret = url.replace("//", "//me:hunter2@")
    async with Fetcher() as fetcher:
        assert (await fetcher.fetch(secret, etag='"v1"')).not_modified
    assert caplog.messages == [f'HTTP Request: GET {url} "HTTP/1.1 304 Not Modified"']
