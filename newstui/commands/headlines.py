"""Provides `newstui headlines`: stored headlines, newest first, as text rows or JSON lines."""

from __future__ import annotations

import argparse

from newstui.commands.common import json_line, load, local_time, open_store, whole_number
from newstui.commands.filters import EVERY, add_filter_options, headline_filter
from newstui.models import headline_record
from newstui.text.characters import cells, cut, isolate, pad, row_text
from newstui.text.sanitize import clean_text


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: list[argparse.ArgumentParser],
) -> None:
    sub = subparsers.add_parser(
        "headlines",
        parents=parents,
        help="print stored headlines, newest first",
        description="Print stored headlines, newest first, from the database only (no network).",
    )
    sub.add_argument(
        "--limit",
        type=whole_number(0),
        default=50,
        metavar="N",
        help="at most N, newest first (default 50; 0: no limit)",
    )
    add_filter_options(sub, views=True)
    sub.add_argument("--json", action="store_true", help="one JSON object per line")
    sub.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    config = load(args)
    store = open_store(args, create=False)
    limit = min(args.limit, EVERY) or EVERY  # past every stored headline is every one
    items = store.headlines(headline_filter(args, store), limit=limit)
    if args.json:
        for h in items:
            print(json_line(headline_record(h)))
        return 0
    # Stored text went through the parser, but a DB written by another tool or an older version
    # may hold anything: nothing reaches the terminal uncleaned.
    names = {h.source_id: cut(_line(h.source_name), 24) for h in items}
    width = max((cells(n) for n in names.values()), default=0)
    for h in items:
        source = pad(names[h.source_id], width)
        title = isolate(row_text(_line(h.title)))
        print(f"{local_time(h.published, config.time_format)}  {source}  {title}")
    return 0


def _line(text: str) -> str:
    return " ".join(clean_text(text, 2_000).split())
