"""Tests the commands in sync mode as a user runs them, against a real FreshRSS on 127.0.0.1
subscribed to feeds on 127.0.0.1: import, fetch, headlines, sources, mark-read, export; marks
both ways; a server that went away; a fetch killed mid-sync; a wrong password; and that the
password shows in no output and no database byte."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newstui.storage.store import Store
from newstui.sync.ids import READ, STARRED, parse_item_id
from tests.freshrss import FreshRSS, OtherDevice
from tests.server import FeedServer
from tests.sync_account import Account, make_feed, subscribe
from tests.sync_proxy import SyncProxy


@pytest.fixture
def proxy(freshrss_server: FreshRSS) -> Iterator[SyncProxy]:
    proxy = SyncProxy(freshrss_server.base_url)
    yield proxy
    proxy.stop()


def test_fetch_headlines_sources_marks_both_ways_and_export(
    freshrss_server: FreshRSS, feeds_for_freshrss: FeedServer, tmp_path: Path
) -> None:
    account = Account(tmp_path, freshrss_server)
    url, name = make_feed(feeds_for_freshrss, 4, "Harbour")
    subscribe(account, tmp_path, url, name, "world")  # import subscribes, then syncs

    mine = account.headlines("--source", name)
    assert [h["title"] for h in mine] == [
        f"{name.replace(' desk', '')} story {i}" for i in range(4)
    ]
    assert not any(h["read"] or h["starred"] for h in mine)
    assert account.headlines("--search", "harbour", "--source", name)  # searchable
    listed = [json.loads(line) for line in account.run("sources", "--json").stdout.splitlines()]
    [source] = [s for s in listed if s["url"] == url]
    assert (source["name"], source["tags"], source["status"]) == (name, ["world"], "ok")

    ids = {str(h["title"]): parse_item_id(str(h["id"])) for h in mine}
    keys = {str(h["title"]): str(h["key"]) for h in mine}
    first, second, third = sorted(ids)[:3]
    done = account.run("mark-read", keys[first])
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, "1 marked read", "")
    other = OtherDevice(freshrss_server)
    assert ids[first] not in other.unread()  # sent at once

    other.edit_tag([ids[second]], add=STARRED)
    other.edit_tag([ids[third]], add=READ)
    done = account.run("fetch")
    assert done.returncode == 0, done.stderr
    assert "synced:" in done.stdout and name in done.stdout
    assert [h["title"] for h in account.headlines("--starred", "--source", name)] == [second]
    unread = {h["title"] for h in account.headlines("--unread", "--source", name)}
    assert unread == set(ids) - {first, third}

    opml = account.run("export").stdout
    assert url in opml and name in opml and "world" in opml
    account.secrets_kept()


def test_marks_made_while_the_server_is_down_reach_it_when_it_is_back(
    own_freshrss: FreshRSS, feeds_for_freshrss: FeedServer, tmp_path: Path
) -> None:
    account = Account(tmp_path, own_freshrss)
    url, name = make_feed(feeds_for_freshrss, 3, "Storm")
    subscribe(account, tmp_path, url, name, "weather")
    mine = account.headlines("--source", name)
    assert len(mine) == 3

    own_freshrss.stop()
    done = account.run("mark-read", "--source", name)
    assert done.returncode == 0 and done.stdout.strip() == "3 marked read"
    assert "queued for the server" in done.stderr
    down = account.run("fetch")
    assert down.returncode == 1
    assert "trying again later" in down.stderr
    listed = [json.loads(line) for line in account.run("sources", "--json").stdout.splitlines()]
    [source] = [s for s in listed if s["url"] == url]
    assert source["status"] == "error" and str(source["error"]).startswith("sync: ")
    store = Store(account.db)
    assert len(store.synced.pending()) == 3  # queued in the database
    store.close()

    own_freshrss.serve_again()
    done = account.run("fetch")
    assert done.returncode == 0, done.stderr
    ids = {parse_item_id(str(h["id"])) for h in mine}
    assert not ids & OtherDevice(own_freshrss).unread()
    assert all(h["read"] for h in account.headlines("--source", name))  # the server agreed
    account.secrets_kept()


def test_a_fetch_killed_mid_sync_loses_nothing_and_its_queue_goes_out_next_time(
    freshrss_server: FreshRSS,
    feeds_for_freshrss: FeedServer,
    proxy: SyncProxy,
    tmp_path: Path,
) -> None:
    account = Account(tmp_path, freshrss_server, url=proxy.url("/api/greader.php"))
    url, name = make_feed(feeds_for_freshrss, 2, "Quay")
    subscribe(account, tmp_path, url, name, "port")
    [kept, *_] = account.headlines("--source", name)
    big_url, big_name = make_feed(feeds_for_freshrss, 300, "Ferry")  # more than a page

    proxy.down = True  # a mark that cannot be sent: queued
    done = account.run("mark-read", str(kept["key"]))
    assert done.returncode == 0 and "queued for the server" in done.stderr
    proxy.down = False
    other = OtherDevice(freshrss_server)
    (tmp_path / "laptop").mkdir()
    laptop = Account(tmp_path / "laptop", freshrss_server)  # another device subscribes
    subscribe(laptop, tmp_path, big_url, big_name, "port")
    # The last page of items (50 of 300; pages of 250) never comes, whichever of the two pages
    # in flight reaches the proxy first (held by arrival, the first page was held at times).
    proxy.hold("stream/items/contents", after=0, most_ids=100)
    fetch = subprocess.Popen(
        account.argv("fetch"),
        env=account.env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert proxy.holding.wait(60), "the sync never asked for a second page"
        deadline = time.monotonic() + 30
        while _stored(account.db, big_name) == 0:  # the first page is stored
            assert time.monotonic() < deadline, "no item of the first page was stored"
            time.sleep(0.05)
        fetch.send_signal(signal.SIGKILL)
        fetch.wait(30)
    finally:
        proxy.release.set()
        if fetch.poll() is None:
            fetch.kill()
    first_page = _stored(account.db, big_name)
    assert 0 < first_page < 300

    store = Store(account.db)  # opens: WAL recovery, nothing half-written
    check = sqlite3.connect(account.db).execute("PRAGMA integrity_check").fetchone()
    assert check == ("ok",)
    [queued] = store.synced.pending()
    assert parse_item_id(str(kept["id"])) == queued.item_id
    store.close()
    assert parse_item_id(str(kept["id"])) in other.unread()  # not sent yet

    done = account.run("fetch")
    assert done.returncode == 0, done.stderr
    ferry = account.headlines("--source", big_name)
    assert len(ferry) == 300 and len({h["id"] for h in ferry}) == 300  # no duplicates
    assert parse_item_id(str(kept["id"])) not in other.unread()
    account.secrets_kept()


def _stored(db: Path, source: str) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            row = conn.execute(
                "SELECT COUNT(*) FROM items i JOIN sources s ON s.id = i.source_id "
                "WHERE s.name = ?",
                (source,),
            ).fetchone()
    except sqlite3.OperationalError:  # not created yet
        return 0
    return int(row[0])


def test_a_wrong_password_is_a_clear_status_sent_once(
    freshrss_server: FreshRSS, proxy: SyncProxy, tmp_path: Path
) -> None:
    account = Account(tmp_path, freshrss_server, url=proxy.url("/api/greader.php"))
    account.password = "not-the-password-7f3a"
    done = account.run("fetch")
    assert done.returncode == 1
    assert "sync: wrong user or password (HTTP 401)" in done.stderr
    assert proxy.paths == ["/api/greader.php/accounts/ClientLogin"]  # no retry storm
    account.secrets_kept()


def test_a_password_that_cannot_be_had_ends_every_command_with_status_2(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '[sync]\nurl = "http://127.0.0.1:9/api/greader.php"\nuser = "me"\n'
        'password_command = ["false"]\n'
    )
    for command in ([], ["fetch"], ["mark-read", "--all"]):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "newstui",
                "--config",
                str(config),
                "--db",
                str(tmp_path / "n.db"),
                *command,
            ],
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
        assert done.returncode == 2, (command, done.stderr)
        assert f"{config}:4: sync.password_command: 'false' failed" in done.stderr
