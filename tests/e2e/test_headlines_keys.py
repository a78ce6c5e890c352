"""Runs the installed `newstui headlines` on a terminal (a pseudo-terminal) and on a pipe: on a
terminal each row starts with its key and a last line says how to read one; piped, the rows
keep the columns scripts read."""

from __future__ import annotations

import os
import pty
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from newstui.models import FeedEntry, SourceConfig
from newstui.storage.store import Store
from tests.e2e.test_tmux import _newstui


def stored(path: Path) -> list[int]:
    """Two headlines stored in a database at `path`; their keys, newest first."""
    store = Store(path)
    store.sync_sources([SourceConfig(url="http://127.0.0.1:9/feed", name="Harbour Desk")], 300)
    [source] = store.sources()
    now = datetime.now(UTC).replace(microsecond=0)
    entries = [
        FeedEntry("g1", "Ferry timetable changes", "http://127.0.0.1:9/1", now),
        FeedEntry("g2", "Crane repairs finished", "http://127.0.0.1:9/2", now),
    ]
    store.save_poll(source, entries, now)
    keys = [h.id for h in store.headlines(limit=10)]
    store.close()
    return keys


def run_on_terminal(argv: list[str]) -> str:
    """The command's output with a pseudo-terminal as its stdout."""
    main, other = pty.openpty()
    try:
        done = subprocess.run(argv, stdout=other, stderr=subprocess.PIPE, timeout=60, check=True)
        assert not done.stderr
        os.close(other)
        other = -1
        chunks = []
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # EIO: the terminal's other end is closed and read out
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks).decode().replace("\r\n", "\n")
    finally:
        os.close(main)
        if other >= 0:
            os.close(other)


def test_on_a_terminal_rows_show_their_keys_and_how_to_read_one(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    keys = stored(db)
    config = tmp_path / "config.toml"
    config.write_text("")  # the defaults
    argv = [_newstui(), "--config", str(config), "--db", str(db), "headlines"]
    rows = run_on_terminal(argv).splitlines()
    assert [row.split()[0] for row in rows[:2]] == [str(k) for k in keys]
    assert rows[2] == f"Read one: newstui read KEY (the first column), e.g. newstui read {keys[0]}"
    piped = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=True)
    lines = piped.stdout.splitlines()
    assert len(lines) == 2 and all(not line.split()[0].isdigit() for line in lines)
    assert "Read one" not in piped.stdout + piped.stderr
