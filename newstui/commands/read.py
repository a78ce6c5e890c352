"""Provides `newstui read`: the article of a web page or a stored headline, as Markdown."""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from typing import TYPE_CHECKING

from newstui.commands.common import CommandError, load, local_time, open_store, table
from newstui.text.sanitize import clean_text

if TYPE_CHECKING:
    from newstui.articles.extract import ArticleResult
    from newstui.models import Article, Headline
    from newstui.storage.store import Store

LISTED = 10
"""Headlines listed, newest first, when several match the words given (with their keys)."""
LOOKED_AT = 500
"""Matches of the words looked at for the one whose title holds them as typed: "Live item
number 3:" has every word of items 30 to 39 too, and the 10 newest listed left item 3 out."""


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: list[argparse.ArgumentParser],
) -> None:
    sub = subparsers.add_parser(
        "read",
        parents=parents,
        help="print the article of a web page or a stored headline as Markdown",
        usage="newstui read [-h] [--config PATH] [--db PATH] URL | KEY | WORDS...",
        description="Print an article as Markdown, the title as the first heading. URL: fetch "
        "that page with the ticker's own client (size and time caps, http and https only) and "
        "reduce it to its article. KEY (the `key` of `newstui headlines --json`, as mark-read "
        "takes): the stored headline's article, from the database when the ticker cached it, "
        "else fetched and cached; where none can be extracted, the feed's own text (the reason "
        "goes to stderr). WORDS: the one stored headline whose title or summary has every word "
        "(as `headlines --search`); several are listed with their keys. Exit status: 0 when "
        "something was printed, 1 when nothing could be (the reason goes to stderr), 2 for "
        "usage errors (an address that is not one, words that match several headlines).",
    )
    sub.add_argument(
        "target",
        nargs="+",
        metavar="URL | KEY | WORDS...",
        help="a page's http or https address, a headline's key, or words of its title",
    )
    sub.set_defaults(run=run)


def _looks_like_url(words: list[str]) -> bool:
    """One word with a scheme, a leading "www." or a path after a host ("example.org/story",
    "localhost:8080/x") is meant as an address (and gets the address's error when it is not
    one), never as search words. A slash alone is not: titles have "AC/DC", "24/7", "y/y",
    and a title pasted in quotes is one word with spaces."""
    (word,) = words if len(words) == 1 else ("",)
    if any(c.isspace() for c in word):
        return False
    host, slash, _ = word.partition("/")
    hosted = bool(slash) and ("." in host or ":" in host)
    return "://" in word or hosted or word.lower().startswith("www.")


def run(args: argparse.Namespace) -> int:
    if _looks_like_url(args.target):
        return _read_page(args.target[0])
    text = " ".join(args.target)
    config = load(args)
    store = open_store(args, create=False)
    try:
        headline = _chosen(store, text, config.time_format)
        return _read_headline(store, headline)
    finally:
        store.close()


def _read_page(url: str) -> int:
    from newstui.articles.extract import as_markdown, url_problem

    problem = url_problem(url)
    if problem is not None:
        raise CommandError(
            f"{url!a}: {problem}; expected an http:// or https:// address with a host "
            "(and a port from 1 to 65535, if any), such as https://example.org/story, a "
            "headline's key or words of its title",
            code=2,
        )
    result = asyncio.run(_read(url))
    if result.article is None:
        raise CommandError(result.reason or "nothing extracted", code=1)
    _write(as_markdown(result.article))
    return 0


def _chosen(store: Store, text: str, time_format: str) -> Headline:
    """The stored headline named by its key, or the one the words match."""
    from newstui.models import HeadlineQuery
    from newstui.storage.queries import fts_query

    if text.isdigit():
        found = store.headlines(HeadlineQuery().limited_to([int(text)]), limit=1)
        if not found:
            raise CommandError(
                f"no headline with key {text}; keys are the `key` of `newstui headlines --json`"
            )
        return found[0]
    if fts_query(text) is None:
        raise CommandError(
            f"{text!r} is neither an address, a key nor words to search for; expected "
            "https://example.org/story, a key such as 42, or words such as 'harbour strike'",
            code=2,
        )
    found = store.headlines(HeadlineQuery(search=text), limit=LOOKED_AT)
    if not found:
        raise CommandError(f"no stored headline has every word of {text!r}")
    if len(found) > 1 and (as_typed := _as_typed(found, text)):
        found = as_typed  # a title pasted or typed whole: it, or those that hold it first
    if len(found) > 1:
        more = "" if len(found) <= LISTED else f" (the {LISTED} newest)"
        rows = [
            [str(h.id), local_time(h.published, time_format), _line(h.source_name), _line(h.title)]
            for h in found[:LISTED]
        ]
        raise CommandError(
            f"several headlines have every word of {text!r}{more}; name one by its key, "
            f"such as `newstui read {found[0].id}`, or give more words:\n"
            + table(rows, ["key", "time", "source", "title"]),
            code=2,
        )
    return found[0]


def _read_headline(store: Store, headline: Headline) -> int:
    from newstui.articles.cache import load_article
    from newstui.articles.feed_text import feed_markdown
    from newstui.net.fetch import Fetcher

    async def load() -> tuple[Article | None, str | None]:
        async with Fetcher() as fetcher:
            return await load_article(store, fetcher, headline)

    article, reason = asyncio.run(load())
    if article is not None:
        _write(article.markdown)
        return 0
    summary, content = store.content(headline.id)
    text = feed_markdown(summary, content, base_url=headline.link).strip()
    if not text:
        raise CommandError(f"{reason}; the feed gave no text for this headline either")
    print(f"newstui: full article unavailable ({reason}): the feed's own text", file=sys.stderr)
    _write(f"# {_line(headline.title)}\n\n{text}\n")
    return 0


def _as_typed(found: list[Headline], text: str) -> list[Headline]:
    """Those of `found` whose title holds `text` as typed (case and spacing aside): the one
    whose title is `text`, or holds it as whole words ("number 3" in "number 3:", not in
    "number 30"), where only one does; else all that hold it, those of whole words first."""
    typed = " ".join(text.casefold().split())
    titles = {h.id: _line(h.title).casefold() for h in found}
    holding = [h for h in found if typed in titles[h.id]]
    alone = re.compile(rf"(?<!\w){re.escape(typed)}(?!\w)")
    for narrowest in ([h for h in holding if titles[h.id] == typed], holding):
        whole = [h for h in narrowest if alone.search(titles[h.id])]
        if len(whole) == 1:
            return whole
    return sorted(holding, key=lambda h: alone.search(titles[h.id]) is None)  # stable


def _line(text: str) -> str:
    """Stored text on one line, cleaned: a database written by another tool may hold anything."""
    return " ".join(clean_text(text, 2_000).split())


async def _read(url: str) -> ArticleResult:
    from newstui.articles.extract import fetch_article
    from newstui.net.fetch import Fetcher

    async with Fetcher() as fetcher:
        return await fetch_article(fetcher, url)


def _write(text: str) -> None:
    # A terminal or pipe that cannot encode some character gets a replacement, not a traceback.
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    sys.stdout.write(text)  # a reader gone (`| head`) is newstui.cli's to end quietly
