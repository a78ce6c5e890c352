"""Tests what the real app puts on the screen for hostile headlines (Pilot): markup shown
literally, no control characters in any cell, no hidden or reordered text, long and wide titles
cut to their row, the reading pane and notifications safe, and the headless commands too."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.segment import Segment
from textual.app import App
from textual.strip import Strip

from newstui.config.schema import Config
from newstui.feeds.parse import parse_feed
from newstui.feeds.poller import PollOutcome
from newstui.models import FeedEntry, SourceConfig
from newstui.storage.store import Store
from newstui.text.characters import unsafe
from newstui.ui.app import NewsApp
from newstui.ui.links import open_link
from newstui.ui.messages import PollFinished
from newstui.ui.widgets.headline_list import HeadlineList
from newstui.ui.widgets.headline_paint import MAX_TITLE_LINES
from tests import hostile
from tests.widgets.conftest import MakeApp
from tests.widgets.waits import settle

NOW = datetime.now(UTC).replace(microsecond=0)
SIZE = (160, 40)
MARKUP_TITLE = "[bold red]BOLD RED[/bold red] and [@click=app.quit]quit[/]"
RAW_CONTENT = (
    '<p>Para [bold red]x[/] <a href="javascript:alert(1)">js link</a> and '
    '<a href="http://127.0.0.1/ok">ok link</a> \x1b]52;c;ZXZpbA==\x07 clip \x9b2J</p>'
    "<script>document.title='pwned'</script><p>[@click=app.quit]pane quit[/]</p>"
)


def fill(store: Store, *, raw: bool = True) -> Store:
    """Headlines from the hostile files through the real parser, plus (`raw`) some written
    straight into the DB past the parser (the interface must not rely on the parser alone)."""
    names = ["markup.xml", "terminal_escapes.xml", "bidi.xml"]
    sources = store.sync_sources([SourceConfig(f"http://127.0.0.1/{n}") for n in names], 300)
    for source, name in zip(sources, names, strict=True):
        feed = parse_feed(hostile.read(name), url=source.url)
        dated = [
            replace(e, published=NOW - timedelta(minutes=i)) for i, e in enumerate(feed.entries)
        ]
        store.save_poll(replace(source, feed_title=feed.title, last_status="ok"), dated, NOW)
    if not raw:
        return store
    (unchecked,) = store.sync_sources(
        [*(SourceConfig(s.url) for s in sources), SourceConfig("http://127.0.0.1/raw")], 300
    )[3:]
    entries = [
        FeedEntry(
            "raw-esc",
            "Raw \x1b[31mred\x1b[0m \x9b2J \x1b]8;;http://evil.example/\x07osc8\x1b]8;;\x07 end",
            "http://127.0.0.1/raw-esc",
            NOW - timedelta(minutes=30),
        ),
        FeedEntry("long", "L" * 995 + "TAIL", None, NOW - timedelta(minutes=31)),
        FeedEntry("wide", "字" * 600 + "END", None, NOW - timedelta(minutes=32)),
    ]
    store.save_poll(replace(unchecked, last_status="ok"), entries, NOW)
    html = FeedEntry(
        "raw-html", "Raw HTML body", None, NOW - timedelta(minutes=29), content_html=RAW_CONTENT
    )
    store.save_poll(store.sources()[0], [html], NOW)
    store.sync_sources(
        [
            *(SourceConfig(s.url) for s in sources),
            SourceConfig("http://127.0.0.1/raw", name="Raw [/] \x1b[5msrc"),
        ],
        300,
    )
    return store


@pytest.fixture
def store(store: Store) -> Store:
    """The shared store, filled with hostile headlines (see fill)."""
    return fill(store)


@pytest.fixture
def app(store: Store, news_app: MakeApp) -> NewsApp:
    """The app on the hostile store, polling nothing, at the real time (the headlines are dated
    from now)."""
    sources = tuple(SourceConfig(s.url, name=s.name) for s in store.sources())
    return news_app(Config(sources=sources), store, now=None)


def segments(app: App[None]) -> list[list[Segment]]:
    """Every screen row as the segments written to the terminal (all layers composed)."""
    update = app.screen._compositor.render_full_update(simplify=True)
    rows: list[list[Segment]] = []
    for line in update.strips:
        strips: Iterable[Strip] = line
        rows.append([seg for strip in strips for seg in strip])
    return rows


def screen_text(app: App[None]) -> list[str]:
    return ["".join(seg.text for seg in row) for row in segments(app)]


def shown(text: str) -> str:
    """Text as shown, less the FSI ... PDI pairs rows wrap right-to-left text in (newstui's
    own, balanced: an isolate left open or from the feed would still be caught)."""
    return ISOLATED.sub(r"\1", text)


ISOLATED = re.compile("\u2068([^\u2066-\u2069]*)\u2069")


def assert_screen_safe(app: App[None]) -> None:
    for row in segments(app):
        for seg in row:
            assert not unsafe().search(shown(seg.text)), repr(seg.text)
            style = seg.style
            if style is not None:
                # Feed text read as markup would carry a link (OSC 8) or a click action.
                assert not (style.link or "").startswith("http://evil"), style.link
                assert "pwned" not in repr(style.meta) and "evil" not in repr(style.meta)


def highlight(headlines: HeadlineList, headline_id: int) -> None:
    """Moves the list's highlight to a headline it holds, as keys would."""
    headlines.highlighted_index = [h.id for h in headlines.headlines].index(headline_id)


def rows_with(lines: list[str], needle: str) -> list[str]:
    return [line for line in lines if needle in line]


@pytest.mark.slow
@pytest.mark.timeout(60)
async def test_headline_list_shows_hostile_titles_literally_and_safely(
    store: Store, app: NewsApp
) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        lines = screen_text(app)
        assert_screen_safe(app)
        # Markup is text: brackets, tags and actions appear as typed, nothing is restyled.
        assert rows_with(lines, MARKUP_TITLE)
        assert rows_with(lines, "unbalanced [/] closer [/foo] and [link=file:")
        assert rows_with(lines, "[bold red]Mar")  # the source column, cut to its width
        # Escapes are gone with their parameters; bidi and zero-width characters too.
        assert rows_with(lines, "Red ALERT")
        assert rows_with(lines, "Raw red osc8 end")  # written past the parser, cleaned anyway
        assert rows_with(lines, "Raw [/] src")
        assert not rows_with(lines, "31m") and not rows_with(lines, "evil.example")
        assert rows_with(lines, "pay NOITNETTA now, zerowidthjoined")
        assert rows_with(lines, "HTML in a title & entities ©")
        # Long and wide titles never wall the screen: the compact layout (the default with
        # the list this wide) wraps them under their column to MAX_TITLE_LINES lines...
        long_rows = rows_with(lines, "LLLL")
        assert len(long_rows) == MAX_TITLE_LINES and "L…" in long_rows[-1]
        assert not rows_with(lines, "TAIL")
        wide_rows = rows_with(lines, "字字")
        assert len(wide_rows) <= MAX_TITLE_LINES and not rows_with(lines, "END")
        assert all(cell_len(line) == SIZE[0] for line in lines)
        # ...and so does the News line layout, the last line cut with "…".
        await pilot.press("L")
        await pilot.pause()
        lines = screen_text(app)
        long_rows = rows_with(lines, "LLLL")
        assert len(long_rows) == MAX_TITLE_LINES and "L…" in long_rows[-1]
        wide_rows = rows_with(lines, "字字")
        assert len(wide_rows) == MAX_TITLE_LINES and "字…" in wide_rows[-1]
        assert not rows_with(lines, "TAIL") and not rows_with(lines, "END")
        assert all(cell_len(line) == SIZE[0] for line in lines)
        # Still responsive: the cursor moves and the app is alive.
        await pilot.press("j", "j", "k")
        assert app.is_running
        assert_screen_safe(app)


@pytest.mark.slow
@pytest.mark.timeout(60)
async def test_reading_pane_shows_hostile_content_safely(store: Store, app: NewsApp) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        headlines = app.query_one(HeadlineList)
        by_guid = {h.guid: h for h in store.headlines(limit=100)}
        for guid, expected in [
            ("m1", ["[link=http://evil.example]click me[/link]", "[bold red]BOLD RED"]),
            ("raw-html", ["[bold red]x[/]", "js link", "[@click=app.quit]pane quit[/]"]),
            ("esc", ["Summary", "DCS."]),
        ]:
            highlight(headlines, by_guid[guid].id)
            await pilot.press("enter")
            await pilot.pause()
            await pilot.pause()
            text = "\n".join(screen_text(app))
            for fragment in expected:
                assert fragment in text, (guid, fragment)
            assert "pwned" not in text and "ZXZpbA" not in text
            assert_screen_safe(app)
        assert app.is_running


@pytest.mark.timeout(60)
async def test_only_http_links_are_opened(
    store: Store, app: NewsApp, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import stat
    import webbrowser

    # A real "browser": a script that records the URL it is given (webbrowser honours $BROWSER).
    record = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{record}"\n')
    browser.chmod(browser.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("BROWSER", str(browser))
    monkeypatch.setattr(webbrowser, "_tryorder", None)
    monkeypatch.setattr(webbrowser, "_browsers", {})
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        by_guid = {h.guid: h for h in store.headlines(limit=100)}
        assert by_guid["esc2"].link is None  # the feed's javascript: link was never stored
        headlines = app.query_one(HeadlineList)
        highlight(headlines, by_guid["esc2"].id)
        await pilot.press("enter")
        await pilot.pause()
        assert "(no link that can be opened)" in "\n".join(screen_text(app))
        await pilot.press("o")
        await pilot.pause()
        assert "no http(s) link to open" in "\n".join(screen_text(app))
        # A stored link of another scheme (written past the parser) is refused as well.
        open_link(app.main, "javascript:alert(1)")
        open_link(app.main, "file:///etc/passwd")
        open_link(app.main, "http://127.0.0.1/ok")
        await app.workers.wait_for_complete()
        await settle(pilot, record.exists)
    assert record.read_text().splitlines() == ["http://127.0.0.1/ok"]


@pytest.mark.timeout(60)
async def test_reading_pane_title_written_past_the_parser_is_cleaned(
    store: Store, app: NewsApp
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        raw = next(h for h in store.headlines(limit=100) if h.guid == "raw-esc")
        highlight(app.query_one(HeadlineList), raw.id)
        await pilot.press("enter")
        await pilot.pause()
        assert "Raw" in "\n".join(screen_text(app))
        assert_screen_safe(app)


@pytest.mark.timeout(60)
async def test_failing_source_with_markup_in_its_error_is_notified_literally(
    store: Store, app: NewsApp
) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        source = replace(
            store.sources()[0],
            name="[/]Bad [@click=app.quit]",
            last_status="error",
            last_error="[bold red]boom[/] [link=http://evil.example]x",
        )
        app.main.post_message(PollFinished(PollOutcome(source=source, started_failing=True)))
        # The poll round's one notice comes once the round has settled.
        await settle(pilot, lambda: "failing:" in "\n".join(screen_text(app)), timeout=15)
        text = "\n".join(screen_text(app))
        # The toast wraps at spaces: each word shows as typed.
        for word in ("[/]Bad", "[@click=app.quit]", "([bold", "red]boom[/]", "[link=http"):
            assert word in text, word
        assert_screen_safe(app)
        assert app.is_running


def headless(db: Path, *command: str) -> str:
    config = db.with_name("config.toml")
    config.write_text('[[sources]]\nurl = "http://127.0.0.1/markup.xml"\n')
    run = subprocess.run(
        [sys.executable, "-m", "newstui", "--db", str(db), "--config", str(config), *command],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_headless_commands_print_hostile_text_literally(tmp_path: Path) -> None:
    fill(Store(tmp_path / "newstui.db"), raw=False).close()
    out = headless(tmp_path / "newstui.db", "headlines", "--limit", "100")
    assert MARKUP_TITLE in out and "Red ALERT" in out
    assert not unsafe().search(shown(out.replace("\n", "")))
    out = headless(tmp_path / "newstui.db", "sources")
    assert "[bold red]Markup[/] Feed [@clic…" in out  # cut to its column (32 cells)
    assert not unsafe().search(shown(out.replace("\n", "")))


def test_headless_headlines_clean_text_written_past_the_parser(store: Store) -> None:
    store.close()
    out = headless(store.path, "headlines", "--limit", "100")
    assert "Raw red" in out
    assert not unsafe().search(shown(out.replace("\n", "")))
