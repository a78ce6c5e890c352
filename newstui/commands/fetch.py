"""Provides `newstui fetch`: poll every source once now and print what each brought."""

from __future__ import annotations

import argparse
import gc
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from newstui.alerts.command import CommandRunner
from newstui.alerts.watchlist import Alert, Watchlist
from newstui.commands.common import (
    CommandError,
    database_path,
    load_kept,
    load_with_sources,
    open_store,
    printable,
    table,
    whole_number,
)
from newstui.feeds.lanes import likely_to_parse
from newstui.feeds.poll_state import server_wait
from newstui.feeds.poller import LANES_PER_CONNECTION, Poller, PollListener, parse_in_worker
from newstui.feeds.round import (
    SPLIT_MIN,
    PollSummary,
    default_jobs,
    parse_in_round,
    poll_round,
    processes_for,
)
from newstui.models import Source
from newstui.net.process_pool import preload, shutdown_pool
from newstui.storage.poll_lease import PollLease
from newstui.storage.store import Store, StoreError
from newstui.text.characters import cut

if TYPE_CHECKING:
    from newstui.config.parse_cache import ConfigCache
    from newstui.config.schema import Config

ROUND_CONNECTIONS = 128
"""Connections at once per process for a round over every source, 256 over two processes (a
browser's overall cap); each host still gets at most 4. The fetcher spreads them over pools of
16. A round waits on latency below this: 500 unchanged feeds over two processes took 0.64 s at
32 per process, 0.51 s at 128 (benchmarks/RESULTS.md)."""
ROUND_LANES = ROUND_CONNECTIONS * LANES_PER_CONNECTION
"""A round's polls under way at once per process (Poller.lanes' default for its fetcher)."""
WARM_GC_THRESHOLD = 10_000
"""The collector's first threshold (Python's is 700) while a warm round polls: its polls leave
no cycles (a round of 5,000 sources with the collector off found none to collect after it),
but their short-lived tasks, futures and states set it off ~75 times in the lead of a round
of 5,000, ~30 ms of CPU in each process (~5 % of the round's; benchmarks/RESULTS.md, warm6).
A round that fails (exceptions, their tracebacks) still gets collected, less often."""
_PRELOAD = ["newstui.feeds.parse", "newstui.feeds.fastpath", "lxml.etree", "fastfeedparser"]
"""What every parse needs: imported once in the forkserver, which forks the workers."""


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: list[argparse.ArgumentParser],
) -> None:
    sub = subparsers.add_parser(
        "fetch",
        parents=parents,
        help="poll every source once now (with [sync]: sync with the server)",
        description="Poll every source once now, ignoring the schedule, then print a summary; "
        "with [sync] in the config, sync with the server instead. "
        "Exit status: 0 when the round ran, 1 when every source failed or something beside "
        "the polls did (the database, a helper process), 2 for usage or config errors.",
    )
    sub.add_argument("--quiet", "-q", action="store_true", help="print no summary table")
    sub.add_argument(
        "--jobs",
        "-j",
        type=whole_number(1, MAX_JOBS),
        metavar="N",
        help=f"processes to poll with, 1-{MAX_JOBS} (default: 2 on multi-core Linux when there "
        f"are {SPLIT_MIN} sources or more, else 1); each host stays in one process",
    )
    sub.set_defaults(run=run)


MAX_JOBS = 8


def _command_failed(alert: Alert, why: str) -> None:
    """A cron job's output is mailed: one line on stderr, and the round goes on (exit 0)."""
    title = cut(printable(alert.headline.title), 60)
    print(f"newstui: {alert.rule.where}: alert command failed ({title}): {why}", file=sys.stderr)


class _Progress:
    """One self-overwriting line on stderr, only when stderr is a terminal."""

    def __init__(self, total: int) -> None:
        self.total, self.done = total, 0
        self.enabled = sys.stderr.isatty()

    def __call__(self, summary: PollSummary) -> None:
        self.done += 1
        if self.enabled:
            sys.stderr.write(f"\r\x1b[K[{self.done}/{self.total}] {printable(summary.name)[:40]}")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def _secure(url: str) -> bool:
    # The fifth character first: an http address (most) is told at once, 5,000 of them
    # before a round's fork.
    return url[4:5] in ("s", "S") and url[:8].lower() == "https://"


def _leave_waiting(sources: list[Source], *, quiet: bool) -> list[Source]:
    """`sources` but those whose server asked for a wait that is not over (a Retry-After on a
    429 or 503: feeds.poll_state.server_wait), said on stderr unless `quiet`. A `fetch` from
    cron every 15 minutes polled a server that asked for an hour at each run; the ticker's
    own polls and its `r` already wait (RFC 9110 10.2.3: a client ought to wait that long)."""
    now = datetime.now(UTC)
    waits = {s.id: until for s in sources if (until := server_wait(s)) is not None and until > now}
    if waits and not quiet:
        many = len(waits) > 1
        # Each its own time, soonest first: a wait of minutes is not one of a day.
        named = sorted(
            (until, printable(s.display_name)) for s in sources if (until := waits.get(s.id))
        )
        listed = ", ".join(
            f"{name} until {until.astimezone().strftime('%H:%M %d.%m.%Y')}"
            for until, name in named[:3]
        ) + (f" and {len(named) - 3} more" if len(named) > 3 else "")
        print(
            f"newstui: {len(waits)} source{'s' if many else ''} not polled, "
            f"{'their servers' if many else 'its server'} asked for a wait (Retry-After): "
            f"{listed} (`newstui sources` lists them)",
            file=sys.stderr,
        )
    return [s for s in sources if s.id not in waits]


def _after_round(
    args: argparse.Namespace,
    config: Config,
    summaries: list[PollSummary],
    order: dict[int, int],
    *,
    news: bool,
) -> None:
    """What a round leaves to do in one process once its helpers are done: place its new
    headlines, prune (after news, else at most hourly) and print the table unless quiet."""
    store = open_store(args)
    try:
        if news:
            # A few hundred new headlines cost tens of ms; a first ingest is left for the
            # ticker or `headlines`.
            from newstui.feeds.stories import PLACE_BUDGET, StoryPlacer  # a warm round has none

            StoryPlacer().place_all(store, budget=PLACE_BUDGET)
            store.prune(config.keep_days, config.keep_per_source)
        elif store.prune_due():
            store.prune(config.keep_days, config.keep_per_source)
        if not args.quiet:
            ordered = sorted(summaries, key=lambda s: order.get(s.source_id, 0))
            totals = {s.id: s.item_count for s in store.sources()}
            rows = [
                [
                    cut(s.name, 40),
                    s.status,
                    str(s.new),
                    str(totals.get(s.source_id, 0)),
                    s.error or "",
                ]
                for s in ordered
            ]
            print(table(rows, ["SOURCE", "STATUS", "NEW", "TOTAL", "ERROR"]))
    finally:
        store.close()


def _lease(args: argparse.Namespace) -> PollLease | None:
    """The database's poll lease, taken for the round; None when another process holds it
    (a ticker, which polls every source on its schedule; another `fetch`): polled again here,
    each source would get two requests where one does (a cron `fetch` beside a ticker)."""
    lease = PollLease(database_path(args))
    try:
        taken = lease.try_take("fetch")
    except OSError:  # no folder for it (said when the store opens), or a read-only one
        return lease
    if taken:
        return lease
    if not args.quiet:
        holder = lease.holder()
        who = "another newstui" if holder is None else holder.describe()
        said = (
            f"{who} polls this database and stores what the sources bring "
            "(its `r` polls every source now)"
        )
        if holder is not None and holder.stopped():
            said = holder.stopped_note()
        print(f"newstui: nothing polled: {said}", file=sys.stderr)
    lease.release()
    return None


def run(args: argparse.Namespace) -> int:
    config, cache = load_kept(args)  # the parse kept beside the database, as the ticker's
    lease = _lease(args)
    if lease is None:
        return 0  # nothing failed: the holder keeps the database up to date
    try:
        return _run(args, config, cache)
    finally:
        lease.release()  # after the round's helpers, which hold it too, have ended


def _run(args: argparse.Namespace, config: Config, cache: ConfigCache | None) -> int:
    if config.sync is not None:  # the server polls the feeds: one sync instead of a round
        from newstui.commands import syncing

        return syncing.fetch(args, config)
    from newstui.net.transport import start_loading_tls

    # While the store and the sources are read; waited for before the round. A round of plain
    # http sources needs no CA bundle (a redirect to https loads it then: net.transport).
    secure = any(_secure(s.url) for s in config.sources)
    if secure:
        start_loading_tls()
    config = load_with_sources(args, config)  # not read again: 5,000 sources take ~0.2 s
    store = open_store(args)
    configured = store.sync_sources(config.sources, config.refresh)
    if not secure and any(_secure(s.fetch_url) for s in configured):  # one moved to https
        start_loading_tls()
    # Paused means not polled, by the ticker and by a fetch alike (the sources view pauses).
    sources = [s for s in configured if not s.paused]
    if len(sources) < len(configured) and not args.quiet:
        skipped = len(configured) - len(sources)
        print(
            f"newstui: {skipped} paused source{'s' if skipped > 1 else ''} not polled "
            "(`newstui sources` lists them)",
            file=sys.stderr,
        )
    sources = _leave_waiting(sources, quiet=args.quiet)
    db_path = store.path
    # Asked now, of the store already open: a round that brings nothing and prints no table
    # then opens no store after it (at most hourly, so a prune falling due during the round
    # waits for the next one).
    prune_due = store.prune_due()
    store.close()  # each process of the round opens its own: a connection must not cross a fork
    watchlist = Watchlist(config.alerts)
    if config.alerts:  # else nothing to check: ~10 ms before the fork at 5,000 sources
        for line in watchlist.unknown_scopes(sources):
            print(f"newstui: {line}", file=sys.stderr)

    jobs = args.jobs or default_jobs(len(sources))
    # Split over processes, each parses what it fetched (a core each); alone, in the workers.
    parse = parse_in_round if processes_for(sources, jobs) > 1 else parse_in_worker

    def make_poller(store: Store, listener: PollListener) -> Poller:
        from newstui.net.fetch import Fetcher, FetchLimits

        store.on_wait = lambda message: print(f"newstui: {message}", file=sys.stderr, flush=True)
        # A connection kept for each lane's host: a round over more hosts than its lanes
        # serve at 8 a host gives each host one lane (feeds.lanes.lanes_per_host).
        limits = FetchLimits(max_connections=ROUND_CONNECTIONS, max_hosts=ROUND_LANES)
        fetcher = Fetcher(limits)
        # The commands of the alerts a process stores run in that process, a helper's too.
        return Poller(
            store,
            fetcher,
            parse=parse,
            jitter=config.jitter,
            listener=listener,
            watchlist=watchlist,
            alert_sink=CommandRunner(_command_failed),
            headlines=False,  # only counted, unless alerts look at them
        )

    order = {source.id: n for n, source in enumerate(sources)}  # the table keeps config order
    progress = _Progress(len(sources))
    preload(_PRELOAD)  # for the parse workers, if the round starts any
    if jobs > 1:
        from newstui.net.transport import load_http_stack

        load_http_stack()
        # What is alive now (modules, config, sources) lives as long as the command: frozen,
        # the collector never walks it again, in the lead nor in the helper forked from it,
        # whose pages it would otherwise copy on write (~10 ms less system CPU a warm round
        # of 500 at load 5, two alternated runs of 14; benchmarks/RESULTS.md, warm4).
        gc.freeze()
    # The loop below its writer (round.PARSE_NICE) is for a round that parses: a warm one (its
    # sources answer 304 to their validators) writes a few batches of poll states, and niced
    # its polls only yielded to every other process on the machine (and waited for the writer
    # thread's start before its first request): benchmarks/RESULTS.md, warm5.
    writes_first = likely_to_parse(sources)
    collecting = gc.get_threshold()
    if not writes_first:  # a warm round: see WARM_GC_THRESHOLD (its helper forks with it)
        gc.set_threshold(WARM_GC_THRESHOLD, *collecting[1:])
    try:
        result = poll_round(db_path, sources, make_poller, progress, jobs, writes_first)
    except StoreError as exc:
        raise CommandError(str(exc), code=1) from None
    finally:
        gc.set_threshold(*collecting)
        progress.close()
        shutdown_pool()
    for problem in dict.fromkeys(result.problems):  # a full disk is said once, not per batch
        print(f"newstui: {problem}", file=sys.stderr)
    summaries = result.summaries
    news = any(s.new for s in summaries)
    if news or prune_due or not args.quiet:
        _after_round(args, config, summaries, order, news=news)
    if cache is not None:
        cache.flush()  # a parse that was not kept yet, once the round is done (best-effort)
    # The process ends with the command (its stores are closed, its helpers and workers
    # joined): the interpreter's exit need not sweep its objects for cycles, ~37 M of the
    # ~45 M instructions its teardown took after a warm round of 500 (callgrind;
    # benchmarks/RESULTS.md, warm4). Buffers are still flushed and atexit still runs.
    gc.freeze()
    every_failed = bool(summaries) and all(s.failed for s in summaries)
    if every_failed and args.quiet:  # else the table says it; a cron job must get a line
        print(
            f"newstui: every source failed ({len(summaries)}); `newstui sources` shows why",
            file=sys.stderr,
        )
    if result.problems or every_failed:
        return 1
    return 0
