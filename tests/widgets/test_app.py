"""Tests the ticker app through Pilot: start-up, navigation, panes, live news, articles, links."""

from __future__ import annotations

import stat
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newstui.config.schema import Config
from newstui.models import FeedEntry, SourceConfig
from newstui.storage.store import Store
from newstui.ui.screens.main import ROUND_SETTLE
from newstui.ui.widgets.headline_list import HeadlineList
from tests.feeds import Item, rss
from tests.server import FeedServer
from tests.widgets.conftest import NOW, MakeApp
from tests.widgets.waits import settle, written

pytestmark = pytest.mark.usefixtures("utc_local_time")


def fill(store: Store, url: str, count: int, *, name: str = "Wire", start: int = 0) -> None:
    (source,) = [s for s in store.sync_sources([SourceConfig(url, name=name)], 300) if s.url == url]
    entries = [
        FeedEntry(
            guid=f"{name}-{i}",
            title=f"{name} headline {i}",
            link=f"{url.rsplit('/', 1)[0]}/article/{i}",
            published=NOW - timedelta(minutes=7 * i),
            summary=f"Summary of {name.lower()} story {i}.",
        )
        for i in range(start, start + count)
    ]
    store.save_poll(source, entries, NOW)


def wire(*urls: str) -> Config:
    return Config(sources=tuple(SourceConfig(u, name="Wire") for u in urls), refresh=3600)


async def test_start_up_shows_stored_headlines_before_any_network(
    tmp_path: Path, news_app: MakeApp
) -> None:
    url = "http://127.0.0.1:9/feed.xml"  # a closed port: nothing is fetched in this test
    store = Store(tmp_path / "news.db")
    fill(store, url, 20)
    store.close()
    app = news_app(wire(url), tmp_path / "news.db")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        headlines = app.query_one(HeadlineList)
        assert len(headlines.headlines) >= 20
        assert headlines.highlighted is not None
        assert headlines.highlighted.title == "Wire headline 0"
        assert headlines.has_focus


async def test_keyboard_navigation_and_opening(tmp_path: Path, news_app: MakeApp) -> None:
    url = "http://127.0.0.1:9/feed.xml"
    store = Store(tmp_path / "news.db")
    fill(store, url, 30)
    store.close()
    app = news_app(wire(url), tmp_path / "news.db")
    async with app.run_test(size=(120, 30)) as pilot:
        headlines = app.query_one(HeadlineList)
        await pilot.press("j", "j", "down")
        assert headlines.highlighted.title == "Wire headline 3"  # type: ignore[union-attr]
        await pilot.press("k", "up")
        assert headlines.highlighted.title == "Wire headline 1"  # type: ignore[union-attr]
        await pilot.press("G")
        assert headlines.highlighted.title == "Wire headline 29"  # type: ignore[union-attr]
        await pilot.press("g")
        assert headlines.highlighted.title == "Wire headline 0"  # type: ignore[union-attr]
        await pilot.press("pagedown")
        assert headlines.highlighted_index > 10
        await pilot.press("home", "j", "enter")
        await settle(pilot, lambda: app.main.reader.headline is not None)
        assert app.main.reader.headline.title == "Wire headline 1"  # type: ignore[union-attr]
        assert "Summary of wire story 1." in app.main.reader.query_one("#reader-body").source  # type: ignore[attr-defined]
        # opening marks read, and u toggles it back
        await written(pilot, app)
        assert app.store.headlines(limit=5)[1].read
        await pilot.press("tab")
        assert app.main.reader.has_focus
        await pilot.press("tab")
        assert headlines.has_focus
        await pilot.press("u")
        await written(pilot, app)
        assert not app.store.headlines(limit=5)[1].read


async def test_narrow_layout_takes_turns(tmp_path: Path, news_app: MakeApp) -> None:
    url = "http://127.0.0.1:9/feed.xml"
    store = Store(tmp_path / "news.db")
    fill(store, url, 10)
    store.close()
    app = news_app(wire(url), tmp_path / "news.db")
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.main.narrow
        assert not app.main.reader.display or not app.main.reader.region.width
        await pilot.press("j", "enter")
        await settle(pilot, lambda: app.main.has_class("-reading"))
        assert app.main.reader.region.width == 80
        assert app.query_one("#list-column").region.width == 0
        await pilot.press("escape")
        assert not app.main.has_class("-reading")
        assert app.query_one(HeadlineList).has_focus
        assert app.query_one(HeadlineList).highlighted.title == "Wire headline 1"  # type: ignore[union-attr]
        # wide with the article closed: the list has the whole width; Tab opens it beside
        await pilot.resize_terminal(140, 30)
        await pilot.pause()
        assert not app.main.narrow
        assert app.main.reader.region.width == 0
        assert app.query_one("#list-column").region.width == 140
        await pilot.press("tab")
        await pilot.pause()
        assert app.main.reader.region.width > 0 and app.query_one("#list-column").region.width > 0


async def test_live_news_keeps_the_readers_place(
    tmp_path: Path, feed_server: FeedServer, news_app: MakeApp
) -> None:
    """The issue's rule: on the 5th headline, a poll bringing 3 new ones leaves the same
    headline highlighted, at the same place on screen, and says "3 new"."""
    items = [
        Item(
            f"Story {i}",
            feed_server.url(f"/a/{i}"),
            guid=f"s{i}",
            published=datetime.now(UTC) - timedelta(minutes=5 * i + 5),
        )
        for i in range(30)
    ]
    url = feed_server.route("/feed.xml", rss(items, title="Live Desk"))
    config = Config(sources=(SourceConfig(url),), refresh=3600)
    app = news_app(config, tmp_path / "news.db", poll=True, now=None)
    async with app.run_test(size=(120, 30)) as pilot:
        headlines = app.query_one(HeadlineList)
        await settle(pilot, lambda: len(headlines.headlines) >= 30)
        await pilot.press("j", "j", "j", "j")
        chosen = headlines.highlighted
        assert chosen is not None and chosen.title == "Story 4"
        # Its first line on screen (a headline takes several lines in the News line layout).
        screen_row = headlines.line_of(headlines.highlighted_index) - headlines.scroll_offset.y
        newer = [
            Item(
                f"Breaking {i}",
                feed_server.url(f"/b/{i}"),
                guid=f"b{i}",
                published=datetime.now(UTC) - timedelta(seconds=30 + i),
            )
            for i in range(3)
        ]
        feed_server.route("/feed.xml", rss(newer + items, title="Live Desk"))
        await pilot.press("r")
        await settle(pilot, lambda: headlines.new_count == 3)
        assert headlines.highlighted == chosen
        line = headlines.line_of(headlines.highlighted_index)
        assert line - headlines.scroll_offset.y == screen_row
        # The line above the list hears of the count by a message: a moment after the list.
        await settle(pilot, lambda: "3 new" in str(app.query_one("#list-status").content))
        await pilot.press("n")
        assert headlines.highlighted.title == "Breaking 0"  # type: ignore[union-attr]
        assert headlines.new_count == 0


def article_page(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a> "
        "<a href='/w'>World</a></nav><div class='cookie-banner'>We use cookies. Accept all?</div>"
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer>Share on Twitter · Comments (12)</footer></body></html>"
    )


PARAGRAPHS = [
    "The harbour authority of Port Lumen confirmed on Tuesday that the new breakwater will be "
    "finished two years ahead of schedule, after engineers switched to a modular design.",
    "Local fishermen, who had campaigned for the project for more than a decade, welcomed the "
    "news but warned that the dredging season could still disrupt the winter catch.",
    "The authority said it would publish the full timetable next month, together with the "
    "results of an environmental review commissioned from the University of Varnholt.",
]


async def test_full_article_replaces_feed_text_and_is_cached(
    tmp_path: Path,
    feed_server: FeedServer,
    news_app: MakeApp,
) -> None:
    page = feed_server.route(
        "/article/1",
        article_page("Breakwater ahead of schedule", PARAGRAPHS),
        headers={"Content-Type": "text/html; charset=utf-8"},
    )
    feed = feed_server.route(
        "/feed.xml",
        rss(
            [
                Item(
                    "Breakwater ahead of schedule",
                    page,
                    guid="x1",
                    published=datetime.now(UTC) - timedelta(minutes=3),
                    summary="Short feed blurb.",
                ),
            ],
            title="Harbour News",
        ),
    )
    config = Config(sources=(SourceConfig(feed),), refresh=3600)
    app = news_app(config, tmp_path / "news.db", poll=True, now=None)
    async with app.run_test(size=(120, 30)) as pilot:
        headlines = app.query_one(HeadlineList)
        await settle(pilot, lambda: len(headlines.headlines) >= 1)
        await pilot.press("enter")
        await settle(
            pilot, lambda: "Full text" in str(app.main.reader.query_one("#reader-status").content)
        )
        body = app.main.reader.query_one("#reader-body").source  # type: ignore[attr-defined]
        assert "modular design" in body and "winter catch" in body
        assert "cookies" not in body and "Comments (12)" not in body
        status = str(app.main.reader.query_one("#reader-status").content)
        assert "words" in status and "min read" in status
        # f switches to the feed's own text and back
        await pilot.press("f")
        await settle(
            pilot, lambda: "Short feed blurb." in app.main.reader.query_one("#reader-body").source
        )  # type: ignore[attr-defined]
        await pilot.press("f")
        await settle(
            pilot, lambda: "modular design" in app.main.reader.query_one("#reader-body").source
        )  # type: ignore[attr-defined]
        # reopening uses the DB cache: the server saw one request for the page
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert len(feed_server.requests_for("/article/1")) == 1
    # ...and so does a new session, offline
    feed_server.route("/article/1", "gone", status=500)
    app2 = news_app(config, tmp_path / "news.db", now=None)
    async with app2.run_test(size=(120, 30)) as pilot:
        await pilot.press("enter")
        await settle(
            pilot, lambda: "modular design" in app2.main.reader.query_one("#reader-body").source
        )  # type: ignore[attr-defined]
    assert len(feed_server.requests_for("/article/1")) == 1


async def test_slow_page_does_not_block_and_failure_is_explained(
    tmp_path: Path,
    feed_server: FeedServer,
    news_app: MakeApp,
) -> None:
    slow = feed_server.route(
        "/slow", article_page("Slow", PARAGRAPHS), delay=3.0, headers={"Content-Type": "text/html"}
    )
    pdf = feed_server.route("/doc.pdf", b"%PDF-1.4", headers={"Content-Type": "application/pdf"})
    feed = feed_server.route(
        "/feed.xml",
        rss(
            [
                Item(
                    "Slow page",
                    slow,
                    guid="s",
                    published=datetime.now(UTC) - timedelta(minutes=1),
                    summary="Slow blurb.",
                ),
                Item(
                    "A PDF",
                    pdf,
                    guid="p",
                    published=datetime.now(UTC) - timedelta(minutes=2),
                    summary="PDF blurb.",
                ),
                Item(
                    "Third",
                    feed_server.url("/x"),
                    guid="t",
                    published=datetime.now(UTC) - timedelta(minutes=3),
                ),
            ],
            title="Mixed",
        ),
    )
    config = Config(sources=(SourceConfig(feed),), refresh=3600)
    app = news_app(config, tmp_path / "n.db", poll=True, now=None)
    async with app.run_test(size=(120, 30)) as pilot:
        headlines = app.query_one(HeadlineList)
        await settle(pilot, lambda: len(headlines.headlines) >= 3)
        await pilot.press("enter")
        await settle(pilot, lambda: app.main.reader.headline is not None)
        # the feed text is there at once and the list still answers while the page loads
        assert "Slow blurb." in app.main.reader.query_one("#reader-body").source  # type: ignore[attr-defined]
        assert "fetching" in str(app.main.reader.query_one("#reader-status").content)
        await pilot.press("j")
        assert headlines.highlighted.title == "A PDF"  # type: ignore[union-attr]
        # opening another headline cancels the slow fetch and explains the PDF
        await pilot.press("enter")
        await settle(
            pilot, lambda: "not HTML" in str(app.main.reader.query_one("#reader-status").content)
        )
        assert "PDF blurb." in app.main.reader.query_one("#reader-body").source  # type: ignore[attr-defined]


async def test_o_opens_http_links_in_the_browser_never_others(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    news_app: MakeApp,
) -> None:
    # A real "browser": a script that records the URL it is given (webbrowser honours $BROWSER).
    record = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{record}"\n')
    browser.chmod(browser.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("BROWSER", str(browser))
    import webbrowser

    monkeypatch.setattr(webbrowser, "_tryorder", None)
    monkeypatch.setattr(webbrowser, "_browsers", {})
    url = "http://127.0.0.1:9/feed.xml"
    store = Store(tmp_path / "news.db")
    (source,) = store.sync_sources([SourceConfig(url, name="Wire")], 300)
    store.save_poll(
        source,
        [
            FeedEntry("a", "Good link", "https://example.org/story?id=1&x=2", NOW),
            FeedEntry("b", "No link", None, NOW - timedelta(minutes=1)),
        ],
        NOW,
    )
    app = news_app(Config(sources=(SourceConfig(url, name="Wire"),)), store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("o")
        await settle(pilot, lambda: record.exists())
        await pilot.press("j", "o")
        await pilot.pause(0.3)
    assert record.read_text().splitlines() == ["https://example.org/story?id=1&x=2"]


async def test_help_lists_every_key(tmp_path: Path, news_app: MakeApp) -> None:
    app = news_app(wire("http://127.0.0.1:9/f"), tmp_path / "news.db")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        from newstui.ui.screens.help import HelpScreen

        assert isinstance(app.screen, HelpScreen)
        listed = {description for _, rows in app.screen.sections for _, description in rows}
        for expected in ("Quit", "Refresh", "Browser", "Switch pane", "Help"):
            assert expected in listed
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_keymap_from_config_remaps_keys(tmp_path: Path, news_app: MakeApp) -> None:
    url = "http://127.0.0.1:9/feed.xml"
    store = Store(tmp_path / "news.db")
    fill(store, url, 5)
    config = Config(sources=(SourceConfig(url, name="Wire"),), keymap={"toggle_read": "x"})
    app = news_app(config, store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("x")
        await written(pilot, app)
        assert store.headlines(limit=1)[0].read


async def test_failing_source_notifies_once(
    tmp_path: Path, feed_server: FeedServer, news_app: MakeApp
) -> None:
    bad = feed_server.route("/bad", "[bold red]boom[/] [@click=app.quit]", status=500)
    config = Config(sources=(SourceConfig(bad, name="Bad [b]desk[/b]"),), refresh=3600)
    app = news_app(config, tmp_path / "n.db", poll=True, now=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot, lambda: app.query_one("#header").failing == 1)  # type: ignore[attr-defined]
        await settle(pilot, lambda: any("failing" in n.message for n in app._notifications))
        await pilot.press("r")
        await settle(pilot, lambda: len(feed_server.requests_for("/bad")) >= 2)
        await pilot.pause(ROUND_SETTLE + 0.5)  # the second round's notice, were there one
        notes = [n for n in app._notifications if "failing" in n.message]
        assert len(notes) == 1
        assert "Bad [b]desk[/b] (HTTP 500 " in notes[0].message
        assert app.is_running


def test_sources_screen_rows(tmp_path: Path) -> None:
    # A plain check of the data the screen shows (rendered in the snapshot tests).
    store = Store(tmp_path / "n.db")
    (s,) = store.sync_sources([SourceConfig("http://127.0.0.1:9/f", name="Wire")], 300)
    store.save_states([replace(s, last_status="error", last_error="HTTP 500")])
    assert store.sources()[0].last_error == "HTTP 500"


async def test_ticker_applies_retention_while_open(tmp_path: Path, news_app: MakeApp) -> None:
    url = "http://127.0.0.1:9/feed.xml"
    store = Store(tmp_path / "news.db")
    fill(store, url, 30)
    config = Config(sources=(SourceConfig(url, name="Wire"),), keep_per_source=10)
    app = news_app(config, store)
    async with app.run_test(size=(120, 30)) as pilot:
        starred = store.headlines(limit=30)[-1]
        store.set_starred(starred.id, True)
        await app._apply_retention()  # what the hourly timer runs
        await pilot.pause()
    kept = store.headlines(limit=100)
    assert len(kept) == 11 and starred.id in {h.id for h in kept}


async def test_marks_toggle_from_the_reading_pane(tmp_path: Path, news_app: MakeApp) -> None:
    url = "http://127.0.0.1:9/feed.xml"
    store = Store(tmp_path / "news.db")
    fill(store, url, 5)
    app = news_app(wire(url), tmp_path / "news.db")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("enter")
        await settle(pilot, lambda: app.main.reader.headline is not None)
        await pilot.press("tab")  # the pane has focus: marks apply to what it shows
        assert app.main.reader.has_focus
        await written(pilot, app)
        assert store.headlines(limit=1)[0].read  # opening marked it read
        await pilot.press("u")
        await written(pilot, app)
        assert not store.headlines(limit=1)[0].read
        await pilot.press("u")
        await written(pilot, app)
        assert store.headlines(limit=1)[0].read
        await pilot.press("s", "s")
        await written(pilot, app)
        assert not store.headlines(limit=1)[0].starred
        await pilot.press("s")
        await written(pilot, app)
        assert store.headlines(limit=1)[0].starred
