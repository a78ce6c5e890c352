"""Tests the offline demo newsroom over real HTTP on 127.0.0.1: feeds, schedule, pages, stop."""

from __future__ import annotations

import calendar
import gzip
import json
import socket
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from html import escape
from html.parser import HTMLParser
from typing import Any

import feedparser
import httpx
import pytest

from newstui.articles.extract import extract_article
from newstui.demo import FEED_SIZE, DemoDesk, Newsroom
from newstui.demo.story import make_story
from newstui.feeds.parse import parse_fast

START = datetime(2026, 11, 27, 10, 0, tzinfo=UTC).timestamp()


class FakeClock:
    def __init__(self, now: float = START) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def room(clock: FakeClock) -> Iterator[Newsroom]:
    with Newsroom(seed=1234, clock=clock) as newsroom:
        yield newsroom


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10) as http:
        yield http


def items(response: httpx.Response, desk: DemoDesk) -> list[dict[str, Any]]:
    """The feed's items as (title, link, published) dicts, whatever the format, newest first."""
    if desk.fmt == "json":
        document = json.loads(response.content)
        assert document["version"] == "https://jsonfeed.org/version/1.1"
        return [
            {
                "title": i["title"],
                "link": i["url"],
                "id": i["id"],
                "published": datetime.fromisoformat(i["date_published"]),
            }
            for i in document["items"]
        ]
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == ("atom10" if desk.fmt == "atom" else "rss20")
    return [
        {
            "title": e.title,
            "link": e.link,
            "id": e.id,
            "published": datetime.fromtimestamp(calendar.timegm(e.published_parsed), UTC),
        }
        for e in parsed.entries
    ]


def desk(room: Newsroom, slug: str) -> DemoDesk:
    return next(d for d in room.desks if d.slug == slug)


def test_every_desk_serves_a_parseable_feed_with_a_backlog(
    room: Newsroom, client: httpx.Client
) -> None:
    assert {d.fmt for d in room.desks} == {"rss", "atom", "json"}
    assert len({d.name for d in room.desks}) == len(room.desks) >= 5
    for d in room.desks:
        response = client.get(room.feed_url(d))
        assert response.status_code == 200
        assert response.headers["etag"]
        got = items(response, d)
        assert 15 <= len(got) <= 25
        assert all(i["title"] and i["link"].startswith(room.base_url + "/") for i in got)
        assert len({i["id"] for i in got}) == len(got)
        dates = [i["published"] for i in got]
        assert dates == sorted(dates, reverse=True) and len(set(dates)) == len(dates)
        assert dates[0].timestamp() <= START


def test_the_backlog_crosses_a_day_boundary_in_any_time_zone(
    room: Newsroom, client: httpx.Client
) -> None:
    for d in room.desks:
        dates = [i["published"] for i in items(client.get(room.feed_url(d)), d)]
        # A span of more than 24 hours holds a midnight wherever the user is.
        assert (dates[0] - dates[-1]).total_seconds() > 24 * 3600
        assert (START - dates[-1].timestamp()) < 37 * 3600


def test_the_same_seed_writes_the_same_headlines_whenever_it_starts() -> None:
    early = Newsroom(seed=99, clock=FakeClock(START))
    late = Newsroom(seed=99, clock=FakeClock(START + 86_400 * 30))
    other = Newsroom(seed=100, clock=FakeClock(START))
    for d in early.desks:
        titles = [e.story.title for e in early.entries(d)]
        assert titles == [e.story.title for e in late.entries(d)]
        assert titles != [e.story.title for e in other.entries(d)]
    same_clock = Newsroom(seed=99, clock=FakeClock(START))
    assert [(e.published, e.guid) for e in same_clock.entries(early.desks[0])] == [
        (e.published, e.guid) for e in early.entries(early.desks[0])
    ]


def test_the_clock_brings_one_new_headline_at_a_time_and_304_until_then(
    room: Newsroom, client: httpx.Client, clock: FakeClock
) -> None:
    d = desk(room, "science")
    first = client.get(room.feed_url(d))
    before = items(first, d)
    etag = first.headers["etag"]
    for _ in range(600):  # one-second steps; a desk's gaps are several seconds long
        clock.now += 1
        response = client.get(room.feed_url(d), headers={"If-None-Match": etag})
        if response.status_code != 304:
            break
        assert response.content == b""
    else:
        pytest.fail("no headline in ten simulated minutes")
    assert response.status_code == 200
    assert response.headers["etag"] != etag
    after = items(response, d)
    assert after[1:] == before
    assert after[0]["published"] > before[0]["published"]
    assert after[0]["published"].timestamp() <= clock.now


def test_the_newsroom_publishes_about_once_per_interval(clock: FakeClock) -> None:
    newsroom = Newsroom(seed=5, interval=4.0, clock=clock)
    every = 10**6
    counts = {d.slug: len(newsroom.entries(d, every)) for d in newsroom.desks}
    clock.now += 3600
    fresh = {d.slug: len(newsroom.entries(d, every)) - counts[d.slug] for d in newsroom.desks}
    assert 700 <= sum(fresh.values()) <= 1100  # 900 expected
    assert all(count > 60 for count in fresh.values())


def test_publish_now_adds_exactly_one_item_on_top_with_a_newer_date(
    room: Newsroom, client: httpx.Client
) -> None:
    for d in room.desks:
        before = items(client.get(room.feed_url(d)), d)
        room.publish_now(d)
        after = items(client.get(room.feed_url(d)), d)
        assert after[1:] == before
        assert after[0]["published"] > before[0]["published"]
        assert after[0]["title"] == make_story(1234, d.slug, len(before)).title


def test_publish_now_without_a_desk_adds_one_headline_in_all(room: Newsroom) -> None:
    counts = [len(room.entries(d)) for d in room.desks]
    room.publish_now()
    room.publish_now()
    assert sum(len(room.entries(d)) for d in room.desks) == sum(counts) + 2


def test_feeds_keep_the_newest_fifty(room: Newsroom, client: httpx.Client) -> None:
    d = desk(room, "world")
    for _ in range(40):
        room.publish_now(d)
    got = items(client.get(room.feed_url(d)), d)
    assert len(got) == FEED_SIZE
    assert got[0]["title"] == room.entries(d)[0].story.title


def test_conditional_requests(room: Newsroom, client: httpx.Client) -> None:
    d = desk(room, "tech")
    url = room.feed_url(d)
    first = client.get(url)
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(url, headers={"If-None-Match": f'"x", W/{etag}'}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"stale"'}).status_code == 200
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    room.publish_now(d)
    fresh = client.get(url, headers={"If-None-Match": etag})
    assert fresh.status_code == 200
    assert parsedate_to_datetime(fresh.headers["last-modified"]) > parsedate_to_datetime(modified)
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 200


def test_gzip_only_when_accepted(room: Newsroom) -> None:
    url = room.feed_url(desk(room, "sport"))
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        zipped = response.read()
    plain_request = urllib.request.Request(url, headers={"Accept-Encoding": "identity"})
    with urllib.request.urlopen(plain_request, timeout=10) as response:
        assert response.headers["Content-Encoding"] is None
        plain = response.read()
    assert gzip.decompress(zipped) == plain
    assert len(zipped) < len(plain) / 2


class _PageText(HTMLParser):
    """Collects the text of the <h1> and of the <p> elements of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.h1 = ""
        self.paragraphs: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h1", "p"):
            self._in = tag
            if tag == "p":
                self.paragraphs.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "h1":
            self.h1 += data
        elif self._in == "p":
            self.paragraphs[-1] += data


def test_article_pages_hold_the_story_amid_a_real_pages_clutter(
    room: Newsroom, client: httpx.Client
) -> None:
    for d in room.desks:
        for entry in room.entries(d)[:3]:
            response = client.get(entry.link)
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/html")
            page = _PageText()
            page.feed(response.text)
            assert page.h1 == entry.story.title
            assert 4 <= len(entry.story.paragraphs) <= 8
            for paragraph in entry.story.paragraphs:
                assert paragraph in page.paragraphs
            for clutter in ('class="cookie-banner"', 'class="share"', 'id="comments"', "<nav"):
                assert clutter in response.text
            assert "<h2>" in response.text
            assert "<blockquote>" in response.text or "<ul><li>" in response.text


def test_unpublished_and_unknown_pages_are_404(room: Newsroom, client: httpx.Client) -> None:
    d = desk(room, "culture")
    future = len(room.entries(d, limit=1000))
    assert client.get(f"{room.base_url}/culture/2026/11/27/{future}-x").status_code == 404
    assert client.get(f"{room.base_url}/nowhere/2026/11/27/1-x").status_code == 404
    assert client.get(f"{room.base_url}/feeds/nothing.xml").status_code == 404
    home = client.get(room.base_url + "/")
    assert home.status_code == 200 and d.feed_path in home.text


def test_one_desk_prints_awkward_characters_that_survive_the_round_trip(
    room: Newsroom, client: httpx.Client
) -> None:
    d = desk(room, "business")
    titles = [i["title"] for i in items(client.get(room.feed_url(d)), d)]
    awkward = [t for t in titles if "&" in t and '"' in t and "[" in t]
    assert len(awkward) >= 2
    assert awkward == [e.story.title for e in room.entries(d) if e.story.title in awkward]
    entry = next(e for e in room.entries(d) if e.story.title == awkward[0])
    page = client.get(entry.link).text
    assert f"<h1>{escape(entry.story.title)}</h1>" in page


def test_the_apps_extractor_keeps_the_story_and_drops_the_clutter(
    room: Newsroom, client: httpx.Client
) -> None:
    for slug in ("world", "business"):  # business: the newest story has an awkward headline
        entry = room.entries(desk(room, slug))[0]
        response = client.get(entry.link)
        article = extract_article(response.content, url=entry.link)
        assert article is not None
        assert article.title == entry.story.title
        assert article.author == entry.story.author
        assert all(p in article.markdown for p in entry.story.paragraphs)
        for quote in (b for b in entry.story.blocks if b.kind == "quote"):
            assert quote.text in article.markdown and quote.cite in article.markdown
        assert "cookies" not in article.markdown
        assert "newsletter" not in article.markdown
        assert all(text not in article.markdown for _, text in entry.story.comments)


def test_the_apps_parser_reads_every_desk_on_its_fast_path(
    room: Newsroom, client: httpx.Client
) -> None:
    for d in room.desks:
        response = client.get(room.feed_url(d))
        parsed = parse_fast(response.content, url=room.feed_url(d), headers=response.headers)
        assert parsed is not None and parsed.problem is None
        assert parsed.title == d.name
        expected = room.entries(d)
        assert [e.title for e in parsed.entries] == [e.story.title for e in expected]
        assert [e.published for e in parsed.entries] == [e.published for e in expected]
        assert [e.guid for e in parsed.entries] == [e.guid for e in expected]
        assert all(e.summary and e.author for e in parsed.entries)


def test_source_configs_point_at_the_feeds(room: Newsroom, client: httpx.Client) -> None:
    configs = room.source_configs()
    assert [c.url for c in configs] == [room.feed_url(d) for d in room.desks]
    assert [c.name for c in configs] == [d.name for d in room.desks]
    assert all(c.refresh == 5.0 and "demo" in c.tags for c in configs)
    assert all(client.get(c.url).status_code == 200 for c in configs)


def test_a_long_sleep_catches_up_without_publishing_forever(
    room: Newsroom, client: httpx.Client, clock: FakeClock
) -> None:
    clock.now += 365 * 86_400
    d = desk(room, "world")
    got = items(client.get(room.feed_url(d)), d)
    assert len(got) == FEED_SIZE
    assert clock.now - got[0]["published"].timestamp() < 3600
    assert len(room.entries(d, limit=10**6)) < 500


def test_stop_frees_the_port_and_ends_kept_alive_connections(clock: FakeClock) -> None:
    newsroom = Newsroom(seed=1, clock=clock).start()
    port = int(newsroom.base_url.rsplit(":", 1)[1])
    with httpx.Client(timeout=10) as http:
        assert http.get(newsroom.feed_url(newsroom.desks[0])).status_code == 200
        newsroom.stop()
        newsroom.stop()  # a second stop is harmless
        with pytest.raises(httpx.TransportError):
            http.get(newsroom.feed_url(newsroom.desks[0]))
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port), 2):
        pass
    with socket.socket() as again:
        again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as http.server does
        again.bind(("127.0.0.1", port))


def test_base_url_needs_a_started_newsroom() -> None:
    newsroom = Newsroom(seed=1)
    with pytest.raises(RuntimeError):
        _ = newsroom.base_url
    with Newsroom(seed=1, start=True) as started:
        assert started.base_url.startswith("http://127.0.0.1:")


def test_desk_names_fit_the_tickers_source_column() -> None:
    names = [d.name for d in Newsroom(seed=1).desks]
    assert all(len(name) <= 13 for name in names)
    assert len({name[:8] for name in names}) == len(names)  # told apart even when cut short
