"""Tests the collector's threshold around `newstui fetch`'s round: raised while a warm round
polls (its polls leave no cycles, and the collections their short-lived objects set off cost
~5 % of a warm round's CPU: benchmarks/RESULTS.md, warm6), Python's own for a round that
parses, and Python's own again once the round is done."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

from newstui.commands.fetch import WARM_GC_THRESHOLD
from tests.feeds import Item, rss
from tests.server import FeedServer

# cli.main as the console script runs it, the collector's threshold noted as the round starts.
FETCH = """
import gc, json, sys
from newstui import cli
from newstui.commands import fetch

seen = []
real = fetch.poll_round

def poll_round(*args, **kwargs):
    seen.append(gc.get_threshold())
    return real(*args, **kwargs)

fetch.poll_round = poll_round
sys.argv = ["newstui", "--config", sys.argv[1], "--db", sys.argv[2], "fetch", "-q"]
status = cli.main()
print(json.dumps({"status": status, "during": seen, "after": gc.get_threshold()}))
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
    found: dict[str, object] = json.loads(done.stdout)
    return found


def test_a_warm_round_collects_less_often_and_a_cold_one_as_python_does(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    urls = [
        feed_server.route(f"/feed/{n}", rss([Item(f"Story {n}", f"http://x.test/{n}")]), etag="e")
        for n in range(4)
    ]
    config = tmp_path / "config.toml"
    config.write_text("".join(f'[[sources]]\nurl = "{u}"\n' for u in urls))
    db = tmp_path / "newstui.db"
    python = list(gc.get_threshold())

    cold = fetch(config, db)  # no validators yet: it parses
    assert cold == {"status": 0, "during": [python], "after": python}
    warm = fetch(config, db)  # every source asked with its ETag, every answer 304
    assert warm == {"status": 0, "during": [[WARM_GC_THRESHOLD, *python[1:]]], "after": python}
    assert len([r for r in feed_server.requests if r.headers.get("if-none-match") == "e"]) == 4
