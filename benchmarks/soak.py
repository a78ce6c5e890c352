"""Provides the soak benchmark: a simulated day (or more) of ticking, to show memory and the DB
stay bounded.

A real HTTP server on 127.0.0.1 runs in a child process and serves --sources RSS feeds that change
with a simulated clock shared with it: feed n publishes a headline every 7 + n % 23 simulated
minutes and lists its newest 30, with an ETag so an unchanged feed answers 304. This process
drives the real Poller (its `clock` is the simulated one), the real Fetcher and a real Store:
each simulated minute it polls every source the Poller scheduled as due (per-source --refresh
with jitter), and each simulated hour it applies retention (Store.prune) as the ticker does.
Some headlines are starred and read early on; retention must keep the starred ones.

Per simulated hour it prints the polls done, the headlines stored, the DB and WAL sizes, RSS and
tracemalloc's traced memory. The verdict compares the second half of the run with its middle:
memory growth and DB size must level off once retention holds the DB at its bound.

    python benchmarks/soak.py [--sources 100] [--refresh 300] [--hours 24] [--write-results]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import multiprocessing
import os
import platform
import random
import sqlite3
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newstui.feeds.poller import Poller  # noqa: E402
from newstui.models import SourceConfig  # noqa: E402
from newstui.net.fetch import Fetcher, FetchLimits  # noqa: E402
from newstui.storage.store import Store  # noqa: E402
from tests.feeds import Item, rss  # noqa: E402
from tests.server import FeedServer  # noqa: E402

START = datetime(2026, 11, 1, 0, 0, tzinfo=UTC)
WINDOW = 30
"""Headlines each feed lists (its newest)."""
KEEP_DAYS = 0.25
KEEP_PER_SOURCE = 40
"""Retention as configured for the run: small, so that it binds within the first simulated day."""
SUMMARY = "A paragraph of the kind a news feed carries in its description. " * 6


def period(n: int) -> float:
    """Simulated seconds between two headlines of feed n (7 to 29 minutes)."""
    return 60.0 * (7 + n % 23)


def feed_handler(n: int, sim: Synchronized[float]) -> Callable[[BaseHTTPRequestHandler], None]:
    def handler(req: BaseHTTPRequestHandler) -> None:
        now = sim.value
        newest = int((now - START.timestamp()) // period(n))
        etag = f'"{n}-{newest}"'
        if req.headers.get("If-None-Match") == etag:
            req.send_response(304)
            req.send_header("ETag", etag)
            req.send_header("Content-Length", "0")
            req.end_headers()
            return
        items = [
            Item(
                title=f"Desk {n}: report number {k} on the matter of the day",
                link=f"http://127.0.0.1/{n}/{k}",
                guid=f"{n}-{k}",
                published=START + timedelta(seconds=k * period(n)),
                summary=SUMMARY,
            )
            for k in range(newest, max(newest - WINDOW, -1), -1)
        ]
        body = rss(items, title=f"Desk {n}")
        req.send_response(200)
        req.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        req.send_header("ETag", etag)
        req.send_header("Content-Length", str(len(body)))
        req.end_headers()
        req.wfile.write(body)

    return handler


def serve(sources: int, sim: Synchronized[float], ready: multiprocessing.Queue[int]) -> None:
    server = FeedServer()
    server.httpd.request_queue_size = 128
    server.requests = _Discard()  # the recorder would grow for the whole run
    for n in range(sources):
        server.route(f"/desk/{n}", handler=feed_handler(n, sim))
    server.start()
    ready.put(server.port)
    while True:
        time.sleep(3600)


class _Discard(list):  # type: ignore[type-arg]
    def append(self, item: object) -> None:
        pass


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def size_mib(path: Path) -> float:
    return path.stat().st_size / (1 << 20) if path.exists() else 0.0


def db_breakdown(db: Path) -> dict[str, float]:
    """MiB in use by the headlines (items and their indexes), the search index, the rest, and
    free pages (a file grows to its high-water mark; free pages are reused, not returned)."""
    raw = sqlite3.connect(db)
    try:
        used = {"items_mib": 0.0, "fts_mib": 0.0, "other_mib": 0.0}
        for name, size in raw.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"):
            if name.startswith("items_fts"):
                used["fts_mib"] += size / (1 << 20)
            elif "items" in name:
                used["items_mib"] += size / (1 << 20)
            else:
                used["other_mib"] += size / (1 << 20)
        page = raw.execute("PRAGMA page_size").fetchone()[0]
        used["free_mib"] = raw.execute("PRAGMA freelist_count").fetchone()[0] * page / (1 << 20)
        return used
    finally:
        raw.close()


async def soak(
    args: argparse.Namespace, port: int, sim: Synchronized[float], db: Path
) -> dict[str, Any]:
    clock_now = [START]

    def clock() -> datetime:
        return clock_now[0]

    store = Store(db)
    urls = [f"http://127.0.0.1:{port}/desk/{n}" for n in range(args.sources)]
    store.sync_sources([SourceConfig(u, refresh=args.refresh) for u in urls], args.refresh)
    fetcher = Fetcher(FetchLimits(max_connections=16, max_per_host=16))
    poller = Poller(store, fetcher, jitter=0.1, clock=clock, rng=random.Random(1))
    rows: list[dict[str, float]] = []
    starred: set[int] = set()
    polls = 0
    started = time.monotonic()
    tracemalloc.start()
    try:
        for minute in range(1, int(args.hours * 60) + 1):
            now = START + timedelta(minutes=minute)
            clock_now[0] = now
            sim.value = now.timestamp()
            due = [
                s
                for s in store.sources()
                if s.last_status != "gone" and (s.next_poll is None or s.next_poll <= now)
            ]
            if due:
                outcomes = await poller.poll_all(due)
                polls += len(outcomes)
                failed = [o.source.last_error for o in outcomes if o.failed]
                if failed:
                    raise SystemExit(f"a poll failed at {now}: {failed[0]}")
            if minute == 90:  # the reader stars and reads a few early headlines
                early = store.headlines(limit=200)[-20:]
                starred = {h.id for h in early[:5]}
                for item_id in starred:
                    store.set_starred(item_id, True)
                store.set_read(h.id for h in early[5:])
            if minute % 60 == 0:
                store.prune(KEEP_DAYS, KEEP_PER_SOURCE, now=now)
                if args.fts_optimize:  # an experiment: does rewriting the search index bound it?
                    store._writer.call(
                        lambda raw: raw.execute(
                            "INSERT INTO items_fts (items_fts) VALUES ('optimize')"
                        )
                    )
                gc.collect()
                traced, _peak = tracemalloc.get_traced_memory()
                rows.append(
                    {
                        "hour": minute / 60,
                        "polls": polls,
                        "items": store.counts().total,
                        "db": size_mib(db),
                        "wal": size_mib(db.with_name(db.name + "-wal")),
                        "rss": rss_mib(),
                        "traced": traced / (1 << 20),
                        "real": time.monotonic() - started,
                        **db_breakdown(db),
                    }
                )
                r = rows[-1]
                print(
                    f"{r['hour']:5.0f} h  {r['polls']:7.0f} polls  {r['items']:6.0f} items  "
                    f"db {r['db']:6.2f} MiB  wal {r['wal']:5.2f} MiB  rss {r['rss']:6.1f} MiB  "
                    f"traced {r['traced']:6.2f} MiB  ({r['real']:5.0f} s real)  "
                    f"[items {r['items_mib']:.2f} fts {r['fts_mib']:.2f} "
                    f"other {r['other_mib']:.2f} free {r['free_mib']:.2f} MiB]",
                    flush=True,
                )
    finally:
        tracemalloc.stop()
        await fetcher.aclose()
    kept = {h.id for h in store.headlines(limit=1_000_000) if h.starred}
    store.close()
    return {"rows": rows, "starred_kept": starred <= kept and bool(starred), "polls": polls}


def verdict(rows: list[dict[str, float]]) -> tuple[bool, list[str]]:
    """Bounded: over the second half of the run, RSS grows < 8 MiB, traced memory < 1 MiB, the
    headline count < 5 %, the pages of headline rows, of the search index and the DB file each
    < 10 % (retention holds them)."""
    half = rows[len(rows) // 2 - 1]
    last = rows[-1]
    checks = [
        ("RSS", last["rss"] - half["rss"], 8.0, "MiB"),
        ("traced memory", last["traced"] - half["traced"], 1.0, "MiB"),
        ("headlines", (last["items"] - half["items"]) / half["items"] * 100, 5.0, "%"),
        ("headline rows", (last["items_mib"] / half["items_mib"] - 1) * 100, 10.0, "%"),
        ("search index", (last["fts_mib"] / half["fts_mib"] - 1) * 100, 10.0, "%"),
        ("DB file", (last["db"] - half["db"]) / half["db"] * 100, 10.0, "%"),
    ]
    lines, ok = [], True
    for name, growth, bound, unit in checks:
        good = growth < bound
        ok = ok and good
        lines.append(
            f"{name}: {growth:+.2f} {unit} from hour {half['hour']:.0f} to {last['hour']:.0f} "
            f"(bound {bound:g} {unit}) {'ok' if good else 'NOT BOUNDED'}"
        )
    return ok, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=100)
    parser.add_argument("--refresh", type=float, default=300.0, help="simulated seconds")
    parser.add_argument("--hours", type=float, default=24.0, help="simulated hours")
    parser.add_argument("--write-results", action="store_true")
    parser.add_argument(
        "--fts-optimize", action="store_true", help="optimize the search index after each prune"
    )
    args = parser.parse_args()

    ctx = multiprocessing.get_context("spawn")
    sim = ctx.Value("d", START.timestamp())
    ready: multiprocessing.Queue[int] = ctx.Queue()
    child = ctx.Process(target=serve, args=(args.sources, sim, ready), daemon=True)
    child.start()
    try:
        port = ready.get(timeout=30)
        with TemporaryDirectory() as tmp:
            result = asyncio.run(soak(args, port, sim, Path(tmp) / "newstui.db"))
    finally:
        child.kill()
    rows = result["rows"]
    ok, lines = verdict(rows)
    lines.append(f"starred headlines kept through retention: {result['starred_kept']}")
    ok = ok and result["starred_kept"]
    print("\n".join(lines))
    print(f"VERDICT: {'bounded' if ok else 'NOT bounded'}")
    if args.write_results:
        write_results(args, rows, lines, ok, result["polls"])


def write_results(
    args: argparse.Namespace, rows: list[dict[str, float]], lines: list[str], ok: bool, polls: int
) -> None:
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    out = [
        "# Soak benchmark",
        "",
        f"{datetime.now(UTC):%Y-%m-%d}, {machine}, {platform.platform()}.",
        f"`python benchmarks/soak.py --sources {args.sources} --refresh {args.refresh:g} "
        f"--hours {args.hours:g}`: {polls:,} polls over {args.hours:g} simulated hours in "
        f"{rows[-1]['real']:.0f} s real; retention keep_days={KEEP_DAYS}, "
        f"keep_per_source={KEEP_PER_SOURCE}, pruned hourly.",
        "",
        "| hour | polls | headlines | DB MiB | WAL MiB | RSS MiB | traced MiB |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if r["hour"] in (1, 2, 3, 6) or r["hour"] % 6 == 0 or r is rows[-1]:
            out.append(
                f"| {r['hour']:.0f} | {r['polls']:,.0f} | {r['items']:,.0f} | {r['db']:.2f} | "
                f"{r['wal']:.2f} | {r['rss']:.1f} | {r['traced']:.2f} |"
            )
    out += [
        "",
        *[f"- {line}" for line in lines],
        f"- verdict: {'bounded' if ok else 'NOT bounded'}",
    ]
    (ROOT / "benchmarks" / "soak_results.md").write_text("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
