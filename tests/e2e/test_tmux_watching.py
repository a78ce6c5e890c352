"""Runs the installed `newstui` in a real terminal (tmux) and watches it as a person leaves it
open: arrivals flow in at the top while the highlight is on the newest (or stays on an open
article, its row moving down), the reader's place is kept while scrolled down, and every
headline in the list is whole beside an open article."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.e2e.test_tmux import ENV, _newstui, tmux, wait_for
from tests.e2e.test_wide_text import BORDER
from tests.feeds import Item, rss
from tests.server import FeedServer

__all__ = ["tmux"]  # the fixture, shared with test_tmux.py

Tmux = Callable[..., str]

TITLES = [
    "Harbour authority approves a second ferry terminal after a twenty-hour council debate",
    "Central bank holds rates at 3.2% and signals no cut before the spring",
    "Storm warning for the northern coast on Friday as the met office raises its alert to amber "
    "and closes two bridges",
    "Varnholt library lends out telescopes to pupils for the long winter nights",
    "Rail strike called off at the last minute after unions accept a revised pay offer worth 6 "
    "per cent over two years",
    "Copperline fixes a flaw that let strangers read routers' logs without a password",
    "Census shows Ravensholm population up 6 per cent, the fastest growth in the region since "
    "the 1970s, driven by young families",
    "Kessel Heights Comets beat Varnholt Rovers 5-0 to reach the cup final for the first time in "
    "a decade",
    "Review: the Packetforge Router X is quietly brilliant, if a little too expensive for most "
    "homes",
    "Minister resigns over a leaked budget memo that showed hospital funding cut while the "
    "ministry's own travel budget doubled",
    "New species of freshwater snail found in a peat bog near Mirefield",
    "Why ants follow the moon at night, according to a new study from the Halden Institute of "
    "Biology",
    "Wildfire near Calloway Ford contained after four days, officials say, but evacuated "
    "villagers cannot yet return home",
    "Ostria and the Tarn Republic sign a water-sharing accord ending a decade-long dispute over "
    "the river Vell",
    "Bellhaven Film Festival gives its top prize to 'Nine Bridges', a quiet drama about a family "
    "of ferry pilots on the southern coast",
    "Ambervale port traffic hits a record as wool exports boom and shipping lines add routes",
    "Teachers in Lowbridge vote to accept a new contract after a year of talks",
    "Museum of Small Things to close for a fifteen-month renovation, its collection going on "
    "tour to eleven towns across the country",
    "Probe Wren sends first close-up images of the ice moon Hesper, showing cracks that may hide "
    "an ocean",
    "Floods close the coast road as Saltreach braces for more rain and the army sends sandbags",
    "Ancient wooden boat unearthed at a building site in Fenwick Sound is older than the town "
    "itself, archaeologists say",
    "Inflation eases to 3.1% in October, the lowest reading since the spring of last year",
    "Local bakery wins the national bread prize with a rye loaf made from a recipe found in an "
    "old attic in Thistlemouth",
    "Serrovia recalls its ambassador from Lindmark in a row over river tolls that has disrupted "
    "trade along the Vell for months",
]
"""Headlines of news sites' usual lengths, 62 to 133 characters, every one different in its
first and last words."""

ARRIVALS = [
    "Breaking: the Ravensholm dam holds as the river peaks overnight, engineers say",
    "Parliament passes the coastal protection bill by a single vote after an all-night sitting",
    "Kestrel Airways grounds its fleet for safety checks after a cracked engine mount is found",
    "Snow closes the Highmoor pass for the first time in November since records began",
    "Lowbridge Arts Centre reopens with a festival of new plays by local writers",
]
"""Arrivals, one at a time, each newer than the last."""

SCROLLBAR = re.compile("[▁▂▃▄▅▆▇█]+")


def serve(server: FeedServer, items: list[Item]) -> str:
    return server.route("/feed.xml", rss(items, title="Wire"))


def stories(server: FeedServer, now: datetime) -> list[Item]:
    return [
        Item(
            title,
            server.url(f"/story/{n}"),
            guid=f"s{n}",
            published=now - timedelta(minutes=11 * n + 2),
            summary=f"Blurb of story {n}.",
        )
        for n, title in enumerate(TITLES)
    ]


def start(tmux: Tmux, tmp_path: Path, url: str, width: int, height: int = 40) -> Callable[[], str]:
    """The ticker on one source polled every second; returns a reader of the screen."""
    config = tmp_path / "config.toml"
    config.write_text(f'refresh = "1s"\njitter = 0\n[[sources]]\nurl = "{url}"\nname = "Wire"\n')
    command = f"{ENV} TZ=UTC {_newstui()} --config {config} --db {tmp_path / 'news.db'}"
    session = tmux.start(command, width=width, height=height)  # type: ignore[attr-defined]
    return lambda: tmux("capture-pane", "-p", "-t", session)


def keys(tmux: Tmux, *sent: str) -> None:
    tmux("send-keys", "-t", tmux.name, *sent)  # type: ignore[attr-defined]
    time.sleep(0.3)


def list_lines(screen: str) -> list[str]:
    """The headline list's lines: under the header and the list's status line, above the
    footer, left of the reading pane's border, without the scrollbar."""
    lines = screen.splitlines()[2:-1]
    return [SCROLLBAR.sub("", line.split(BORDER)[0]).rstrip() for line in lines]


def words(text: str) -> str:
    """The words of `text`; the open article's bar (▌) before its title is no word."""
    return " ".join(text.replace("▌", " ").split())


def first_title_line(screen: str) -> str:
    return words(list_lines(screen)[0])


@pytest.mark.parametrize("reading", [True, False], ids=["article-open", "list-alone"])
def test_at_the_top_five_arrivals_flow_in_with_no_key_pressed(
    reading: bool, tmp_path: Path, tmux: Tmux, feed_server: FeedServer
) -> None:
    """At 120 columns: beside an open article (the News line layout) and alone (compact)."""
    now = datetime.now(UTC).replace(microsecond=0)
    items = stories(feed_server, now)
    screen = start(tmux, tmp_path, serve(feed_server, items), width=120)
    wait_for(screen, lambda s: "Harbour authority" in first_title_line(s), 30)
    if reading:
        keys(tmux, "Enter")  # the newest, highlighted from the start, opens beside the list
        wait_for(screen, lambda s: "Blurb of story 0." in s, 15)
    for n, title in enumerate(ARRIVALS):
        fresh = Item(
            title,
            feed_server.url(f"/new/{n}"),
            guid=f"new{n}",
            published=now + timedelta(minutes=n + 1),
            summary=f"Fresh blurb {n}.",
        )
        items = [fresh, *items]
        serve(feed_server, items)
        start_words = " ".join(title.split()[:4])
        shown = wait_for(screen, lambda s, w=start_words: w in first_title_line(s), 30)  # type: ignore[misc]
        # It came in at the top, marked as just arrived, with nothing hidden above the view.
        assert "✦" in list_lines(shown)[0], shown
        assert "new —" not in shown.splitlines()[1], shown
        # The pane keeps the article the reader opened (or stays closed).
        assert "Fresh blurb" not in shown, shown
        assert ("Blurb of story 0." in shown) == reading, shown
    if reading:  # the highlight stayed on the article: closed, it is on the row just read
        keys(tmux, "q")
        wait_for(screen, lambda s: "Blurb of story 0." not in s, 15)
        keys(tmux, "j", "Enter")  # and j goes on to the next older
        wait_for(screen, lambda s: "Blurb of story 1." in s, 15)
        return
    # The highlight followed the arrivals: Enter opens the newest.
    keys(tmux, "Enter")
    wait_for(screen, lambda s: "Fresh blurb 4." in s, 15)


def test_scrolled_down_the_place_is_kept_while_several_arrive(
    tmp_path: Path, tmux: Tmux, feed_server: FeedServer
) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    items = stories(feed_server, now)
    screen = start(tmux, tmp_path, serve(feed_server, items), width=100, height=20)
    wait_for(screen, lambda s: "Harbour authority" in first_title_line(s), 30)
    keys(tmux, *["j"] * 30)  # past the first page: the view has scrolled
    # To the list's end, where the keys leave it: the last title whole at the bottom. (Read as
    # soon as the first title went, a loaded machine showed the list still moving down.)
    last = words(TITLES[-1])
    before = wait_for(screen, lambda s: words(" ".join(list_lines(s))).endswith(last), 30)
    for n, title in enumerate(ARRIVALS[:3]):
        fresh = Item(title, feed_server.url(f"/new/{n}"), guid=f"new{n}", published=now)
        items = [fresh, *items]
        serve(feed_server, items)
        shown = wait_for(screen, lambda s, n=n: f"▲ {n + 1} new" in s.splitlines()[1], 30)  # type: ignore[misc]
        # Not one line of the list moved, nor did the highlight leave its headline.
        assert list_lines(shown) == list_lines(before), shown
        assert all(a not in shown for a in ARRIVALS), shown
    keys(tmux, "Enter")
    wait_for(screen, lambda s: "Blurb of story 23." in s, 15)  # the last, highlighted
    keys(tmux, "Escape")  # sent apart: ESC and n at once read as alt+n
    wait_for(screen, lambda s: "Blurb of story 23." not in s, 10)
    keys(tmux, "n")  # and n goes to the news
    shown = wait_for(screen, lambda s: ARRIVALS[2][:30] in first_title_line(s), 10)
    assert "new —" not in shown.splitlines()[1]


def whole_titles(lines: list[str], titles: list[str]) -> tuple[list[str], list[str]]:
    """(titles shown whole, fragments shown without the rest of their title) in the list's
    lines, read as one text: a title wrapped over lines is whole when its words follow each
    other. A title running off the bottom of the screen is neither."""
    text = words(" ".join(lines))
    whole, cut = [], []
    for title in titles:
        ws = title.split()
        if " ".join(ws) in text:
            whole.append(title)
            continue
        head, tail = " ".join(ws[:3]), " ".join(ws[-3:])
        if tail in text:  # its end on screen, not its start
            cut.append(f"without its start: {title}")
        elif head in text:
            at = text.index(head)
            rest = text[at:]
            # Running off the bottom: every word on screen from the start is the title's.
            if not " ".join(ws).startswith(rest.rstrip("…").rstrip()):
                cut.append(f"cut: {title} -> {rest[: len(title) + 5]!r}")
    return whole, cut


@pytest.mark.parametrize("width", [100, 120, 200])
def test_whole_headlines_beside_an_open_article(
    width: int, tmp_path: Path, tmux: Tmux, feed_server: FeedServer
) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    screen = start(tmux, tmp_path, serve(feed_server, stories(feed_server, now)), width=width)
    wait_for(screen, lambda s: "Harbour authority" in first_title_line(s), 30)
    keys(tmux, *["j"] * 8)  # a person reads down the list a little, then opens one
    keys(tmux, "Enter")
    shown = wait_for(screen, lambda s: "Blurb of story 8." in s, 15)
    time.sleep(1.0)  # the article's page answered (404 here) and the pane settled
    shown = screen()
    assert BORDER in shown  # the pane is beside the list
    lines = list_lines(shown)
    assert not any("…" in line for line in lines), shown
    whole, cut = whole_titles(lines, TITLES)
    assert not cut, "\n".join(cut) + "\n" + shown
    assert TITLES[8] in whole, shown  # the one opened
    assert len(whole) >= 8, shown
