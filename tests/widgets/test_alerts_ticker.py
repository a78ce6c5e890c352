"""Tests the watchlist in the real ticker (Pilot, a real feed server and DB): one notice per
burst of alerts, the header's count of unread ones, the highlight, the command with the
headline on stdin, and failing or slow commands as notices that never stop the ticker."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newstui.config.schema import Config
from newstui.models import AlertRule, SourceConfig
from newstui.ui.app import NewsApp
from newstui.ui.screens.help import HelpScreen
from newstui.ui.terminal_notify import PASSTHROUGH_HINT, Route
from newstui.ui.widgets.headline_list import HeadlineList
from newstui.ui.widgets.ticker_header import TickerHeader
from tests.feeds import Item, rss
from tests.server import FeedServer
from tests.widgets.conftest import MakeApp
from tests.widgets.waits import settle


def feed(*titles: str) -> bytes:
    now = datetime.now(UTC)
    return rss(
        [
            Item(t, f"http://127.0.0.1/{n}", guid=t, published=now - timedelta(minutes=n + 1))
            for n, t in enumerate(titles)
        ],
        title="Wire",
    )


def recorder(out: Path) -> tuple[str, ...]:
    return (sys.executable, "-c", f"import sys; open({str(out)!r}, 'a').write(sys.stdin.read())")


def watch_notes(app: NewsApp) -> list[str]:
    return [n.message for n in app._notifications if n.title == "Watchlist"]


def header(app: NewsApp) -> TickerHeader:
    return app.query_one(TickerHeader)


async def start(app: NewsApp, pilot: object, count: int) -> HeadlineList:
    headlines = app.query_one(HeadlineList)
    await settle(pilot, lambda: len(headlines.headlines) >= count)  # type: ignore[arg-type]
    return headlines


async def test_a_burst_of_alerts_is_one_notice_counted_highlighted_and_commanded(
    tmp_path: Path, feed_server: FeedServer, news_app: MakeApp
) -> None:
    out = tmp_path / "alerts.jsonl"
    url = feed_server.route("/wire", feed("Earthquake last week", "Calm"))
    rule = AlertRule(match=("earthquake", "central bank"), command=recorder(out), bell=True)
    config = Config(sources=(SourceConfig(url),), refresh=3600, alerts=(rule,))
    app = news_app(config, tmp_path / "news.db", poll=True, now=None)
    async with app.run_test(size=(120, 30)) as pilot:
        headlines = await start(app, pilot, 2)
        # The first poll is the source's backlog: highlighted, not announced.
        assert {h.title: h.alert for h in headlines.headlines} == {
            "Earthquake last week": True,
            "Calm": False,
        }
        await pilot.pause(0.8)
        assert watch_notes(app) == [] and header(app).alerts == 0 and not out.exists()

        feed_server.route(
            "/wire",
            feed(
                "Earthquake hits Chile", "The Central-Bank holds", "Sunny", "Earthquake last week"
            ),
        )
        await pilot.press("r")
        await settle(pilot, lambda: watch_notes(app))
        (note,) = watch_notes(app)
        assert note == "2 alerts: Earthquake hits Chile (Wire); The Central-Bank holds (Wire)"
        await settle(pilot, lambda: header(app).alerts == 2)
        assert "⚑ 2 alerts" in header(app).render().plain
        flags = {h.title: h.alert for h in headlines.headlines}
        assert flags["Earthquake hits Chile"] and flags["The Central-Bank holds"]
        assert not flags["Sunny"]
        await settle(pilot, lambda: out.exists() and len(out.read_text().splitlines()) == 2)
        records = [json.loads(line) for line in out.read_text().splitlines()]
        assert {(r["title"], r["match"], r["source"]) for r in records} == {
            ("Earthquake hits Chile", "earthquake", "Wire"),
            ("The Central-Bank holds", "central bank", "Wire"),
        }

        # Reading one takes it off the count.
        await pilot.press("g")
        assert headlines.highlighted is not None
        assert headlines.highlighted.title == "Earthquake hits Chile"
        await pilot.press("u")  # read
        await settle(pilot, lambda: header(app).alerts == 1)
        assert "⚑ 1 alert " in header(app).render().plain + " "
        await pilot.press("u")  # unread again: counted again
        await settle(pilot, lambda: header(app).alerts == 2)


@pytest.mark.parametrize("layout", ["compact", "newsline"])
async def test_an_alert_title_is_drawn_in_the_alert_style_in_either_layout(
    tmp_path: Path, feed_server: FeedServer, news_app: MakeApp, layout: str
) -> None:
    url = feed_server.route("/wire", feed("Quake hits Chile", "Calm", "Quiet"))
    rule = AlertRule(match=("quake",))
    config = Config(sources=(SourceConfig(url),), refresh=3600, alerts=(rule,))
    app = news_app(config, tmp_path / "news.db", poll=True, now=None)
    async with app.run_test(size=(120, 30)) as pilot:
        headlines = await start(app, pilot, 3)
        if headlines.current_layout != layout:
            await pilot.press("L")  # 120 columns are compact in "auto"; L switches
        await settle(pilot, lambda: headlines.current_layout == layout)
        await pilot.press("down", "down")  # the cursor off both headlines looked at
        styles = {}
        for y in range(10):  # a day line, then one line (compact) or two (News line) each
            for segment in headlines.render_line(y):
                if segment.text.strip() in {"Quake hits Chile", "Calm"}:
                    styles[segment.text.strip()] = segment.style
        assert set(styles) == {"Quake hits Chile", "Calm"}
        alert_style = headlines.get_component_rich_style("headline-list--alert")
        assert styles["Quake hits Chile"].color == alert_style.color  # type: ignore[union-attr]
        assert styles["Calm"].color != alert_style.color  # type: ignore[union-attr]
        # A mark too: under the highlight (where follow mode puts the newest headline) its
        # colours cover the title's, and the ⚑ still says it.
        for keys in ((), ("g",)):
            await pilot.press(*keys)
            lines = [str(headlines.render_line(y).text) for y in range(10)]
            assert any("⚑ Quake hits Chile" in line for line in lines), lines
            assert not any("⚑" in line for line in lines if "Calm" in line or "Quiet" in line)


async def test_a_long_alert_title_wraps_under_its_mark_in_the_news_line_layout(
    tmp_path: Path, feed_server: FeedServer, news_app: MakeApp
) -> None:
    title = " ".join(["Quake"] + [f"word{n}" for n in range(40)])
    url = feed_server.route("/wire", feed(title))
    config = Config(sources=(SourceConfig(url),), refresh=3600, alerts=(AlertRule(("quake",)),))
    app = news_app(config, tmp_path / "news.db", poll=True, now=None)
    async with app.run_test(size=(60, 30)) as pilot:
        headlines = await start(app, pilot, 1)
        await settle(pilot, lambda: headlines.current_layout == "newsline")
        strips = [headlines.render_line(y) for y in range(12)]
        width = headlines.scrollable_content_region.width
        assert all(strip.cell_length == width for strip in strips)
        lines = [str(strip.text).rstrip() for strip in strips]
        first = next(n for n, line in enumerate(lines) if "⚑ Quake" in line)
        assert lines[first].startswith("✦  ⚑ Quake") or lines[first].startswith("•  ⚑ Quake")
        body = []
        for line in lines[first + 1 :]:
            if not line.startswith(" " * 5 + "word"):
                break  # the time and source line
            body.append(line.strip())
        assert len(body) >= 2  # wrapped, each line indented under the title, not under ⚑
        assert " ".join([lines[first][5:], *body]) == title


async def test_the_help_explains_the_alert_mark_when_alerts_are_configured(
    tmp_path: Path, feed_server: FeedServer, news_app: MakeApp
) -> None:
    url = feed_server.route("/wire", feed("Calm"))
    config = Config(sources=(SourceConfig(url),), refresh=3600, alerts=(AlertRule(("quake",)),))
    app = news_app(config, tmp_path / "news.db", poll=True, now=None)
    async with app.run_test(size=(100, 40)) as pilot:
        await start(app, pilot, 1)
        await pilot.press("question_mark")
        await settle(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert isinstance(app.screen, HelpScreen)
        symbols = [symbol for symbol, _ in app.screen.legend]
        assert "⚑" in symbols and len(symbols) == len(set(symbols))


async def test_many_alerts_at_once_are_one_notice_with_a_count(
    tmp_path: Path, feed_server: FeedServer, news_app: MakeApp
) -> None:
    url = feed_server.route("/wire", feed("Calm"))
    other = feed_server.route("/other", feed("Quiet"))
    rule = AlertRule(match=("storm",))
    sources = (SourceConfig(url), SourceConfig(other, name="Other"))
    config = Config(sources=sources, refresh=3600, alerts=(rule,))
    app = news_app(config, tmp_path / "news.db", poll=True, now=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await start(app, pilot, 2)
        feed_server.route("/wire", feed(*(f"Storm {n} nears" for n in range(4)), "Calm"))
        feed_server.route("/other", feed("Storm warning", "Quiet"))
        await pilot.press("r")
        await settle(pilot, lambda: header(app).alerts == 5)
        await pilot.pause(0.8)
        (note,) = watch_notes(app)
        assert note.startswith("5 alerts: ") and note.endswith(" and 2 more")


async def test_a_failing_command_is_a_notice_and_the_ticker_goes_on(
    tmp_path: Path, feed_server: FeedServer, news_app: MakeApp
) -> None:
    url = feed_server.route("/wire", feed("Calm"))
    rule = AlertRule(match=("quake",), command=("/nonexistent/notify",))
    config = Config(sources=(SourceConfig(url),), refresh=3600, alerts=(rule,))
    app = news_app(config, tmp_path / "news.db", poll=True, now=None)
    async with app.run_test(size=(120, 30)) as pilot:
        headlines = await start(app, pilot, 1)
        feed_server.route("/wire", feed("Quake hits Chile", "Calm"))
        await pilot.press("r")
        await settle(pilot, lambda: len(watch_notes(app)) == 2)
        assert watch_notes(app)[1] == "Alert command failed: /nonexistent/notify: not found"
        await pilot.press("j")
        assert app.is_running and headlines.highlighted is not None


async def test_a_slow_command_never_holds_the_ticker_and_its_timeout_is_a_notice(
    tmp_path: Path, feed_server: FeedServer, news_app: MakeApp
) -> None:
    url = feed_server.route("/wire", feed("Calm"))
    slow = (sys.executable, "-c", "import time; time.sleep(60)")
    rule = AlertRule(match=("quake",), command=slow, timeout=1.0)
    config = Config(sources=(SourceConfig(url),), refresh=3600, alerts=(rule,))
    app = news_app(config, tmp_path / "news.db", poll=True, now=None)
    async with app.run_test(size=(120, 30)) as pilot:
        headlines = await start(app, pilot, 1)
        feed_server.route("/wire", feed("Quake hits Chile", "Calm"))
        await pilot.press("r")
        await settle(pilot, lambda: watch_notes(app))  # the alert, while the command runs
        assert app.alerts.runner.running == 1
        await pilot.press("g", "j")  # keys are handled meanwhile
        assert headlines.highlighted is not None and headlines.highlighted.title == "Calm"
        await settle(pilot, lambda: len(watch_notes(app)) == 2)
        assert watch_notes(app)[1].endswith("timed out after 1 s and was stopped")


async def test_a_scope_naming_no_source_is_said_at_start(
    tmp_path: Path, feed_server: FeedServer, news_app: MakeApp
) -> None:
    url = feed_server.route("/wire", feed("Calm"))
    rule = AlertRule(match=("quake",), sources=("Wyre",), where="alerts[1] (config.toml:4)")
    config = Config(sources=(SourceConfig(url, name="Wire"),), refresh=3600, alerts=(rule,))
    app = news_app(config, tmp_path / "news.db", poll=False, now=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot, lambda: watch_notes(app))
        assert watch_notes(app) == [
            "alerts[1] (config.toml:4): sources: no source is named 'Wyre'; did you mean 'Wire'?"
        ]


async def test_desktop_notifications_tmux_drops_are_said_once(
    tmp_path: Path, feed_server: FeedServer, news_app: MakeApp
) -> None:
    url = feed_server.route("/wire", feed("Calm"))
    config = Config(sources=(SourceConfig(url),), refresh=3600, alerts=(AlertRule(("quake",)),))
    app = news_app(config, tmp_path / "news.db", poll=True, now=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await start(app, pilot, 1)
        # As choose_route finds it in a tmux pane without allow-passthrough.
        app.alerts.route = Route(None, tmux=True, problem=PASSTHROUGH_HINT)
        for n in range(2):
            feed_server.route("/wire", feed(f"Quake {n}", "Calm"))
            await pilot.press("r")
            await settle(pilot, lambda n=n: header(app).alerts == n + 1)  # type: ignore[misc]
        await pilot.pause(0.8)
        notes = watch_notes(app)
        assert notes.count(PASSTHROUGH_HINT) == 1
        assert any("Quake 1 (Wire)" in n for n in notes), notes  # the alerts themselves too
