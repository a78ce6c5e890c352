"""Provides `newstui headlines`: stored headlines, newest first, as text rows or JSON lines, or
with `--follow` each headline as it is stored."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from newstui.commands.common import json_line, load, local_time, open_store, whole_number
from newstui.commands.filters import EVERY, add_filter_options, headline_filter, place_stories
from newstui.models import Headline, HeadlineQuery, headline_record
from newstui.text.characters import cells, cut, isolate, pad, row_text
from newstui.text.sanitize import clean_text

DEFAULT_LIMIT = 50
SOURCE_CELLS = 24
"""Widest source column of text rows, in terminal cells."""
KEY_CELLS = 6
"""Digits kept for a key in a stream (`--follow`): a million headlines stored before they grow."""


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: list[argparse.ArgumentParser],
) -> None:
    sub = subparsers.add_parser(
        "headlines",
        parents=parents,
        help="print stored headlines, newest first",
        description="Print stored headlines, newest first, from the database only (no network). "
        "With --follow, print each headline as any process stores it (the ticker, a fetch from "
        "cron) until interrupted: Ctrl-C ends it with status 130, a closed output with 0.",
    )
    sub.add_argument(
        "--limit",
        type=whole_number(0),
        default=None,
        metavar="N",
        help=f"at most N, newest first (default {DEFAULT_LIMIT}; 0: no limit); with --follow, "
        "the N newest stored are printed first, oldest first (default: none)",
    )
    add_filter_options(sub, views=True)
    sub.add_argument("--json", action="store_true", help="one JSON object per line")
    sub.add_argument(
        "--follow",
        "-f",
        action="store_true",
        help="keep printing headlines as they are stored, oldest first, until interrupted",
    )
    sub.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    config = load(args)
    store = open_store(args, create=False)
    query = headline_filter(args, store)
    if args.json and query.story is None:  # (--story has placed them already)
        place_stories(store)
    if args.json:
        emit: Callable[[list[Headline]], None] = _print_json
    else:
        names = [s.display_name for s in store.sources(active_only=False)]
        width = max((cells(cut(_line(n), SOURCE_CELLS)) for n in names), default=0)
        keys = sys.stdout.isatty()  # a person reading: each row's key for `newstui read`
        emit = _text_printer(config.time_format, width if args.follow else None, keys=keys)
    if args.follow:
        from newstui.commands.follow import follow

        backlog = 0 if args.limit is None else min(args.limit, EVERY) or EVERY
        return follow(store, query, emit, backlog=backlog)
    limit = args.limit if args.limit is not None else DEFAULT_LIMIT
    found = store.headlines(query, limit=min(limit, EVERY) or EVERY)
    emit(found)
    if found and not args.json and sys.stdout.isatty():
        print(f"Read one: newstui read KEY (the first column), e.g. newstui read {found[0].id}")
    if not found and query == HeadlineQuery():
        # Nothing stored at all (not a filter that matched nothing): say what fills it, on
        # stderr, so the output stays what scripts expect.
        print(
            "newstui: no headlines stored yet; `newstui fetch` polls the sources", file=sys.stderr
        )
    return 0


def _print_json(items: list[Headline]) -> None:
    for h in items:
        print(json_line(headline_record(h)))
    _flush()


def _text_printer(
    time_format: str, width: int | None, *, keys: bool = False
) -> Callable[[list[Headline]], None]:
    """Rows of time, source and title; the source column as wide as the widest name printed
    together, or `width` cells (a stream: rows printed apart stay aligned). `keys`: each row
    starts with its key (what `read` and `mark-read` take), right-aligned; only on a
    terminal, so that what scripts read from a pipe keeps its columns."""

    def emit(items: list[Headline]) -> None:
        # Stored text went through the parser, but a DB written by another tool or an older
        # version may hold anything: nothing reaches the terminal uncleaned.
        names = {h.source_id: cut(_line(h.source_name), SOURCE_CELLS) for h in items}
        column = width if width is not None else max(map(cells, names.values()), default=0)
        digits = max((len(str(h.id)) for h in items), default=0)
        digits = max(digits, KEY_CELLS) if width is not None else digits  # a stream: aligned
        for h in items:
            source = pad(cut(names[h.source_id], column), column)
            title = isolate(row_text(_line(h.title)))
            key = f"{h.id:>{digits}}  " if keys else ""
            print(f"{key}{local_time(h.published, time_format)}  {source}  {title}")
        _flush()

    return emit


def _flush() -> None:
    sys.stdout.flush()  # a stream's reader (a status bar) gets each batch as it comes


def _line(text: str) -> str:
    return " ".join(clean_text(text, 2_000).split())
