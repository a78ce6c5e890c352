"""Tests that the reading pane gets exactly what `newstui read` prints: one document function,
used by the command and by the article cache the pane reads, over real HTTP and a real DB."""

from __future__ import annotations

import gzip
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newstui.articles.cache import article_text, load_article
from newstui.articles.document import article_document
from newstui.models import Article, FeedEntry, Headline, SourceConfig
from newstui.net.fetch import Fetcher
from newstui.storage.store import Store
from tests.server import FeedServer

HTML = {"Content-Type": "text/html; charset=utf-8"}
STORY = (
    "<html><head><title>Bridge reopens | Varnholt Post</title>"
    "<meta property='og:title' content='Bridge reopens'></head><body>"
    "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>Bridge reopens</h1>"
    "<p>The council of Varnholt reopened the old footbridge over the Tarn on Thursday, after "
    "a rebuild that took <a href='/story/rebuild'>nearly two years</a> and cost less than "
    "planned.</p><blockquote><p>It is the town's bridge again.</p></blockquote>"
    "<p>Engineers said the new deck, TP_615 in the plans, would carry cyclists as well as "
    "walkers, and that the old stones had been kept wherever they were sound.</p>"
    "</article><footer>Copyright Varnholt Post</footer></body></html>"
)


def read_command(url: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "newstui", "read", url],
        capture_output=True, text=True, timeout=60, encoding="utf-8", check=True,
    )  # fmt: skip
    return done.stdout


def headline_for(store: Store, server: FeedServer, path: str) -> Headline:
    (source,) = store.sync_sources([SourceConfig(server.url("/feed"), name="Desk")], 300)
    entry = FeedEntry("g1", "Bridge reopens", server.url(path), datetime.now(UTC))
    (headline,) = store.save_poll(source, [entry], datetime.now(UTC))
    return headline


async def pane_text(store: Store, headline: Headline) -> str:
    async with Fetcher() as fetcher:
        article, reason = await load_article(store, fetcher, headline)
    assert reason is None and article is not None
    return article_text(article)


@pytest.mark.parametrize("source", ["synthetic", "corpus"])
async def test_the_pane_shows_what_read_prints(
    store: Store, feed_server: FeedServer, request: pytest.FixtureRequest, source: str
) -> None:
    if source == "corpus":
        corpus: Path = request.getfixturevalue("corpus")  # skips, saying why, without it
        page_id = "0e014df693f182824fe5e24030ddbe1d0b96ddb9685cf20d5766457ed32ffa2d"
        body = gzip.decompress((corpus / "articles" / "html" / f"{page_id}.html.gz").read_bytes())
    else:
        body = STORY.encode()
    url = feed_server.route("/story", body, headers=HTML)
    headline = headline_for(store, feed_server, "/story")

    printed = read_command(url)
    shown = await pane_text(store, headline)
    other = Store(store.path)
    reopened = other.article(headline.id)
    other.close()

    assert shown == printed
    assert reopened is not None and article_text(reopened) == printed
    assert printed.startswith("# ")
    if source == "synthetic":
        assert printed.startswith("# Bridge reopens\n\nThe council of Varnholt")
        assert printed.count("Bridge reopens") == 1
        assert "[nearly two years](" in printed and "TP_615" in printed
        assert "\n> It is the town's bridge again.\n" in printed


def test_rows_cached_before_get_their_title_line() -> None:
    # Before, the cache kept the body alone; the pane must still show the whole document.
    old = Article("Bridge reopens", "The council reopened the bridge.", 5)
    assert article_text(old) == article_document("Bridge reopens", old.markdown)
    assert article_text(old) == "# Bridge reopens\n\nThe council reopened the bridge.\n"
    new = Article("Bridge reopens", article_text(old), 5)
    assert article_text(new) == new.markdown
    untitled = Article(None, "Just a body.\n", 3)
    assert article_text(untitled) == "Just a body.\n"
