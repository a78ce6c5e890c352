"""Provides what the commands do in sync mode (`[sync]` in the config): the password, one sync
(`fetch`), marks sent at once (`mark-read`), and the server's subscriptions (`import`, `export`)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import TypeVar

from newstui.alerts.watchlist import Watchlist
from newstui.commands.common import CommandError, open_store, table
from newstui.config.defaults import DEFAULT_SOURCES
from newstui.config.editing import AddReport, SourceEditError
from newstui.config.schema import Config, ConfigError
from newstui.config.sync import Secret, SyncConfig, resolve_password
from newstui.models import SourceConfig
from newstui.storage.store import Store
from newstui.sync.editor import ServerSources
from newstui.sync.errors import AuthFailed, SyncError
from newstui.sync.greader import GReaderClient
from newstui.sync.syncer import Arrival, Syncer, SyncListener, SyncResult, describe
from newstui.sync.wire import Subscription
from newstui.text.characters import cut

T = TypeVar("T")


def sync_config(config: Config) -> SyncConfig:
    if config.sync is None:
        raise ValueError("not in sync mode")
    return config.sync


def password(config: Config) -> Secret:
    """The server's password, resolved now; a failure ends the command with status 2 and a
    message naming the file, line and key (never the password)."""
    try:
        return resolve_password(sync_config(config))
    except ConfigError as exc:
        raise CommandError(str(exc), code=2) from None


def say_sources_unused(config: Config) -> None:
    """Says once, on stderr, that the config's own sources are not polled in sync mode."""
    if config.sources and config.sources is not DEFAULT_SOURCES:
        print(
            f"newstui: {config.path} sets [sync]: its {len(config.sources)} [[sources]] are not "
            "polled; the server's subscriptions are synced instead",
            file=sys.stderr,
        )


def with_syncer(
    config: Config,
    secret: Secret,
    store: Store,
    work: Callable[[Syncer], Awaitable[T]],
    listener: SyncListener | None = None,
) -> T:
    """Runs `work` with a Syncer on `store` (its own HTTP client; items parsed in the worker
    processes), in an event loop of its own. The alerts of the headlines it stores run their
    commands in this process, as `fetch`'s polls' do; it returns once those have ended."""
    from newstui.alerts.command import CommandRunner
    from newstui.commands.fetch import _command_failed
    from newstui.net.fetch import Fetcher
    from newstui.net.process_pool import process_pool, shutdown_pool

    async def run() -> T:
        runner = CommandRunner(_command_failed)
        async with Fetcher() as fetcher:
            syncer = Syncer(
                store,
                sync_config(config),
                secret,
                fetcher,
                refresh=config.refresh,
                keep_days=config.keep_days,
                jitter=config.jitter,
                parse_executor=process_pool(),
                listener=listener,
                watchlist=Watchlist(config.alerts),
                alert_sink=runner,
            )
            try:
                return await work(syncer)
            finally:
                await runner.drain()

    try:
        return asyncio.run(run())
    finally:
        shutdown_pool()


def fetch(args: argparse.Namespace, config: Config) -> int:
    """`newstui fetch` in sync mode: one sync now, then a table of the subscriptions as a
    round's (new and total headlines, status) and a line of what the sync did."""
    say_sources_unused(config)
    secret = password(config)
    store = open_store(args)
    store.on_wait = lambda message: print(f"newstui: {message}", file=sys.stderr, flush=True)
    counter = _Counter()

    async def sync(syncer: Syncer) -> SyncResult:
        return await syncer.sync()

    try:
        result = with_syncer(config, secret, store, sync, counter)
        arrived = counter.counts
        if arrived:
            # As after a round: cheap placing only; a first sync's thousands are left for the
            # ticker or `headlines` (newstui.feeds.stories).
            from newstui.feeds.stories import PLACE_BUDGET, StoryPlacer

            StoryPlacer().place_all(store, budget=PLACE_BUDGET)
        if arrived or store.prune_due():
            store.prune(config.keep_days, config.keep_per_source)
        sources = list(store.synced.streams().values())
    finally:
        store.close()
    for line in Watchlist(config.alerts).unknown_scopes(sources):
        print(f"newstui: {line}", file=sys.stderr)
    # A sync that failed before the subscriptions were read (sign-in, the address) has no
    # round to show: a table of what earlier syncs stored, or an empty header, says nothing.
    read = "subscriptions" in result.report.done
    if not args.quiet and (read or result.error is None):
        rows = [
            [
                cut(s.display_name, 40),
                s.last_status,
                str(arrived.get(s.id, 0)),
                str(s.item_count),
                s.last_error or "",
            ]
            for s in sources
        ]
        print(table(rows, ["SOURCE", "STATUS", "NEW", "TOTAL", "ERROR"]))
        if result.error is None:
            print(describe(result))
    if result.error is not None:
        print(f"newstui: {_failure(sync_config(config), result)}", file=sys.stderr)
        return 1
    return 0


def _failure(sync: SyncConfig, result: SyncResult) -> str:
    """The sync's error for stderr: the server's address, and for a refused sign-in where the
    user and password come from, the fix."""
    line = f"{sync.url}: {describe(result)}"
    if isinstance(result.report.error, AuthFailed):
        where = f"{sync.path}: " if sync.path is not None else ""
        given = (
            "the password that password_command prints"
            if sync.password_command
            else "the password in NEWSTUI_SYNC_PASSWORD"
        )
        line += f" ({where}check [sync] user = {sync.user!r} and {given})"
    return line


class _Counter(SyncListener):
    """Counts the new headlines of each subscription, for the table."""

    def __init__(self) -> None:
        self.counts: dict[int, int] = {}

    def arrived(self, arrival: Arrival) -> None:
        source_id = arrival.source.id
        self.counts[source_id] = self.counts.get(source_id, 0) + len(arrival.headlines)


def push_marks(config: Config, secret: Secret, store: Store) -> str | None:
    """Sends the marks just queued to the server; returns why they stay queued, or None."""

    async def send(syncer: Syncer) -> str | None:
        report = await syncer.push()
        return None if report.error is None else report.error.message

    return with_syncer(config, secret, store, send)


def server_sources(args: argparse.Namespace, config: Config) -> list[SourceConfig]:
    """The server's subscriptions as sources (`export`): asked of the server; when it does not
    answer, the list the last sync stored, said so on stderr."""
    secret = password(config)
    from newstui.net.fetch import Fetcher

    async def ask() -> list[Subscription]:
        async with Fetcher() as fetcher:
            client = GReaderClient(
                sync_config(config).url, sync_config(config).user, secret, fetcher
            )
            return await client.subscriptions()

    try:
        subscriptions = asyncio.run(ask())
    except SyncError as exc:
        store = open_store(args, create=False)
        try:
            stored = list(store.synced.streams().values())
        finally:
            store.close()
        print(
            f"newstui: the server's subscriptions: {exc}; written as the last sync found them",
            file=sys.stderr,
        )
        return [SourceConfig(s.url, s.name, None, s.tags) for s in stored]
    return [
        SourceConfig(s.url, s.title or None, None, s.folders)
        for s in subscriptions
        if s.url is not None
    ]


def import_sources(
    args: argparse.Namespace,
    config: Config,
    sources: list[SourceConfig],
    describe_source: Callable[[SourceConfig], str],
) -> int:
    """`import` in sync mode: the server subscribes to the sources it has not (quickadd: it
    fetches each feed), each filed in its first tag's folder; then one sync stores them."""
    secret = password(config)
    store = open_store(args)

    async def add(syncer: Syncer) -> tuple[AddReport, str | None, SyncResult | None]:
        editor = ServerSources(config, lambda: syncer.client)
        if args.dry_run:
            return await editor.plan_add(sources), None, None
        problem = None
        try:
            report = await editor.add(sources)
        except SourceEditError as exc:
            report, problem = await editor.plan_add(sources), str(exc)
        return report, problem, await syncer.sync()

    try:
        report, problem, result = with_syncer(config, secret, store, add)
    except SourceEditError as exc:
        raise CommandError(str(exc)) from None
    finally:
        store.close()
    if args.dry_run:
        marks = {id(s): "have" for s in report.known}
        for source in sources:
            print(f"{marks.get(id(source), 'add ')}  {describe_source(source)}")
        print(f"{len(report.added)} would be added, {len(report.known)} already subscribed")
        return 0
    for source in report.added:
        print(f"added: {describe_source(source)}")
    print(
        f"{len(report.added)} added on the server, {len(report.known)} already subscribed"
        + (f"; then {describe(result)}" if result is not None else "")
    )
    if problem is not None:
        raise CommandError(problem)
    return 1 if result is not None and result.error is not None else 0
