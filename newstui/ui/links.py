"""Provides open_link: a link from a feed or an article, opened in the browser when it is safe."""

from __future__ import annotations

import asyncio
import os

from textual.app import SuspendNotSupported
from textual.widget import Widget

from newstui.text.sanitize import safe_link


def open_link(node: Widget, url: str | None, *, what: str = "headline") -> None:
    """Opens an http(s) `url` in the browser, never through a shell, in a worker of `node`; any
    other (javascript:, file:, none) gets a notice naming `what` has no link instead.

    Nothing the browser prints reaches the screen: a graphical browser is started detached
    (browser.start_detached); a console one (lynx, w3m...) gets the terminal while the ticker
    is suspended, and the ticker comes back when it quits."""
    link = safe_link(url)
    if link is None:
        node.notify(f"This {what} has no http(s) link to open.", severity="warning")
        return
    node.run_worker(_open(node, link), group="browser")


async def _open(node: Widget, link: str) -> None:
    # At the first link opened: webbrowser and the rest are not on the way to the first frame.
    from newstui.ui.browser import (
        NoBrowser,
        browser_command,
        open_with_platform,
        run_in_terminal,
        start_detached,
    )

    try:
        # Finding the browser may run `xdg-settings` once: off the event loop.
        command = await asyncio.to_thread(browser_command, link)
    except NoBrowser as exc:
        node.notify(f"Cannot open {link}: {exc}.", severity="warning", markup=False)
        return
    try:
        if command is None:
            await asyncio.to_thread(open_with_platform, link)
        elif command.console:
            try:
                with node.app.suspend():
                    run_in_terminal(command.argv)  # the terminal is the browser's until it quits
            except SuspendNotSupported:
                name = os.path.basename(command.argv[0])
                node.notify(
                    f"{name} draws in the terminal, which cannot be handed over here; set "
                    "BROWSER to a graphical browser.",
                    severity="warning",
                    markup=False,
                )
            return
        else:
            start_detached(command.argv)
    except OSError as exc:
        name = os.path.basename(command.argv[0]) if command is not None else "the browser"
        node.notify(
            f"Could not start {name}: {exc.strerror or exc}", severity="error", markup=False
        )
        return
    node.notify(f"Opening {link}", timeout=3, markup=False)
