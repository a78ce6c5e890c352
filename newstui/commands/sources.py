"""Provides `newstui sources`: every configured source with its fetch state."""

from __future__ import annotations

import argparse

from newstui.commands.common import (
    json_line,
    load,
    load_with_sources,
    local_time,
    open_store,
    table,
)
from newstui.config.durations import say_duration, ttl_note
from newstui.models import Source
from newstui.text.characters import cut


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: list[argparse.ArgumentParser],
) -> None:
    sub = subparsers.add_parser(
        "sources",
        parents=parents,
        help="list sources with their status",
        description="List every configured source: status, last fetch, next poll, items, error. "
        "With [sync], the server's subscriptions as the last sync found them.",
    )
    sub.add_argument("--json", action="store_true", help="one JSON object per line")
    sub.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    config = load(args)
    if config.sync is not None:  # the server's subscriptions, as the last sync stored them
        from newstui.commands import syncing

        syncing.say_sources_unused(config)
        store = open_store(args, create=False)
        sources = list(store.synced.streams().values())
    else:
        config = load_with_sources(args)
        store = open_store(args, create=False)
        sources = store.sync_sources(config.sources, config.refresh)
    if args.json:
        for s in sources:
            print(
                json_line(
                    {
                        "name": s.display_name,
                        "url": s.url,
                        "fetch_url": s.fetch_url,
                        "status": s.shown_status,
                        "tags": list(s.tags),
                        "last_fetch": s.last_fetch.isoformat() if s.last_fetch else None,
                        "next_poll": s.next_poll.isoformat() if s.next_poll else None,
                        "ttl": s.ttl,
                        "items": s.item_count,
                        "unread": s.unread_count,
                        "error": s.last_error,
                    },
                )
            )
        return 0
    fmt = config.time_format
    rows = [
        [
            cut(s.display_name, 32),
            s.shown_status,
            local_time(s.last_fetch, fmt),
            next_poll(s, fmt),
            str(s.item_count),
            s.last_error or "",
        ]
        for s in sources
    ]
    print(table(rows, ["SOURCE", "STATUS", "LAST FETCH", "NEXT POLL", "ITEMS", "ERROR"]))
    return 0


def next_poll(source: Source, fmt: str) -> str:
    """The NEXT POLL cell: when, and why it is later than `refresh` where the feed's <ttl> is."""
    if source.last_status == "gone":
        return "never"
    when = local_time(source.next_poll, fmt)
    if ttl_note(source) is None or source.paused or source.ttl is None:
        return when
    return f"{when} (the feed's <ttl>: {say_duration(source.ttl)})"
