"""Provides `newstui import FILE`: add the sources of an OPML or newsboat `urls` file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newstui.commands.common import CommandError, load, user_path
from newstui.config.schema import Config


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: list[argparse.ArgumentParser],
) -> None:
    sub = subparsers.add_parser(
        "import",
        parents=parents,
        help="add the sources of an OPML or newsboat urls file",
        description="Add the sources listed in an OPML file or a newsboat `urls` file to the "
        "config file. When the config file lists no sources yet (newstui runs on its built-in "
        "list), it then lists only the imported ones, unless --keep-builtin. Folders and "
        "categories become tags; newsboat's query:, exec: and filter: lines are skipped and "
        "never run. Sources already configured are left as they are. With [sync], the server "
        "subscribes to them instead (their first tag its folder), then newstui syncs. Exit "
        "status: 0 when the file was read, 1 when it could not be, 2 for usage or config "
        "errors.",
    )
    sub.add_argument("file", type=user_path, help="OPML file or newsboat urls file ('-' for stdin)")
    sub.add_argument(
        "--dry-run",
        action="store_true",
        help="print each source as `add` or `have` (already configured), change nothing",
    )
    sub.add_argument(
        "--keep-builtin",
        action="store_true",
        help="when the config file lists no sources yet, keep the built-in ones beside yours",
    )
    sub.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from newstui.config.editing import SourceEditError, SourceFile
    from newstui.config.opml import read_subscriptions
    from newstui.config.schema import ConfigError

    config = _target_config(args)
    try:
        data = sys.stdin.buffer.read() if str(args.file) == "-" else args.file.read_bytes()
    except OSError as exc:
        raise CommandError(f"{args.file}: cannot be read ({exc.strerror})") from None
    imported = read_subscriptions(data)
    for line in imported.skipped:
        print(f"skipped: {line}", file=sys.stderr)
    if not imported.sources:
        raise CommandError(f"{args.file}: no feed sources found in this {imported.format} file")
    if config.sync is not None:  # subscriptions live on the server
        from newstui.commands import syncing

        return syncing.import_sources(args, config, imported.sources, _describe)
    target = SourceFile(config)
    existed = target.path.exists()
    fresh = not target.lists_sources()
    try:
        if args.dry_run:
            report = target.plan_add(imported.sources, keep_builtin=args.keep_builtin)
        else:
            report = target.add(imported.sources, keep_builtin=args.keep_builtin)
    except (SourceEditError, ConfigError) as exc:
        raise CommandError(str(exc), code=2) from None
    if args.dry_run:
        marks = {id(s): "have" for s in report.known}
        for source in imported.sources:
            print(f"{marks.get(id(source), 'add ')}  {_describe(source)}")
    else:
        for source in report.added:
            print(f"added: {_describe(source)}")
    verb = "would be added" if args.dry_run else "added"
    written = report.added and not args.dry_run
    where = f"written to {target.path}" if written else "nothing written"
    print(
        f"{len(report.added)} {verb}, {len(report.known)} already configured, "
        f"{len(imported.skipped)} skipped; {where}"
    )
    if fresh and report.added:
        rest = (
            "yours and the built-in ones"
            if args.keep_builtin
            else "only yours (--keep-builtin keeps the built-in ones too)"
        )
        if args.dry_run:
            state = "does not exist yet" if not existed else "lists no sources of its own"
            print(f"{target.path} {state}: it would list {rest}")
        else:
            state = "did not exist" if not existed else "listed no sources of its own"
            print(f"{target.path} {state}: it now lists {rest}")
    return 0


def _target_config(args: argparse.Namespace) -> Config:
    """The config to add to. A --config file that does not exist yet is the one to write
    (where the command only reads, a missing --config is a mistake), when its folder exists."""
    path: Path | None = args.config
    if path is not None and not path.exists() and path.parent.is_dir():
        return Config(path=path)
    return load(args)


def _describe(source: object) -> str:
    from newstui.models import SourceConfig

    assert isinstance(source, SourceConfig)
    tags = f"  [{', '.join(source.tags)}]" if source.tags else ""
    return f"{source.url}  {source.name or ''}{tags}".rstrip()
