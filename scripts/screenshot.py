"""Makes the picture at the top of README.md: `newstui demo` as it runs, an article open beside
the list, saved as SVG by Textual and turned into a PNG by rsvg-convert.

    python scripts/screenshot.py [--out docs/newstui.png|X.svg] [--size 120x32] [--seed 7]
                                 [--view article|list|sources]

Everything runs here: the demo's simulated newsroom on 127.0.0.1 and the real app, headless
(Textual's `run_test`), on a temporary database. The format is the extension's: `.svg` is
Textual's SVG as is; `.png` needs `rsvg-convert` (librsvg), and `pngquant`, when installed,
makes it about a third as big; any other extension is a usage error (exit 2).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from newstui.commands.demo import demo_settings
from newstui.config.schema import Config
from newstui.demo import Newsroom
from newstui.storage.store import Store
from newstui.ui.app import NewsApp

ROOT = Path(__file__).resolve().parents[1]
PIXELS_WIDE = 1400
"""Width of the PNG: sharp on a README page, small enough to keep in the repository."""


async def until(pilot: Pilot[None], done: Callable[[], object], timeout: float = 30.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not done():
        if asyncio.get_running_loop().time() > deadline:
            raise SystemExit("the demo did not get there in time")
        await pilot.pause(0.1)


async def screenshot(svg: Path, size: tuple[int, int], seed: int, view: str = "article") -> None:
    """Runs the demo headless and saves the screen as `svg`: an article open ("article"), the
    list alone ("list") or the sources view ("sources")."""
    with Newsroom(seed=seed, interval=4.0) as newsroom, tempfile.TemporaryDirectory() as folder:
        config = demo_settings(Config(), newsroom.source_configs())
        store = Store(Path(folder) / "demo.db")
        app = NewsApp(config, store, title="newstui demo")
        try:
            async with app.run_test(size=size) as pilot:
                await until(pilot, lambda: len(app.main.headlines.headlines) >= 40)
                if view == "article":
                    await pilot.press("j", "j", "enter")
                    status = app.main.reader.query_one("#reader-status", Static)
                    await until(pilot, lambda: str(status.content).startswith("Full text"))
                elif view == "sources":
                    await pilot.press("S")
                await pilot.pause(0.5)  # the article's Markdown (or the table) laid out
                svg.write_text(app.export_screenshot(title="newstui demo"), encoding="utf-8")
        finally:
            store.close()


def for_rsvg(svg: str) -> str:
    """Textual's SVG with `xml:space="preserve"` on its root: rsvg-convert (librsvg 2.54)
    otherwise drops the spaces (written as &#160;) that open a run of text after a change of
    style, so "Null Route  ·  22:38" came out "Null Route·  22:38" and the footer's "q Close"
    as "qClose"; browsers, which show the SVG itself, keep them."""
    return svg.replace("<svg ", '<svg xml:space="preserve" ', 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "newstui.png")
    parser.add_argument("--size", default="120x32", help="terminal columns x rows")
    parser.add_argument("--seed", type=int, default=7, help="the newsroom's seed")
    parser.add_argument(
        "--view", choices=("article", "list", "sources"), default="article", help="what to show"
    )
    args = parser.parse_args()
    kind = args.out.suffix.lower()
    if kind not in (".png", ".svg"):  # the bytes must be what the name says
        parser.error(f"--out {args.out}: the format comes from the extension, .png or .svg")
    columns, rows = (int(n) for n in args.size.split("x"))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if kind == ".svg":  # Textual's own SVG, as is: no converter needed
        asyncio.run(screenshot(args.out, (columns, rows), args.seed, args.view))
        print(f"{args.out} ({args.out.stat().st_size // 1024} KiB)")
        return 0
    if shutil.which("rsvg-convert") is None:
        print("rsvg-convert is needed (apt-get install librsvg2-bin)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        svg = Path(folder) / "newstui.svg"
        asyncio.run(screenshot(svg, (columns, rows), args.seed, args.view))
        svg.write_text(for_rsvg(svg.read_text(encoding="utf-8")), encoding="utf-8")
        subprocess.run(
            [
                "rsvg-convert",
                "--width",
                str(PIXELS_WIDE),
                "--keep-aspect-ratio",
                str(svg),
                "--output",
                str(args.out),
            ],
            check=True,
        )
    if shutil.which("pngquant"):
        # A terminal has few colours: 256 of them keep it exact to the eye at a third the size.
        subprocess.run(
            [
                "pngquant",
                "--force",
                "--skip-if-larger",
                "--output",
                str(args.out),
                "--",
                str(args.out),
            ],
            check=False,
        )
    else:
        print("pngquant not found: the PNG is left unquantised (about 3x bigger)", file=sys.stderr)
    print(f"{args.out} ({args.out.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
