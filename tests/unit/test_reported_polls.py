"""Tests the handed cases of issue 13 (`../shared/corpus/reported/`) as a user meets them: each
served by a real server on 127.0.0.1 as its routes.json says, polled into a real database."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newstui.feeds.poller import Poller
from newstui.models import Headline, Source, SourceConfig
from newstui.net.fetch import Fetcher
from newstui.net.process_pool import shutdown_pool
from newstui.storage.store import Store
from tests.reported import answer, case
from tests.server import FeedServer


@pytest.fixture(scope="module", autouse=True)
def _parse_pool() -> Iterator[None]:
    yield
    shutdown_pool()


@dataclass
class Desk:
    server: FeedServer
    store: Store
    poller: Poller
    port: int

    def serve(self, name: str, path: str, n: int = 0) -> str:
        body, headers = answer(name, path, n, port=self.port)
        return self.server.route(path, body, headers=headers)

    def add(self, *urls: str) -> None:
        """Configure these sources (and only these)."""
        self.store.sync_sources([SourceConfig(u) for u in urls], 300)

    async def poll_all(self) -> None:
        for source in self.store.sources():
            outcome = await self.poller.poll_source(source)
            assert outcome.source.last_status == "ok", outcome.source.last_error

    def headlines(self) -> list[Headline]:
        return self.store.headlines(limit=1_000)

    def sources(self) -> list[Source]:
        return self.store.sources()


@pytest.fixture
async def desk(tmp_path: Path, feed_server: FeedServer) -> AsyncIterator[Desk]:
    store = Store(tmp_path / "news.db")
    port = int(feed_server.url("/").rsplit(":", 1)[1].split("/")[0])
    async with Fetcher() as fetcher:
        yield Desk(feed_server, store, Poller(store, fetcher, jitter=0.0), port)
    store.close()


async def test_no_guid_shared_link_six_then_twelve_then_still_twelve(desk: Desk) -> None:
    case("no-guid-shared-link")
    url = desk.serve("no-guid-shared-link", "/feed", 0)
    desk.add(url)
    await desk.poll_all()
    first = {h.title for h in desk.headlines()}
    assert first == {
        "Octopus at the opera",
        "Robot gardener",
        "Midnight ramen cat",
        "Retro rocket club",
        "Lighthouse keeper",
        "Mushroom wizard",
    }
    desk.serve("no-guid-shared-link", "/feed", 1)
    await desk.poll_all()
    assert {h.title for h in desk.headlines()} == first | {
        "Space llama",
        "Tea-drinking dragon",
        "Surfing sloth",
        "Pixel forest",
        "Jazz penguin",
        "Origami whale",
    }
    await desk.poll_all()
    assert len(desk.headlines()) == 12
    assert desk.sources()[0].last_error is None  # nothing was dropped, nothing to say


async def test_cp1251_with_a_leading_newline_names_both_sources(desk: Desk) -> None:
    case("cp1251-leading-newline")
    desk.add(
        desk.serve("cp1251-leading-newline", "/clean"),
        desk.serve("cp1251-leading-newline", "/leading"),
    )
    await desk.poll_all()
    assert {s.display_name for s in desk.sources()} == {"Городские новости"}
    assert [(h.title, h.published) for h in desk.headlines()] == [
        ("Мост откроют в пятницу", datetime(2026, 11, 2, 7, 0, tzinfo=UTC))
    ] * 2


async def test_cet_and_cest_from_a_utf8_and_a_latin1_feed(desk: Desk) -> None:
    case("tz-abbrev-cet")
    desk.add(desk.serve("tz-abbrev-cet", "/utf8"), desk.serve("tz-abbrev-cet", "/latin1"))
    await desk.poll_all()
    found = sorted((h.guid, h.published.isoformat(), h.title) for h in desk.headlines())
    assert found == sorted(
        [
            ("tz-1", "2026-11-06T18:58:02+00:00", "Straßenbahn fährt wieder (winter time, CET)"),
            ("tz-2", "2026-08-15T10:00:00+00:00", "Sommerfest verschoben (summer time, CEST)"),
        ]
        * 2
    )


async def test_escaped_tags_in_atom_plain_text_titles(desk: Desk) -> None:
    case("title-escaped-tag")
    desk.add(desk.serve("title-escaped-tag", "/atom"))
    await desk.poll_all()
    assert desk.sources()[0].display_name == "Browser News"
    assert {h.title for h in desk.headlines()} == {
        "Browser 23 gains a share button and drops <blink>",
        "A short guide to <head> elements",
        "AT&amp;T is how you escape an ampersand",
        "<3 small tools",
        "The new layout engine",
    }
