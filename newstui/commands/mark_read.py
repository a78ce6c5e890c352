"""Provides `newstui mark-read`: mark headlines read (or unread) from scripts."""

from __future__ import annotations

import argparse

from newstui.commands.common import CommandError, open_store


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: list[argparse.ArgumentParser],
) -> None:
    sub = subparsers.add_parser(
        "mark-read",
        parents=parents,
        help="mark headlines read",
        description="Mark headlines read: every one (--all), every one of a source (--source), "
        "or the ones named by KEY (the `key` field of `newstui headlines --json`). Prints how "
        "many changed.",
    )
    which = sub.add_mutually_exclusive_group(required=True)
    which.add_argument("--all", action="store_true", help="every stored headline")
    which.add_argument("--source", metavar="NAME", help="every headline of this source")
    which.add_argument("keys", nargs="*", type=int, metavar="KEY", default=[], help="headline keys")
    sub.add_argument("--unread", action="store_true", help="mark unread instead")
    sub.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    store = open_store(args)
    read = not args.unread
    if args.all:
        changed = store.mark_all_read(read=read)
    elif args.source is not None:
        if not any(
            args.source.lower() in {(s.name or "").lower(), (s.feed_title or "").lower()}
            or args.source == s.url
            for s in store.sources(active_only=False)
        ):
            raise CommandError(f"no source named {args.source!r} (see `newstui sources`)")
        changed = store.mark_all_read(source=args.source, read=read)
    elif args.keys:
        known = {h.id: h for h in store.headlines(limit=len(args.keys), ids=args.keys)}
        missing = [str(k) for k in args.keys if k not in known]
        if missing:
            raise CommandError(f"no headline with key {', '.join(missing)}")
        changed = sum(h.read != read for h in known.values())
        store.set_read(known, read)
    else:
        raise CommandError("name headlines: --all, --source NAME or KEY ...", code=2)
    print(f"{changed} marked {'read' if read else 'unread'}")
    return 0
