"""Provides `newstui mark-read`: mark headlines read (or unread) from scripts."""

from __future__ import annotations

import argparse
import sys

from newstui.commands.common import CommandError, load, open_store, whole_number
from newstui.commands.filters import add_filter_options, filtered, headline_filter
from newstui.models import HeadlineQuery


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: list[argparse.ArgumentParser],
) -> None:
    sub = subparsers.add_parser(
        "mark-read",
        parents=parents,
        help="mark headlines read",
        description="Mark headlines read: every one (--all), the ones the filters select (the "
        "filters of `newstui headlines`, combined), or the ones named by KEY (the `key` field "
        "of `newstui headlines --json`). Prints how many changed. With [sync], the marks of synced "
        "headlines are sent to the server at once, or queued until it answers.",
    )
    sub.add_argument(
        "keys", nargs="*", type=whole_number(1), metavar="KEY", default=[], help="headline keys"
    )
    sub.add_argument("--all", action="store_true", help="every stored headline")
    add_filter_options(sub, views=False)
    sub.add_argument(
        "--unread", dest="mark_unread", action="store_true", help="mark unread instead"
    )
    sub.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    chosen = sum([args.all, bool(args.keys), filtered(args)])
    if chosen != 1:
        problem = "name the headlines one way" if chosen else "name the headlines"
        raise CommandError(
            f"{problem}: --all, filters (--source, --tag, --search, --story, --starred) or KEY ... "
            "(see `newstui mark-read --help`)",
            code=2,
        )
    config = load(args)
    secret = None
    if config.sync is not None:  # asked before anything changes: a failure changes nothing
        from newstui.commands import syncing

        secret = syncing.password(config)
    store = open_store(args, create=False)
    read = not args.mark_unread
    if args.keys:
        selection = HeadlineQuery().limited_to(args.keys)
        known = {h.id for h in store.headlines(selection, limit=len(args.keys))}
        missing = [str(k) for k in args.keys if k not in known]
        if missing:
            raise CommandError(f"no headline with key {', '.join(missing)}")
    else:
        selection = headline_filter(args, store)
    changed = store.mark_all_read(selection, read=read)
    print(f"{changed} marked {'read' if read else 'unread'}")
    if secret is not None and store.synced.pending():
        from newstui.commands import syncing

        why = syncing.push_marks(config, secret, store)
        if why is not None:
            print(f"newstui: queued for the server, sent at the next sync ({why})", file=sys.stderr)
    return 0
