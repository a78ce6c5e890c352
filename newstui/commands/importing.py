"""Provides `newstui import FILE`: add the sources of an OPML or newsboat `urls` file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newstui.commands.common import CommandError, load


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: list[argparse.ArgumentParser],
) -> None:
    sub = subparsers.add_parser(
        "import",
        parents=parents,
        help="add the sources of an OPML or newsboat urls file",
        description="Add the sources listed in an OPML file or a newsboat `urls` file to the "
        "config file (written with the built-in sources first when there is none yet). Folders "
        "and categories become tags; newsboat's query:, exec: and filter: lines are skipped and "
        "never run. Sources already configured are left as they are. Exit status: 0 when the "
        "file was read, 1 when it could not be, 2 for usage or config errors.",
    )
    sub.add_argument("file", type=Path, help="OPML file or newsboat urls file ('-' for stdin)")
    sub.add_argument(
        "--dry-run", action="store_true", help="print what would be added, change nothing"
    )
    sub.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from newstui.config.editing import SourceEditError, SourceFile
    from newstui.config.opml import read_subscriptions

    config = load(args)
    try:
        data = sys.stdin.buffer.read() if str(args.file) == "-" else args.file.read_bytes()
    except OSError as exc:
        raise CommandError(f"{args.file}: cannot be read ({exc.strerror})") from None
    imported = read_subscriptions(data)
    for line in imported.skipped:
        print(f"skipped: {line}", file=sys.stderr)
    if not imported.sources:
        raise CommandError(f"{args.file}: no feed sources found in this {imported.format} file")
    target = SourceFile(config)
    if args.dry_run:
        for source in imported.sources:
            print(_describe(source))
        return 0
    try:
        report = target.add(imported.sources)
    except SourceEditError as exc:
        raise CommandError(str(exc), code=2) from None
    for source in report.added:
        print(f"added: {_describe(source)}")
    print(
        f"{len(report.added)} added, {len(report.known)} already configured, "
        f"{len(imported.skipped)} skipped; written to {target.path}"
    )
    return 0


def _describe(source: object) -> str:
    from newstui.models import SourceConfig

    assert isinstance(source, SourceConfig)
    tags = f"  [{', '.join(source.tags)}]" if source.tags else ""
    return f"{source.url}  {source.name or ''}{tags}".rstrip()
