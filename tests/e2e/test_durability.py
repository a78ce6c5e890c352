"""Tests that the database survives what a long-running ticker meets: SIGKILL mid-poll and
mid-write, a second process on the same file, corrupt, unusable and full files, and retention."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from newstui.feeds.poller import Poller
from newstui.models import FeedEntry, SourceConfig
from newstui.net.fetch import Fetcher, FetchLimits
from newstui.storage.store import Store, StoreError
from tests.feeds import Item, rss
from tests.server import FeedServer

NOW = datetime.now(UTC).replace(microsecond=0)
HANG_GUARD = 60.0
"""Seconds after which a subprocess is considered hung (never reached when all is well)."""


def feed(n: int, items: int, summary: int = 0) -> bytes:
    return rss(
        [
            Item(
                f"Feed {n} headline {i}",
                f"http://127.0.0.1/{n}/{i}",
                f"f{n}-{i}",
                NOW - timedelta(minutes=i),
                "s" * summary,
            )
            for i in range(items)
        ],
        title=f"Feed {n}",
    )


def write_config(path: Path, urls: list[str], **top: object) -> Path:
    lines = [f"{key} = {value!r}" for key, value in top.items()]
    for url in urls:
        lines += ["[[sources]]", f'url = "{url}"']
    path.write_text("\n".join(lines) + "\n")
    return path


def newstui(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "newstui", *map(str, args)]


def prepare(db: Path, urls: list[str]) -> dict[str, int]:
    """A DB that knows the sources, holds 10 earlier headlines of the first one and some marks;
    returns guid -> id of those headlines."""
    store = Store(db)
    first = store.sync_sources([SourceConfig(u) for u in urls], 300)[0]
    earlier = [
        FeedEntry(f"pre-{i}", f"Earlier {i}", f"http://127.0.0.1/pre/{i}", NOW - timedelta(days=1))
        for i in range(10)
    ]
    store.save_poll(replace(first, last_status="ok"), earlier, NOW)
    ids = {h.guid: h.id for h in store.headlines(limit=100)}
    store.set_read([ids["pre-0"], ids["pre-1"], ids["pre-2"]])
    store.set_starred(ids["pre-3"], True)
    store.set_starred(ids["pre-0"], True)
    store.close()
    return ids


def assert_marks_intact(db: Path) -> None:
    raw = sqlite3.connect(db)
    rows = dict(
        (g, (r, s))
        for g, r, s in raw.execute("SELECT guid, read, starred FROM items WHERE guid LIKE 'pre-%'")
    )
    raw.close()
    assert len(rows) == 10
    assert rows["pre-0"] == (1, 1) and rows["pre-1"] == (1, 0) and rows["pre-2"] == (1, 0)
    assert rows["pre-3"] == (0, 1)
    assert all(rows[f"pre-{i}"] == (0, 0) for i in range(4, 10))


def assert_healthy(db: Path) -> None:
    raw = sqlite3.connect(db)
    assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    raw.close()
    Store(db).close()  # and newstui itself opens it


def per_source(db: Path) -> dict[str, tuple[str, int]]:
    """url -> (last_status, number of items that are not the earlier ones)."""
    raw = sqlite3.connect(db)
    rows = raw.execute(
        """SELECT s.url, s.last_status,
                  (SELECT COUNT(*) FROM items i
                   WHERE i.source_id = s.id AND i.guid NOT LIKE 'pre-%')
           FROM sources s"""
    ).fetchall()
    raw.close()
    return {url: (status, count) for url, status, count in rows}


def on_writer(store: Store, sql: str) -> tuple[Any, ...]:
    """One statement on the store's writing connection (PRAGMAs are per connection)."""
    row: tuple[Any, ...] = store._writer.call(
        lambda db: db.execute(sql).fetchone(), transaction=False
    )
    return row


def wait_until(condition: object, what: str, limit: float = HANG_GUARD) -> None:
    end = time.monotonic() + limit
    while not condition():  # type: ignore[operator]
        if time.monotonic() > end:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.005)


# --- SIGKILL --------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.timeout(90)
def test_sigkill_mid_poll_keeps_every_committed_poll_whole(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    count, items = 60, 50
    urls = [feed_server.route(f"/f{n}", feed(n, items), delay=0.1) for n in range(count)]
    db, config = tmp_path / "newstui.db", write_config(tmp_path / "config.toml", urls)
    prepare(db, urls)

    def some_polls_done() -> bool:
        return any(s == "ok" and n for s, n in per_source(db).values())

    proc = subprocess.Popen(newstui("--config", config, "--db", db, "fetch", "-q"))
    try:
        wait_until(some_polls_done, "the first committed poll")
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(HANG_GUARD)
    assert proc.returncode == -signal.SIGKILL
    assert_healthy(db)
    assert_marks_intact(db)
    state = per_source(db)
    done = [url for url, (status, n) in state.items() if status == "ok" and n]
    assert 0 < len(done) < count, "the kill should land mid-round"
    for url, (status, stored) in state.items():
        # A poll is one transaction: its source state and all of its items, or nothing.
        expected = items if status == "ok" and url != urls[0] else 0
        if url == urls[0]:
            assert stored in (0, items)
        else:
            assert stored == expected, (url, status, stored)
    # The next run finishes the job on the same file.
    done_run = subprocess.run(
        newstui("--config", config, "--db", db, "fetch", "-q"), timeout=HANG_GUARD
    )
    assert done_run.returncode == 0
    assert all(v == ("ok", items) for v in per_source(db).values())
    assert_marks_intact(db)


@pytest.mark.slow
@pytest.mark.timeout(90)
def test_sigkill_mid_write_leaves_a_db_that_opens_with_everything_committed(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    # Few big feeds: most of the run is spent writing (2,000 items of 2 KB each per source).
    count, items = 4, 2_000
    bodies = [feed(n, items, summary=1_500) for n in range(count)]
    urls = [feed_server.route(f"/big{n}", bodies[n]) for n in range(count)]
    db = tmp_path / "newstui.db"
    config = write_config(tmp_path / "config.toml", urls, keep_per_source=5_000)
    prepare(db, urls)
    wal = db.with_name(db.name + "-wal")
    for round_ in range(2):
        baseline = _size(wal)
        proc = subprocess.Popen(newstui("--config", config, "--db", db, "fetch", "-q"))
        try:
            # The WAL grows while a transaction writes: kill then, a little later each round.
            grown = baseline + 64 * 1024 * (round_ + 1)
            wait_until(
                lambda p=proc, g=grown: _size(wal) > g or p.poll() is not None,
                "a write in progress",
            )
            proc.send_signal(signal.SIGKILL)
        finally:
            proc.wait(HANG_GUARD)
        assert_healthy(db)
        assert_marks_intact(db)
        for url, (status, stored) in per_source(db).items():
            if url != urls[0]:
                assert (status, stored) in {("new", 0), ("ok", items)}, (url, status, stored)
    finished = subprocess.run(
        newstui("--config", config, "--db", db, "fetch", "-q"), timeout=HANG_GUARD
    )
    assert finished.returncode == 0
    assert all(v == ("ok", items) for v in per_source(db).values()), per_source(db)
    assert_marks_intact(db)


_WRITER = """
import sys
from datetime import UTC, datetime
from pathlib import Path
from newstui.models import FeedEntry, SourceConfig
from newstui.storage.store import Store

store = Store(Path(sys.argv[1]))
(source,) = store.sync_sources([SourceConfig("http://127.0.0.1/w")], 300)
for batch in range(10_000):
    entries = [FeedEntry(f"w{batch}-{i}", f"t{batch}-{i}", None, None, summary="x" * 500)
               for i in range(50)]
    store.save_poll(source, entries, datetime.now(UTC))
    print(batch, flush=True)
"""


@pytest.mark.slow
@pytest.mark.timeout(60)
def test_every_batch_reported_committed_survives_sigkill(tmp_path: Path) -> None:
    db = tmp_path / "newstui.db"
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(db)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    committed = -1
    try:
        for line in proc.stdout:
            committed = int(line)
            if committed >= 40:
                break
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(HANG_GUARD)
    assert committed >= 40
    assert_healthy(db)
    raw = sqlite3.connect(db)
    guids = {g for (g,) in raw.execute("SELECT guid FROM items")}
    raw.close()
    for batch in range(committed + 1):
        assert {f"w{batch}-{i}" for i in range(50)} <= guids, batch
    batches = {g.split("-")[0] for g in guids}
    assert all(sum(1 for g in guids if g.startswith(b + "-")) == 50 for b in batches)


# --- two processes ---------------------------------------------------------------------------


def hold_write_lock(db: Path, seconds: float, started: threading.Event, guid: str) -> None:
    """Another writer: takes the write lock, stars one headline, sits on the lock, commits."""
    raw = sqlite3.connect(db, isolation_level=None, timeout=10)
    raw.execute("BEGIN IMMEDIATE")
    raw.execute("UPDATE items SET starred = 1 WHERE guid = ?", (guid,))
    started.set()
    time.sleep(seconds)
    raw.execute("COMMIT")
    raw.close()


@pytest.mark.slow
@pytest.mark.timeout(60)
def test_fetch_waits_for_another_writer_and_loses_no_update(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    urls = [feed_server.route(f"/f{n}", feed(n, 20)) for n in range(5)]
    db, config = tmp_path / "newstui.db", write_config(tmp_path / "config.toml", urls)
    prepare(db, urls)
    started = threading.Event()
    holder = threading.Thread(target=hold_write_lock, args=(db, 1.5, started, "pre-5"))
    holder.start()
    started.wait(10)
    try:
        run = subprocess.run(
            newstui("--config", config, "--db", db, "fetch", "-q"),
            timeout=HANG_GUARD,
            capture_output=True,
            text=True,
        )
    finally:
        holder.join()
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert all(v == ("ok", 20) for v in per_source(db).values())
    raw = sqlite3.connect(db)
    starred = {g for (g,) in raw.execute("SELECT guid FROM items WHERE starred = 1")}
    raw.close()
    assert starred == {"pre-0", "pre-3", "pre-5"}  # the other writer's update is kept
    assert_healthy(db)


@pytest.mark.slow
@pytest.mark.timeout(60)
def test_two_fetches_at_once_store_each_headline_once(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    urls = [feed_server.route(f"/f{n}", feed(n, 100), delay=0.02) for n in range(20)]
    db, config = tmp_path / "newstui.db", write_config(tmp_path / "config.toml", urls)
    prepare(db, urls)
    procs = [
        subprocess.Popen(
            newstui("--config", config, "--db", db, "fetch", "-q"),
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    errors = [p.communicate(timeout=HANG_GUARD)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    assert all(v == ("ok", 100) for v in per_source(db).values())
    raw = sqlite3.connect(db)
    dupes = raw.execute(
        "SELECT COUNT(*) FROM (SELECT guid FROM items GROUP BY source_id, guid HAVING COUNT(*) > 1)"
    ).fetchone()[0]
    raw.close()
    assert dupes == 0
    assert_marks_intact(db)
    assert_healthy(db)


@pytest.mark.slow
@pytest.mark.timeout(30)
def test_a_write_that_has_to_wait_says_so_then_succeeds(tmp_path: Path) -> None:
    db = tmp_path / "newstui.db"
    prepare(db, ["http://127.0.0.1/a"])
    store = Store(db)
    heard: list[str] = []
    store.on_wait = heard.append
    ids = {h.guid: h.id for h in store.headlines(limit=100)}
    store.set_read([ids["pre-8"]])
    assert heard == []  # no other writer, no notice
    started = threading.Event()
    holder = threading.Thread(target=hold_write_lock, args=(db, 1.0, started, "pre-7"))
    holder.start()
    started.wait(10)
    try:
        store.set_read([ids["pre-9"]])  # waits for the other writer, then writes
    finally:
        holder.join()
    (notice,) = heard
    assert notice.startswith(f"{db}: another newstui process is writing")
    assert "waiting up to 10 s" in notice
    flags = {h.guid: (h.read, h.starred) for h in store.headlines(limit=100)}
    assert flags["pre-9"] == (True, False) and flags["pre-7"] == (False, True)
    store.close()


@pytest.mark.slow
@pytest.mark.timeout(30)
def test_a_writer_that_holds_the_lock_too_long_gets_a_clear_message(tmp_path: Path) -> None:
    db = tmp_path / "newstui.db"
    prepare(db, ["http://127.0.0.1/a"])
    started = threading.Event()
    holder = threading.Thread(target=hold_write_lock, args=(db, 1.5, started, "pre-6"))
    holder.start()
    started.wait(10)
    store = Store(db, busy_timeout=0.3)
    try:
        ids = {h.guid: h.id for h in store.headlines(limit=100)}  # reading is never blocked
        with pytest.raises(StoreError) as info:
            store.set_read([ids["pre-9"]])
        message = str(info.value)
        assert str(db) in message
        assert "another newstui process is writing" in message
        assert "0.3 s" in message and "try again" in message
        holder.join()
        store.set_read([ids["pre-9"]])  # once it is done, writing works again
    finally:
        holder.join()
        store.close()
    raw = sqlite3.connect(db)
    flags = dict(raw.execute("SELECT guid, starred FROM items WHERE guid IN ('pre-6')"))
    raw.close()
    assert flags == {"pre-6": 1}


# --- files that cannot be used ----------------------------------------------------------------


def real_db(path: Path) -> Path:
    store = Store(path)
    (source,) = store.sync_sources([SourceConfig("http://127.0.0.1/a")], 300)
    entries = [FeedEntry(f"g{i}", f"t{i}", None, None, summary="s" * 3_000) for i in range(300)]
    store.save_poll(source, entries, NOW)
    store.close()
    return path


def corrupt_middle(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for page in range(2, len(data) // 4096, 2):  # every other page's header, past the schema
        data[page * 4096 : page * 4096 + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))


def truncate_half(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize("damage", [corrupt_middle, truncate_half], ids=["pages", "truncated"])
@pytest.mark.parametrize("command", ["headlines", "fetch"])
def test_corrupt_db_gives_one_line_and_is_left_untouched(
    tmp_path: Path, damage: object, command: str
) -> None:
    db = real_db(tmp_path / "newstui.db")
    damage(db)  # type: ignore[operator]
    before = db.read_bytes()
    config = write_config(tmp_path / "config.toml", ["http://127.0.0.1:9/a"])
    args = ["--config", str(config), "--db", str(db), command]
    run = subprocess.run(
        newstui(*args, "--limit", "1000") if command == "headlines" else newstui(*args),
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
    )
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    (line,) = run.stderr.strip().splitlines()
    assert line.startswith(f"newstui: {db}: ")
    assert "move it aside" in line
    assert db.read_bytes() == before


def test_db_path_that_is_a_folder(tmp_path: Path) -> None:
    db = tmp_path / "newstui.db"
    db.mkdir()
    with pytest.raises(StoreError) as info:
        Store(db)
    assert str(db) in str(info.value) and "--db PATH" in str(info.value)
    assert db.is_dir()


def test_db_folder_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(StoreError) as info:
        Store(blocker / "newstui.db")
    assert str(blocker / "newstui.db") in str(info.value)
    assert "--db PATH" in str(info.value)
    assert blocker.read_text() == "a file where the folder should be"


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="running as root: permissions do not stop root, so no unreadable file can be made",
)
def test_unreadable_db_gives_a_clear_message(tmp_path: Path) -> None:
    db = real_db(tmp_path / "newstui.db")
    before = db.read_bytes()
    db.chmod(0)
    try:
        with pytest.raises(StoreError) as info:
            Store(db).headlines()
        assert str(db) in str(info.value) and "permissions" in str(info.value)
    finally:
        db.chmod(0o644)
    assert db.read_bytes() == before


# --- a full disk ---------------------------------------------------------------------------


@pytest.mark.timeout(30)
async def test_full_disk_fails_the_poll_not_the_data(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    small, big = feed(0, 5), feed(0, 400, summary=2_000)
    url = feed_server.route("/feed", small)
    store = Store(tmp_path / "newstui.db")
    store.sync_sources([SourceConfig(url)], 300)
    fetcher = Fetcher(FetchLimits(total_timeout=10))
    poller = Poller(store, fetcher, jitter=0.0)
    try:
        (source,) = store.sources()
        assert (await poller.poll_source(source)).source.last_status == "ok"
        first = store.headlines(limit=10)
        store.set_starred(first[0].id, True)
        # SQLite's own cap on the file's pages stands in for a full disk: same error, same path.
        pages = on_writer(store, "PRAGMA page_count")[0]
        on_writer(store, f"PRAGMA max_page_count = {pages + 3}")
        feed_server.route("/feed", big)
        (source,) = store.sources()
        outcome = await asyncio.wait_for(poller.poll_source(source), 20)
        assert outcome.source.last_status == "error"
        error = outcome.source.last_error or ""
        assert "disk is full" in error and str(store.path) in error, error
        assert outcome.new == []
        assert [h.id for h in store.headlines(limit=10)] == [h.id for h in first]
        assert store.headlines(limit=10)[0].starred
        # Space again: the next poll stores everything.
        on_writer(store, "PRAGMA max_page_count = 1073741823")
        (source,) = store.sources()
        again = await poller.poll_source(source)
        assert again.source.last_status == "ok" and len(again.new) == 395
        assert on_writer(store, "PRAGMA integrity_check") == ("ok",)
    finally:
        await fetcher.aclose()
        store.close()


@pytest.mark.slow
@pytest.mark.timeout(30)
async def test_full_disk_backs_off_instead_of_polling_in_a_loop(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    url = feed_server.route("/feed", feed(0, 400, summary=2_000))
    store = Store(tmp_path / "newstui.db")
    store.sync_sources([SourceConfig(url, refresh=60)], 60)
    pages = on_writer(store, "PRAGMA page_count")[0]
    on_writer(store, f"PRAGMA max_page_count = {pages + 3}")
    fetcher = Fetcher(FetchLimits(total_timeout=10))
    poller = Poller(store, fetcher, jitter=0.0)
    runner = asyncio.create_task(poller.run())
    try:
        await asyncio.sleep(1.0)  # a window for a busy loop to show itself, not a speed bound
    finally:
        runner.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await runner
        await fetcher.aclose()
        store.close()
    # Its state could not be saved, yet the poller remembers to wait before trying again.
    assert len(feed_server.requests_for("/feed")) == 1


# --- retention ------------------------------------------------------------------------------


def test_retention_bounds_age_and_count_and_keeps_starred(tmp_path: Path) -> None:
    store = Store(tmp_path / "newstui.db")
    a, b = store.sync_sources(
        [SourceConfig("http://127.0.0.1/a"), SourceConfig("http://127.0.0.1/b")], 300
    )
    # a: 300 items, one an hour; b: 20 items a day apart, all read.
    store.save_poll(
        a, [FeedEntry(f"a{i}", f"a{i}", None, NOW - timedelta(hours=i)) for i in range(300)], NOW
    )
    store.save_poll(
        b, [FeedEntry(f"b{i}", f"b{i}", None, NOW - timedelta(days=i)) for i in range(20)], NOW
    )
    ids = {h.guid: h.id for h in store.headlines(limit=1_000)}
    store.set_read([ids[f"b{i}"] for i in range(20)])
    for guid in ("a299", "b19", "b15"):
        store.set_starred(ids[guid], True)

    # By count: each source keeps its newest 100, and its starred beyond them.
    assert store.prune(keep_days=30, keep_per_source=100, now=NOW) == 199
    left = {h.guid for h in store.headlines(limit=1_000)}
    assert left == {f"a{i}" for i in range(100)} | {"a299"} | {f"b{i}" for i in range(20)}
    # By age: what was first seen within keep_days stays even when the feed dates it older
    # (pruned, it would come back as new on the next poll of a feed that still lists it).
    assert store.prune(keep_days=7, keep_per_source=100, now=NOW + timedelta(days=3)) == 0
    # Once first seen long enough ago, read or unread, it goes; starred ones stay.
    store.prune(keep_days=7, keep_per_source=100, now=NOW + timedelta(days=10))
    assert {h.guid for h in store.headlines(limit=1_000)} == {"a299", "b19", "b15"}
    assert store.prune(keep_days=0, keep_per_source=0, now=NOW + timedelta(days=99)) == 0
    store.close()


@pytest.mark.timeout(30)
async def test_pruned_headlines_a_feed_still_lists_do_not_come_back_as_new(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    # A blog whose feed lists 30 posts, a post a day: most are older than keep_days = 7.
    posts = rss(
        [
            Item(f"Post {i}", f"http://127.0.0.1/p/{i}", f"p{i}", NOW - timedelta(days=i))
            for i in range(30)
        ]
    )
    url = feed_server.route("/feed", posts)
    clock = [NOW]
    store = Store(tmp_path / "newstui.db")
    store.sync_sources([SourceConfig(url)], 300)
    fetcher = Fetcher(FetchLimits(total_timeout=10))
    poller = Poller(store, fetcher, jitter=0.0, clock=lambda: clock[0])
    try:
        (source,) = store.sources()
        assert len((await poller.poll_source(source)).new) == 30
        for day in (8, 9, 20):  # past keep_days since first seen: the old posts are pruned
            clock[0] = NOW + timedelta(days=day)
            store.prune(keep_days=7, keep_per_source=20, now=clock[0])
            left = {h.guid for h in store.headlines(limit=100)}
            assert left == set(), left  # every post is now older than 7 days
            (source,) = store.sources()
            again = await poller.poll_source(source)
            assert again.source.last_status == "ok"
            assert again.new == []  # not back as "new" headlines
        # Once the feed drops the old posts, what was remembered of them is dropped too.
        feed_server.route("/feed", rss([Item("New post", "http://127.0.0.1/p/new", "new")]))
        (source,) = store.sources()
        assert [h.guid for h in (await poller.poll_source(source)).new] == ["new"]
        assert store._read("SELECT COUNT(*) FROM pruned")[0][0] == 0
    finally:
        await fetcher.aclose()
        store.close()


def _size(path: Path) -> int:
    """`path`'s size in bytes, 0 when it is not there: SQLite deletes the WAL when the last
    connection closes, so a `fetch` that ends between an exists() and a stat() made the wait
    raise FileNotFoundError (CI, 2026-11-30)."""
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0
