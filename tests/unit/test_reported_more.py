"""Tests newstui against held-out cases of issue 13's kinds (tests/data/reported_more/), each
written after a public bug report against another feed reader: served by a real server on
127.0.0.1, polled into a real database, checked against its right value; and every document of
them read alike by both parse paths."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newstui.feeds.encoding import xml_for_parsers
from newstui.feeds.fastpath import fast_or_reason
from newstui.feeds.parse import parse_feed
from newstui.feeds.poller import Poller
from newstui.models import SourceConfig
from newstui.net.fetch import Fetcher
from newstui.net.process_pool import shutdown_pool
from newstui.storage.store import Store
from newstui.text.characters import cells, cut, row_text
from tests.reported_more import SourceRow, failures, load, names, row, serve, terminal_cells
from tests.server import FeedServer

PENDING: dict[str, str] = {}
"""Cases known to fail, with why (strict: one that passes must leave the list)."""


@pytest.fixture(scope="module", autouse=True)
def _parse_pool() -> Iterator[None]:
    yield
    shutdown_pool()


def _marked(name: str) -> object:
    reason = PENDING.get(name)
    if reason is None:
        return name
    return pytest.param(name, marks=pytest.mark.xfail(reason=reason, strict=True))


@pytest.mark.parametrize("name", [_marked(n) for n in names()])
async def test_the_right_value_after_each_poll(
    name: str, tmp_path: Path, feed_server: FeedServer
) -> None:
    case = load(name)
    fill = serve(feed_server, case)
    urls = {feed_server.url(path): path for path in case.sources}
    store = Store(tmp_path / "news.db")
    try:
        store.sync_sources([SourceConfig(u) for u in urls], 300)
        checks = {int(c["after"]): c for c in case.expect["checks"]}
        wrong: list[str] = []
        async with Fetcher() as fetcher:
            poller = Poller(store, fetcher, jitter=0.0)
            for poll in range(1, case.polls + 1):
                for source in store.sources():
                    await poller.poll_source(source)
                if poll not in checks:
                    continue
                by_id = {s.id: urls[s.url] for s in store.sources()}
                rows = [
                    row(by_id[h.source_id], h.guid, h.title, h.link, h.published, h.summary)
                    for h in store.headlines(limit=10_000)
                ]
                sources = {
                    urls[s.url]: SourceRow(s.display_name, s.last_status, s.fetch_url, s.last_error)
                    for s in store.sources()
                }
                found = failures(checks[poll], rows, sources, fill)
                wrong += [f"after poll {poll}: {w}" for w in found]
        assert not wrong, "\n".join(wrong)
    finally:
        store.close()


def _documents() -> list[object]:
    found: list[object] = []
    for name in names():
        case = load(name)
        for file, body, headers in case.documents():
            if body.lstrip()[:1] in (b"{", b"["):
                continue  # JSON Feed has one parser
            found.append(pytest.param(body, headers, id=f"{name}/{file}"))
    return found


@pytest.mark.parametrize(("body", "headers"), _documents())
def test_both_parse_paths_read_each_document_alike(body: bytes, headers: dict[str, str]) -> None:
    """Issue 13's general guard on these inputs: whichever path a document takes, the fast path
    (where it accepts the document) and feedparser give the same titles, ids, links and dates."""
    lowered = {k.lower(): v for k, v in headers.items()}
    fast = parse_feed(body, url="http://127.0.0.1:8000/feed", headers=lowered)
    slow = parse_feed(body, url="http://127.0.0.1:8000/feed", headers=lowered, fast=False)

    def seen(parsed: object) -> list[tuple[object, ...]]:
        return [(e.guid, e.title, e.link, e.published) for e in parsed.entries]  # type: ignore[attr-defined]

    assert (fast.title, seen(fast)) == (slow.title, seen(slow))


def test_the_documents_take_both_parse_paths() -> None:
    """The cases hold documents the fast path reads and documents it leaves to feedparser (with
    several of its reasons), so both paths meet every kind."""
    paths: dict[str, set[str]] = {}
    for name in names():
        case = load(name)
        for _, body, headers in case.documents():
            if body.lstrip()[:1] in (b"{", b"["):
                continue
            ctype = {k.lower(): v for k, v in headers.items()}.get("content-type", "")
            utf8, _ = xml_for_parsers(body, ctype)
            found = fast_or_reason(utf8, "http://127.0.0.1:8000/")
            paths.setdefault(case.kind, set()).add("fast" if not isinstance(found, str) else found)
    for kind, taken in paths.items():
        if kind == "redirects":
            continue
        assert "fast" in taken and len(taken) >= 2, (kind, taken)


def test_row_cells_are_what_a_wcwidth_terminal_draws() -> None:
    """The cells the plain tables count for every name and title of the width and joiner cases
    are the cells glibc's wcwidth gives them (tmux 3.3a, xterm, VTE): Rich counts spacing marks
    (Devanagari, Bengali, Malayalam, Sinhala vowel signs) as none, terminals as one each."""
    texts = {
        value
        for name in names()
        if load(name).kind in ("widths", "joiners")
        for check in load(name).expect["checks"]
        for value in [h.get("title", "") for h in check.get("headlines", [])]
        + [s.get("name", "") for s in check.get("sources", {}).values()]
    }
    differ = {
        shown: (cells(shown), terminal_cells(shown))
        for shown in map(row_text, texts)
        if cells(shown) != terminal_cells(shown)
    }
    assert not differ
    assert cut("दिल्ली में बारिश", 6) == "दिल्ली…" and terminal_cells("दिल्ली…") == 6
