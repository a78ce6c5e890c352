"""Tests full articles for headlines against real pages on 127.0.0.1 and a real DB: the cache,
offline reopening, and polite background prefetching."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler

from newstui.articles.cache import load_article, prefetch_articles, status_line
from newstui.models import FeedEntry, Headline, SourceConfig
from newstui.net.fetch import Fetcher
from newstui.storage.store import Store
from tests.faults import ConcurrencyGauge
from tests.server import FeedServer

NOW = datetime.now(UTC).replace(microsecond=0)
PAGE = (
    "<html><head><title>{n}</title></head><body><nav>Home · World · Sport</nav><article>"
    "<h1>Story {n}</h1><p>The council of Varnholt voted on Thursday to rebuild the old "
    "footbridge over the Tarn, a project that has been delayed for nearly a decade.</p>"
    "<p>Engineers said the new bridge, number {n}, would carry cyclists as well as walkers and "
    "should open in the spring, weather permitting, according to the published plans.</p>"
    "</article><div class='comments'>12 comments</div></body></html>"
)


def html(n: int) -> bytes:
    return PAGE.format(n=n).encode()


def headlines(store: Store, server: FeedServer, count: int) -> list[Headline]:
    (source,) = store.sync_sources([SourceConfig(server.url("/feed"), name="Desk")], 300)
    entries = [
        FeedEntry(f"g{n}", f"Story {n}", server.url(f"/page/{n}"), NOW - timedelta(minutes=n))
        for n in range(count)
    ]
    return store.save_poll(source, entries, NOW)


async def test_load_caches_and_reopens_offline(store: Store, feed_server: FeedServer) -> None:
    feed_server.route("/page/0", html(0), headers={"Content-Type": "text/html"})
    (first,) = headlines(store, feed_server, 1)
    async with Fetcher() as fetcher:
        article, reason = await load_article(store, fetcher, first)
        assert reason is None and article is not None
        assert "footbridge over the Tarn" in article.markdown
        assert "12 comments" not in article.markdown
        assert "words" in status_line(article)
        feed_server.route("/page/0", "down", status=503)
        again, _ = await load_article(store, fetcher, first)
    assert again == article
    assert len(feed_server.requests_for("/page/0")) == 1
    # a new process, same DB: still there
    other = Store(store.path)
    reopened = other.article(first.id)
    other.close()
    assert reopened is not None and reopened.markdown == article.markdown


async def test_failures_give_a_reason_and_are_not_cached(
    store: Store, feed_server: FeedServer
) -> None:
    feed_server.route("/page/0", "nope", status=404)
    (first,) = headlines(store, feed_server, 1)
    async with Fetcher() as fetcher:
        article, reason = await load_article(store, fetcher, first)
        assert article is None and reason is not None and "404" in reason
        feed_server.route("/page/0", html(0), headers={"Content-Type": "text/html"})
        article, reason = await load_article(store, fetcher, first)
    assert article is not None and reason is None


async def test_prefetch_is_bounded_and_skips_what_is_cached(
    store: Store, feed_server: FeedServer
) -> None:
    pages = {f"/page/{n}": html(n) for n in range(8)}

    def serve(req: BaseHTTPRequestHandler) -> None:
        body = pages[req.path]
        req.send_response(200)
        req.send_header("Content-Type", "text/html; charset=utf-8")
        req.send_header("Content-Length", str(len(body)))
        req.end_headers()
        req.wfile.write(body)

    gauge = ConcurrencyGauge(serve, hold=0.1)
    for path in pages:
        feed_server.route(path, handler=gauge)
    feed_server.route("/page/7", "gone", status=410)
    items = headlines(store, feed_server, 8)
    async with Fetcher() as fetcher:
        cached = await prefetch_articles(store, fetcher, items, concurrency=2)
        assert cached == 7
        assert gauge.peak <= 2
        served = gauge.served
        assert await prefetch_articles(store, fetcher, items, concurrency=2) == 0
    # only the failed one was asked for again
    assert gauge.served == served
    assert len(feed_server.requests_for("/page/7")) == 2
    assert store.without_article(h.id for h in items) == [items[-1].id]
