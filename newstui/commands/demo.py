"""Provides `newstui demo`: the ticker on a simulated newsroom on 127.0.0.1, no network needed."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from newstui.commands.common import CommandError, load, open_store, seconds, whole_number
from newstui.config.schema import Config
from newstui.models import SourceConfig

MIN_INTERVAL, MAX_INTERVAL = 0.1, 3600.0
"""Seconds between headlines: the ticker polls the newsroom every 5 s, so below 0.1 s each poll
brings more than a feed holds, and above an hour nothing happens while one watches."""

DB_HELP = "SQLite database file (default: a temporary one, deleted when the demo ends)"
"""The demo's --db help: by default it never touches the user's database."""


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
    sub.add_argument(
        "--seed",
        type=whole_number(0),
        default=None,
        metavar="N",
        help="seed of the generated news, a whole number (default: a new one each time)",
    )
    sub.add_argument(
        "--interval",
        type=seconds(MIN_INTERVAL, MAX_INTERVAL),
        default=4.0,
        metavar="SECONDS",
        help=f"average seconds between new headlines, {MIN_INTERVAL:g} to {MAX_INTERVAL:g} "
        "(default 4)",
    )
    sub.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from newstui.demo import Newsroom
    from newstui.storage.store import Store
    from newstui.ui.app import NewsApp

    user = load(args)  # a mistake in it stops the demo as it stops the ticker (exit 2)
    newsroom = Newsroom(seed=args.seed, interval=args.interval).start()
    try:
        _reachable(newsroom.base_url)
        with tempfile.TemporaryDirectory(prefix="newstui-demo-") as folder:
            demo_config = demo_settings(user, newsroom.source_configs())
            store = open_store(args) if args.db else Store(Path(folder) / "demo.db")
            try:
                NewsApp(demo_config, store, title="newstui demo", poll_process=True).run()
            finally:
                store.close()
    finally:
        newsroom.stop()
    return 0


def _reachable(base_url: str) -> None:
    """The newsroom answers on 127.0.0.1; where the loopback interface is down (`unshare -n`
    leaves it so) every desk failed in the ticker as "offline?", and nothing said why."""
    import socket
    from urllib.parse import urlsplit

    port = urlsplit(base_url).port
    try:
        socket.create_connection(("127.0.0.1", port or 80), timeout=5).close()
    except OSError as exc:
        raise CommandError(
            f"the demo's newsroom on 127.0.0.1 cannot be reached ({exc.strerror or exc}): is "
            "the loopback interface down (as `unshare -n` leaves it)? `ip link set lo up` "
            "brings it up"
        ) from None


def demo_settings(user: Config, sources: list[SourceConfig]) -> Config:
    """The user's display settings (time format, theme, keys) and watchlist (`[[alerts]]`, how
    they reach the desktop: one tries alerts offline on the demo's wire) over the newsroom's
    sources. Polling and retention stay the defaults (the newsroom is built for a 5 s poll),
    and the config has no file: nothing of the demo is saved into the user's config."""
    return Config(
        time_format=user.time_format,
        theme=user.theme,
        keymap=dict(user.keymap),
        alerts=user.alerts,
        desktop_notify=user.desktop_notify,
        sources=tuple(sources),
        refresh=5.0,
        path=None,
    )
