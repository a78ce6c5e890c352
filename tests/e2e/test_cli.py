"""Tests the headless commands as a user runs them: a real feed server, a real DB, subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.feeds import Item, atom, jsonfeed, rss
from tests.server import FeedServer

NOW = datetime.now(UTC).replace(microsecond=0)


def newstui(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newstui", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TZ": "UTC", **(env or {})},
    )


def write_config(tmp_path: Path, urls: list[str], extra: str = "") -> Path:
    path = tmp_path / "config.toml"
    body = extra + "".join(f'[[sources]]\nurl = "{u}"\n' for u in urls)
    path.write_text(body)
    return path


@pytest.fixture
def three_feeds(feed_server: FeedServer) -> list[str]:
    world = [
        Item(
            f"World story {i}",
            f"http://127.0.0.1/w/{i}",
            guid=f"w{i}",
            published=NOW - timedelta(minutes=10 * i + 1),
            summary=f"Summary <b>{i}</b>",
        )
        for i in range(3)
    ]
    tech = [
        Item(
            f"Tech story {i}",
            f"http://127.0.0.1/t/{i}",
            published=NOW - timedelta(minutes=10 * i + 5),
        )
        for i in range(2)
    ]
    json_items = [
        Item("JSON story", "http://127.0.0.1/j/0", guid="j0", published=NOW - timedelta(minutes=2))
    ]
    return [
        feed_server.route("/world.xml", rss(world, title="World Desk"), etag='"w1"'),
        feed_server.route(
            "/tech.atom",
            atom(tech, title="Tech Desk"),
            last_modified="Wed, 01 Jan 2025 00:00:00 GMT",
        ),
        feed_server.route(
            "/j.json",
            jsonfeed(json_items, title="JSON Desk"),
            headers={"Content-Type": "application/feed+json"},
        ),
    ]


def test_fetch_then_headlines_json(tmp_path: Path, three_feeds: list[str]) -> None:
    config = write_config(tmp_path, three_feeds)
    db = tmp_path / "news.db"
    done = newstui("--config", str(config), "--db", str(db), "fetch")
    assert done.returncode == 0, done.stderr
    assert "World Desk" in done.stdout and "JSON Desk" in done.stdout
    # options after the subcommand work too
    shown = newstui("headlines", "--json", "--config", str(config), "--db", str(db))
    assert shown.returncode == 0, shown.stderr
    rows = [json.loads(line) for line in shown.stdout.splitlines()]
    assert [r["title"] for r in rows] == [
        "World story 0",
        "JSON story",
        "Tech story 0",
        "World story 1",
        "Tech story 1",
        "World story 2",
    ]
    first = rows[0]
    assert set(first) == {
        "id",
        "source",
        "title",
        "link",
        "published",
        "summary",
        "key",
        "read",
        "starred",
        "story",
    }
    assert first["id"] == "w0" and first["source"] == "World Desk"
    assert first["summary"] == "Summary 0"
    assert datetime.fromisoformat(first["published"]) == NOW - timedelta(minutes=1)


def test_headlines_text_rows_and_source_filter(tmp_path: Path, three_feeds: list[str]) -> None:
    config = write_config(tmp_path, three_feeds, 'time_format = "%H:%M %d.%m.%Y"\n')
    db = tmp_path / "news.db"
    assert newstui("--config", str(config), "--db", str(db), "fetch", "-q").returncode == 0
    shown = newstui("--config", str(config), "--db", str(db), "headlines", "--source", "tech desk")
    lines = shown.stdout.splitlines()
    assert len(lines) == 2
    stamp = (NOW - timedelta(minutes=5)).strftime("%H:%M %d.%m.%Y")
    assert lines[0] == f"{stamp}  Tech Desk  Tech story 0"
    limited = newstui("--config", str(config), "--db", str(db), "headlines", "--limit", "1")
    assert len(limited.stdout.splitlines()) == 1


def test_second_fetch_is_conditional_and_adds_nothing(
    tmp_path: Path, three_feeds: list[str], feed_server: FeedServer
) -> None:
    config = write_config(tmp_path, three_feeds)
    db = tmp_path / "news.db"
    newstui("--config", str(config), "--db", str(db), "fetch")
    again = newstui("--config", str(config), "--db", str(db), "fetch")
    assert again.returncode == 0
    world = feed_server.requests_for("/world.xml")
    tech = feed_server.requests_for("/tech.atom")
    assert world[-1].headers.get("if-none-match") == '"w1"'
    assert tech[-1].headers.get("if-modified-since") == "Wed, 01 Jan 2025 00:00:00 GMT"
    assert "newstui/" in world[-1].headers["user-agent"]
    assert "gzip" in world[-1].headers["accept-encoding"]
    rows = {line.split()[0]: line for line in again.stdout.splitlines()[1:]}
    assert "unchanged" in rows["World"] and "unchanged" in rows["Tech"]
    shown = newstui("--config", str(config), "--db", str(db), "headlines", "--json")
    assert len(shown.stdout.splitlines()) == 6


def test_fetch_exit_1_when_every_source_fails(tmp_path: Path, feed_server: FeedServer) -> None:
    bad = [feed_server.route("/500", "boom", status=500), feed_server.url("/missing")]
    config = write_config(tmp_path, bad)
    done = newstui("--config", str(config), "--db", str(tmp_path / "x.db"), "fetch")
    assert done.returncode == 1
    assert "HTTP 500" in done.stdout and "HTTP 404" in done.stdout
    assert "Traceback" not in done.stderr


def test_untitled_sources_of_one_host_are_told_apart_by_their_paths(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    # Both were "127.0.0.1" (the host alone) in `fetch`, `sources` and the sources view.
    bad = [feed_server.route("/500", "boom", status=500), feed_server.url("/news/missing/")]
    config = write_config(tmp_path, bad)
    done = newstui("--config", str(config), "--db", str(tmp_path / "x.db"), "fetch")
    names = [line.split()[0] for line in done.stdout.splitlines()[1:]]
    assert names == ["127.0.0.1/500", "127.0.0.1/news/missing"]


def test_fetch_in_two_processes_reports_every_source_in_config_order(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    urls = []
    for n in range(10):
        host = "127.0.0.1" if n % 2 else "localhost"  # two hosts, so both processes get some
        story = Item(f"Story {n}", f"https://example.com/{n}")
        feed_server.route(f"/f{n}", rss([story], title=f"Desk{n}"))
        urls.append(f"http://{host}:{feed_server.port}/f{n}")
    config = write_config(tmp_path, urls)
    db = str(tmp_path / "news.db")
    done = newstui("--config", str(config), "--db", db, "fetch", "--jobs", "2")
    assert done.returncode == 0, done.stderr
    rows = done.stdout.splitlines()[1:]
    assert [row.split()[0] for row in rows] == [f"Desk{n}" for n in range(10)]
    assert all(row.split()[1:4] == ["ok", "1", "1"] for row in rows)
    shown = newstui("--config", str(config), "--db", db, "headlines", "--json")
    assert len(shown.stdout.splitlines()) == 10


@pytest.mark.parametrize("jobs", ["0", "9", "two"])
def test_fetch_jobs_out_of_range_is_a_usage_error(tmp_path: Path, jobs: str) -> None:
    config = write_config(tmp_path, [])
    done = newstui("--config", str(config), "--db", str(tmp_path / "x.db"), "fetch", "-j", jobs)
    assert done.returncode == 2 and "expected a whole number from 1 to 8" in done.stderr


def test_sources_command_shows_state(
    tmp_path: Path, three_feeds: list[str], feed_server: FeedServer
) -> None:
    gone = feed_server.route("/gone", "", status=410)
    config = write_config(tmp_path, [*three_feeds, gone])
    db = tmp_path / "news.db"
    newstui("--config", str(config), "--db", str(db), "fetch")
    listing = newstui("--config", str(config), "--db", str(db), "sources", "--json")
    rows = {r["url"]: r for r in map(json.loads, listing.stdout.splitlines())}
    assert rows[three_feeds[0]]["status"] == "ok" and rows[three_feeds[0]]["items"] == 3
    assert rows[gone]["status"] == "gone" and rows[gone]["next_poll"] is None
    assert "410" in rows[gone]["error"]
    text = newstui("--config", str(config), "--db", str(db), "sources")
    assert "gone" in text.stdout and "never" in text.stdout


def test_version_and_help() -> None:
    from newstui import __version__

    assert newstui("--version").stdout.strip() == f"newstui {__version__}"
    for command in ("fetch", "headlines", "sources", "read", "demo"):
        done = newstui(command, "--help")
        assert done.returncode == 0 and "--config" in done.stdout, command
    assert newstui("headlines", "--limit", "lots").returncode == 2


def test_console_script_is_installed() -> None:
    import shutil

    script = shutil.which("newstui", path=str(Path(sys.executable).parent)) or shutil.which(
        "newstui"
    )
    assert script is not None
    done = subprocess.run([script, "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("newstui ")
