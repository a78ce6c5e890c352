"""Provides every use newstui makes of trafilatura, its private parts listed and guarded."""

# Each touch of a name trafilatura does not document as public API is listed in TOUCHES with the
# version it was checked against; tests/unit/test_trafilatura_compat.py guards each one (that it
# exists and still behaves as relied on). pyproject.toml pins trafilatura to 2.3.x. Where a touch
# has moved in another release, the function using it falls back to a public way that gives a
# poorer but safe result, and logs why at debug level.

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

CHECKED_VERSION = "2.3.1"
"""The trafilatura release every touch below was read and tested against."""


@dataclass(frozen=True)
class Touch:
    """One use of a trafilatura name outside its documented API."""

    name: str
    """Dotted path, as imported."""
    why: str
    fallback: str
    """What newstui does when the name is gone or its behaviour has changed."""


TOUCHES: tuple[Touch, ...] = (
    Touch(
        "trafilatura.core.Document.body",
        "the extracted article as trafilatura's XML tree (p, head, list, quote, table, hi, ref): "
        "bare_extraction's docstring promises it, the reference docs do not; links are restored "
        "and quotes marked on it, after extraction",
        "none needed while bare_extraction returns it; without it nothing is extracted",
    ),
    Touch(
        "trafilatura.xml.xmltotxt",
        "writes that tree as Markdown, as extract(output_format='markdown') does internally",
        "plain paragraphs from the tree's text (no links, emphasis or lists)",
    ),
    Touch(
        "trafilatura.metadata.examine_meta",
        "title, site name and author from <meta> tags (the first step of extract_metadata)",
        "trafilatura.extract_metadata (public; about 3 ms more per page)",
    ),
    Touch(
        "trafilatura.metadata.extract_meta_json",
        "headline, publisher and author from JSON-LD (extract_metadata's second step)",
        "trafilatura.extract_metadata",
    ),
    Touch(
        "trafilatura.metadata.extract_author",
        "the byline when no metadata names an author",
        "trafilatura.extract_metadata",
    ),
    Touch(
        "trafilatura.metadata.extract_url",
        "the canonical address, which the date search reads",
        "trafilatura.extract_metadata",
    ),
    Touch(
        "trafilatura.settings.set_date_params",
        "htmldate's options as extract_metadata passes them (extensive search off)",
        "trafilatura.extract_metadata",
    ),
)

_PRIVATE_FAILURES = (ImportError, AttributeError, TypeError)


def parse_html(html: str) -> Any | None:
    """The page as an lxml tree (trafilatura.load_html, public), or None when it is not HTML."""
    from trafilatura import load_html  # ~185 ms to import: only when first used

    return load_html(html)


def extract_body(tree: Any, *, links: bool, precision: bool, fast: bool) -> Any | None:
    """trafilatura's choice of the article in `tree`, as its XML tree (an lxml element whose
    children are blocks), or None when it found nothing.

    Comments are left out (trafilatura includes them by default), tables kept, images left out.
    `links`: keep <a> as ref elements with a target attribute (relative, as on the page).
    `precision`: favor_precision (stricter pruning of link-dense and teaser blocks, no rescue of
    short results). `fast`: skip the comparison with readability and jusText. trafilatura works
    on a copy: one parsed tree serves every pass.
    """
    from trafilatura import bare_extraction

    document = bare_extraction(
        tree,
        output_format="markdown",
        include_comments=False,
        include_formatting=True,
        include_links=links,
        include_tables=True,
        include_images=False,
        favor_precision=precision,
        fast=fast,
    )
    body = getattr(document, "body", None)
    return body if body is not None and len(body) else None


def body_markdown(body: Any) -> str:
    """The article tree written as Markdown by trafilatura's own writer (unnormalised)."""
    try:
        from trafilatura.xml import xmltotxt

        return str(xmltotxt(body, True))
    except _PRIVATE_FAILURES:
        log.debug("trafilatura.xml.xmltotxt moved; writing plain paragraphs", exc_info=True)
        blocks = (" ".join("".join(block.itertext()).split()) for block in body)
        return "\n\n".join(_escape_plain(text) for text in blocks if text)


def _escape_plain(text: str) -> str:
    # The fallback writes text, not Markdown: escape what Markdown would act on.
    return "".join(f"\\{c}" if c in "\\`*_[]<>#~|" else c for c in text)


@dataclass(frozen=True)
class PageMeta:
    """What a page says about itself. Unsanitised: clean before showing."""

    title: str | None
    """og:title, else <meta name=title> or itemprop headline; JSON-LD's headline overrides."""
    site_name: str | None
    """og:site_name, article:publisher, JSON-LD publisher, or application-name."""
    author: str | None
    date: str | None
    """YYYY-MM-DD, as htmldate finds it."""


def page_meta(tree: Any, url: str | None) -> PageMeta:
    """The page's own title, site name, author and date, by trafilatura's metadata steps.

    extract_metadata also finds categories, tags, a licence and more, which cost more than half
    of its time (3.7 of 5.3 ms per page, median, on the benchmark pages) and are not shown: these
    are its steps for the fields we show, in its order and with its rules.
    """
    try:
        return _lean_meta(tree, url)
    except _PRIVATE_FAILURES:
        log.debug("trafilatura's metadata steps moved; using extract_metadata", exc_info=True)
        from trafilatura import extract_metadata

        document = extract_metadata(tree, url, extensive=False)
        return PageMeta(document.title, document.sitename, document.author, document.date)


def _lean_meta(tree: Any, url: str | None) -> PageMeta:
    from htmldate import find_date
    from trafilatura.metadata import examine_meta, extract_author, extract_meta_json, extract_url
    from trafilatura.settings import set_date_params

    document = examine_meta(tree)
    if document.author and " " not in document.author:
        document.author = None  # as trafilatura: a one-word "author" is mostly a site handle
    try:
        document = extract_meta_json(tree, document)
    except _PRIVATE_FAILURES:
        raise
    except Exception:  # as trafilatura: its JSON-LD reader has known failure modes
        log.debug("JSON-LD metadata unreadable", exc_info=True)
    author = document.author or extract_author(tree)
    page_url = document.url or extract_url(tree, url)
    date = find_date(tree, url=page_url, **set_date_params(False))
    return PageMeta(document.title, document.sitename, author, date)
