"""Provides StoredArticles: the reading pane's texts from the store, HTTP client and cache."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from newstui.models import Article, Headline
from newstui.storage.store import Store, StoreError
from newstui.ui.widgets.reader_pane import FullText

if TYPE_CHECKING:
    from newstui.articles.extract import PageFetcher


class StoredArticles:
    """The ArticleSource of the reading pane: feed text from the store, full articles from the
    article cache (fetched and extracted on a miss, with the app's one polite HTTP client).

    `fetcher` is asked for the client only when a page must be fetched: the client is made
    after the first paint (importing httpx costs start-up time)."""

    def __init__(self, store: Store, fetcher: Callable[[], PageFetcher]) -> None:
        self.store = store
        self.fetcher = fetcher
        self._feed: tuple[int, str] | None = None
        """The last feed text given (headline id, Markdown): its page's text is weighed
        against it (articles.prefer)."""

    async def feed_text(self, headline: Headline) -> str:
        from newstui.articles.feed_text import feed_markdown
        from newstui.articles.markdown import shorten_url_texts

        try:
            # One row by its key; a read never waits for a write (the store reads on a
            # connection of this thread's own, and WAL readers never wait for writers).
            summary, content = self.store.content(headline.id)
        except StoreError:
            return ""
        # Converting big HTML takes a while: off the event loop.
        text = await asyncio.to_thread(feed_markdown, summary, content, base_url=headline.link)
        text = shorten_url_texts(text)  # a long address as a link's text folds mid-word
        self._feed = (headline.id, text)
        return text

    async def cached_article(self, headline: Headline) -> FullText | None:
        try:
            cached = self.store.article(headline.id)
        except StoreError:
            return None
        return None if cached is None else _full_text(cached, self._feed_of(headline))

    async def full_article(self, headline: Headline) -> FullText | str:
        from newstui.articles.cache import load_article
        from newstui.net.process_pool import process_pool

        try:
            article, reason = await load_article(
                self.store, self.fetcher(), headline, executor=process_pool()
            )
        except StoreError as exc:
            return str(exc)
        if article is None:
            return reason or "nothing extracted"
        return _full_text(article, self._feed_of(headline))

    def _feed_of(self, headline: Headline) -> str:
        """The feed text given last for `headline`, "" when another's was given since."""
        return self._feed[1] if self._feed is not None and self._feed[0] == headline.id else ""

    async def prefetch(self, headlines: Sequence[Headline]) -> None:
        """Fetches and caches the articles of new headlines for offline reading (`full_text`)."""
        from newstui.articles.cache import prefetch_articles
        from newstui.net.process_pool import process_pool

        await prefetch_articles(self.store, self.fetcher(), headlines, executor=process_pool())


def _full_text(article: Article, feed_text: str) -> FullText:
    """The pane's text of a cached article: the document `newstui read` prints (article_text
    gives rows cached before the document was stored their title line); `thin` where it gave
    much less than `feed_text` (articles.prefer: a paywall stub, a teaser)."""
    from newstui.articles.cache import article_text, status_line
    from newstui.articles.markdown import shorten_url_texts
    from newstui.articles.prefer import page_gave_less

    text = shorten_url_texts(article_text(article))
    thin = page_gave_less(feed_text, text)
    return FullText(text, status_line(article), article.title or None, thin=thin)
