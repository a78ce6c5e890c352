"""Provides `newstui export`: the configured sources as OPML 2.0, tags included."""

from __future__ import annotations

import argparse
import sys

from newstui.commands.common import CommandError, database_path, load, user_path


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: list[argparse.ArgumentParser],
) -> None:
    sub = subparsers.add_parser(
        "export",
        parents=parents,
        help="write the sources as OPML 2.0",
        description="Write the configured sources (with [sync]: the server's subscriptions) as "
        "OPML 2.0 to stdout or a file: each tagged "
        "source in a folder named after its first tag, all its tags in `category`. Sources "
        "without a name are titled with the feed's own title when the database knows it.",
    )
    sub.add_argument("-o", "--output", type=user_path, metavar="FILE", help="write to FILE")
    sub.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from newstui.config.opml import to_opml
    from newstui.storage.store import Store, StoreError

    config = load(args)
    titles: dict[str, str] = {}
    db = database_path(args)
    if db.exists():  # feed titles are a nicety: never create a database just to export
        try:
            store = Store(db)
            titles = {s.url: s.feed_title for s in store.sources(active_only=False) if s.feed_title}
            store.close()
        except StoreError:
            titles = {}
    sources = list(config.sources)
    if config.sync is not None:
        from newstui.commands import syncing

        sources = syncing.server_sources(args, config)
    text = to_opml(sources, titles)
    if args.output is None:
        # The document says it is UTF-8: it is written so whatever the terminal's encoding.
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
        return 0
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"{args.output}: cannot be written ({exc.strerror})") from None
    print(f"{len(sources)} sources written to {args.output}", file=sys.stderr)
    return 0
