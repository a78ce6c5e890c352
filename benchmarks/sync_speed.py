"""Provides the sync benchmark: a real FreshRSS on 127.0.0.1, --items items in --feeds feeds.

A feed server on 127.0.0.1 (a child process) serves --feeds RSS feeds of --items / --feeds items
(HTML bodies of ~1 KiB). FreshRSS subscribes to them (its CLI OPML import, no fetch) and polls them
all once (`refresh`, timed on its own: that is the server's work, not newstui's). Then, each
median of --runs, through the real storage (a new SQLite file on disk per run, the Syncer the
ticker and `fetch` use: items stored as headlines by Store.save_poll, their ids, marks, status):

- first sync: an empty database (every item fetched, made a headline, indexed for search);
- nothing new: a sync again on the same database;
- a few new: one feed gains 5 items, the server polls, a sync (the refresh not counted);
- memory: the first sync once more under tracemalloc (its peak, the store's reads included),
  this process's peak RSS, and the database's size.

With --pool, every run also syncs with items parsed in newstui's worker processes, interleaved.
With --memory-ledger, a ledger that keeps only ids and marks in memory replaces the store (the
sync's own cost, without storage's).

Requests per sync are counted by the client. Needs PHP and ../shared/servers/freshrss.

    python benchmarks/sync_speed.py [--feeds 200] [--items 10000] [--runs 5] [--page-size 250]
                                    [--pool] [--memory-ledger]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.request import ProxyHandler, build_opener
from xml.sax.saxutils import quoteattr

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newstui.config.sync import Secret, SyncConfig  # noqa: E402
from newstui.net.fetch import Fetcher  # noqa: E402
from newstui.net.process_pool import process_pool, shutdown_pool  # noqa: E402
from newstui.storage.store import Store  # noqa: E402
from newstui.sync.engine import Edit, ItemState, PendingChange, ServerState  # noqa: E402
from newstui.sync.greader import GReaderClient  # noqa: E402
from newstui.sync.round import SyncReport, sync_once  # noqa: E402
from newstui.sync.syncer import Syncer  # noqa: E402
from newstui.sync.wire import Subscription, SyncedItem  # noqa: E402
from tests import freshrss  # noqa: E402
from tests.feeds import Item, rss  # noqa: E402
from tests.server import FeedServer  # noqa: E402

BODY = "<p>Lorem ipsum dolor sit amet, <b>consectetur</b> adipiscing elit, sed do eiusmod.</p>" * 12


def feed(n: int, count: int, extra: int = 0) -> bytes:
    now = datetime(2026, 11, 1, tzinfo=UTC)
    items = [
        Item(
            f"Feed {n} headline {i}: something happened somewhere today",
            f"http://127.0.0.1/{n}/{i}",
            guid=f"{n}-{i}",
            published=now + timedelta(minutes=i),
            summary=BODY,
        )
        for i in range(count + extra)
    ]
    return rss(items[::-1], title=f"Feed {n}")


def serve(feeds: int, per_feed: int, ready: multiprocessing.Queue[int]) -> None:
    server = FeedServer()
    for n in range(feeds):
        server.route(f"/feed/{n}.xml", feed(n, per_feed))
    # One feed grows on request, for the "a few new" case.
    server.route("/grow", b"ok", handler=lambda req: _grow(server, per_feed, req))
    server.start()
    ready.put(server.port)
    while True:
        time.sleep(3600)


_grown = [0]


def _grow(server: FeedServer, per_feed: int, req: object) -> None:
    _grown[0] += 5
    server.route("/feed/0.xml", feed(0, per_feed, _grown[0]))
    FeedServer._send(req, 200, {"Content-Type": "text/plain"}, b"grown")  # type: ignore[arg-type]


class CountingLedger:
    """A SyncLedger that keeps what a store would index (ids, times, marks), not the entries: the
    memory measured is then the sync's own."""

    def __init__(self) -> None:
        self.crawled: dict[int, int] = {}
        self.marks: dict[int, ItemState] = {}
        self.cursor: int | None = None
        self.last_seen: ServerState | None = None

    def since_us(self) -> int | None:
        return self.cursor

    def seen(self) -> ServerState | None:
        return self.last_seen

    async def save_subscriptions(self, subscriptions: Sequence[Subscription]) -> None:
        pass

    def known(self, item_ids: Iterable[int]) -> Mapping[int, int]:
        return {i: self.crawled[i] for i in item_ids if i in self.crawled}

    async def save_items(self, items: Sequence[SyncedItem], since_us: int | None) -> None:
        for item in items:
            self.crawled[item.item_id] = item.crawled_us
            self.marks[item.item_id] = ItemState(item.read, item.starred)
        self.cursor = since_us

    def local_states(self, server_marked: frozenset[int]) -> Mapping[int, ItemState]:
        return self.marks

    def pending(self) -> Sequence[PendingChange]:
        return []

    async def apply(self, states: Mapping[int, ItemState], forget: Sequence[Hashable]) -> None:
        self.marks.update(states)

    async def sent(self, edit: Edit, seen: ServerState) -> None:
        self.last_seen = seen

    async def save_seen(self, seen: ServerState) -> None:
        self.last_seen = seen


@dataclass
class Timed:
    report: SyncReport
    cpu: float
    """Seconds of this process's CPU (worker processes not counted)."""
    server_cpu: float
    """Seconds of the `php -S` process's CPU: FreshRSS's share, whatever else the machine runs."""


def php_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def timed(client: GReaderClient, ledger: CountingLedger, pid: int) -> Timed:
    cpu, server_cpu = time.process_time(), php_cpu(pid)
    report = await sync_once(client, ledger)
    if report.error is not None:
        raise SystemExit(f"sync failed: {report.error}")
    return Timed(report, time.process_time() - cpu, php_cpu(pid) - server_cpu)


async def timed_store(syncer: Syncer, pid: int) -> Timed:
    cpu, server_cpu = time.process_time(), php_cpu(pid)
    start = time.perf_counter()
    result = await syncer.sync()
    if result.error is not None:
        raise SystemExit(f"sync failed: {result.error}")
    # The whole sync as the ticker and `fetch` run it: sync_once plus the status it stores.
    result.report.seconds = time.perf_counter() - start
    return Timed(result.report, time.process_time() - cpu, php_cpu(pid) - server_cpu)


DB_SIZES: list[int] = []
"""The database's size after each first sync (bytes, WAL included)."""


async def three_syncs(
    server: freshrss.FreshRSS,
    page: int,
    grow: list[str],
    pool: bool = False,
    memory_ledger: bool = False,
) -> list[Timed]:
    """First sync, nothing new, then 5 new items (the URLs in `grow` make them and have the server
    poll that one feed): one client throughout, as the ticker keeps one."""
    executor = process_pool() if pool else None
    async with Fetcher() as fetcher:
        if memory_ledger:
            client = GReaderClient(
                server.greader_url,
                server.user,
                Secret(server.password),
                fetcher,
                page_size=page,
                parse_executor=executor,
            )
            ledger = CountingLedger()
            runs = [await timed(client, ledger, server.pid)]
            runs.append(await timed(client, ledger, server.pid))
            for url in grow:
                local(url)
            runs.append(await timed(client, ledger, server.pid))
            return runs
        folder = Path(tempfile.mkdtemp(prefix="sync-bench-db-"))
        store = Store(folder / "news.db")
        try:
            config = SyncConfig(url=server.greader_url, user=server.user)
            syncer = Syncer(
                store,
                config,
                Secret(server.password),
                fetcher,
                refresh=300.0,
                keep_days=3650.0,
                parse_executor=executor,
            )
            syncer.client.page_size = page
            runs = [await timed_store(syncer, server.pid)]
            DB_SIZES.append(sum(p.stat().st_size for p in folder.iterdir()))
            runs.append(await timed_store(syncer, server.pid))
            for url in grow:
                local(url)
            runs.append(await timed_store(syncer, server.pid))
            return runs
        finally:
            store.close()
            shutil.rmtree(folder, ignore_errors=True)


async def stream_of(server: freshrss.FreshRSS, url: str) -> str:
    async with Fetcher() as fetcher:
        client = GReaderClient(server.greader_url, server.user, Secret(server.password), fetcher)
        return next(s.stream_id for s in await client.subscriptions() if s.url == url)


def local(url: str) -> None:
    """A GET to 127.0.0.1 (never through an environment proxy)."""
    opener = build_opener(ProxyHandler({}))
    with opener.open(url, timeout=120) as answer:
        answer.read()


def import_feeds(server: freshrss.FreshRSS, port: int, feeds: int) -> None:
    opml = server.workdir / "feeds.opml"
    outlines = "".join(
        f'<outline type="rss" text="Feed {n}" xmlUrl={quoteattr(f"http://127.0.0.1:{port}/feed/{n}.xml")}/>'
        for n in range(feeds)
    )
    opml.write_text(
        f'<?xml version="1.0"?><opml version="2.0"><head><title>bench</title></head>'
        f"<body>{outlines}</body></opml>"
    )
    env = {**os.environ, "DATA_PATH": str(server.workdir / "freshrss" / "data")}
    cli = freshrss.SERVER_DIR / "FreshRSS" / "cli" / "import-for-user.php"
    subprocess.run(
        ["php", "-f", str(cli), "--", "--user", server.user, "--filename", str(opml)],
        check=True,
        capture_output=True,
        env=env,
        timeout=600,
    )


def median(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} ({min(values):.3f} - {max(values):.3f})"


@dataclass
class Bench:
    """A FreshRSS on 127.0.0.1 subscribed to the feed server's feeds and polled once."""

    server: freshrss.FreshRSS
    grow: list[str]
    """GETs that give feed 0 five new items and have FreshRSS poll it (the "5 new" sync)."""
    refresh_s: float
    """Wall seconds of FreshRSS's first poll of every feed (the server's work, not newstui's)."""
    refresh_report: str


@contextmanager
def freshrss_bench(feeds: int, items: int, prefix: str) -> Iterator[Bench]:
    """The driver both sync benchmarks (this one, sync_ab.py) run on: a feed server in a child
    process with `feeds` RSS feeds of `items // feeds` items, a FreshRSS subscribed to them
    (its CLI OPML import) that polls them all once; everything stopped and removed at the end.
    SystemExit when PHP or ../shared/servers/freshrss is missing."""
    reason = freshrss.missing()
    if reason:
        raise SystemExit(reason)
    ready: multiprocessing.Queue[int] = multiprocessing.Queue()
    child = multiprocessing.Process(target=serve, args=(feeds, items // feeds, ready), daemon=True)
    child.start()
    # FreshRSS's SQLite on tmpfs where there is one: its disk writes are the server's cost, and
    # only make the setup slower.
    shm = "/dev/shm" if os.path.isdir("/dev/shm") else None
    server = freshrss.start(Path(tempfile.mkdtemp(prefix=prefix, dir=shm)))
    try:
        port = ready.get(timeout=60)
        import_feeds(server, port, feeds)
        start = time.perf_counter()
        report = server.refresh()
        refresh_s = time.perf_counter() - start
        feed0 = asyncio.run(stream_of(server, f"http://127.0.0.1:{port}/feed/0.xml"))
        refresh_one = (
            f"{server.base_url}/i/?c=feed&a=actualize&ajax=1&token={server.refresh_token}"
            f"&id={feed0.removeprefix('feed/')}"
        )
        grow = [f"http://127.0.0.1:{port}/grow", refresh_one]
        yield Bench(server, grow, refresh_s, report)
    finally:
        server.stop()
        shutil.rmtree(server.workdir, ignore_errors=True)
        child.terminate()
        child.join(5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--page-size", type=int, default=250)
    parser.add_argument(
        "--pool",
        action="store_true",
        help="also parse items in newstui's worker processes, runs interleaved with the loop's",
    )
    parser.add_argument(
        "--memory-ledger",
        action="store_true",
        help="keep ids and marks in memory instead of the real store (the sync's own cost)",
    )
    args = parser.parse_args()
    try:
        with freshrss_bench(args.feeds, args.items, "sync-bench-") as bench:
            measure(bench, args)
    finally:
        shutdown_pool()


def measure(bench: Bench, args: argparse.Namespace) -> None:
    """The syncs on `bench`: warm-up, --runs interleaved by mode, memory; prints the tables."""
    memory = args.memory_ledger
    server, grow = bench.server, bench.grow
    print(
        f"{args.feeds} feeds x {args.items // args.feeds} items on FreshRSS 1.24.3, page size "
        f"{args.page_size}, median (min - max) of {args.runs} runs; load average "
        f"{os.getloadavg()[0]:.1f}; "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"{datetime.now():%Y-%m-%d %H:%M}"
    )
    print(
        f"\nFreshRSS refresh (the server polls every feed): {bench.refresh_s:.1f} s: "
        f"{bench.refresh_report}\n"
    )
    modes = {"loop": False, "pool": True} if args.pool else {"loop": False}
    for pool in modes.values():  # warm-up: imports, PHP's caches, the worker processes
        asyncio.run(three_syncs(server, args.page_size, grow, pool, memory))
    reports: dict[str, list[list[Timed]]] = {mode: [] for mode in modes}
    for _ in range(args.runs):
        for mode, pool in modes.items():  # interleaved: the machine's load hits both alike
            runs = asyncio.run(three_syncs(server, args.page_size, grow, pool, memory))
            reports[mode].append(runs)
    tracemalloc.start()
    asyncio.run(three_syncs(server, args.page_size, [], False, memory))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print("| parsing | sync | wall s | CPU s here | FreshRSS CPU s | requests | new items |")
    print("|---|---|---|---|---|---|---|")
    for mode in modes:
        for n, name in enumerate(("first", "nothing new", "5 new")):
            runs = [r[n] for r in reports[mode]]
            print(
                f"| {mode} | {name} | {median([r.report.seconds for r in runs])} | "
                f"{median([r.cpu for r in runs])} | {median([r.server_cpu for r in runs])} | "
                f"{statistics.median(r.report.requests for r in runs):.0f} | "
                f"{statistics.median(r.report.new_items for r in runs):.0f} |"
            )
    where = "a ledger in memory" if memory else "the real store"
    size = f"; database after the first sync {statistics.median(DB_SIZES) / 2**20:.1f} MiB"
    print(
        f"\nThrough {where}. First sync on the loop: traced peak {peak / 2**20:.1f} MiB; "
        f"process peak RSS {rss_mb:.0f} MB{size if DB_SIZES else ''}; load average at the "
        f"end {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
