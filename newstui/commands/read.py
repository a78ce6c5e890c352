"""Provides `newstui read URL`: fetch one page and print its article as Markdown."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING

from newstui.commands.common import CommandError

if TYPE_CHECKING:
    from newstui.articles.extract import ArticleResult


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: list[argparse.ArgumentParser],
) -> None:
    sub = subparsers.add_parser(
        "read",
        parents=parents,
        help="print the article of a web page as Markdown",
        description="Fetch one web page with the ticker's own client (size and time caps, http "
        "and https only), reduce it to its article and print that as Markdown, the title as the "
        "first heading. Exit status: 0 when an article was printed, 1 when none could be "
        "extracted (the reason goes to stderr), 2 for usage errors.",
    )
    sub.add_argument("url", help="the page's http or https address")
    sub.set_defaults(run=run)


async def _read(url: str) -> ArticleResult:
    from newstui.articles.extract import fetch_article
    from newstui.net.fetch import Fetcher

    async with Fetcher() as fetcher:
        return await fetch_article(fetcher, url)


def run(args: argparse.Namespace) -> int:
    from newstui.articles.extract import as_markdown, url_problem

    problem = url_problem(args.url)
    if problem is not None:
        raise CommandError(
            f"{args.url!a}: {problem}; expected an http:// or https:// address with a host "
            "(and a port from 1 to 65535, if any), such as https://example.org/story",
            code=2,
        )
    result = asyncio.run(_read(args.url))
    if result.article is None:
        raise CommandError(result.reason or "nothing extracted", code=1)
    _write(as_markdown(result.article))
    return 0


def _write(text: str) -> None:
    # A terminal or pipe that cannot encode some character gets a replacement, not a traceback.
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    sys.stdout.write(text)  # a reader gone (`| head`) is newstui.cli's to end quietly
