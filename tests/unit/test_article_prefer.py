"""Tests the choice between a headline's feed text and its page's text: a page that gave much
less (a paywall or consent stub, a teaser) leaves the feed's text on show."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newstui.articles.extract import as_markdown, extract_article
from newstui.articles.prefer import page_gave_less
from newstui.models import Article, FeedEntry, SourceConfig
from newstui.net.fetch import Fetcher
from newstui.storage.store import Store
from newstui.ui.article_source import StoredArticles
from tests.server import FeedServer

NOW = datetime.now(UTC).replace(microsecond=0)

STORY = " ".join(
    f"Paragraph {n} of the council's budget story tells who voted, for what and why it matters."
    for n in range(12)
)  # 180 words


@pytest.mark.parametrize(
    ("page", "thin"),
    [
        ("# Budget\n\nSubscribe to read the full story. Already a subscriber? Log in.", True),
        ("# Budget\n\nWe value your privacy. Accept all cookies to continue.", True),
        ("# Budget\n\n" + STORY[: len(STORY) // 4] + "… Read more in the app.", True),  # teaser
        ("# Budget\n\n" + STORY, False),  # the same article
        ("# Budget\n\n" + STORY[: len(STORY) * 3 // 4], False),  # captions and boxes dropped
        ("# 予算\n\n" + "市議会は予算案を可決した。" * 40, False),  # Japanese, as long a read
    ],
)
def test_a_page_much_shorter_than_the_feed_text_is_thin(page: str, thin: bool) -> None:
    assert page_gave_less(STORY, page) is thin


def test_a_short_or_empty_feed_text_never_loses_the_page() -> None:
    assert not page_gave_less("", "# T\n\nSubscribe to read.")
    assert not page_gave_less("A one-line summary.", "# T\n\n" + STORY)


def test_the_corpus_pages_keep_their_full_text_against_their_whole_article(corpus: Path) -> None:
    """Each article page of the corpus against a feed that carries its whole article (its
    ground truth articleBody, the longest feed text there can be): the page's text stays."""
    truth = json.loads((corpus / "articles" / "ground-truth.json").read_text(encoding="utf-8"))
    thin = []
    for page_id, expected in truth.items():
        html = gzip.decompress((corpus / "articles" / "html" / f"{page_id}.html.gz").read_bytes())
        article = extract_article(html)
        assert article is not None, page_id
        if page_gave_less(expected["articleBody"], as_markdown(article)):
            thin.append(page_id)
    assert len(truth) == 91
    assert thin == []


async def test_the_app_marks_a_stored_stub_thin_against_the_feed_text(
    store: Store, feed_server: FeedServer
) -> None:
    (source,) = store.sync_sources([SourceConfig(feed_server.url("/feed"), name="Desk")], 300)
    entries = [
        FeedEntry(f"g{n}", f"Budget {n}", feed_server.url(f"/{n}"), NOW, summary=STORY)
        for n in range(2)
    ]
    stub, real = store.save_poll(source, entries, NOW)
    store.save_article(stub.id, Article("Budget", "Subscribe to read the full story.", 6))
    store.save_article(real.id, Article("Budget", STORY, 180))
    articles = StoredArticles(store, lambda: Fetcher())
    for headline, thin in ((stub, True), (real, False)):
        assert STORY in await articles.feed_text(headline)
        found = await articles.cached_article(headline)
        assert found is not None and found.thin is thin
