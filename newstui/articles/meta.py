"""Provides the title, author and date of a page, with trafilatura's own metadata steps."""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)


def page_metadata(tree: Any, url: str | None) -> tuple[str | None, str | None, str | None]:
    """(title, author, date) of a parsed page; any may be None. Unsanitised: clean before use.

    trafilatura.extract_metadata also finds categories, tags, a licence and a site name, which
    cost more than half of its time (3.7 of 5.3 ms per page, median, on the benchmark pages)
    and are not shown. These are the steps it takes for the three fields we show, in its order
    and with its rules; if a trafilatura release moves them, its full routine takes over.
    """
    try:
        return _lean_metadata(tree, url)
    except (ImportError, AttributeError, TypeError):
        log.debug("trafilatura's metadata steps moved; using extract_metadata", exc_info=True)
        from trafilatura import extract_metadata

        document = extract_metadata(tree, url, extensive=False)
        return document.title, document.author, document.date


def _lean_metadata(tree: Any, url: str | None) -> tuple[str | None, str | None, str | None]:
    from htmldate import find_date
    from trafilatura.metadata import (
        examine_meta,
        extract_author,
        extract_meta_json,
        extract_title,
        extract_url,
    )
    from trafilatura.settings import set_date_params

    document = examine_meta(tree)
    if document.author and " " not in document.author:
        document.author = None  # as trafilatura: a one-word "author" is mostly a site handle
    try:
        document = extract_meta_json(tree, document)
    except Exception:  # as trafilatura: its JSON-LD reader has known failure modes
        log.debug("JSON-LD metadata unreadable", exc_info=True)
    title = document.title or extract_title(tree)
    author = document.author or extract_author(tree)
    page_url = document.url or extract_url(tree, url)
    date = find_date(tree, url=page_url, **set_date_params(False))
    return title, author, date
