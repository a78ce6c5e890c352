"""Tests the CPU priority of a split `newstui fetch`'s threads while its polls are answered: a
round that parses (sources never fetched) runs each process's loop below its writer
(feeds.round.PARSE_NICE); a warm one (every source has an ETag, answers 304) runs every thread
as started, its polls not yielding to every other process on the machine (RESULTS.md, warm5)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from newstui.feeds.round import PARSE_NICE
from tests.feeds import Item, rss
from tests.server import FeedServer

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="a round is split over processes on Linux only"
)


class Watch:
    """The nice values of the threads of the fetch being run and of its helper process, taken
    as each request is answered."""

    def __init__(self) -> None:
        self.pid = 0
        self.seen: set[int] = set()

    def look(self) -> None:
        pids = [self.pid]
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children")
        try:
            pids += [int(p) for p in children.read_text().split()]
        except OSError:
            return
        for pid in pids:
            try:
                threads = [int(t) for t in os.listdir(f"/proc/{pid}/task")]
            except OSError:
                continue
            for thread in threads:
                with contextlib.suppress(OSError):  # ended meanwhile
                    self.seen.add(os.getpriority(os.PRIO_PROCESS, thread))


def answering(watch: Watch, body: bytes, etag: str) -> Callable[[BaseHTTPRequestHandler], None]:
    """A route's handler: looks at the fetch's threads, then answers (304 to its ETag)."""

    def handler(req: BaseHTTPRequestHandler) -> None:
        watch.look()
        headers = {"ETag": etag, "Content-Type": "application/rss+xml"}
        status, sent = (304, b"") if req.headers.get("If-None-Match") == etag else (200, body)
        FeedServer._send(req, status, headers, sent)

    return handler


def fetch(watch: Watch, config: Path, db: Path) -> None:
    command = [sys.executable, "-m", "newstui", "--config", str(config), "--db", str(db)]
    with subprocess.Popen(
        [*command, "fetch", "-q"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        watch.pid = process.pid
        _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert err == ""


def test_a_warm_round_polls_at_its_own_priority_and_a_cold_one_below_its_writer(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    watch = Watch()
    urls = []
    for n in range(70):  # 64 or more over two host names: split over two processes
        path = f"/feed/{n}"
        body = rss([Item(f"Story {n}", f"http://127.0.0.1/s/{n}")])
        feed_server.route(path, handler=answering(watch, body, f'"{n}"'))
        host = "127.0.0.1" if n % 2 else "localhost"
        urls.append(f"http://{host}:{feed_server.port}{path}")
    config = tmp_path / "config.toml"
    config.write_text("".join(f'[[sources]]\nurl = "{u}"\n' for u in urls))
    db = tmp_path / "newstui.db"
    base = os.getpriority(os.PRIO_PROCESS, 0)
    if base + PARSE_NICE > 19:  # the highest nice value: a loop could not go below its writer
        pytest.skip(f"running at nice {base} already")

    fetch(watch, config, db)  # nothing fetched before: every answer a body to parse
    assert watch.seen == {base, base + PARSE_NICE}

    watch.seen.clear()
    fetch(watch, config, db)
    assert watch.seen == {base}
    with sqlite3.connect(db) as conn:
        statuses = {row[0] for row in conn.execute("SELECT last_status FROM sources")}
    conn.close()
    assert statuses == {"unchanged"}  # every source was asked with its ETag, and answered 304
