"""Tests hostile feeds and servers end to end: the real Poller, Fetcher and Store against a real
server on 127.0.0.1. Each case polls a good feed first, turns the same URL hostile, polls again and
then checks: no exception, a clear status on the source, nothing stored lost, nothing unsafe stored,
and the source recovers once the feed is good again."""

from __future__ import annotations

import asyncio
import gzip
import socket
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from newstui.feeds.poller import Poller, PollOutcome
from newstui.models import Headline, Source, SourceConfig
from newstui.net.fetch import Fetcher, FetchLimits
from newstui.net.process_pool import shutdown_pool
from newstui.storage.store import FUTURE_TOLERANCE, Store
from newstui.text.characters import unsafe
from tests import faults, hostile
from tests.feeds import Item, rss
from tests.server import FeedServer

MIB = 1 << 20
LIMITS = FetchLimits(connect_timeout=1.0, read_timeout=1.0, total_timeout=2.5)
"""The real 10 MiB body cap; short timeouts so every fault ends within a few seconds."""
NOW = datetime.now(UTC).replace(microsecond=0)
GOOD_GUIDS = [f"good-{i}" for i in range(3)]
GOOD = rss(
    [
        Item(f"Good headline {i}", f"http://127.0.0.1/good/{i}", g, NOW - timedelta(hours=i + 1))
        for i, g in enumerate(GOOD_GUIDS)
    ],
    title="Good Feed",
)


@pytest.fixture(scope="module", autouse=True)
def _parse_pool() -> Iterator[None]:
    # The poller parses what the fast path refuses in a worker process: one pool per module.
    yield
    shutdown_pool()


@dataclass
class Rig:
    server: FeedServer
    store: Store
    poller: Poller
    url: str

    def source(self) -> Source:
        (found,) = [s for s in self.store.sources() if s.url == self.url]
        return found

    async def poll(self) -> PollOutcome:
        # A hang guard, not a speed assertion: every fault must end on its own well before it.
        return await asyncio.wait_for(self.poller.poll_source(self.source()), 15)

    def by_guid(self) -> dict[str, Headline]:
        return {h.guid: h for h in self.store.headlines(limit=10_000)}


@pytest.fixture
async def rig(store: Store, feed_server: FeedServer) -> AsyncIterator[Rig]:
    url = feed_server.route("/feed", GOOD)
    store.sync_sources([SourceConfig(url)], 300)
    fetcher = Fetcher(LIMITS)
    rig = Rig(feed_server, store, Poller(store, fetcher, jitter=0.0), url)
    first = await rig.poll()
    assert first.source.last_status == "ok" and len(first.new) == 3
    marks = rig.by_guid()
    store.set_read([marks["good-0"].id])
    store.set_starred(marks["good-1"].id, True)
    yield rig
    await fetcher.aclose()
    store.close()


def assert_nothing_lost(rig: Rig) -> None:
    stored = rig.by_guid()
    assert set(GOOD_GUIDS) <= set(stored)
    assert [stored[g].title for g in GOOD_GUIDS] == [f"Good headline {i}" for i in range(3)]
    assert stored["good-0"].read and not stored["good-0"].starred
    assert stored["good-1"].starred and not stored["good-1"].read
    assert not stored["good-2"].read and not stored["good-2"].starred


def assert_all_safe(rig: Rig) -> None:
    """Every stored field that reaches a screen is free of controls and bounded."""
    latest = datetime.now(UTC) + timedelta(seconds=FUTURE_TOLERANCE)
    for h in rig.store.headlines(limit=10_000):
        for line in (h.title, h.source_name, h.guid, h.link or ""):
            assert not unsafe().search(line) and "\n" not in line, repr(line[:200])
        assert not unsafe().search(h.summary), repr(h.summary[:200])
        assert 0 < len(h.title) <= 1_000
        assert h.link is None or h.link.startswith(("http://", "https://"))
        assert datetime(1970, 1, 1, tzinfo=UTC) <= h.published <= latest
    for s in rig.store.sources(active_only=False):
        for line in (s.display_name, s.last_error or ""):
            assert not unsafe().search(line) and "\n" not in line, repr(line[:200])


async def assert_recovers(rig: Rig) -> None:
    rig.server.route("/feed", GOOD)
    again = await rig.poll()
    assert again.source.last_status == "ok", again.source.last_error
    assert again.source.failures == 0
    assert_nothing_lost(rig)


# --- the server misbehaves ------------------------------------------------------------------


@dataclass(frozen=True)
class Fault:
    id: str
    route: Callable[[FeedServer], object]
    error: str
    """A fragment the source's last_error must contain."""


def _handler(handler: faults.Handler) -> Callable[[FeedServer], object]:
    return lambda server: server.route("/feed", handler=handler)


def _status(status: int, headers: dict[str, str] | None = None) -> Callable[[FeedServer], object]:
    return lambda server: server.route("/feed", b"nope", status=status, headers=headers)


def _loop(server: FeedServer) -> None:
    server.route("/feed", status=302, headers={"Location": "/feed2"})
    server.route("/feed2", status=301, headers={"Location": "/feed"})


FAULTS = [
    Fault("never-answers", _handler(faults.never_answer), "timed out"),
    Fault("hangs-up", _handler(faults.hang_up), "closed the connection"),
    Fault("endless-body", _handler(faults.endless_body()), "response too large"),
    Fault("gzip-bomb-1GiB", _handler(faults.gzip_bomb(1 << 30)), "response too large"),
    Fault(
        "length-longer-than-body",
        _handler(faults.lying_length(len(GOOD) + 500, GOOD)),
        "cut short",
    ),
    Fault(
        "not-gzip-claims-gzip",
        _handler(faults.encoded_as("gzip", GOOD)),
        "could not decode",
    ),
    Fault("redirect-loop", _loop, "redirect"),
    Fault(
        "bad-location",
        _handler(faults.raw_status(302, "Found", {"Location": "http://[::1"})),
        "bad redirect",
    ),
    Fault(
        "redirect-to-file",
        _handler(faults.raw_status(301, "Moved", {"Location": "file:///etc/passwd"})),
        "bad redirect",
    ),
    Fault(
        "hostile-reason",
        _handler(faults.raw_status(599, "\x1b]0;pwned\x07[bold red]x\x1b[2J")),
        "HTTP 599",
    ),
    Fault("404", _status(404), "HTTP 404 Not Found"),
    Fault("500", _status(500), "HTTP 500 Internal Server Error"),
    Fault("empty-body", lambda s: s.route("/feed", b""), "empty response"),
]


@pytest.mark.timeout(30)
@pytest.mark.parametrize("fault", FAULTS, ids=[f.id for f in FAULTS])
async def test_server_faults_fail_the_source_and_lose_nothing(rig: Rig, fault: Fault) -> None:
    fault.route(rig.server)
    outcome = await rig.poll()
    source = rig.source()
    assert outcome.source.last_status == source.last_status == "error"
    assert fault.error in (source.last_error or ""), source.last_error
    assert outcome.started_failing and source.failures == 1
    assert source.next_poll is not None and source.next_poll > outcome.source.last_fetch  # type: ignore[operator]
    assert outcome.new == []
    assert_nothing_lost(rig)
    assert_all_safe(rig)
    await assert_recovers(rig)


@pytest.mark.slow
@pytest.mark.timeout(30)
async def test_trickling_server_ends_at_the_total_deadline(rig: Rig) -> None:
    rig.server.route("/feed", handler=faults.trickle(interval=0.3, size=500))
    outcome = await rig.poll()
    assert outcome.source.last_status == "error"
    assert "timed out after 2.5 s (total)" in (outcome.source.last_error or "")
    assert_nothing_lost(rig)
    await assert_recovers(rig)


@pytest.mark.timeout(30)
async def test_connection_refused(rig: Rig) -> None:
    # The feed moved (a remembered 301) to a port nobody listens on.
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    source = rig.source()
    source.moved_to = f"http://127.0.0.1:{port}/feed"
    outcome = await asyncio.wait_for(rig.poller.poll_source(source), 15)
    assert outcome.source.last_status == rig.source().last_status == "error"
    assert outcome.source.last_error == "connection refused"
    assert_nothing_lost(rig)


@pytest.mark.timeout(30)
async def test_dns_failure(rig: Rig, monkeypatch: pytest.MonkeyPatch) -> None:
    # The resolver is off this machine and tests send nothing out: the name fails locally, the
    # way a resolver fails (socket.gaierror), and everything after it is the real path.
    real = socket.getaddrinfo

    def resolve(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "feeds.newstui-test.invalid":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    source = rig.source()
    source.moved_to = "http://feeds.newstui-test.invalid/feed"
    outcome = await asyncio.wait_for(rig.poller.poll_source(source), 15)
    assert outcome.source.last_status == "error"
    assert outcome.source.last_error == "host not found"
    assert_nothing_lost(rig)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("status", [429, 503])
@pytest.mark.parametrize("retry_after", ["7200", "date"])
async def test_retry_after_is_honoured(rig: Rig, status: int, retry_after: str) -> None:
    from email.utils import format_datetime

    value = retry_after
    if retry_after == "date":
        value = format_datetime(datetime.now(UTC) + timedelta(hours=2), usegmt=True)
    rig.server.route("/feed", b"slow down", status=status, headers={"Retry-After": value})
    outcome = await rig.poll()
    source = rig.source()
    assert source.last_status == "error" and f"HTTP {status}" in (source.last_error or "")
    assert source.next_poll is not None
    assert source.next_poll >= outcome.source.last_fetch + timedelta(seconds=7100)  # type: ignore[operator]
    assert_nothing_lost(rig)


@pytest.mark.timeout(30)
async def test_gone_stops_polling_and_keeps_headlines(rig: Rig) -> None:
    rig.server.route("/feed", b"gone", status=410)
    outcome = await rig.poll()
    source = rig.source()
    assert source.last_status == "gone" and source.next_poll is None
    assert "410" in (source.last_error or "") and "polling stopped" in (source.last_error or "")
    assert outcome.failed
    assert_nothing_lost(rig)


# --- the document is hostile ----------------------------------------------------------------


@dataclass(frozen=True)
class Doc:
    id: str
    body: Callable[[], bytes]
    status: str
    """The source's status after polling it: ok (what could be read was kept) or error."""
    check: Callable[[Rig, Source], None] = lambda rig, source: None
    content_type: str = "application/xml"


def _titles(rig: Rig) -> str:
    return "\n".join(h.title + "\n" + h.summary for h in rig.store.headlines(limit=10_000))


def _no_expansion(rig: Rig, source: Source) -> None:
    text = _titles(rig) + (source.feed_title or "")
    assert "lol" * 20 not in text and "A" * 2_000 not in text


def _no_file_read(rig: Rig, source: Source) -> None:
    assert "root:" not in _titles(rig) + (source.feed_title or "")


def _kept(*titles: str) -> Callable[[Rig, Source], None]:
    def check(rig: Rig, source: Source) -> None:
        stored = {h.title for h in rig.store.headlines(limit=10_000)}
        assert set(titles) <= stored, stored

    return check


def _capped_title(rig: Rig, source: Source) -> None:
    (huge,) = [h for h in rig.store.headlines(limit=100) if h.title.startswith("WWW")]
    assert len(huge.title) <= 1_000
    _kept("a normal title after it")(rig, source)


def _capped_count(rig: Rig, source: Source) -> None:
    assert source.item_count == 3 + 2_000
    assert source.last_error == "30000 entries, kept the first 2000"


def _html_page(rig: Rig, source: Source) -> None:
    error = source.last_error or ""
    assert "HTML page" in error
    assert f"{rig.server.base_url}/real-feed.xml" in error
    assert "javascript" not in error


def _dates(rig: Rig, source: Source) -> None:
    by_title = {h.title: h for h in rig.store.headlines(limit=100)}
    assert by_title["good date"].published == datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    # A date far ahead is not believed (it would pin the item atop the list for years) and an
    # unusable one becomes the time it was first seen.
    for title in ("far future", "invalid date", "absurd year", "month 13", "empty date"):
        assert by_title[title].published <= datetime.now(UTC), title


def _escapes(rig: Rig, source: Source) -> None:
    by_guid = rig.by_guid()
    assert by_guid["esc"].title.startswith("Red ALERT")
    assert "pwned" not in (source.feed_title or "")
    assert by_guid["esc2"].link is None  # javascript: is no link


def _markup_literal(rig: Rig, source: Source) -> None:
    by_guid = rig.by_guid()
    assert by_guid["m1"].title == "[bold red]BOLD RED[/bold red] and [@click=app.quit]quit[/]"
    assert "[link=http://evil.example]click me[/link]" in by_guid["m1"].summary
    assert source.display_name == "[bold red]Markup[/] Feed [@click=app.quit]"
    # Undated items get the time they were first seen, not a date guessed from their guid.
    assert by_guid["m1"].published == by_guid["m1"].first_seen


def _bidi(rig: Rig, source: Source) -> None:
    by_guid = rig.by_guid()
    # The override, zero-width space, word joiner and BOM go; the joiner stays (writing needs it).
    assert by_guid["bidi"].title.startswith("pay NOITNETTA now, zerowidth\u200djoined")
    assert by_guid["html"].title == "HTML in a title & entities ©"


def _json_types(rig: Rig, source: Source) -> None:
    _kept("The one good item")(rig, source)
    assert all(isinstance(h.title, str) and h.title for h in rig.store.headlines(limit=100))


DOCS = [
    Doc("billion-laughs", lambda: hostile.read("billion_laughs.xml"), "ok", _no_expansion),
    Doc("external-entity", lambda: hostile.read("external_entity.xml"), "ok", _no_file_read),
    Doc("quadratic-blowup", hostile.quadratic_blowup, "ok", _no_expansion),
    Doc("deep-nesting", lambda: hostile.deep_nesting(20_000), "ok"),
    Doc("2MB-title", hostile.huge_title, "ok", _capped_title),
    Doc("30000-items", hostile.many_items, "ok", _capped_count),
    Doc("nul-bytes", lambda: hostile.read("nul_bytes.xml"), "ok", _kept("beforeafter")),
    Doc(
        "latin1-declared-utf8",
        lambda: hostile.read("latin1_declared_utf8.xml"),
        "ok",
        _kept("Grüße aus Köln"),
    ),
    Doc(
        "cp1252-undeclared",
        lambda: hostile.read("cp1252_no_declaration.xml"),
        "ok",
        _kept("“Quoted” – dashed €"),
    ),
    # UTF-16 shows in its zero bytes (XML 1.0 appendix F): read as such, the wrong word said.
    Doc(
        "utf16-declared-utf8",
        lambda: hostile.read("utf16_declared_utf8.xml"),
        "ok",
        _kept("Wide chars"),
    ),
    Doc("truncated", lambda: hostile.read("truncated.xml"), "ok", _kept("Complete item")),
    Doc(
        "html-page",
        lambda: hostile.read("html_with_alternate.html"),
        "error",
        _html_page,
        "text/html; charset=utf-8",
    ),
    Doc(
        "json-wrong-types",
        lambda: hostile.read("jsonfeed_wrong_types.json"),
        "ok",
        _json_types,
        "application/feed+json",
    ),
    Doc("bad-dates", lambda: hostile.read("bad_dates.xml"), "ok", _dates),
    Doc("terminal-escapes", lambda: hostile.read("terminal_escapes.xml"), "ok", _escapes),
    Doc(
        "markup",
        lambda: hostile.read("markup.xml"),
        "ok",
        _markup_literal,
    ),
    Doc("bidi-zero-width-html", lambda: hostile.read("bidi.xml"), "ok", _bidi),
    Doc("binary-junk", lambda: bytes(range(256)) * 64, "error"),
    Doc("gzip-inside-200", lambda: gzip.compress(GOOD), "error"),
]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("doc", DOCS, ids=[d.id for d in DOCS])
async def test_hostile_documents_lose_nothing(rig: Rig, doc: Doc) -> None:
    rig.server.route("/feed", doc.body(), headers={"Content-Type": doc.content_type})
    outcome = await rig.poll()
    source = rig.source()
    assert source.last_status == outcome.source.last_status == doc.status, source.last_error
    if doc.status == "error":
        assert source.last_error and outcome.new == []
    doc.check(rig, source)
    assert_nothing_lost(rig)
    assert_all_safe(rig)
    await assert_recovers(rig)


@pytest.mark.timeout(30)
async def test_external_entity_over_http_is_never_fetched(rig: Rig) -> None:
    secret = rig.server.route("/secret", b"TOP-SECRET")
    dtd = rig.server.route("/evil.dtd", b'<!ENTITY leak "TOP-SECRET-DTD">')
    body = (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{secret}">'
        f'<!ENTITY % d SYSTEM "{dtd}"> %d;]>\n'
        '<rss version="2.0"><channel><title>x &xxe;</title><link>http://127.0.0.1/</link>'
        "<description>d</description><item><title>t &xxe; &leak;</title>"
        "<link>http://127.0.0.1/x</link><guid>x</guid></item></channel></rss>"
    ).encode()
    rig.server.route("/feed", body)
    await rig.poll()
    assert rig.server.requests_for("/secret") == []
    assert rig.server.requests_for("/evil.dtd") == []
    assert "TOP-SECRET" not in _titles(rig)
    assert_nothing_lost(rig)
