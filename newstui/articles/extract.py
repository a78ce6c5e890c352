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
from itertools import islice
from typing import Any, Protocol
from unicodedata import normalize
from urllib.parse import urljoin, urlsplit

from newstui.articles.blocks import (
    drop_headlines,
    leading_heading,
    mark_quotes,
    repair_glued_words,
    unwrap_html_only,
)
from newstui.articles.choose import Method, choose_body, drop_boxes
from newstui.articles.decode import charset_from_content_type, decode_html
from newstui.articles.document import article_document
from newstui.articles.headline import TitleSources, choose_title, headline_keys
from newstui.articles.headline import key as headline_key
from newstui.articles.length import Length, measure
from newstui.articles.markdown import (
    cap_markdown,
    keep_links,
    markdown_to_text,
    quote_marks_to_markdown,
    tidy_escapes,
    tidy_link_text,
)
from newstui.articles.trafilatura_compat import PageMeta, body_markdown, page_meta, parse_html
from newstui.models import Article
from newstui.text.sanitize import clean_text, safe_link

MAX_PAGE_BYTES = 5 * 1024 * 1024
MAX_MARKDOWN_CHARS = 300_000
"""Longer articles are cut at a paragraph: a book-length page is not what the pane is for."""
MAX_HTML_CHARS = 10_000_000
"""Decoded HTML beyond this is not parsed (a cap on the work a hostile page can cause)."""
MAX_META_CHARS = 500
MAX_H1S = 8
"""Page headings (and social titles) looked at for the headline: a page with more uses them for
something else, and a hostile one cannot make the comparison costly."""
DEFAULT_METHOD = Method()
# The titles a page gives sharing services; JSON-LD's headline, when present, overrides these in
# trafilatura's metadata, and any of them may be the one that agrees with the page's <h1>.
_SOCIAL_TITLES = (
    "//head/meta[@property='og:title' or @name='twitter:title' or @property='twitter:title']"
    "/@content"
)
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
ACCEPT_HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"

# What clean_text removes from a page before parsing: C0 controls but tab/newline/CR, DEL, C1.
_UNSAFE_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

log = logging.getLogger(__name__)


def reading_minutes(words: int) -> int:
    """Minutes a reader needs for `words` of a spaced script, at least one (length.Length)."""
    return Length(words).minutes()


def as_markdown(article: Article) -> str:
    """The whole article as `newstui read` prints it and the reading pane shows it
    (document.article_document)."""
    return article_document(article.title, article.markdown)


@dataclass(frozen=True)
class ArticleResult:
    """What fetching an article page gave: the article, or one short line saying why not."""

    article: Article | None
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
    html: bytes | str,
    *,
    url: str | None = None,
    encoding: str | None = None,
    method: Method = DEFAULT_METHOD,
) -> Article | None:
    """Return the main text of a web page as Markdown, or None when there is none to find.

    Pure and synchronous (run it off the event loop); never raises. `url` is where the page
    was found: relative links are resolved against it. `encoding` is the charset the HTTP
    headers gave for bytes; a BOM or the page's <meta> decide otherwise. `method` turns steps
    off, for measuring them (the default runs every step).
    """
    try:
        return _extract(html, url, encoding, method)
    except Exception:  # the page is untrusted: any failure in the libraries is "nothing found"
        log.debug("article extraction failed for %s", url, exc_info=True)
        return None


def _extract(
    html: bytes | str, url: str | None, encoding: str | None, method: Method
) -> Article | None:
    text = decode_html(html, encoding) if isinstance(html, bytes) else html
    text = text[:MAX_HTML_CHARS]
    if _UNSAFE_CHARS.search(text):
        # Escape sequences go before parsing, so that a whole sequence (an OSC 52 with its
        # payload) is removed, not just its ESC; most pages have none and skip the cost.
        text = clean_text(text, MAX_HTML_CHARS)
    if not text.strip():
        return None
    tree = parse_html(text)
    if tree is None:
        return None
    base = _base_url(tree, url)
    meta = page_meta(tree, base)
    choice = choose_body(tree, method)
    if choice is None:
        return None
    drop_boxes(choice, method)
    body = choice.body
    if not len(body):
        return None
    title = _title(tree, meta, base, body, method)
    unwrap_html_only(body)
    mark_quotes(body)
    if method.spacing:
        repair_glued_words(body, lambda: " ".join(tree.text_content().split()))

    markdown = quote_marks_to_markdown(normalize("NFC", body_markdown(body)).strip())
    if method.escapes:
        markdown = tidy_escapes(markdown)
    # Only http(s) links stay links: relative ones are resolved against the page's address,
    # the rest (javascript:, data:, mailto:, relative without an address) become plain text.
    markdown = keep_links(markdown, functools.partial(_resolve_link, base))
    if method.escapes:
        markdown = tidy_link_text(markdown)
    markdown = clean_text(cap_markdown(markdown, MAX_MARKDOWN_CHARS), MAX_MARKDOWN_CHARS + 8)
    length = measure(markdown_to_text(markdown))
    if length.empty:
        return None
    return Article(
        title=_meta(title),
        markdown=markdown,
        words=length.words,
        author=_meta(meta.author),
        published=_meta(meta.date),
    )


def _title(tree: Any, meta: PageMeta, base: str | None, body: Any, method: Method) -> str | None:
    """The article's title; the body's opening block goes when it only repeats the headline."""
    heading = leading_heading(body)
    if not method.headline:
        if heading is not None:
            body.remove(body[0])
        return heading or meta.title
    title_element = tree.find(".//title")
    sources = TitleSources(
        h1s=[" ".join(h1.text_content().split()) for h1 in islice(tree.iter("h1"), MAX_H1S)],
        meta_titles=[*tree.xpath(_SOCIAL_TITLES)[:MAX_H1S], *([meta.title] if meta.title else [])],
        html_title=title_element.text_content() if title_element is not None else None,
        site_name=meta.site_name,
        host=urlsplit(base).hostname if base else None,
        body_heading=heading,
    )
    title = choose_title(sources)
    if title:
        drop_headlines(body, headline_keys(title, sources), {headline_key(title)}, headline_key)
    return title


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


def _resolve_link(base: str | None, target: str) -> str | None:
    if target.startswith("#"):
        return None  # a place on the same page: nothing to open
    try:
        return safe_link(urljoin(base, target) if base else target)
    except ValueError:
        return None


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
    except ValueError:  # an unclosed [IPv6] host, say
        return "invalid URL"
    if scheme not in ("http", "https"):
        return "unsupported URL scheme"
    if safe_link(url) is None:
        return "invalid URL"
    try:
        if urlsplit(url.strip()).port == 0:  # .port raises ValueError past 65535
            return "invalid URL"
    except ValueError:
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
