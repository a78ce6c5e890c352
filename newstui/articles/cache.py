"""Provides full articles for headlines: from the DB cache when there, else fetched, extracted
and cached; and background prefetching for offline reading.

The cached Markdown is the whole document as `newstui read` prints it (document.article_document:
title line and body), so that the reading pane shows exactly what the command prints."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import replace
from datetime import UTC, datetime

from newstui.articles.document import article_document
from newstui.articles.extract import PageFetcher, as_markdown, fetch_article
from newstui.articles.length import Length, has_unspaced, measure
from newstui.articles.markdown import markdown_to_text
from newstui.models import Article, Headline
from newstui.storage.store import Store

PREFETCH_CONCURRENCY = 2
"""Article pages fetched at once in the background (the fetcher also limits each host)."""


async def load_article(
    store: Store,
    fetcher: PageFetcher,
    headline: Headline,
    *,
    executor: Executor | None = None,
) -> tuple[Article | None, str | None]:
    """The headline's full article and None, or None and one short line saying why there is none.
    The article's `markdown` is the document `newstui read` prints (article_text)."""
    cached = store.article(headline.id)
    if cached is not None:
        return _as_document(cached), None
    if not headline.link:
        return None, "no link to fetch"
    result = await fetch_article(fetcher, headline.link, executor=executor)
    if result.article is None:
        return None, result.reason or "nothing extracted"
    article = result.article
    cached = replace(article, markdown=as_markdown(article), fetched=datetime.now(UTC))
    # A write may wait for another process's lock (a `fetch` from cron): awaited, by the
    # store's writer thread, never blocking the event loop.
    await store.save_article_async(headline.id, cached)
    return cached, None


async def prefetch_articles(
    store: Store,
    fetcher: PageFetcher,
    headlines: Sequence[Headline],
    *,
    executor: Executor | None = None,
    concurrency: int = PREFETCH_CONCURRENCY,
) -> int:
    """Fetches and caches the articles of headlines that have none yet; returns how many were
    cached. Failures are skipped: the reader retries when the headline is opened."""
    wanted = set(store.without_article(h.id for h in headlines))
    gate = asyncio.Semaphore(concurrency)

    async def one(headline: Headline) -> bool:
        async with gate:
            article, _ = await load_article(store, fetcher, headline, executor=executor)
            return article is not None

    results = await asyncio.gather(*(one(h) for h in headlines if h.id in wanted))
    return sum(results)


def article_text(article: Article) -> str:
    """What the reading pane shows for a cached article: the document `newstui read` prints
    for its page (title line, then the body). Rows cached before the document was stored hold
    the body alone; their title line is added here."""
    if article.title and not article.markdown.startswith("# "):
        return article_document(article.title, article.markdown.rstrip("\n"))
    return article.markdown


def _as_document(article: Article) -> Article:
    text = article_text(article)
    return article if text == article.markdown else replace(article, markdown=text)


def status_line(article: Article) -> str:
    """ "Full text · 1,234 words · 6 min read"; Chinese and Japanese counted in characters
    ("4,000 characters"), mixed text in both (length.Length). The stored `words` holds words of
    spaced scripts only: text with Han or kana is measured again (rows cached before counted
    each run of it between spaces as a word)."""
    length = Length(article.words)
    if has_unspaced(article.markdown):
        length = measure(markdown_to_text(article.markdown))
    return f"Full text · {length.describe()} · {length.minutes()} min read"
