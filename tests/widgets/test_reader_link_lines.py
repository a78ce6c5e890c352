"""The reading pane's link line: a long address is broken at its seams ("/", "?", the words of a
slug), never mid-word as the pane's wrapping folded it at 100 columns; url_lines itself, and the
pane through Pilot at the widths where it shares the screen and where it has it alone."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import Static

from newstui.config.schema import Config
from newstui.models import FeedEntry, SourceConfig
from newstui.storage.store import Store
from newstui.ui.widgets.url_lines import url_lines
from tests.widgets.conftest import NOW, MakeApp
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")

LINKS = [
    "http://127.0.0.1:9/culture/2026/11/30/20-lost-sketchbook-by-idris-achterberg-found-in-fenwick",
    "https://news.example.org/world/europe/2026/11/30/storm-batters-the-coast?utm_source=rss&utm_medium=feed",
    "https://example.org/a/verylongwordwithoutanyseamatalltobreakonwhatsoeverreallynothing/end",
    "https://例え.jp/ニュース/記事/二〇二六年十一月三十日の出来事",
]


@pytest.mark.parametrize("width", [12, 20, 33, 40, 60, 200])
@pytest.mark.parametrize("url", LINKS)
def test_url_lines_keep_the_address_and_fit_the_width(url: str, width: int) -> None:
    lines = url_lines(url, width)
    assert "".join(lines) == url
    assert all(0 < cell_len(line) <= width for line in lines), lines
    if cell_len(url) <= width:
        assert lines == [url]


def test_url_lines_break_at_seams_before_folding() -> None:
    url = LINKS[0]
    assert url_lines(url, 34) == [
        "http://127.0.0.1:9/culture/2026/",
        "11/30/20-lost-sketchbook-by-idris-",
        "achterberg-found-in-fenwick",
    ]
    assert url_lines(LINKS[1], 40)[-1] == "?utm_source=rss&utm_medium=feed"  # before "?"
    assert "&utm_medium=feed" in url_lines(LINKS[1], 20)  # and before a query's "&"
    folded = url_lines(LINKS[2], 30)  # no seam in the word: folded at the line's end
    assert [cell_len(line) for line in folded[1:-1]] == [30] * (len(folded) - 2)


def store_with(db: Path, link: str) -> tuple[Config, Store]:
    config = (SourceConfig("http://127.0.0.1:9/feed.xml", name="Desk"),)
    store = Store(db)
    (source,) = store.sync_sources(config, 300)
    title = "Lost sketchbook by Idris Achterberg found in Fenwick Sound attic"
    store.save_poll(source, [FeedEntry("a", title, link, NOW - timedelta(minutes=3))], NOW)
    return Config(sources=config), store


@pytest.mark.parametrize("width", [60, 100, 120, 200])
async def test_the_panes_link_breaks_at_seams_at_every_width(
    news_app: MakeApp, tmp_path: Path, width: int
) -> None:
    link = LINKS[0].replace("127.0.0.1:9", "127.0.0.1:9/" + "section/" * 6)
    app = news_app(*store_with(tmp_path / "db.sqlite", link))
    async with app.run_test(size=(width, 30)) as pilot:
        await settle(pilot, lambda: len(app.main.headlines.headlines) == 1)
        await pilot.press("enter")
        meta = app.main.reader.query_one("#reader-meta", Static)
        await settle(pilot, lambda: meta.size.height >= 2)
        await pilot.pause(0.2)
        lines = [meta.render_line(y).text.strip() for y in range(meta.size.height)]
        shown = [line for line in lines[1:] if line]
        assert "".join(shown) == link  # the whole address, in order
        for line in shown[:-1]:  # each line ends at a seam: never inside a word
            assert line[-1] in "/-_.=+" or link[link.index(line) + len(line)] in "?#&", shown
