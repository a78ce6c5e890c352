"""Tests the poll state machine without a server: every rule of README "How it polls" as a pure
function of the old state, the fetch result, the parse, the time and the jitter."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from newstui.feeds.poll_state import (
    GONE_MESSAGE,
    MAX_BACKOFF,
    Jitter,
    failed,
    interval_for,
    next_state,
    server_wait,
)
from newstui.models import FeedEntry, ParsedFeed, Source, SourceStatus
from newstui.net.fetch import FetchResult

NO_JITTER = Jitter(0.0, random.Random(0))

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
URL = "http://127.0.0.1/feed"
ENTRY = FeedEntry("g1", "Ferry timetable changes next week", URL + "/1", NOW)


def source(**kw: object) -> Source:
    return replace(Source(id=1, url=URL, name=None, feed_title=None, refresh=300.0), **kw)  # type: ignore[arg-type]


def fetched(status: int = 200, **kw: object) -> FetchResult:
    fields: dict[str, object] = {"url": URL, "final_url": URL, "status": status}
    if status == 200:
        fields["body"] = b"<rss/>"
    fields.update(kw)
    return FetchResult(**fields)  # type: ignore[arg-type]


def feed(*entries: FeedEntry, **kw: object) -> ParsedFeed:
    fields: dict[str, object] = {"title": "Harbour Wire", "entries": list(entries or [ENTRY])}
    fields.update(kw)
    return ParsedFeed(**fields)  # type: ignore[arg-type]


HTML_PAGE = ParsedFeed(is_feed=False, problem="not a feed: this is an HTML page")


def wait(state: Source) -> float:
    assert state.next_poll is not None
    return (state.next_poll - NOW).total_seconds()


# --- a feed came back -------------------------------------------------------------------------


def test_a_feed_is_ok_and_due_again_after_its_interval() -> None:
    old = source(failures=0, last_error="old problem")
    state = next_state(old, fetched(etag='"v2"', last_modified="Tue"), feed(), NOW, NO_JITTER)
    assert (state.last_status, state.last_error, state.failures) == ("ok", None, 0)
    assert (state.etag, state.last_modified) == ('"v2"', "Tue")  # for the next conditional GET
    assert (state.feed_title, state.last_fetch) == ("Harbour Wire", NOW)
    assert wait(state) == 300
    assert old.last_status is SourceStatus.NEW and old.last_fetch is None  # a new state


def test_a_feed_with_a_problem_is_ok_and_says_what_was_wrong() -> None:
    parsed = feed(problem="malformed XML at line 9; 3 entries recovered")
    state = next_state(source(), fetched(), parsed, NOW, NO_JITTER)
    assert state.last_status == "ok" and state.last_error == parsed.problem


def test_validators_the_server_dropped_are_dropped() -> None:
    old = source(etag='"v1"', last_modified="Mon")
    state = next_state(old, fetched(), feed(), NOW, NO_JITTER)
    assert (state.etag, state.last_modified) == (None, None)


def test_jitter_stretches_or_shrinks_the_interval_by_up_to_its_fraction() -> None:
    jitter = Jitter(0.1, random.Random(1))
    waits = [
        wait(next_state(source(refresh=600), fetched(), feed(), NOW, jitter)) for _ in range(50)
    ]
    assert all(540 <= w <= 660 for w in waits)
    assert len(set(waits)) == 50 and 600 not in waits


def test_the_feeds_ttl_is_never_undercut() -> None:
    state = next_state(source(refresh=120), fetched(), feed(ttl=3600.0), NOW, NO_JITTER)
    assert state.ttl == 3600 and wait(state) == 3600
    assert interval_for(source(refresh=7200, ttl=3600)) == 7200  # a longer refresh stays


def test_a_success_after_failures_resets_the_backoff() -> None:
    state = next_state(source(failures=5, last_status="error"), fetched(), feed(), NOW, NO_JITTER)
    assert (state.failures, wait(state)) == (0, 300)


# --- 304 ----------------------------------------------------------------------------------------


def test_not_modified_is_unchanged_and_keeps_what_the_304_did_not_resend() -> None:
    old = source(etag='"v1"', last_modified="Mon", failures=2, last_error="HTTP 500")
    state = next_state(old, fetched(304, etag='"v1"'), None, NOW, NO_JITTER)
    assert (state.last_status, state.last_error, state.failures) == ("unchanged", None, 0)
    assert (state.etag, state.last_modified) == ('"v1"', "Mon")
    assert wait(state) == 300
    again = next_state(old, fetched(304, etag='"v2"', last_modified="Tue"), None, NOW, NO_JITTER)
    assert (again.etag, again.last_modified) == ('"v2"', "Tue")


# --- failures -----------------------------------------------------------------------------------


def test_failures_back_off_exponentially_up_to_a_cap() -> None:
    state = source(refresh=60)
    waits = []
    for _ in range(12):
        state = next_state(
            state, fetched(500, error="HTTP 500 Internal Server Error"), None, NOW, NO_JITTER
        )
        waits.append(wait(state))
    assert waits[:4] == [60, 120, 240, 480]
    assert waits[-1] == MAX_BACKOFF and max(waits) == MAX_BACKOFF
    assert (state.last_status, state.failures) == ("error", 12)
    assert state.last_error == "HTTP 500 Internal Server Error"


def test_retry_after_is_never_undercut_even_by_jitter() -> None:
    jitter = Jitter(0.5, random.Random(3))
    for _ in range(20):
        state = next_state(
            source(refresh=60),
            fetched(503, error="HTTP 503", retry_after=3000.0),
            None,
            NOW,
            jitter,
        )
        assert 3000 <= wait(state) <= 4500


def test_a_short_retry_after_does_not_shorten_the_backoff() -> None:
    old = source(refresh=60, failures=3)
    state = next_state(old, fetched(429, error="HTTP 429", retry_after=5.0), None, NOW, NO_JITTER)
    assert wait(state) == 480


def test_a_network_error_is_an_error_with_its_message() -> None:
    result = FetchResult(URL, URL, None, error="connection refused")
    state = next_state(source(), result, None, NOW, NO_JITTER)
    assert (state.last_status, state.last_error, state.failures) == (
        "error",
        "connection refused",
        1,
    )


def test_a_page_that_is_not_a_feed_is_an_error_naming_the_feeds_it_links_to() -> None:
    page = replace(HTML_PAGE, alternates=["http://127.0.0.1/rss.xml"])
    state = next_state(source(), fetched(), page, NOW, NO_JITTER)
    assert state.last_status == "error" and state.failures == 1
    assert state.last_error == (
        "not a feed: this is an HTML page; it links to the feed http://127.0.0.1/rss.xml"
    )


def test_a_state_that_could_not_be_saved_backs_off_like_a_failure() -> None:
    ok = next_state(source(), fetched(), feed(), NOW, NO_JITTER)
    state = failed(ok, "/x/newstui.db: the disk is full", NOW, NO_JITTER)
    assert (state.last_status, state.failures, wait(state)) == ("error", 1, 300)
    assert state.last_error == "/x/newstui.db: the disk is full"


def test_a_body_must_be_parsed_first() -> None:
    with pytest.raises(ValueError, match="parsed"):
        next_state(source(), fetched(), None, NOW, NO_JITTER)


# --- 410 --------------------------------------------------------------------------------------


def test_gone_stops_polling_and_says_so() -> None:
    state = next_state(
        source(failures=1), fetched(410, error="HTTP 410 Gone"), None, NOW, NO_JITTER
    )
    assert (state.last_status, state.next_poll, state.failures) == ("gone", None, 2)
    assert state.last_error == GONE_MESSAGE and "polling stopped" in GONE_MESSAGE
    assert state.failing and not state.polled


# --- redirects ----------------------------------------------------------------------------------

NEW = "http://127.0.0.1/new-feed"


def test_a_permanent_redirect_to_a_feed_is_remembered() -> None:
    state = next_state(source(), fetched(final_url=NEW, moved_to=NEW), feed(), NOW, NO_JITTER)
    assert (state.last_status, state.moved_to, state.fetch_url, state.url) == ("ok", NEW, NEW, URL)


def test_a_permanent_redirect_answered_304_is_remembered() -> None:
    result = fetched(304, final_url=NEW, moved_to=NEW, etag='"v1"')
    state = next_state(source(etag='"v1"'), result, None, NOW, NO_JITTER)
    assert (state.last_status, state.moved_to) == ("unchanged", NEW)


@pytest.mark.parametrize(
    "target",
    [
        HTML_PAGE,
        ParsedFeed(is_feed=False, problem="not a feed: no RSS, Atom or JSON Feed found"),
        ParsedFeed(is_feed=False, problem="not a feed: JSON without a list of items"),
        # A document that starts like a feed and gives nothing proves nothing.
        ParsedFeed(problem="malformed XML at line 2: no element found; 0 entries recovered"),
    ],
    ids=["html", "garbage", "json", "truncated-empty"],
)
def test_a_permanent_redirect_to_what_is_not_a_feed_is_not_adopted(target: ParsedFeed) -> None:
    old = source(refresh=60)
    state = next_state(
        old, fetched(final_url=NEW + "/", moved_to=NEW + "/"), target, NOW, NO_JITTER
    )
    assert state.moved_to is None and state.fetch_url == URL  # still polled where it was
    assert state.last_status == "error" and state.failures == 1 and wait(state) == 60
    message = state.last_error or ""
    assert message.startswith(f"redirected permanently to {NEW}/, which is not a feed (")
    assert message.endswith(f"; still polling {URL}")
    assert "not a feed: " not in message  # said once


def test_an_address_adopted_before_is_kept_when_it_moves_to_a_page() -> None:
    old = source(moved_to=NEW)
    result = FetchResult(NEW, "http://127.0.0.1/", 200, b"<html>", moved_to="http://127.0.0.1/")
    state = next_state(old, result, HTML_PAGE, NOW, NO_JITTER)
    assert state.moved_to == NEW and state.last_status == "error"
    assert (state.last_error or "").endswith(f"still polling {NEW}")


def test_a_truncated_feed_that_still_gave_entries_is_adopted() -> None:
    parsed = feed(problem="malformed XML at line 40; 1 entry recovered")
    state = next_state(source(), fetched(final_url=NEW, moved_to=NEW), parsed, NOW, NO_JITTER)
    assert (state.last_status, state.moved_to) == ("ok", NEW)


@pytest.mark.parametrize("status", [404, 500])
def test_an_error_after_a_redirect_says_where_it_was_met(status: int) -> None:
    result = fetched(status, final_url=NEW, error=f"HTTP {status}")
    state = next_state(source(), result, None, NOW, NO_JITTER)
    assert state.moved_to is None and state.last_status == "error"
    assert state.last_error == f"HTTP {status} (at {NEW}, where {URL} redirects)"


def test_a_temporary_redirect_to_a_page_is_not_a_feed_and_not_remembered() -> None:
    state = next_state(source(), fetched(final_url=NEW), HTML_PAGE, NOW, NO_JITTER)
    assert state.moved_to is None
    assert state.last_error == f"not a feed: this is an HTML page (at {NEW}, where {URL} redirects)"


def test_a_retry_after_is_said_in_the_status_and_read_back_as_the_servers_wait() -> None:
    now = datetime(2026, 11, 30, 20, 0, tzinfo=UTC)
    source = Source(id=1, url="http://127.0.0.1:9/f", name=None, feed_title=None, refresh=300.0)
    asked = failed(replace(source, last_fetch=now), "HTTP 429", now, Jitter(0, random.Random(1)),
                   retry_after=900.5)  # fmt: skip
    assert asked.last_error == (
        "HTTP 429; the server asked for no poll sooner (Retry-After: 901 s)"
    )
    assert server_wait(asked) == now + timedelta(seconds=901)
    plain = failed(replace(source, last_fetch=now), "HTTP 503", now, Jitter(0, random.Random(1)))
    assert server_wait(plain) is None  # a backoff of ours: `r` may poll it
    assert server_wait(replace(asked, last_status=SourceStatus.OK)) is None
