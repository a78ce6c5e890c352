"""Provides full-article extraction: a web page reduced to its readable text, as safe Markdown."""

from __future__ import annotations

import asyncio
import functools
import logging
import re
from collections.abc import Mapping
from concurrent.futures import Executor
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, Protocol
from unicodedata import normalize
from urllib.parse import urljoin, urlsplit

from newstui.articles.decode import charset_from_content_type, decode_html
from newstui.articles.markdown import (
    QUOTE_MARK,
    cap_markdown,
    count_words,
    escape_inline,
    keep_links,
    markdown_to_text,
    quote_marks_to_markdown,
    split_headline,
)
from newstui.articles.meta import page_metadata
from newstui.text.sanitize import clean_text, safe_link

WORDS_PER_MINUTE = 230
MAX_PAGE_BYTES = 5 * 1024 * 1024
MAX_MARKDOWN_CHARS = 300_000
"""Longer articles are cut at a paragraph: a book-length page is not what the pane is for."""
MAX_HTML_CHARS = 10_000_000
"""Decoded HTML beyond this is not parsed (a cap on the work a hostile page can cause)."""
MAX_META_CHARS = 500
MIN_QUICK_WORDS = 25
"""A quick pass finding fewer words than this gets a second, thorough one."""
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
ACCEPT_HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"

# Tags with no Markdown form that trafilatura would write as inline HTML: their text is kept.
_UNWRAPPED_TAGS = ("u", "sup", "sub", "ins")

# What clean_text removes from a page before parsing: C0 controls but tab/newline/CR, DEL, C1.
_UNSAFE_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

log = logging.getLogger(__name__)


def reading_minutes(words: int) -> int:
    """Minutes a reader needs for `words`, at least one."""
    return max(1, round(words / WORDS_PER_MINUTE))


@dataclass(frozen=True)
class ExtractedArticle:
    """The readable part of a web page. Every field is safe to show: no control characters."""

    title: str | None
    markdown: str
    """The body as Markdown, without the title; links in it are http(s) only."""
    text_words: int
    author: str | None
    published: str | None
    """The page's date as trafilatura found it (YYYY-MM-DD), or None."""

    @property
    def reading_minutes(self) -> int:
        return reading_minutes(self.text_words)

    def as_markdown(self) -> str:
        """The whole article as one Markdown document, the title as its first heading."""
        if self.title:
            return f"# {escape_inline(self.title)}\n\n{self.markdown}\n"
        return f"{self.markdown}\n"


@dataclass(frozen=True)
class ArticleResult:
    """What fetching an article page gave: the article, or one short line saying why not."""

    article: ExtractedArticle | None
    reason: str | None = None
    final_url: str | None = None
    """Where the page was found after redirects (links in the article are resolved against it)."""


class PageResponse(Protocol):
    """The part of newstui.net.fetch.FetchResult that article fetching reads."""

    @property
    def status(self) -> int | None: ...
    @property
    def body(self) -> bytes: ...
    @property
    def headers(self) -> Mapping[str, str]: ...
    @property
    def final_url(self) -> str: ...
    @property
    def error(self) -> str | None: ...
    @property
    def ok(self) -> bool: ...


class PageFetcher(Protocol):
    """The part of newstui.net.fetch.Fetcher that article fetching uses."""

    async def fetch(self, url: str, *, accept: str, max_bytes: int) -> PageResponse: ...


# --- extraction -------------------------------------------------------------------------------


def extract_article(
    html: bytes | str, *, url: str | None = None, encoding: str | None = None
) -> ExtractedArticle | None:
    """Return the main text of a web page as Markdown, or None when there is none to find.

    Pure and synchronous (run it off the event loop); never raises. `url` is where the page
    was found: relative links are resolved against it. `encoding` is the charset the HTTP
    headers gave for bytes; a BOM or the page's <meta> decide otherwise.
    """
    try:
        return _extract(html, url, encoding)
    except Exception:  # the page is untrusted: any failure in the libraries is "nothing found"
        log.debug("article extraction failed for %s", url, exc_info=True)
        return None


def _extract(html: bytes | str, url: str | None, encoding: str | None) -> ExtractedArticle | None:
    text = decode_html(html, encoding) if isinstance(html, bytes) else html
    text = text[:MAX_HTML_CHARS]
    if _UNSAFE_CHARS.search(text):
        # Escape sequences go before parsing, so that a whole sequence (an OSC 52 with its
        # payload) is removed, not just its ESC; most pages have none and skip the cost.
        text = clean_text(text, MAX_HTML_CHARS)
    if not text.strip():
        return None

    from trafilatura import extract, load_html  # ~185 ms to import: only when first used

    tree = load_html(text)
    if tree is None:
        return None
    base = _base_url(tree, url)
    # Metadata first, from the page as it came (the passes below see a marked-up copy).
    page_title, author, published = page_metadata(tree, base)
    _unwrap_inline_html(tree)
    _mark_quotes(tree)

    # No url for the text pass: trafilatura would resolve every link of the page, navigation
    # included; only the few that survive are resolved below. fast=True skips the comparison
    # with readability and justext: on the benchmark pages it scored better, in half the time.
    # extract() works on a copy of the tree, so one parse serves every pass.
    options: dict[str, Any] = {
        "output_format": "markdown",
        "include_comments": False,
        "include_formatting": True,
        "include_links": True,
        "include_images": False,
        "include_tables": True,
    }
    markdown = extract(tree, fast=True, **options) or ""
    if _too_short(markdown):
        # Pages that defeat the quick pass (short texts, odd layouts) often still give their
        # text to the full cascade in recall mode; keep whichever found more.
        recall = extract(tree, favor_recall=True, **options) or ""
        if len(recall) > len(markdown):
            markdown = recall
    markdown = quote_marks_to_markdown(normalize("NFC", markdown.strip()))
    if not markdown:
        return None

    headline, markdown = split_headline(markdown)
    title = _meta(headline) or _meta(page_title)
    # Only http(s) links stay links: relative ones are resolved against the page's address,
    # the rest (javascript:, data:, mailto:, relative without an address) become plain text.
    markdown = keep_links(markdown, functools.partial(_resolve_link, base))
    markdown = clean_text(cap_markdown(markdown, MAX_MARKDOWN_CHARS), MAX_MARKDOWN_CHARS + 8)
    words = count_words(markdown_to_text(markdown))
    if words == 0:
        return None
    return ExtractedArticle(
        title=title,
        markdown=markdown,
        text_words=words,
        author=_meta(author),
        published=_meta(published),
    )


def _base_url(tree: Any, url: str | None) -> str | None:
    """What relative links are relative to: the page's <base href>, else its address."""
    base = safe_link(url)
    element = tree.find(".//base[@href]")
    if element is not None:
        try:
            return safe_link(urljoin(base or "", element.get("href", "").strip())) or base
        except ValueError:
            return base
    return base


def _mark_quotes(tree: Any) -> None:
    for quote in tree.iter("blockquote"):
        # Nested quotes: an inner paragraph is marked once per enclosing blockquote.
        for block in list(quote.iter("p")) or [quote]:
            block.text = f"{QUOTE_MARK} {block.text or ''}"


def _too_short(markdown: str) -> bool:
    # Markdown syntax has no letters, so counting its words directly errs only upwards (link
    # targets): close enough for a threshold, and it skips a conversion of every article.
    return count_words(markdown) < MIN_QUICK_WORDS


def _resolve_link(base: str | None, target: str) -> str | None:
    if target.startswith("#"):
        return None  # a place on the same page: nothing to open
    try:
        return safe_link(urljoin(base, target) if base else target)
    except ValueError:
        return None


def _unwrap_inline_html(tree: Any) -> None:
    for element in list(tree.iter(*_UNWRAPPED_TAGS)):
        if element.getparent() is not None:
            element.drop_tag()


def _meta(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(clean_text(value, MAX_META_CHARS * 2).split())[:MAX_META_CHARS]
    return text or None


# --- fetching ---------------------------------------------------------------------------------


async def fetch_article(
    fetcher: PageFetcher,
    url: str,
    *,
    max_bytes: int = MAX_PAGE_BYTES,
    executor: Executor | None = None,
) -> ArticleResult:
    """Fetch one page with the shared polite client and extract its article.

    Never raises for a bad page or network trouble: the result then has a short reason.
    Extraction runs in `executor` (default: the loop's thread pool), never on the loop.
    """
    problem = url_problem(url)
    if problem is not None:
        return ArticleResult(None, problem)

    response = await fetcher.fetch(url, accept=ACCEPT_HTML, max_bytes=max_bytes)
    final_url = response.final_url or url
    if response.error:
        return ArticleResult(None, fetch_reason(response.error), final_url)
    if not response.ok:
        return ArticleResult(None, http_reason(response.status), final_url)
    content_type = response.headers.get("content-type") or ""
    media_type = content_type.partition(";")[0].strip().lower()
    if media_type and media_type not in HTML_TYPES:
        return ArticleResult(None, f"not HTML ({clean_text(media_type, 80)})", final_url)

    job = functools.partial(
        extract_article,
        response.body,
        url=final_url,
        encoding=charset_from_content_type(content_type),
    )
    try:
        article = await asyncio.get_running_loop().run_in_executor(executor, job)
    except Exception as exc:  # a broken or shut-down worker pool: a reason, not a crash
        log.warning("article extraction could not run: %r", exc)
        return ArticleResult(None, "extraction failed", final_url)
    if article is None:
        return ArticleResult(None, "nothing extracted", final_url)
    return ArticleResult(article, None, final_url)


def url_problem(url: str) -> str | None:
    """Why an article cannot be fetched from `url` ("unsupported URL scheme"), or None."""
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        scheme = ""
    if scheme not in ("http", "https"):
        return "unsupported URL scheme"
    if safe_link(url) is None:
        return "invalid URL"
    return None


def http_reason(status: int | None) -> str:
    """The status with its standard phrase: "HTTP 404 Not Found"."""
    if status is None:
        return "no response"
    try:
        return f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


def fetch_reason(error: str) -> str:
    """The fetcher's error as one short line, in the words the status line uses."""
    line = " ".join(clean_text(error, 200).split())
    lowered = line.lower()
    if "timed out" in lowered or "timeout" in lowered:
        return "timed out"
    if "too large" in lowered:
        # The fetcher says "response too large (over 5 MiB)": keep the size, drop the noun.
        return line[lowered.index("too large") :]
    return line or "fetch failed"
