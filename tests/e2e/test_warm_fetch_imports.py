"""Tests what a warm `newstui fetch` (every source answering 304, the round split over two
processes) loads: none of the modules its round does not use, each of which cost its start
before the fork (benchmarks/RESULTS.md, warm4), while every source is still polled with its
validators and stored as unchanged."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.feeds import Item, rss
from tests.server import FeedServer

NOT_IN_A_WARM_ROUND = [
    "newstui.commands.headlines",  # other commands' modules (the full parser)
    "newstui.text.sanitize",
    "newstui.stories",  # the story engine: a round places after it, when it stored news
    "email.utils",  # only a Retry-After date
    "ctypes",  # multiprocessing's shared Array (HostShare's counters)
    "multiprocessing.sharedctypes",
    "multiprocessing.forkserver",  # the parse workers' preload
    "httpx",
    "httpcore",
]

# cli.main as the console script runs it, then what the lead process has loaded.
FETCH = """
import json, sys
from newstui import cli
sys.argv = ["newstui", "--config", sys.argv[1], "--db", sys.argv[2], "fetch", "-q"]
status = cli.main()
print(json.dumps({"status": status, "modules": sorted(sys.modules)}))
"""


def fetch(config: Path, db: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", FETCH, str(config), str(db)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TZ": "UTC"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    found: dict[str, object] = json.loads(done.stdout)
    return found


def test_a_warm_split_round_loads_nothing_it_does_not_use(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    # 70 sources on two host names (the same server): a round of 64 or more over two hosts is
    # split over two processes on Linux, as the benchmark's are.
    urls = []
    for n in range(70):
        path = f"/feed/{n}"
        feed_server.route(path, rss([Item(f"Story {n}", f"http://127.0.0.1/s/{n}")]), etag=f'"{n}"')
        host = "127.0.0.1" if n % 2 else "localhost"
        urls.append(f"http://{host}:{feed_server.port}{path}")
    config = tmp_path / "config.toml"
    config.write_text("".join(f'[[sources]]\nurl = "{u}"\n' for u in urls))
    db = tmp_path / "newstui.db"

    cold = fetch(config, db)
    assert cold["status"] == 0
    warm = fetch(config, db)
    assert warm["status"] == 0

    modules = set(warm["modules"])  # type: ignore[call-overload]
    assert "newstui.commands.fetch" in modules  # the list is the lead's
    loaded = [name for name in NOT_IN_A_WARM_ROUND if name in modules]
    assert loaded == []
    # The round was done all the same: each source asked with its ETag, each stored unchanged.
    asked = [r for r in feed_server.requests if r.headers.get("if-none-match")]
    assert len(asked) == 70
    with sqlite3.connect(db) as conn:
        statuses = {row[0] for row in conn.execute("SELECT last_status FROM sources")}
    conn.close()
    assert statuses == {"unchanged"}
