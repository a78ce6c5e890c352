"""Provides open_link: a link from a feed or an article, opened in the browser when it is safe."""

from __future__ import annotations

import asyncio

from textual.widget import Widget

from newstui.text.sanitize import safe_link


def open_link(node: Widget, url: str | None) -> None:
    """Opens an http(s) `url` in the browser, in a worker thread of `node` and never through a
    shell; any other (javascript:, file:, none) gets a notice instead."""
    link = safe_link(url)
    if link is None:
        node.notify("This headline has no http(s) link to open.", severity="warning")
        return
    import webbrowser

    node.run_worker(asyncio.to_thread(webbrowser.open, link), group="browser")
    node.notify(f"Opening {link}", timeout=3, markup=False)
