"""Tests the HTTP fetcher against a real server on 127.0.0.1: politeness, limits, faults, errors."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import shutil
import socket
import ssl
import subprocess
import sys
import time
import tracemalloc
import unicodedata
import zlib
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import pytest

import newstui
from newstui.net import errors as fetch_errors
from newstui.net.fetch import FEED_ACCEPT, Fetcher, FetchLimits, FetchResult, parse_retry_after
from tests import faults
from tests.feeds import Item, rss
from tests.server import FeedServer

MIB = 1 << 20
# Small limits so that every fault ends within a couple of seconds.
LIMITS = FetchLimits(
    max_bytes=MIB, connect_timeout=1.0, read_timeout=1.0, total_timeout=3.0, max_redirects=5
)
FEED = rss([Item(title=f"Headline {i}", link=f"http://127.0.0.1/{i}") for i in range(20)])


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    async with Fetcher(LIMITS) as f:
        yield f


def printable(text: str) -> bool:
    return all(unicodedata.category(c)[0] != "C" for c in text) and "\n" not in text


def assert_failed(result: FetchResult, error: str) -> None:
    assert result.error == error
    assert not result.ok
    assert result.body == b""
    assert printable(error)


# --- success and politeness ------------------------------------------------------------------


async def test_plain_feed_is_fetched_with_polite_headers(
    feed_server: FeedServer, fetcher: Fetcher
) -> None:
    url = feed_server.route(
        "/feed", FEED, etag='"v1"', last_modified="Sat, 01 Nov 2025 10:00:00 GMT"
    )
    result = await fetcher.fetch(url)
    assert result.ok and result.error is None
    assert (result.status, result.body, result.final_url) == (200, FEED, url)
    assert result.etag == '"v1"'
    assert result.last_modified == "Sat, 01 Nov 2025 10:00:00 GMT"
    assert result.headers["content-type"] == "application/xml; charset=utf-8"
    assert result.moved_to is None and result.retry_after is None
    (request,) = feed_server.requests_for("/feed")
    ua = request.headers["user-agent"]
    assert ua == newstui.USER_AGENT and f"newstui/{newstui.__version__}" in ua
    assert request.headers["accept"] == FEED_ACCEPT
    assert request.headers["accept-encoding"] == "gzip, deflate"  # no br: we could not cap it
    assert "if-none-match" not in request.headers
    assert "if-modified-since" not in request.headers


async def test_conditional_get_gives_not_modified(
    feed_server: FeedServer, fetcher: Fetcher
) -> None:
    stamp = "Sat, 01 Nov 2025 10:00:00 GMT"
    url = feed_server.route("/feed", FEED, etag='"v1"', last_modified=stamp)
    result = await fetcher.fetch(url, etag='"v1"', last_modified=stamp)
    assert result.not_modified and result.status == 304
    assert result.error is None and not result.ok and result.body == b""
    assert (result.etag, result.last_modified) == ('"v1"', stamp)
    (request,) = feed_server.requests_for("/feed")
    assert request.headers["if-none-match"] == '"v1"'
    assert request.headers["if-modified-since"] == stamp


async def test_not_modified_and_redirect_answers_leave_the_connection_reusable(
    feed_server: FeedServer, fetcher: Fetcher
) -> None:
    # A 304 (and a redirect) is not read for its body, but the connection is only reusable once
    # the answer was read to its end: else every conditional GET of a round opened a connection.
    url = feed_server.route("/feed", FEED, etag='"v1"')
    feed_server.route("/old", status=301, headers={"Location": "/feed"})
    for _ in range(3):
        assert (await fetcher.fetch(url, etag='"v1"')).not_modified
    assert (await fetcher.fetch(feed_server.url("/old"))).ok
    ports = {r.client_port for r in feed_server.requests}
    assert len(feed_server.requests) == 5 and len(ports) == 1


async def test_not_modified_without_validators_keeps_the_ones_sent(
    feed_server: FeedServer, fetcher: Fetcher
) -> None:
    url = feed_server.route("/nm", handler=faults.raw_status(304, "Not Modified"))
    result = await fetcher.fetch(url, etag='"old"', last_modified="Mon, 03 Nov 2025 00:00:00 GMT")
    assert result.not_modified and result.error is None
    assert (result.etag, result.last_modified) == ('"old"', "Mon, 03 Nov 2025 00:00:00 GMT")


async def test_gzip_feed_is_decoded(feed_server: FeedServer, fetcher: Fetcher) -> None:
    url = feed_server.route("/gz", FEED, gzip=True)
    result = await fetcher.fetch(url)
    assert result.ok and result.body == FEED
    assert result.headers["content-encoding"] == "gzip"


async def test_multi_member_gzip_and_deflate_are_decoded(
    feed_server: FeedServer, fetcher: Fetcher
) -> None:
    two_members = gzip.compress(FEED[:500]) + gzip.compress(FEED[500:])
    zlib_wrapped = zlib.compress(FEED)
    raw_deflate = zlib.compress(FEED)[2:-4]  # what some servers wrongly send as "deflate"
    for path, encoding, body in [
        ("/members", "gzip", two_members),
        ("/zlib", "deflate", zlib_wrapped),
        ("/raw", "deflate", raw_deflate),
    ]:
        url = feed_server.route(path, handler=faults.encoded_as(encoding, body))
        result = await fetcher.fetch(url)
        assert result.ok, (path, result.error)
        assert result.body == FEED, path


async def test_other_accept_and_max_bytes_per_call(
    feed_server: FeedServer, fetcher: Fetcher
) -> None:
    url = feed_server.route("/page", b"<html>" + b"p" * 5000 + b"</html>")
    result = await fetcher.fetch(url, accept="text/html", max_bytes=1000)
    assert_failed(result, "response too large (over 1000 bytes)")
    assert feed_server.requests_for("/page")[0].headers["accept"] == "text/html"


async def test_httpx_is_imported_only_when_fetching() -> None:
    code = (
        "import sys; from newstui.net.fetch import Fetcher; Fetcher(); "
        "assert 'httpx' not in sys.modules, 'httpx imported eagerly'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- statuses ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (404, "HTTP 404 Not Found"),
        (500, "HTTP 500 Internal Server Error"),
        (403, "HTTP 403 Forbidden"),
        (410, "HTTP 410 Gone"),
        (300, "HTTP 300 Multiple Choices"),
    ],
)
async def test_error_statuses(
    feed_server: FeedServer, fetcher: Fetcher, status: int, error: str
) -> None:
    url = feed_server.route("/x", b"oops", status=status)
    result = await fetcher.fetch(url)
    assert_failed(result, error)
    assert result.status == status
    assert result.gone == (status == 410)
    assert result.retry_after is None


async def test_retry_after_seconds_on_429(feed_server: FeedServer, fetcher: Fetcher) -> None:
    url = feed_server.route("/slow-down", status=429, headers={"Retry-After": "120"})
    result = await fetcher.fetch(url)
    assert_failed(result, "HTTP 429 Too Many Requests")
    assert result.retry_after == 120.0


async def test_retry_after_http_date_on_429_and_503(
    feed_server: FeedServer, fetcher: Fetcher
) -> None:
    when = format_datetime(datetime.fromtimestamp(time.time() + 600, tz=UTC), usegmt=True)
    for status in (429, 503):
        url = feed_server.route(f"/{status}", status=status, headers={"Retry-After": when})
        result = await fetcher.fetch(url)
        assert result.status == status
        assert result.retry_after is not None
        assert 590 <= result.retry_after <= 601  # second resolution, and time passes


async def test_retry_after_ignored_on_other_statuses(
    feed_server: FeedServer, fetcher: Fetcher
) -> None:
    url = feed_server.route("/500", status=500, headers={"Retry-After": "120"})
    assert (await fetcher.fetch(url)).retry_after is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120", 120.0),
        ("0", 0.0),
        (" 30 ", 30.0),
        ("99999999999", 86400.0),  # capped at a day
        ("-5", None),
        ("1.5", None),
        ("soon", None),
        ("", None),
        (None, None),
        ("Wed, 21 Oct 2015 07:28:00 GMT", None),  # in the past
        ("Thu, 01 Jan 2099 00:00:00 GMT", 86400.0),
        ("Sat, 01 Nov 2025 10:02:00 GMT", 120.0),
        ("Sat, 01 Nov 2025 10:02:00", 120.0),  # no zone: GMT, as every HTTP date
        ("٣٠", None),  # Arabic-Indic digits are digits to str.isdigit, not to HTTP
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    now = 1761991200.0  # Sat, 01 Nov 2025 10:00:00 GMT
    assert parse_retry_after(value, now=now) == expected


async def test_hostile_reason_phrase_is_made_printable(
    feed_server: FeedServer, fetcher: Fetcher
) -> None:
    url = feed_server.route("/599", handler=faults.raw_status(599, "Bad\x1b[31m\x07 Thing\x9b2J"))
    result = await fetcher.fetch(url)
    assert result.status == 599
    assert result.error is not None and result.error.startswith("HTTP 599 Bad")
    assert printable(result.error)
    assert "\x1b" not in result.error and "\x9b" not in result.error


async def test_empty_200_is_an_error(feed_server: FeedServer, fetcher: Fetcher) -> None:
    url = feed_server.route("/empty", b"")
    result = await fetcher.fetch(url)
    assert_failed(result, "empty response (HTTP 200)")
    assert result.status == 200


# --- redirects --------------------------------------------------------------------------------


async def test_permanent_chain_sets_moved_to(feed_server: FeedServer, fetcher: Fetcher) -> None:
    start = feed_server.route("/a", status=301, headers={"Location": "/b"})  # relative
    feed_server.route("/b", status=308, headers={"Location": feed_server.url("/c")})
    feed_server.route("/c", status=301, headers={"Location": "d"})  # relative to the path
    final = feed_server.route("/d", FEED)
    result = await fetcher.fetch(start)
    assert result.ok and result.body == FEED
    assert result.url == start and result.final_url == final
    assert result.moved_to == final
    assert [len(feed_server.requests_for(p)) for p in ("/a", "/b", "/c", "/d")] == [1, 1, 1, 1]


@pytest.mark.parametrize("temporary", [302, 303, 307])
async def test_any_temporary_hop_means_not_moved(
    feed_server: FeedServer, fetcher: Fetcher, temporary: int
) -> None:
    start = feed_server.route("/a", status=301, headers={"Location": "/b"})
    feed_server.route("/b", status=temporary, headers={"Location": "/c"})
    feed_server.route("/c", status=301, headers={"Location": "/d"})
    final = feed_server.route("/d", FEED)
    result = await fetcher.fetch(start)
    assert result.ok and result.final_url == final
    assert result.moved_to is None


async def test_permanent_redirect_to_an_error_is_not_a_move(
    feed_server: FeedServer, fetcher: Fetcher
) -> None:
    start = feed_server.route("/a", status=301, headers={"Location": "/missing"})
    result = await fetcher.fetch(start)
    assert_failed(result, "HTTP 404 Not Found")
    assert result.moved_to is None and result.final_url == feed_server.url("/missing")


async def test_permanent_redirect_to_not_modified_is_a_move(
    feed_server: FeedServer, fetcher: Fetcher
) -> None:
    start = feed_server.route("/a", status=301, headers={"Location": "/b"})
    final = feed_server.route("/b", FEED, etag='"e"')
    result = await fetcher.fetch(start, etag='"e"')
    assert result.not_modified and result.moved_to == final
    assert feed_server.requests_for("/b")[0].headers["if-none-match"] == '"e"'


async def test_redirect_to_another_host(feed_server: FeedServer, fetcher: Fetcher) -> None:
    other = FeedServer().start()
    try:
        target = other.route("/feed", FEED)
        start = feed_server.route("/a", status=302, headers={"Location": target})
        result = await fetcher.fetch(start)
        assert result.ok and result.final_url == target and result.body == FEED
    finally:
        other.stop()


async def test_redirect_loop(feed_server: FeedServer, fetcher: Fetcher) -> None:
    start = feed_server.route("/ping", status=302, headers={"Location": "/pong"})
    feed_server.route("/pong", status=302, headers={"Location": "/ping"})
    result = await fetcher.fetch(start)
    assert_failed(result, "too many redirects (redirect loop?)")
    assert len(feed_server.requests_for("/ping")) == 1  # the loop is seen, not walked 5 times


async def test_too_many_redirects(feed_server: FeedServer, fetcher: Fetcher) -> None:
    for i in range(7):
        feed_server.route(f"/r{i}", status=301, headers={"Location": f"/r{i + 1}"})
    feed_server.route("/r7", FEED)
    result = await fetcher.fetch(feed_server.url("/r0"))
    assert_failed(result, "too many redirects (redirect loop?)")
    assert result.moved_to is None
    assert len(feed_server.requests) == LIMITS.max_redirects + 1
    # exactly at the limit is fine
    result = await fetcher.fetch(feed_server.url("/r2"))
    assert result.ok and result.moved_to == feed_server.url("/r7")


@pytest.mark.parametrize(
    ("location", "error"),
    [
        ("javascript:alert(1)", "bad redirect (not to http or https)"),
        ("file:///etc/passwd", "bad redirect (not to http or https)"),
        ("ftp://127.0.0.1/feed", "bad redirect (not to http or https)"),
        ("", "bad redirect (no Location)"),
        ("   ", "bad redirect (no Location)"),
        (None, "bad redirect (no Location)"),
        ("http://[::bad", "bad redirect (malformed Location)"),
        ("http://127.0.0.1:99999/", "bad redirect (malformed Location)"),
    ],
)
async def test_bad_redirects(
    feed_server: FeedServer, fetcher: Fetcher, location: str | None, error: str
) -> None:
    headers = {} if location is None else {"Location": location}
    url = feed_server.route("/r", status=302, headers=headers)
    result = await fetcher.fetch(url)
    assert_failed(result, error)
    assert result.status == 302 and result.moved_to is None
    assert len(feed_server.requests) == 1


# --- bad URLs and network failures ------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("file:///etc/passwd", "unsupported URL scheme"),
        ("ftp://127.0.0.1/feed.xml", "unsupported URL scheme"),
        ("javascript:alert(1)", "unsupported URL scheme"),
        ("not a url", "unsupported URL scheme"),
        ("", "unsupported URL scheme"),
        ("http://", "bad URL"),
        ("http://[::1/feed", "bad URL"),
        ("http://127.0.0.1:99999/feed", "bad URL"),
    ],
)
async def test_bad_urls(fetcher: Fetcher, url: str, error: str) -> None:
    result = await fetcher.fetch(url)
    assert_failed(result, error)
    assert result.status is None and result.url == url


def closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port: int = sock.getsockname()[1]
    sock.close()
    return port


async def test_connection_refused(fetcher: Fetcher) -> None:
    result = await fetcher.fetch(f"http://127.0.0.1:{closed_port()}/feed")
    assert_failed(result, "connection refused")
    assert result.status is None


async def test_connect_timeout() -> None:
    # A listener whose (zero-length) accept queue is full: Linux drops further SYNs.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    for _ in range(4):
        filler = socket.socket()
        filler.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            filler.connect(("127.0.0.1", port))
        fillers.append(filler)
    try:
        limits = FetchLimits(connect_timeout=0.3, read_timeout=0.3, total_timeout=3)
        async with Fetcher(limits) as f:
            result = await f.fetch(f"http://127.0.0.1:{port}/")
        assert_failed(result, "timed out (connect)")
    finally:
        for sock in [*fillers, listener]:
            sock.close()


def test_dns_failure_is_described_as_host_not_found() -> None:
    # Not tested live: this machine's resolver is off the machine, and tests send nothing out.
    # The chain is the one httpx builds (httpx.ConnectError <- httpcore <- OSError <- gaierror).
    import httpx

    try:
        try:
            try:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
            except OSError as gai:
                raise OSError("All connection attempts failed") from gai
        except OSError as inner:
            raise httpx.ConnectError("All connection attempts failed") from inner
    except httpx.ConnectError as exc:
        assert fetch_errors.describe(exc) == "host not found"


async def test_https_to_a_plain_http_server_is_a_tls_error(
    feed_server: FeedServer, fetcher: Fetcher
) -> None:
    feed_server.route("/feed", FEED)
    result = await fetcher.fetch(f"https://127.0.0.1:{feed_server.port}/feed")
    assert result.error is not None and result.error.startswith("TLS error: ")
    assert printable(result.error) and result.status is None


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a self-signed certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def tls_server(certificate: tuple[Path, Path]) -> Iterator[FeedServer]:
    cert, key = certificate
    server = FeedServer()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.httpd.socket = context.wrap_socket(server.httpd.socket, server_side=True)
    server.start()
    yield server
    server.stop()


async def test_untrusted_certificate_is_a_tls_error(
    tls_server: FeedServer, fetcher: Fetcher
) -> None:
    tls_server.route("/feed", FEED)
    result = await fetcher.fetch(f"https://127.0.0.1:{tls_server.port}/feed")
    assert result.error is not None
    assert result.error.startswith("TLS error: ") and "certificate" in result.error
    assert result.status is None


async def test_trusted_certificate_fetches_over_tls_on_one_kept_alive_connection(
    tls_server: FeedServer, certificate: tuple[Path, Path]
) -> None:
    tls_server.route("/feed", FEED)
    trust = ssl.create_default_context(cafile=str(certificate[0]))
    async with Fetcher(LIMITS, ssl_context=trust) as f:
        first = await f.fetch(f"https://127.0.0.1:{tls_server.port}/feed")
        second = await f.fetch(f"https://127.0.0.1:{tls_server.port}/feed")
    assert first.ok and first.body == FEED, first.error
    assert second.ok and second.body == FEED, second.error
    connections = {r.client_port for r in tls_server.requests_for("/feed")}
    assert len(connections) == 1


async def test_hang_up_without_answer(feed_server: FeedServer, fetcher: Fetcher) -> None:
    url = feed_server.route("/bye", handler=faults.hang_up)
    result = await fetcher.fetch(url)
    assert_failed(result, "the server closed the connection without answering")
    assert len(feed_server.requests_for("/bye")) == 2  # one safe retry of the GET, no more


# --- sizes ------------------------------------------------------------------------------------


async def test_honest_but_too_large_body_is_refused_before_reading(
    feed_server: FeedServer, fetcher: Fetcher
) -> None:
    url = feed_server.route("/big", b"x" * (MIB + 1))
    result = await fetcher.fetch(url)
    assert_failed(result, "response too large (over 1 MiB)")
    assert result.status == 200


async def test_body_exactly_at_the_cap_is_fine(feed_server: FeedServer, fetcher: Fetcher) -> None:
    body = b"x" * MIB
    url = feed_server.route("/cap", body, gzip=True)
    assert (await fetcher.fetch(url)).body == body
    url = feed_server.route("/cap-plain", body)
    assert (await fetcher.fetch(url)).body == body


def test_gzip_bomb_helper_is_a_valid_gzip() -> None:
    small = faults.gzip_bomb_bytes(4 * MIB)
    assert len(small) < 8 * 1024
    assert gzip.decompress(small) == bytes(4 * MIB)


@pytest.mark.parametrize(
    "fault", [faults.gzip_bomb(1 << 30), faults.endless_body()], ids=["gzip-bomb", "endless"]
)
async def test_huge_bodies_stop_at_the_cap_in_bounded_memory(
    feed_server: FeedServer, fault: faults.Handler
) -> None:
    faults.gzip_bomb_bytes(1 << 30)  # built before measuring: it is the server's memory
    feed_server.route("/warm", FEED)
    url = feed_server.route("/huge", handler=fault)
    async with Fetcher(LIMITS) as f:
        assert (await f.fetch(feed_server.url("/warm"))).ok  # client, TLS context, pool: set up
        tracemalloc.start()
        try:
            result = await f.fetch(url)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert_failed(result, "response too large (over 1 MiB)")
    assert peak < 3 * LIMITS.max_bytes, f"peak {peak / MIB:.1f} MiB"


async def test_content_length_longer_than_body(feed_server: FeedServer, fetcher: Fetcher) -> None:
    url = feed_server.route("/liar", handler=faults.lying_length(5000, FEED[:100]))
    result = await fetcher.fetch(url)
    assert_failed(result, "response cut short (the server closed the connection early)")
    assert result.status == 200


async def test_content_length_shorter_than_body_does_not_poison_the_next_fetch(
    feed_server: FeedServer, fetcher: Fetcher
) -> None:
    url = feed_server.route("/liar", handler=faults.lying_length(10, b"y" * 300, then_close=False))
    result = await fetcher.fetch(url)
    assert result.ok and result.body == b"y" * 10  # all that can be known
    # the 290 extra bytes wait on the kept-alive connection; the next fetch must not read them
    after = await fetcher.fetch(feed_server.route("/next", FEED))
    assert after.ok and after.body == FEED


async def test_encoding_lies(feed_server: FeedServer, fetcher: Fetcher) -> None:
    double = gzip.compress(gzip.compress(FEED))
    cases = [
        ("/not-gzip", "gzip", FEED, "could not decode the compressed response"),
        ("/br", "br", b"\x0b\x02\x80abc\x03", "unsupported content encoding: br"),
        ("/double", "gzip, gzip", double, "unsupported content encoding: gzip, gzip"),
    ]
    for path, encoding, body, error in cases:
        url = feed_server.route(path, handler=faults.encoded_as(encoding, body))
        assert_failed(await fetcher.fetch(url), error)


# --- time -------------------------------------------------------------------------------------
# The slow ones: each waits out a real timeout of about a second (a few in all).


async def test_slow_never_answering_server_times_out_on_read(feed_server: FeedServer) -> None:
    url = feed_server.route("/never", handler=faults.never_answer)
    limits = FetchLimits(read_timeout=0.5, total_timeout=5)
    async with Fetcher(limits) as f:
        result = await f.fetch(url)
    assert_failed(result, "timed out (read)")
    assert result.status is None


async def test_slow_trickle_ends_at_the_total_deadline(feed_server: FeedServer) -> None:
    url = feed_server.route("/trickle", handler=faults.trickle(interval=0.2, size=100))
    limits = FetchLimits(read_timeout=1.0, total_timeout=1.0)
    async with Fetcher(limits) as f:
        result = await f.fetch(url)
    assert_failed(result, "timed out after 1 s (total)")
    assert result.status == 200


async def test_slow_cancellation_propagates(feed_server: FeedServer) -> None:
    url = feed_server.route("/never", handler=faults.never_answer)
    async with Fetcher(LIMITS) as f:
        task = asyncio.create_task(f.fetch(url))
        while not feed_server.requests_for("/never"):
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        # a caller's own timeout is the caller's: it surfaces as the caller expects
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0.2):
                await f.fetch(url)
        assert f._hosts._slots == {}  # every slot was given back


# --- concurrency ------------------------------------------------------------------------------


async def test_per_host_and_overall_limits(feed_server: FeedServer) -> None:
    gauge = faults.ConcurrencyGauge(faults.ok_body(FEED), hold=0.1, expect=3)
    feed_server.route("/g", handler=gauge)
    # 127.0.0.1 and localhost are two hosts to the fetcher, one server to the gauge
    urls = [feed_server.url("/g")] * 8 + [f"http://localhost:{feed_server.port}/g"] * 8
    async with Fetcher(FetchLimits(max_connections=3, max_per_host=2)) as f:
        results = await asyncio.gather(*(f.fetch(u) for u in urls))
        assert all(r.ok for r in results), {r.error for r in results}
        assert f._hosts._slots == {}
    assert gauge.served == 16
    assert gauge.peak == 3

    gauge = faults.ConcurrencyGauge(faults.ok_body(FEED), hold=0.1, expect=2)
    feed_server.route("/g", handler=gauge)
    async with Fetcher(FetchLimits(max_connections=16, max_per_host=2)) as f:
        await asyncio.gather(*(f.fetch(feed_server.url("/g")) for _ in range(8)))
    assert gauge.peak == 2


async def test_fetcher_can_be_closed_and_reused(feed_server: FeedServer) -> None:
    url = feed_server.route("/feed", FEED)
    f = Fetcher(LIMITS)
    await f.aclose()  # never opened: nothing to do
    assert (await f.fetch(url)).ok
    await f.aclose()
    assert (await f.fetch(url)).ok
    await f.aclose()


@pytest.mark.parametrize("bad", ['"é"', 'W/"x"\x00', "a\nb", "\x1b[2J"])
async def test_unsendable_validators_are_dropped_not_fatal(
    feed_server: FeedServer, fetcher: Fetcher, bad: str
) -> None:
    url = feed_server.route("/feed", FEED, etag='"x"')
    result = await fetcher.fetch(url, etag=bad, last_modified=bad)
    assert result.ok and result.body == FEED
    (request,) = feed_server.requests_for("/feed")
    assert "if-none-match" not in request.headers
    assert "if-modified-since" not in request.headers
