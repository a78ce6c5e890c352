"""Tests stories in the ticker through Pilot, on a real store placed by the real story engine: one
row per story with "+N sources", expanded by a key or a click on its mark, each headline opened
as usual, a story marked read as one, and stories turned off by the config and by a key."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newstui.config.schema import Config
from newstui.feeds.stories import StoryPlacer
from newstui.models import FeedEntry, SourceConfig
from newstui.storage.store import Store
from newstui.ui.app import NewsApp
from newstui.ui.screens.help import HelpScreen
from newstui.ui.screens.main_stories import SETTING
from newstui.ui.widgets.headline_list import HeadlineList
from tests.feeds import Item, rss
from tests.server import FeedServer
from tests.widgets.conftest import NOW, MakeApp
from tests.widgets.test_headline_list import screen_lines
from tests.widgets.waits import settle, written

pytestmark = pytest.mark.usefixtures("utc_local_time")

DESKS = ("Harbour Times", "Tech Line", "World Wire", "Night Desk")
BACKGROUND = [
    "Storm batters coast as thousands lose power",
    "Central bank holds interest rates steady",
    "Football club sacks manager after losing run",
    "Parliament votes on new budget plan",
    "Wildfire forces evacuations in the hills",
    "Tech company unveils new smartphone lineup",
    "Oil prices climb on supply worries",
    "Court rules on landmark privacy case",
]
STORY = [  # oldest first, each from another desk; the last is the row's headline
    "Metro-North worker killed by train in East Harlem",
    "Track worker struck and killed by Metro-North train, MTA says",
    "Metro-North track worker killed in Harlem",
]
WIDTHS = [60, 100, 120, 200]


def newsroom(tmp_path: Path, **config: object) -> tuple[Config, Store]:
    """Four desks: eight headlines of their own over the last hours, then one event three of
    them report (09:23, 09:33, 09:43), placed in stories as the ticker's poller places them."""
    store = Store(tmp_path / "stories.db")
    configs = tuple(
        SourceConfig(f"http://127.0.0.1:9/{n}/feed.xml", name=name) for n, name in enumerate(DESKS)
    )
    sources = store.sync_sources(configs, 300)
    dated = [(NOW - timedelta(hours=2, minutes=13 * n), t) for n, t in enumerate(BACKGROUND)]
    dated += [(NOW - timedelta(minutes=30 - 10 * n), t) for n, t in enumerate(STORY)]
    for n, (when, title) in enumerate(dated):
        source = sources[n % len(sources)]
        entry = FeedEntry(f"g{n}", title, f"http://127.0.0.1:9/{n}/story", when, "A summary.")
        store.save_poll(source, [entry], when)
    StoryPlacer().place_all(store)
    return Config(sources=configs, **config), store  # type: ignore[arg-type]


def titles(widget: HeadlineList) -> list[str]:
    return [h.title for h in widget.headlines]


def under_row(widget: HeadlineList) -> list[str]:
    """The lines drawn under an expanded story's row."""
    return [line for line in screen_lines(widget) if "↳" in line]


async def shown(pilot: object, app: NewsApp) -> HeadlineList:
    widget = app.main.headlines
    await settle(pilot, lambda: len(widget.headlines) >= 2)  # type: ignore[arg-type]
    return widget


@pytest.mark.parametrize("width", WIDTHS)
async def test_one_event_from_three_sources_is_one_row_with_the_newest_headline(
    tmp_path: Path, news_app: MakeApp, width: int
) -> None:
    app = news_app(*newsroom(tmp_path))
    async with app.run_test(size=(width, 40)) as pilot:
        widget = await shown(pilot, app)
        assert titles(widget)[0] == STORY[-1]
        assert STORY[0] not in titles(widget) and STORY[1] not in titles(widget)
        assert len(widget.headlines) == len(BACKGROUND) + 1
        text = "\n".join(screen_lines(widget))
        # News line (60) and compact rows with room say it in words; the row is in view.
        assert "+2 sources" in text
        assert text.count("+") == 1


async def test_a_narrow_compact_row_says_the_number_alone(
    tmp_path: Path, news_app: MakeApp
) -> None:
    app = news_app(*newsroom(tmp_path))
    async with app.run_test(size=(70, 30)) as pilot:
        widget = await shown(pilot, app)
        await pilot.press("L")  # compact at 70 columns: 40 cells of title
        await pilot.pause()
        first = screen_lines(widget)[0]
        assert widget.current_layout == "compact"
        assert "in Harlem  +2" in first and "sources" not in first  # after the title


@pytest.mark.parametrize("width", WIDTHS)
async def test_e_expands_each_source_with_its_time_and_each_opens(
    tmp_path: Path, news_app: MakeApp, width: int
) -> None:
    app = news_app(*newsroom(tmp_path))
    async with app.run_test(size=(width, 40)) as pilot:
        widget = await shown(pilot, app)
        assert widget.highlighted is not None and widget.highlighted.title == STORY[-1]
        await pilot.press("e")
        await pilot.pause()
        lines = under_row(widget)
        assert len(lines) == 2
        for line, when, desk in zip(
            lines, ("09:33", "09:23"), ("Tech Line", "Harbour"), strict=True
        ):
            assert when in line and desk in line
        assert widget.highlighted.title == STORY[-1]  # still on the row
        await pilot.press("j")
        assert widget.highlighted.title == STORY[1]
        await pilot.press("enter")
        await settle(pilot, lambda: app.main.reader.headline is not None)
        assert app.main.reader.headline.title == STORY[1]  # type: ignore[union-attr]
        await pilot.press("escape")
        await settle(pilot, lambda: widget.has_focus)
        await pilot.press("left")  # collapses, the highlight back on the row
        await pilot.pause()
        assert under_row(widget) == []
        assert widget.highlighted.title == STORY[-1]
        await pilot.press("right", "e")  # e again collapses too
        await pilot.pause()
        assert under_row(widget) == []


async def test_a_click_on_the_mark_expands_and_collapses_and_a_line_under_it_opens(
    tmp_path: Path, news_app: MakeApp
) -> None:
    app = news_app(*newsroom(tmp_path))
    async with app.run_test(size=(120, 30)) as pilot:
        widget = await shown(pilot, app)
        await pilot.press("j")  # off the row: the click must work from anywhere
        width = widget.scrollable_content_region.width
        title_x = widget._paint.compact_title_x(width, widget.source_width) + 3
        row = widget.headlines[0]  # the mark is after the title, in the row's last line
        lines = widget._title_lines(row, width, compact=True)
        assert len(lines) == 1
        mark_x = title_x - 3 + len(lines[0]) + len("  ")
        await pilot.click(widget, offset=(title_x, 0))  # on the title: selects, no more
        await pilot.pause()
        assert under_row(widget) == []
        await pilot.click(widget, offset=(mark_x + 1, 0))
        await pilot.pause()
        assert len(under_row(widget)) == 2
        await pilot.click(widget, offset=(title_x, 2))  # the second line under the row
        await pilot.pause()
        assert widget.highlighted is not None and widget.highlighted.title == STORY[0]
        await pilot.click(widget, offset=(title_x, 2))  # again: opens it
        await settle(pilot, lambda: app.main.reader.headline is not None)
        assert app.main.reader.headline.title == STORY[0]  # type: ignore[union-attr]
        await pilot.press("escape")  # the pane closes: the list has the width of before
        await settle(pilot, lambda: widget.current_layout == "compact")
        await pilot.click(widget, offset=(mark_x + 1, 0))
        await pilot.pause()
        assert under_row(widget) == []


async def test_u_on_a_story_marks_its_every_headline_and_on_one_of_them_that_one(
    tmp_path: Path, news_app: MakeApp
) -> None:
    config, store = newsroom(tmp_path)
    app = news_app(config, store)

    def read() -> list[str]:
        return sorted(h.title for h in store.headlines(limit=100) if h.read)

    async with app.run_test(size=(120, 30)) as pilot:
        widget = await shown(pilot, app)
        await pilot.press("u")
        await written(pilot, app)
        assert read() == sorted(STORY)
        assert widget.highlighted is not None and widget.highlighted.read
        await pilot.press("u")
        await written(pilot, app)
        assert read() == []
        await pilot.press("e", "j", "u")  # one of its headlines: that one alone
        await written(pilot, app)
        assert read() == [STORY[1]]
        assert "•" not in under_row(widget)[0][:2]  # drawn read (no unread mark)
        assert "•" in under_row(widget)[1][:2]


async def test_stories_false_in_the_config_shows_one_row_per_headline(
    tmp_path: Path, news_app: MakeApp
) -> None:
    app = news_app(*newsroom(tmp_path, stories=False))
    async with app.run_test(size=(120, 30)) as pilot:
        widget = await shown(pilot, app)
        assert titles(widget)[:3] == STORY[::-1]
        assert "+2" not in "\n".join(screen_lines(widget))
        await pilot.press("e")
        await pilot.pause()
        assert under_row(widget) == []


async def test_x_turns_stories_off_and_on_remembered_and_remappable(
    tmp_path: Path, news_app: MakeApp
) -> None:
    config, store = newsroom(tmp_path)
    app = news_app(config, store)
    async with app.run_test(size=(120, 30)) as pilot:
        widget = await shown(pilot, app)
        await pilot.press("e")
        await settle(pilot, lambda: len(under_row(widget)) == 2)
        await pilot.press("X")
        await settle(pilot, lambda: len(widget.headlines) == len(BACKGROUND) + 3)
        assert under_row(widget) == []  # its headlines are rows now, not lines under one
        await written(pilot, app)
        assert store.setting(SETTING) == "off"
    again = news_app(config, store)
    async with again.run_test(size=(120, 30)) as pilot:
        widget = await shown(pilot, again)
        assert len(widget.headlines) == len(BACKGROUND) + 3  # remembered
    remapped = news_app(Config(sources=config.sources, keymap={"toggle_stories": "ctrl+y"}), store)
    async with remapped.run_test(size=(120, 30)) as pilot:
        widget = await shown(pilot, remapped)
        await pilot.press("ctrl+y")
        await settle(pilot, lambda: len(widget.headlines) == len(BACKGROUND) + 1)
        await pilot.press("question_mark")
        await settle(pilot, lambda: isinstance(remapped.screen, HelpScreen))
        help_screen = remapped.screen
        assert isinstance(help_screen, HelpScreen)
        rows = [row for _, section in help_screen.sections for row in section]
        assert ("^y", "Stories on/off") in rows  # Textual shows ctrl+y as ^y


# -- news arriving: real feeds on 127.0.0.1, polled and placed by the app -----------------------

NEWS = "Metro-North track worker killed by train in Harlem, officials say"


def desks_online(feed_server: FeedServer, *, late: bool = False) -> Config:
    """The four desks' feeds, the same headlines as `newsroom` an hour ago; `late`: the fourth
    desk reports the event too, now."""
    now = datetime.now(UTC)
    dated = [(now - timedelta(hours=3, minutes=13 * n), t) for n, t in enumerate(BACKGROUND)]
    dated += [(now - timedelta(minutes=30 - 10 * n), t) for n, t in enumerate(STORY)]
    feeds: dict[int, list[Item]] = {n: [] for n in range(len(DESKS))}
    for n, (when, title) in enumerate(dated):
        feeds[n % len(DESKS)].append(Item(title, feed_server.url(f"/a/{n}"), f"g{n}", when))
    if late:
        feeds[3].insert(0, Item(NEWS, feed_server.url("/a/late"), "late", now))
    configs = tuple(
        SourceConfig(feed_server.route(f"/{n}/feed.xml", rss(items, title=DESKS[n])), name=DESKS[n])
        for n, items in feeds.items()
    )
    return Config(sources=configs, refresh=3600)


async def test_a_new_report_in_follow_mode_flows_in_at_the_top_as_the_storys_row(
    tmp_path: Path, news_app: MakeApp, feed_server: FeedServer
) -> None:
    app = news_app(desks_online(feed_server), tmp_path / "n.db", poll=True, now=None)
    async with app.run_test(size=(120, 30)) as pilot:
        widget = app.main.headlines
        await settle(
            pilot,
            lambda: (
                titles(widget)[:1] == [STORY[-1]]
                and widget.story_row(widget.headlines[0].story_id) is not None
                and "+2 sources" in screen_lines(widget)[0]
            ),
        )
        rows = len(widget.headlines)
        desks_online(feed_server, late=True)
        await pilot.press("r")
        await settle(pilot, lambda: titles(widget)[:1] == [NEWS])
        assert len(widget.headlines) == rows  # the story's row moved up: no second row
        assert STORY[-1] not in titles(widget)
        assert widget.highlighted_index == 0 and round(widget.scroll_y) == 0
        assert "+3 sources" in screen_lines(widget)[0]


async def test_a_new_report_keeps_the_readers_place_and_an_open_story_grows_where_it_is(
    tmp_path: Path, news_app: MakeApp, feed_server: FeedServer
) -> None:
    app = news_app(desks_online(feed_server), tmp_path / "n.db", poll=True, now=None)
    # Eight lines of list: the story and the rows under it are longer than the view, so that
    # keeping the reader's place is the list's doing (a list that fits cannot scroll).
    async with app.run_test(size=(120, 11)) as pilot:
        widget = app.main.headlines
        await settle(pilot, lambda: "+2 sources" in "\n".join(screen_lines(widget)))
        await pilot.press("e")
        await settle(pilot, lambda: len(under_row(widget)) == 2)
        await pilot.press("j", "j", "j")  # below the story, on a headline of its own
        chosen = widget.highlighted
        line = widget.line_of(widget.highlighted_index) - round(widget.scroll_y)
        desks_online(feed_server, late=True)
        await pilot.press("r")
        await settle(pilot, lambda: len(under_row(widget)) == 3)
        assert widget.highlighted == chosen
        assert widget.line_of(widget.highlighted_index) - round(widget.scroll_y) == line
        assert titles(widget)[0] == STORY[-1]  # open, the row stayed; the news is under it
        assert NEWS in under_row(widget)[0] and "Night Desk" in under_row(widget)[0]
        row = widget.story_row(widget.headlines[0].story_id)
        assert row is not None and (row.headlines, row.sources) == (4, 4)  # "+3 sources"
        await pilot.press("g")  # to the top: the row says so
        assert "+3 sources" in screen_lines(widget)[0]


async def test_the_news_line_layout_after_a_compact_list_with_a_story_open_measures_anew(
    tmp_path: Path, news_app: MakeApp
) -> None:
    """A compact list with a story open has blocks of one line and more; its heights must not
    pass for News line's, where every headline has a line of time and source under its title."""
    app = news_app(*newsroom(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        widget = await shown(pilot, app)
        await pilot.press("e")
        await settle(pilot, lambda: len(under_row(widget)) == 2)
        await pilot.press("L")
        await pilot.pause()
        assert widget.current_layout == "newsline"
        lines = screen_lines(widget)
        rows = [n for n, line in enumerate(lines) if line[:1] == "•" and "↳" not in line]
        meta = [n for n, line in enumerate(lines) if "27.11.2026" in line]
        assert len(rows) == len(BACKGROUND) + 1 == len(meta)
        for row, next_row in zip(rows, [*rows[1:], len(lines)], strict=True):
            assert len([n for n in meta if row < n < next_row]) == 1
