"""Tests the Google Reader API client's failures against a misbehaving server on 127.0.0.1: bad
JSON, odd shapes, 5xx, 404, redirects, slow answers, pages too large; and that no failure ever
shows the password or a token."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs

import pytest

from newstui.config.sync import Secret
from newstui.net.fetch import Fetcher, FetchLimits
from newstui.sync.engine import ItemState, ServerState
from newstui.sync.errors import AuthFailed, BadAnswer, Rejected, ServerUnavailable, SyncError
from newstui.sync.greader import GReaderClient
from newstui.sync.ids import long_item_id
from newstui.sync.round import sync_once
from newstui.sync.wire import IdSet, read_stream
from tests.server import FeedServer
from tests.sync_ledger import MemoryLedger

PASSWORD = "pw-Zq8!unique-secret"
AUTH = "me/auth-7c1d0a9e-secret"
TOKEN = "T-token-5b2e-secret"
LIMITS = FetchLimits(max_bytes=64 * 1024, connect_timeout=1.0, read_timeout=1.0, total_timeout=3)
API = "/api/reader/api/0/"


def login(req: BaseHTTPRequestHandler) -> None:
    """ClientLogin that knows one password; the request's body was read by the server."""
    body = parse_qs(server_of(req).requests[-1].body.decode())
    if body.get("Passwd") == [PASSWORD]:
        answer(req, 200, f"SID={AUTH}\nLSID=null\nAuth={AUTH}\n".encode(), "text/plain")
    else:
        answer(req, 401, b"Unauthorized!", "text/plain")


def server_of(req: BaseHTTPRequestHandler) -> FeedServer:
    return req.server.feed_server  # type: ignore[attr-defined,no-any-return]


def answer(req: BaseHTTPRequestHandler, status: int, body: bytes, kind: str) -> None:
    req.send_response(status)
    req.send_header("Content-Type", kind)
    req.send_header("Content-Length", str(len(body)))
    req.end_headers()
    req.wfile.write(body)


@pytest.fixture
def api(feed_server: FeedServer) -> FeedServer:
    feed_server.httpd.feed_server = feed_server  # type: ignore[attr-defined]
    feed_server.route("/api/accounts/ClientLogin", handler=login)
    feed_server.route(API + "token", TOKEN + "\n", headers={"Content-Type": "text/plain"})
    return feed_server


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    async with Fetcher(LIMITS) as fetcher:
        yield fetcher


def client(api: FeedServer, fetcher: Fetcher, password: str = PASSWORD, **kw: Any) -> GReaderClient:
    return GReaderClient(api.url("/api"), "me", Secret(password), fetcher, **kw)


def subs_route(
    api: FeedServer, body: bytes | str, headers: dict[str, str] | None = None, **kw: object
) -> None:
    headers = {"Content-Type": "application/json", **(headers or {})}
    api.route(API + "subscription/list?output=json", body, headers=headers, **kw)


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body>502 Bad Gateway</body></html>",
        b'{"subscriptions": [',
        b"[" * 50_000,  # deeper than Python's JSON parser recurses
        b'"just a string"',
        b'{"subscriptions": {"id": "feed/1"}}',
        b"\xff\xfe garbage",
    ],
    ids=["html", "truncated", "deep", "string", "wrong-shape", "bytes"],
)
async def test_bad_json_is_a_status_and_nothing_stored_is_lost(
    api: FeedServer, fetcher: Fetcher, body: bytes
) -> None:
    subs_route(api, body)
    ledger = MemoryLedger(cursor=123, marks={7: ItemState(read=True, starred=True)})
    report = await sync_once(client(api, fetcher), ledger)
    assert isinstance(report.error, BadAnswer) and report.error.transient
    assert str(report.error).startswith("the server's subscription list ")
    assert str(report.error).isprintable()
    assert ledger.calls == [] and ledger.cursor == 123
    assert ledger.marks == {7: ItemState(read=True, starred=True)}


async def test_odd_but_readable_shapes_are_read_and_the_rest_skipped(
    api: FeedServer, fetcher: Fetcher
) -> None:
    subs_route(
        api,
        json.dumps(
            {
                "subscriptions": [
                    {"id": "feed/1", "title": "\x1b]8;;http://evil\x07Ok", "url": "javascript:x"},
                    "not an object",
                    {"title": "no id"},
                    {
                        "id": "feed/http://127.0.0.1/f.xml",
                        "categories": [{"id": "user/1005921515/label/Tech"}, 7],
                    },
                ]
            }
        ),
    )
    subs = await client(api, fetcher).subscriptions()
    assert [s.stream_id for s in subs] == ["feed/1", "feed/http://127.0.0.1/f.xml"]
    assert subs[0].title == "Ok" and subs[0].url is None  # escapes gone, no javascript: URL
    assert subs[1].url == "http://127.0.0.1/f.xml" and subs[1].folders == ("Tech",)


async def test_a_stream_page_skips_items_without_a_usable_id(
    api: FeedServer, fetcher: Fetcher
) -> None:
    items = [
        {"id": long_item_id(5), "title": "Fine", "published": "1700000000", "categories": 3},
        {"id": "tag:google.com,2005:reader/item/zz", "title": "bad id"},
        {"title": "no id"},
        {"id": "12", "crawlTimeMsec": "1700000000123", "summary": {"content": "<i>Body</i>"}},
    ]
    api.route(
        API + "stream/contents/user/-/state/com.google/reading-list?n=250&r=o&output=json",
        json.dumps({"items": items, "continuation": 99}),
        headers={"Content-Type": "application/json"},
    )
    page = await client(api, fetcher).stream_page()
    assert [i.item_id for i in page.items] == [5, 12]
    assert page.skipped == 2 and page.continuation == "99"
    assert page.items[1].entry.title == "Body" and page.items[1].crawled_us == 1700000000123000


async def test_a_server_error_backs_off_as_long_as_it_asks(
    api: FeedServer, fetcher: Fetcher
) -> None:
    subs_route(api, b"busy", status=503, headers={"Retry-After": "120"})
    with pytest.raises(ServerUnavailable) as error:
        await client(api, fetcher).subscriptions()
    assert error.value.transient and error.value.retry_after == 120.0
    assert str(error.value) == "HTTP 503 Service Unavailable"


async def test_a_slow_server_times_out_as_a_transient_status(
    api: FeedServer, fetcher: Fetcher
) -> None:
    subs_route(api, b'{"subscriptions": []}', delay=1.5)
    with pytest.raises(ServerUnavailable, match="timed out"):
        await client(api, fetcher).subscriptions()


async def test_a_wrong_address_says_what_the_url_should_be(
    api: FeedServer, fetcher: Fetcher
) -> None:
    wrong = GReaderClient(api.url(""), "me", Secret(PASSWORD), fetcher)
    with pytest.raises(Rejected, match=r"HTTP 404 Not Found for sign-in answer: is sync.url"):
        await wrong.login()


async def test_a_redirect_is_not_followed_so_the_password_goes_nowhere_else(
    api: FeedServer, fetcher: Fetcher
) -> None:
    api.route(
        "/moved/accounts/ClientLogin", status=301, headers={"Location": api.url("/elsewhere")}
    )
    moved = GReaderClient(api.url("/moved"), "me", Secret(PASSWORD), fetcher)
    with pytest.raises(Rejected, match=r"redirected to .*/elsewhere \(not followed\)"):
        await moved.login()
    assert api.requests_for("/elsewhere") == []


async def test_a_page_over_the_size_cap_is_asked_for_in_halves(
    api: FeedServer, fetcher: Fetcher
) -> None:
    def contents(req: BaseHTTPRequestHandler) -> None:
        ids = parse_qs(server_of(req).requests[-1].body.decode())["i"]
        body = "x" * 20_000  # four items of these pass the 64 KiB cap
        items = [{"id": i, "title": "t", "summary": {"content": body}} for i in ids]
        answer(req, 200, json.dumps({"items": items}).encode(), "application/json")

    api.route(API + "stream/items/contents", handler=contents)
    got = await client(api, fetcher, page_size=8).item_contents(list(range(1, 9)))
    assert sorted(i.item_id for i in got.items) == list(range(1, 9))
    sizes = [
        len(parse_qs(r.body.decode())["i"]) for r in api.requests_for(API + "stream/items/contents")
    ]
    assert sizes == [8, 4, 2, 2, 4, 2, 2]


async def test_no_failure_shows_the_password_or_a_token(
    api: FeedServer, fetcher: Fetcher, caplog: pytest.LogCaptureFixture
) -> None:
    """Every way a call can fail, with the server echoing what it was sent where it can: the
    secrets stay out of messages, reprs, exception chains and every logger at DEBUG."""
    caplog.set_level(logging.DEBUG)
    echo = f"error {PASSWORD} {AUTH} {TOKEN}"
    errors: list[BaseException] = []
    good = client(api, fetcher)

    async def collect(coro: object) -> None:
        try:
            await coro  # type: ignore[misc]
        except SyncError as error:
            errors.append(error)

    await collect(client(api, fetcher, password="wrong " + PASSWORD).login())
    for status in (500, 404, 400, 403, 200):
        subs_route(api, echo, status=status)
        await collect(client(api, fetcher).subscriptions())
    api.route(
        API + "subscription/quickadd",
        json.dumps({"numResults": 0, "error": echo}),
        headers={"Content-Type": "application/json"},
    )
    await collect(good.quickadd("http://127.0.0.1/feed"))
    api.route(API + "edit-tag", echo, status=401)
    await collect(good.mark_read([1]))
    await collect(GReaderClient("http://127.0.0.1:9", "me", Secret(PASSWORD), fetcher).login())
    assert len(errors) == 9
    assert {type(e) for e in errors} == {AuthFailed, ServerUnavailable, Rejected, BadAnswer}

    shown = [caplog.text, repr(good), repr(vars(good))]
    for error in errors:
        chain: BaseException | None = error
        while chain is not None:
            shown += [str(chain), repr(chain), repr(chain.args)]
            chain = chain.__cause__ or chain.__context__
    for secret in (PASSWORD, AUTH, TOKEN):
        assert not [text for text in shown if secret in text], secret


async def test_ids_a_capped_server_left_out_are_asked_for_again(
    api: FeedServer, fetcher: Fetcher
) -> None:
    """Inoreader answers at most so many items per request; 9 stands for a gone item."""

    def contents(req: BaseHTTPRequestHandler) -> None:
        ids = parse_qs(server_of(req).requests[-1].body.decode())["i"]
        items = [{"id": i, "title": "t"} for i in ids if i != long_item_id(9)][:2]
        answer(req, 200, json.dumps({"items": items}).encode(), "application/json")

    api.route(API + "stream/items/contents", handler=contents)
    got = await client(api, fetcher, page_size=5).item_contents([1, 2, 3, 4, 5, 9])
    assert sorted(i.item_id for i in got.items) == [1, 2, 3, 4, 5]
    asked = [
        parse_qs(r.body.decode())["i"] for r in api.requests_for(API + "stream/items/contents")
    ]
    assert [len(a) for a in asked] == [5, 3, 1, 1]  # the gone item ends it: nothing came back


async def test_pages_parse_alike_in_a_worker_process(api: FeedServer, fetcher: Fetcher) -> None:
    from newstui.net.process_pool import process_pool, shutdown_pool

    items = [
        {"id": str(i), "title": f"<b>T{i}</b>", "summary": {"content": "<p>x</p>"}} for i in (1, 2)
    ]
    api.route(
        API + "stream/items/contents",
        json.dumps({"items": items}),
        headers={"Content-Type": "application/json"},
    )
    inline = await client(api, fetcher).item_contents([1, 2])
    pooled = client(api, fetcher)
    pooled.parse_executor = process_pool()
    try:
        assert await pooled.item_contents([1, 2]) == inline
        api.route(API + "stream/items/contents", b"<html>", headers={"Content-Type": "text/html"})
        with pytest.raises(BadAnswer, match="is not JSON"):  # errors cross the process boundary
            await pooled.item_contents([1])
    finally:
        shutdown_pool()


def ids_route(api: FeedServer, ids: list[int], **query: str) -> None:
    from urllib.parse import urlencode

    refs = json.dumps({"itemRefs": [{"id": str(i)} for i in ids]})
    path = API + "stream/items/ids?" + urlencode({**query, "output": "json"})
    api.route(path, refs, headers={"Content-Type": "application/json"})


async def test_an_edit_the_server_refuses_stays_queued(api: FeedServer, fetcher: Fetcher) -> None:
    reading, read = "user/-/state/com.google/reading-list", "user/-/state/com.google/read"
    subs_route(api, b'{"subscriptions": []}')
    ids_route(api, [1], s=reading, n="10000", r="o", ot="0")
    ids_route(api, [1], s=reading, n="10000", r="o", xt=read)
    ids_route(api, [], s="user/-/state/com.google/starred", n="10000", r="o")
    api.route(API + "edit-tag", "busy", status=503)
    stored = read_stream({"items": [{"id": "1", "title": "t", "timestampUsec": "1"}]}).items
    ledger = MemoryLedger(cursor=0)
    await ledger.save_items(stored, 0)
    ledger.last_seen = ServerState(IdSet(frozenset({1}), True), IdSet(frozenset(), True), 100.0)
    ledger.change(1, "read", True, at=150.0)

    answers = client(api, fetcher, ids_page_size=10_000)  # the routes' n
    report = await sync_once(answers, ledger, clock=lambda: 200.0)
    assert isinstance(report.error, ServerUnavailable) and report.sent == 0
    assert [c.item_id for c in ledger.queue.values()] == [1]  # sent again next time
    assert ledger.marks[1].read  # still shown as the user left it
    assert ledger.last_seen is not None and ledger.last_seen.at == 200.0
    assert len(api.requests_for(API + "edit-tag")) == 1  # no retry storm within a sync
