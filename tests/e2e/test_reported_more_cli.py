"""Runs every held-out case of tests/data/reported_more/ through the installed `newstui` command
as a user meets it: one config with all their sources on a server on 127.0.0.1, `newstui fetch`
round after round, then `headlines --json` and `sources --json` checked against each case's right
value; and the plain tables with the wide names of the width and joiner cases, measured as a
wcwidth terminal (tmux 3.3a) draws them."""

from __future__ import annotations

import json
import re
import subprocess
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from newstui.text.characters import row_text
from tests.e2e.test_tmux import ENV as TTY
from tests.e2e.test_tmux import _newstui, tmux, wait_for  # noqa: F401 (tmux: fixture)
from tests.e2e.test_wide_text import BORDER
from tests.reported_more import Case, SourceRow, failures, load, names, row, serve, terminal_cells
from tests.server import FeedServer
from tests.unit.test_reported_more import PENDING

NEWS_LINE_META = re.compile(r"\s+\d\d:\d\d \d\d\.\d\d\.\d{4}")
"""A headline's second line in the News line layout (time, date, source): none in the compact."""
ENV = {"TZ": "UTC", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}


def newstui(config: Path, db: Path, *command: str) -> str:
    run = subprocess.run(
        [_newstui(), "--config", str(config), "--db", str(db), *command],
        capture_output=True,
        text=True,
        timeout=120,
        env=ENV,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


def configure(tmp_path: Path, urls: list[str]) -> Path:
    config = tmp_path / "config.toml"
    config.write_text(
        'refresh = "1h"\njitter = 0\n' + "".join(f'[[sources]]\nurl = "{u}"\n' for u in urls)
    )
    return config


@pytest.mark.slow
def test_every_case_through_the_installed_command(tmp_path: Path, feed_server: FeedServer) -> None:
    cases = [load(n) for n in names() if n not in PENDING]
    fills = {c.name: serve(feed_server, c, prefix=f"/{c.name}") for c in cases}
    where = {feed_server.url(f"/{c.name}{p}"): (c.name, p) for c in cases for p in c.sources}
    config = configure(tmp_path, list(where))
    db = tmp_path / "news.db"
    # Every source as often as the case that needs most polls: the others get their last answer
    # again, which must change nothing (that is stability across polls too).
    for _ in range(max(c.polls for c in cases)):
        newstui(config, db, "fetch", "-q")
    sources = [json.loads(line) for line in newstui(config, db, "sources", "--json").splitlines()]
    by_name = {s["name"]: where[s["url"]] for s in sources}
    assert len(by_name) == len(sources), "source names must tell the cases' sources apart"
    rows: dict[str, list[object]] = {c.name: [] for c in cases}
    for line in newstui(config, db, "headlines", "--json", "--limit", "0").splitlines():
        h = json.loads(line)
        name, path = by_name[h["source"]]
        rows[name].append(row(path, h["id"], h["title"], h["link"], h["published"], h["summary"]))
    wrong: list[str] = []
    for case in cases:
        state = {
            where[s["url"]][1]: SourceRow(s["name"], s["status"], s["fetch_url"], s["error"])
            for s in sources
            if where[s["url"]][0] == case.name
        }
        last = max(case.expect["checks"], key=lambda c: c["after"])
        found = failures(last, rows[case.name], state, fills[case.name])  # type: ignore[arg-type]
        wrong += [f"{case.name}: {w}" for w in found]
    assert not wrong, "\n".join(wrong)


WIDE = ("widths", "joiners")


def cell_of(line: str, index: int) -> int:
    """The cell of a wcwidth terminal (tmux 3.3a, xterm, VTE) where line[index] is drawn."""
    return terminal_cells(line[:index])


def column_starts(text: str, word: str) -> set[int]:
    return {cell_of(line, line.index(word)) for line in text.splitlines() if word in line}


@pytest.mark.slow
def test_tables_line_up_by_cells_with_every_wide_name(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    cases = [load(n) for n in names() if load(n).kind in WIDE]
    for c in cases:
        serve(feed_server, c, prefix=f"/{c.name}")
    urls = [feed_server.url(f"/{c.name}{p}") for c in cases for p in c.sources]
    config = configure(tmp_path, urls)
    db = tmp_path / "news.db"
    fetched = newstui(config, db, "fetch")
    assert len(column_starts(fetched.replace("STATUS", "ok"), " ok  ")) == 1, fetched
    listed = newstui(config, db, "sources")
    assert len(column_starts(listed.replace("STATUS", "ok"), " ok  ")) == 1, listed
    # headlines: the title column starts at one cell on every row.
    titles = {
        row_text(" ".join(h["title"].split()))
        for c in cases
        for check in c.expect["checks"]
        for h in check.get("headlines", [])
        if "title" in h
    }
    shown = newstui(config, db, "headlines", "--limit", "0").splitlines()
    starts = {}
    for line in shown:
        title = max((t for t in titles if t in line), key=len, default=None)
        assert title is not None, line
        starts[line] = cell_of(line, line.index(title))
    assert len(set(starts.values())) == 1, "\n".join(f"{c:3} {line}" for line, c in starts.items())


def _spacing_marks(case: Case) -> bool:
    """Whether the case's names or titles hold spacing marks (see test_indic_rows_in_tmux)."""
    return any(
        unicodedata.category(char) == "Mc"
        for check in case.expect["checks"]
        for text in [h.get("title", "") for h in check.get("headlines", [])]
        + [s.get("name", "") for s in check.get("sources", {}).values()]
        for char in text
    )


def _ticker(
    tmp_path: Path,
    server: FeedServer,
    term: Callable[..., str],
    cases: list[Case],
    width: int,
) -> tuple[Callable[[], str], str, set[str]]:
    for c in cases:
        serve(server, c, prefix=f"/{c.name}")
    config = configure(tmp_path, [server.url(f"/{c.name}{p}") for c in cases for p in c.sources])
    # One row per headline: what is checked is where each headline's title starts (a story's
    # row puts "+N sources" before its title, and holds the other reports of its event).
    config.write_text("stories = false\n" + config.read_text())
    db = tmp_path / "news.db"
    newstui(config, db, "fetch", "-q")
    command = f"{TTY} LANG=C.UTF-8 TZ=UTC {_newstui()} --config {config} --db {db}"
    # 90 lines: the News line layout (the list under 100 columns) takes two lines a headline.
    session = term.start(command, width=width, height=90)  # type: ignore[attr-defined]
    titles = {
        row_text(" ".join(h["title"].split()))
        for c in cases
        for check in c.expect["checks"]
        for h in check.get("headlines", [])
        if "title" in h
    }

    def screen() -> str:
        return term("capture-pane", "-p", "-t", session)

    return screen, session, titles


def _rows(screen: str, titles: set[str]) -> dict[str, tuple[int, list[int]]]:
    """Each headline row: the cell its title starts at and the cells of the list/pane border
    ("▏"), as tmux draws them."""
    found = {}
    for line in screen.splitlines():
        title = max((t for t in titles if t[:12] in line), key=len, default=None)
        if title is not None:
            start = cell_of(line, line.index(title[:12]))
            found[line] = (start, [cell_of(line, i) for i, c in enumerate(line) if c == BORDER])
    return found


@pytest.mark.slow
@pytest.mark.parametrize("width", [80, 120])
def test_ticker_rows_hold_their_columns_in_tmux(
    width: int,
    tmp_path: Path,
    feed_server: FeedServer,
    tmux: Callable[..., str],  # noqa: F811 (the imported fixture)
) -> None:
    """Every headline row of the width and joiner cases (but spacing marks: see below) starts
    its title at one cell and, where the pane shows beside the list (120 columns, a headline
    open), puts the border in one cell, as tmux 3.3a draws them."""
    cases = [load(n) for n in names() if load(n).kind in WIDE]
    cases = [c for c in cases if not _spacing_marks(c)]
    screen, session, titles = _ticker(tmp_path, feed_server, tmux, cases, width)
    shown = wait_for(screen, lambda s: len(_rows(s, titles)) >= 30, 30)
    rows = _rows(shown, titles)
    assert len({start for start, _ in rows.values()}) == 1, shown
    assert {tuple(b) for _, b in rows.values()} == {()}, shown  # no pane until a headline opens
    assert all(terminal_cells(line) <= width for line in shown.splitlines()), shown
    tmux("send-keys", "-t", session, "Down")
    time.sleep(0.3)
    tmux("send-keys", "-t", session, "Enter")
    if width < 100:
        # The article takes the screen (a loaded machine opens it late: an Escape sent before
        # would find the list, and the article would then keep the screen).
        wait_for(screen, lambda s: len(_rows(s, titles)) < 5, 15)
        tmux("send-keys", "-t", session, "Escape")  # back to the list
    # (From 100 columns the article opens beside the list, which keeps the focus.)
    borders = {()} if width < 100 else {(72,)}  # the pane beside the list from 100 columns

    def bordered(shown: str) -> bool:
        rows = _rows(shown, titles)
        return bool(rows) and {tuple(b) for _, b in rows.values()} == borders

    after = _rows(wait_for(screen, bordered, 15), titles)  # a loaded machine draws late
    assert len({start for start, _ in after.values()}) == 1, screen()
    # The list back on screen and focused (a loaded machine draws late), so that L reaches it.
    wait_for(screen, lambda s: len(_rows(s, titles)) >= 20, 10)
    time.sleep(0.5)
    tmux("send-keys", "-t", session, "L")  # the compact layout: a title column after the time
    # The whole list redrawn compact: tmux can be read while a frame is half written (rows of
    # both layouts at once, titles at two columns), which a loaded machine made likely.
    compact = wait_for(
        screen,
        lambda s: (
            len(_rows(s, titles)) >= 40 and not any(map(NEWS_LINE_META.match, s.splitlines()))
        ),
        30,
    )
    rows = _rows(compact, titles)
    assert len({start for start, _ in rows.values()}) == 1, compact
    assert {tuple(b) for _, b in rows.values()} == borders, compact
    tmux("send-keys", "-t", session, "q")


@pytest.mark.slow
def test_indic_rows_in_tmux(
    tmp_path: Path,
    feed_server: FeedServer,
    tmux: Callable[..., str],  # noqa: F811 (the imported fixture)
) -> None:
    """Rows with spacing marks (Mc: Devanagari, Bengali, Malayalam, Sinhala vowel signs), which
    Rich 15 counts as no cell and tmux 3.3a as one each: the list pads them by the terminal's
    count (widgets.cells.fit, row_cells), so the title column and the pane's border hold."""
    cases = [load(n) for n in names() if load(n).kind in WIDE]
    cases = [c for c in cases if _spacing_marks(c)]
    screen, session, titles = _ticker(tmp_path, feed_server, tmux, cases, 120)
    shown = wait_for(screen, lambda s: len(_rows(s, titles)) >= 10, 30)
    # The list has the whole width (no pane): the title column is what the marks push right.
    rows = _rows(shown, titles)
    assert len({start for start, _ in rows.values()}) == 1, shown
    assert all(terminal_cells(line) <= 120 for line in shown.splitlines()), shown
    tmux("send-keys", "-t", session, "Down")
    time.sleep(0.3)
    tmux("send-keys", "-t", session, "Enter")  # the pane beside the list, its border after it
    after = wait_for(screen, lambda s: any(b for _, b in _rows(s, titles).values()), 15)
    assert {tuple(b) for _, b in _rows(after, titles).values()} == {(72,)}, after
    assert len({start for start, _ in _rows(after, titles).values()}) == 1, after
    tmux("send-keys", "-t", session, "q")
