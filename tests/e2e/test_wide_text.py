"""Tests that wide and width-ambiguous text never breaks a row: the wide-text-tables case (CJK
names in the fetch, sources and headlines tables; VS16 emoji in the ticker, checked in a real
tmux) and others of its kind (ZWJ emoji sequences, skin tones, flags, right-to-left titles)."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.e2e.test_tmux import ENV, _newstui, tmux, wait_for  # noqa: F401 (tmux: fixture)
from tests.reported import answer, case
from tests.server import FeedServer

BORDER = "▏"
TECHNOLOGIST = "\U0001f469\u200d\U0001f4bb"
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
SCOTLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
MIXED = [
    ("m-1", f"{TECHNOLOGIST} Developers and {FAMILY} families"),
    (
        "m-2",
        f"Thumbs \U0001f44d\U0001f3fd up, flags \U0001f1e9\U0001f1ea {SCOTLAND}, 1\ufe0f\u20e3",
    ),
    ("m-3", "שלום עולם: a Hebrew headline in a row"),
    ("m-4", "\u2764\ufe0f\u200d\U0001f525 heart on fire, \u2708\ufe0f plane, \u00a9\ufe0f 2026"),
]


def mixed_feed() -> bytes:
    items = "".join(
        f"<item><title>{t}</title><link>http://127.0.0.1/{g}</link><guid>{g}</guid>"
        f"<pubDate>Mon, 02 Nov 2026 0{4 - n}:00:00 +0000</pubDate></item>"
        for n, (g, t) in enumerate(MIXED)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<title>\U0001f30d Mixed \u2600\ufe0f Desk \U0001f469\u200d\U0001f4bb</title>"
        f"<link>http://127.0.0.1/</link><description>d</description>{items}</channel></rss>"
    ).encode()


def serve_cases(server: FeedServer, extra: bool = False) -> list[str]:
    case("wide-text-tables")
    port = int(server.url("/").rsplit(":", 1)[1].split("/")[0])
    urls = []
    for path in ("/weather", "/cjk", "/ascii"):
        body, headers = answer("wide-text-tables", path, port=port)
        urls.append(server.route(path, body, headers=headers))
    if extra:
        case("zwnj-zwj-stripped")
        body, headers = answer("zwnj-zwj-stripped", "/feed", port=port)
        urls.append(server.route("/zwnj", body, headers=headers))
        urls.append(server.route("/mixed", mixed_feed()))
    return urls


def write_config(tmp_path: Path, urls: list[str]) -> Path:
    config = tmp_path / "config.toml"
    sources = "".join(f'[[sources]]\nurl = "{u}"\n' for u in urls)
    config.write_text(f'refresh = "1h"\njitter = 0\n{sources}')
    return config


def newstui(config: Path, db: Path, *command: str) -> str:
    run = subprocess.run(
        [_newstui(), "--config", str(config), "--db", str(db), *command],
        capture_output=True,
        text=True,
        timeout=60,
        env={"TZ": "UTC", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


def cell_of(line: str, index: int) -> int:
    """The terminal cell where line[index] is drawn (what each code point takes alone)."""
    return sum(cell_len(c) for c in line[:index])


def column_starts(text: str, word: str) -> set[int]:
    """The cells where `word` starts, on every line that has it."""
    return {cell_of(line, line.index(word)) for line in text.splitlines() if word in line}


def test_plain_tables_line_up_by_cells_and_keep_the_data(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    config = write_config(tmp_path, serve_cases(feed_server, extra=True))
    db = tmp_path / "news.db"
    fetched = newstui(config, db, "fetch")
    # The status column starts at one cell on every row and under its header.
    assert len(column_starts(fetched.replace("STATUS", "ok"), " ok  ")) == 1, fetched
    listed = newstui(config, db, "sources")
    assert len(column_starts(listed.replace("STATUS", "ok"), " ok  ")) == 1, listed
    assert "臺灣即時新聞 world 版" in listed
    shown = newstui(config, db, "headlines", "--limit", "100")
    starts = {
        cell_of(line, line.index(title))
        for line in shown.splitlines()
        for title in ("Sunny morning", "[速報]", "Re: [討論]", "Ferry", "Light wind", "Fog")
        if title in line
    }
    assert len(starts) == 1 or starts == {min(starts), min(starts) + 2}, shown  # ☀ before Sunny
    # The data is unchanged: JSON keeps every code point.
    titles = {
        row["id"]: row["title"]
        for row in map(json.loads, newstui(config, db, "headlines", "--json").splitlines())
    }
    assert (
        titles["w-1"]
        == "\u2600\ufe0f Sunny morning, \u2744\ufe0f snow by night, \u2602 rain tomorrow"
    )
    assert titles["c-2"] == "Re: [討論] 捷運新路線的通車日期"
    assert titles["m-1"] == MIXED[0][1]
    sources = {
        s["name"] for s in map(json.loads, newstui(config, db, "sources", "--json").splitlines())
    }
    assert {"Weather Desk", "臺灣即時新聞 world 版", "خبرهای فرهنگی"} <= sources


def borders(screen: str, rows: int) -> list[list[int]]:
    """The cells of the list/pane border on each headline row."""
    lines = screen.splitlines()[2 : 2 + rows]
    return [[cell_of(line, i) for i, c in enumerate(line) if c == BORDER] for line in lines]


@pytest.mark.slow
def test_ticker_rows_hold_the_border_in_tmux(
    tmp_path: Path,
    feed_server: FeedServer,
    tmux: Callable[..., str],  # noqa: F811 (the imported fixture)
) -> None:
    config = write_config(tmp_path, serve_cases(feed_server, extra=True))
    db = tmp_path / "news.db"
    newstui(config, db, "fetch")
    command = f"{ENV} LANG=C.UTF-8 TZ=UTC {_newstui()} --config {config} --db {db}"
    session = tmux.start(command, width=110, height=32)  # type: ignore[attr-defined]

    def screen() -> str:
        return tmux("capture-pane", "-p", "-t", session)

    rows = 6 + 3 + 4
    shown = wait_for(screen, lambda s: "Ferry schedule" in s and "Hebrew" in s, 30)
    assert not any(borders(shown, rows)), shown  # no article open: the list has the whole width
    tmux("send-keys", "-t", session, "Enter")
    # The pane's border on every row (not "·", which the list's status line shows too).
    shown = wait_for(screen, lambda s: all(borders(s, rows)), 15)
    first = borders(shown, rows)
    assert len({tuple(b) for b in first}) == 1 and len(first[0]) == 1, shown
    tmux("send-keys", "-t", session, "Down")
    time.sleep(0.3)
    tmux("send-keys", "-t", session, "Enter")
    shown = wait_for(screen, lambda s: s != shown, 15)
    time.sleep(0.5)
    shown = screen()
    assert borders(shown, rows) == first, shown  # no stray border left behind
    tmux("send-keys", "-t", session, "q")
