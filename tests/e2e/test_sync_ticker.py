"""Runs the installed `newstui` ticker with `[sync]` in a real terminal (tmux) against a real
FreshRSS on 127.0.0.1: synced headlines on screen, a read mark reaching the server, a star made
on the server showing after `r`, the sources view, a wrong password as the header's status, and
the password never on screen; a server down as one notice however many syncs fail."""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from newstui.sync.ids import STARRED, parse_item_id
from tests.e2e.test_tmux import ENV, _newstui, tmux, wait_for
from tests.freshrss import FreshRSS, OtherDevice
from tests.server import FeedServer
from tests.sync_account import Account, make_feed, subscribe

__all__ = ["tmux"]  # the fixture, used here


def test_the_ticker_syncs_shows_and_sends_marks(
    own_freshrss: FreshRSS,
    feeds_for_freshrss: FeedServer,
    tmp_path: Path,
    tmux: Callable[..., str],
) -> None:
    (tmp_path / "laptop").mkdir()
    laptop = Account(tmp_path / "laptop", own_freshrss)  # another device subscribes
    url, name = make_feed(feeds_for_freshrss, 3, "Lighthouse")
    subscribe(laptop, tmp_path, url, name, "coast")
    story = name.replace(" desk", "") + " story"
    ids = {str(h["title"]): parse_item_id(str(h["id"])) for h in laptop.headlines()}

    account = Account(tmp_path, own_freshrss)
    account.config.write_text('refresh = "1h"\n' + account.config.read_text())  # syncs on r
    screens: list[str] = []

    def start(password: str) -> str:
        command = (
            f"{ENV} TZ=UTC NEWSTUI_SYNC_PASSWORD={password} {_newstui()} "
            f"--config {account.config} --db {account.db}"
        )
        return str(tmux.start(command))  # type: ignore[attr-defined]

    session = start(own_freshrss.password)

    def screen() -> str:
        shown = tmux("capture-pane", "-p", "-t", session)
        screens.append(shown)
        return shown

    shown = wait_for(screen, lambda s: f"{story} 2" in s, 60)  # synced by the ticker itself
    assert "3 unread / 3" in shown.splitlines()[0]
    assert "failing" not in shown and "sync:" not in shown

    tmux("send-keys", "-t", session, "Enter")  # opens the newest: read here, then on the server
    wait_for(screen, lambda s: "Body of lighthouse story 0." in s, 15)
    other = OtherDevice(own_freshrss)
    deadline = time.monotonic() + 20
    while ids[f"{story} 0"] in other.unread():
        assert time.monotonic() < deadline, "the read mark never reached the server"
        time.sleep(0.2)

    other.edit_tag([ids[f"{story} 1"]], add=STARRED)
    tmux("send-keys", "-t", session, "Escape")
    time.sleep(0.3)  # Escape and a key at once read as Alt+key
    tmux("send-keys", "-t", session, "r")  # a star made elsewhere, synced now
    wait_for(
        screen, lambda s: any("★" in line and f"{story} 1" in line for line in s.splitlines()), 30
    )

    tmux("send-keys", "-t", session, "S")
    shown = wait_for(screen, lambda s: "the server's subscriptions" in s, 15)
    assert name in shown and "coast" in shown
    tmux("send-keys", "-t", session, "Escape")
    time.sleep(0.3)
    tmux("send-keys", "-t", session, "q")
    _gone(tmux, session)

    session = start("not-the-password-91b2")
    wait_for(screen, lambda s: "sync: wrong user or password (HTTP 401)" in s, 30)
    tmux("send-keys", "-t", session, "q")
    _gone(tmux, session)

    assert not any(own_freshrss.password in s for s in screens)
    account.secrets_kept()


def _gone(tmux: Callable[..., str], session: str) -> None:
    deadline = time.monotonic() + 15
    while session in tmux("list-sessions", "-F", "#{session_name}"):
        assert time.monotonic() < deadline, "newstui did not quit on q"
        time.sleep(0.2)


def test_a_server_down_is_one_notice_and_the_header_however_many_syncs_fail(
    tmp_path: Path, tmux: Callable[..., str]
) -> None:
    config, db = tmp_path / "config.toml", tmp_path / "news.db"
    config.write_text(  # nothing listens on port 9: every sync is refused, backed off 1, 2, 4 s
        'refresh = "1s"\n\n[sync]\nkind = "greader"\n'
        'url = "http://127.0.0.1:9/api/greader.php"\nuser = "me"\n'
    )
    command = f"{ENV} TZ=UTC NEWSTUI_SYNC_PASSWORD=pw-3f1e {_newstui()} --config {config} --db {db}"
    session = str(tmux.start(command))  # type: ignore[attr-defined]

    def screen() -> str:
        return tmux("capture-pane", "-p", "-t", session)

    shown = wait_for(screen, lambda s: "⚠ sync:" in s.splitlines()[0], 30)
    assert "No headlines: sync:" in shown  # the empty list says why

    def failures() -> int:
        with sqlite3.connect(db) as raw:
            row = raw.execute("SELECT value FROM sync_state WHERE key = 'status'").fetchone()
        return int(json.loads(row[0])["failures"]) if row else 0

    deadline = time.monotonic() + 30
    while failures() < 3:  # three syncs failed within the notices' 8 s
        assert time.monotonic() < deadline, "the syncs were not retried"
        time.sleep(0.2)
    shown = screen()
    toasts = [line for line in shown.splitlines() if re.search(r"▌ Sync\s*$", line)]
    assert len(toasts) == 1, shown  # one notice, not one per failed sync
    assert "⚠ sync:" in shown.splitlines()[0]
    tmux("send-keys", "-t", session, "q")
    _gone(tmux, session)
