"""Provides `newstui demo`: the ticker on a simulated newsroom on 127.0.0.1, no network needed."""

from __future__ import annotations

import argparse
import tempfile
from dataclasses import replace
from pathlib import Path

from newstui.commands.common import load


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: list[argparse.ArgumentParser],
) -> None:
    sub = subparsers.add_parser(
        "demo",
        parents=parents,
        help="open the ticker on a simulated offline newsroom",
        description="Serve generated feeds from 127.0.0.1 that publish a headline every few "
        "seconds, and open the ticker on them with a temporary database. Needs no network.",
    )
    sub.add_argument("--seed", type=int, default=None, help="seed of the generated news")
    sub.add_argument(
        "--interval",
        type=float,
        default=4.0,
        metavar="SECONDS",
        help="average seconds between new headlines (default 4)",
    )
    sub.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from newstui.demo import Newsroom
    from newstui.storage.store import Store
    from newstui.ui.app import NewsApp

    # The user's own settings (time format, theme, keys) apply; the sources are the newsroom's.
    config = load(args) if args.config else None
    newsroom = Newsroom(seed=args.seed, interval=args.interval).start()
    try:
        with tempfile.TemporaryDirectory(prefix="newstui-demo-") as folder:
            db = args.db or Path(folder) / "demo.db"
            from newstui.config.schema import Config

            base = config or Config()
            demo_config = replace(base, sources=tuple(newsroom.source_configs()), refresh=5.0)
            store = Store(db)
            try:
                NewsApp(demo_config, store, title="newstui demo").run()
            finally:
                store.close()
    finally:
        newsroom.stop()
    return 0
