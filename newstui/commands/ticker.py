"""Provides the default command: open the live ticker."""

from __future__ import annotations

import argparse

from newstui.commands.common import load, open_store


def run(args: argparse.Namespace) -> int:
    config = load(args)
    store = open_store(args)
    from newstui.ui.app import NewsApp

    NewsApp(config, store).run()
    return 0
