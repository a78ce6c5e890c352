"""Tests that an alert fires once, in the process that stores its headline: `newstui fetch` runs
as cron runs it (a real server on 127.0.0.1, a real database), twice, after a restart, and two
at once on one database."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newstui.models import FeedEntry, SourceConfig
from newstui.storage.store import Store
from tests.feeds import Item, rss
from tests.server import FeedServer

NOW = datetime.now(UTC).replace(microsecond=0)


def newstui(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newstui", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TZ": "UTC"},
    )


def recorder(out: Path) -> str:
    """A command (TOML list) that appends what it reads on stdin to `out`."""
    code = f"import sys; open({str(out)!r}, 'a').write(sys.stdin.read())"
    return json.dumps([sys.executable, "-c", code])


def items(*titles: str) -> list[Item]:
    return [
        Item(t, f"http://127.0.0.1/{n}", guid=t, published=NOW - timedelta(minutes=n))
        for n, t in enumerate(titles)
    ]


def config(tmp_path: Path, url: str, command: str, extra: str = "") -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        f'[[sources]]\nurl = "{url}"\nname = "Wire"\n\n'
        f'[[alerts]]\nmatch = ["earthquake", "central bank"]\ncommand = {command}\n{extra}',
        encoding="utf-8",
    )
    return path


def test_fetch_fires_each_new_match_once_and_never_the_backlog_or_after_a_restart(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    out = tmp_path / "alerts.jsonl"
    url = feed_server.route("/wire", rss(items("Earthquake last week", "Calm")))
    cfg, db = config(tmp_path, url, recorder(out)), tmp_path / "news.db"
    args = ("--config", str(cfg), "--db", str(db), "fetch", "-q")

    first = newstui(*args)
    assert first.returncode == 0, first.stderr
    assert not out.exists()  # a new source's backlog is stored without alerts

    feed_server.route(
        "/wire",
        rss(items("Earthquake hits Chile", "The Central-Bank holds", "Sunny", "Calm")),
    )
    second = newstui(*args)
    assert second.returncode == 0, second.stderr
    fired = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted((r["title"], r["match"]) for r in fired) == [
        ("Earthquake hits Chile", "earthquake"),
        ("The Central-Bank holds", "central bank"),
    ]
    assert {r["source"] for r in fired} == {"Wire"} and all(not r["read"] for r in fired)

    third = newstui(*args)  # a restart: the same headlines are stored already
    assert third.returncode == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2


def test_a_failing_command_is_one_line_on_stderr_and_the_round_succeeds(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    url = feed_server.route("/wire", rss(items("Calm")))
    cfg, db = config(tmp_path, url, '["/nonexistent/notify"]'), tmp_path / "news.db"
    assert newstui("--config", str(cfg), "--db", str(db), "fetch", "-q").returncode == 0
    feed_server.route("/wire", rss(items("Earthquake hits Chile", "Calm")))
    done = newstui("--config", str(cfg), "--db", str(db), "fetch", "-q")
    assert done.returncode == 0
    assert done.stderr.count("alert command failed") == 1
    assert "/nonexistent/notify: not found" in done.stderr
    assert f"alerts[1] ({cfg}:6)" in done.stderr  # its match line


def test_a_scope_naming_no_source_is_said_and_the_round_runs(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    url = feed_server.route("/wire", rss(items("Calm")))
    cfg = config(tmp_path, url, '["true"]', extra='sources = ["Wyre"]\n')
    done = newstui("--config", str(cfg), "--db", str(tmp_path / "n.db"), "fetch", "-q")
    assert done.returncode == 0
    assert "sources: no source is named 'Wyre'; did you mean 'Wire'?" in done.stderr


def test_two_fetches_at_once_fire_each_alert_once(tmp_path: Path, feed_server: FeedServer) -> None:
    out = tmp_path / "alerts.jsonl"
    url = feed_server.route("/wire", rss(items("Calm")))
    cfg, db = config(tmp_path, url, recorder(out)), tmp_path / "news.db"
    args = [sys.executable, "-m", "newstui", "--config", str(cfg), "--db", str(db), "fetch", "-q"]
    assert subprocess.run(args, timeout=120).returncode == 0
    titles = [f"Earthquake report {n}" for n in range(20)]
    # Slow answers, so both processes hold the same document before either stores it.
    feed_server.route("/wire", rss(items(*titles, "Calm")), delay=0.5)
    both = [subprocess.Popen(args, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for process in both:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    fired = [json.loads(line)["title"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(fired) == sorted(titles)


def _store_at_once(db: Path, barrier: multiprocessing.synchronize.Barrier, queue: object) -> None:
    store = Store(db)
    source = next(s for s in store.sources() if s.url == "https://wire.example/feed")
    entries = [
        FeedEntry(f"g{n}", f"Earthquake {n}", None, NOW - timedelta(minutes=n)) for n in range(50)
    ]
    barrier.wait()
    new = store.save_poll(source, entries)
    store.close()
    queue.put(sorted(h.guid for h in new))  # type: ignore[attr-defined]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork")
def test_two_processes_storing_one_document_get_each_headline_once(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    store = Store(db)
    store.sync_sources([SourceConfig("https://wire.example/feed")], 300)
    store.close()
    context = multiprocessing.get_context("fork")
    for _ in range(3):
        barrier, queue = context.Barrier(2), context.Queue()
        workers = [
            context.Process(target=_store_at_once, args=(db, barrier, queue)) for _ in range(2)
        ]
        for worker in workers:
            worker.start()
        got = [queue.get(timeout=60), queue.get(timeout=60)]
        for worker in workers:
            worker.join(60)
            assert worker.exitcode == 0
        store = Store(db)
        stored = store.headlines(limit=1000)
        store.close()
        assert len(stored) == 50
        assert sorted(got[0] + got[1]) == sorted(h.guid for h in stored)  # one got each
        _reset(db)


def _reset(db: Path) -> None:
    """Deletes the stored headlines (not remembered as pruned): the next round is new again."""
    import sqlite3

    with sqlite3.connect(db) as raw:
        raw.execute("DELETE FROM items")
