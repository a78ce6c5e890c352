"""Provides the choice between a headline's feed text and its page's extracted text: the page's,
unless it gave much less than the feed (a paywall or consent stub, a teaser)."""

from __future__ import annotations

from newstui.articles.length import measure
from newstui.articles.markdown import markdown_to_text

THIN_PAGE_SHARE = 0.5
"""The page's text is kept when it takes at least this share of the feed text's reading time.
What a page gives that is much shorter is not the article: a paywall or consent stub
("Subscribe to read…", a sentence or two), or a teaser page with the lede of a story the feed
carries whole. Extraction of a real article page drops captions, boxes and bylines but keeps the
body: on the shared corpus's 91 article pages the extracted text takes at least 80 % of the
reading time of the page's own articleBody (tests/unit/test_article_prefer.py), so half leaves
real pages their full text."""

PAGE_GAVE_LESS = "the page gave less than the feed"


def page_gave_less(feed_markdown: str, page_markdown: str) -> bool:
    """Whether the page's extracted Markdown (title line and all) reads in less than
    THIN_PAGE_SHARE of the time of the feed's own text: then the feed's text is the better one.
    An empty feed text never wins."""
    feed = measure(markdown_to_text(feed_markdown)).reading()
    if feed == 0:
        return False
    return measure(markdown_to_text(page_markdown)).reading() < THIN_PAGE_SHARE * feed
