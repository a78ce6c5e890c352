"""Provides the write replay: the per-row CPU of storing a cold round's polls, on one thread.

Parses --feeds farm feeds of --items items (benchmarks/feedfarm.py's documents, spread over
--hosts hosts as a round's are) once, or loads them from --cache, then replays a cold round's
store writes on a new file: `writes.save_poll_counted` for each poll, --group polls to a
transaction (BEGIN IMMEDIATE ... COMMIT, as the writer runs them), in the order given by
--order ("host": feeds taken a host at a time, round-robin over hosts, as a round's lanes
finish them; "feed": feed 0, 1, 2 ...). Prints the thread's CPU for the replay (the parsing and
the file's creation are not timed), per stored row, the median of --runs runs, each on a new
file; and the file's size and pages per table and index after the last run (--pages).

    python benchmarks/write_replay.py [--feeds 500] [--items 50] [--group 3] [--runs 5]

Instructions, which no load moves: run it under callgrind with collection only inside
sqlite3's execute (the SQL, its triggers and the binding of its parameters), one run:

    valgrind --tool=callgrind --toggle-collect=_pysqlite_query_execute \
        --callgrind-out-file=OUT python benchmarks/write_replay.py --cache FILE --runs 1

and divide OUT's total by the rows (25,000 by default: 249 k a row on schema 13 with
4 KiB pages, 60 % of it the search index's insert trigger).

Same-run comparison with older code: run it by each code's Python (each venv's python), with
one --cache file for both (FeedEntry pickles the same in both).
"""

from __future__ import annotations

import argparse
import os
import pickle
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from feedfarm import feed_body, host_of

from newstui.feeds.parse import parse_feed
from newstui.models import FeedEntry, SourceConfig, SourceStatus
from newstui.storage import writes
from newstui.storage.connections import open_writing
from newstui.storage.store import Store


def parsed_entries(feeds: int, items: int, hosts: int, cache: Path | None) -> list[list[FeedEntry]]:
    """Each feed's entries, parsed once (and kept in `cache` when given)."""
    if cache is not None and cache.exists():
        kept: list[list[FeedEntry]] = pickle.loads(cache.read_bytes())
        if len(kept) >= feeds and all(len(k) == items for k in kept[:feeds]):
            return kept[:feeds]
    newest = datetime(2026, 11, 30, tzinfo=UTC)
    entries = [
        list(
            parse_feed(
                feed_body(n, items, host_of(n, hosts), newest), url=f"http://127.0.0.1/feed/{n}"
            ).entries
        )
        for n in range(feeds)
    ]
    if cache is not None:
        cache.write_bytes(pickle.dumps(entries))
    return entries


def round_order(feeds: int, hosts: int, order: str) -> list[int]:
    """The feeds in the order their polls are stored."""
    if order == "feed":
        return list(range(feeds))
    by_host = [list(range(h, feeds, hosts)) for h in range(hosts)]
    taken: list[int] = []
    for k in range(max(map(len, by_host), default=0)):
        taken += [feeds_of[k] for feeds_of in by_host if k < len(feeds_of)]
    return taken


def replay(
    entries: list[list[FeedEntry]], order: list[int], group: int, folder: Path
) -> tuple[float, int]:
    """Thread CPU seconds to store every poll into a new file at `folder`, and rows stored."""
    path = folder / "newstui.db"
    store = Store(path)
    urls = [f"http://127.0.0.1/feed/{n}" for n in range(len(entries))]
    sources = store.sync_sources([SourceConfig(url) for url in urls], 300)
    store.close()
    db = open_writing(path, 10.0)
    now = datetime(2026, 11, 30, 1, tzinfo=UTC).timestamp()
    stored = 0
    start = time.thread_time()
    for first in range(0, len(order), group):
        db.execute("BEGIN IMMEDIATE")
        for n in order[first : first + group]:
            state = replace(sources[n], last_status=SourceStatus.OK)
            stored += writes.save_poll_counted(db, state, entries[n], now)
        db.execute("COMMIT")
    spent = time.thread_time() - start
    db.close()
    return spent, stored


def pages(path: Path) -> str:
    """Pages of each table and index of the file (dbstat), largest first."""
    db = sqlite3.connect(path)
    try:
        rows = db.execute(
            "SELECT name, COUNT(*), SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"
        ).fetchall()
    except sqlite3.OperationalError:
        return "(no dbstat in this SQLite)"
    finally:
        db.close()
    return "\n".join(
        f"  {name:28} {count:7} pages {size / 2**20:7.2f} MiB" for name, count, size in rows
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--group", type=int, default=3, help="polls a transaction")
    parser.add_argument("--order", choices=("host", "feed"), default="host")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cache", type=Path, help="keep the parsed feeds in this file")
    parser.add_argument("--pages", action="store_true", help="print pages per table at the end")
    args = parser.parse_args()
    entries = parsed_entries(args.feeds, args.items, args.hosts, args.cache)
    order = round_order(args.feeds, args.hosts, args.order)
    runs: list[tuple[float, int]] = []
    for n in range(args.runs):
        folder = Path(tempfile.mkdtemp(prefix="newstui-write-replay-"))
        try:
            runs.append(replay(entries, order, args.group, folder))
            if args.pages and n == args.runs - 1:
                size = (folder / "newstui.db").stat().st_size
                print(f"file {size / 2**20:.1f} MiB\n{pages(folder / 'newstui.db')}")
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    spent = [s for s, _ in runs]
    rows = runs[0][1] if runs else 0
    median = statistics.median(spent) if spent else 0.0
    print(
        f"stored {rows} rows of {args.feeds} feeds, {args.group} polls a transaction: "
        f"{median:.3f} s CPU, {median / max(rows, 1) * 1e6:.1f} us a row "
        f"(median of {args.runs}: {', '.join(f'{s:.3f}' for s in spent)}); "
        f"load {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
