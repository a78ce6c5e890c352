"""Tests the rules of the failure notices: one line per poll round at most, offline and back
once each, a broken source named once, nothing repeated while nothing changes."""

from __future__ import annotations

from newstui.feeds.poller import PollOutcome
from newstui.models import Source
from newstui.ui.failure_notices import NAMES_SHOWN, OFFLINE_AFTER, FailureNotices


def outcome(n: int, status: str, *, answered: bool = True, error: str = "") -> PollOutcome:
    source = Source(
        id=n,
        url=f"http://127.0.0.1:9/{n}",
        name=f"Desk {n}",
        feed_title=None,
        refresh=300,
        last_status=status,
        last_error=error or None,
    )
    return PollOutcome(source=source, answered=answered)


def refused(n: int) -> PollOutcome:
    return outcome(n, "error", answered=False, error="connection refused")


def ok(n: int) -> PollOutcome:
    return outcome(n, "ok")


def round_of(notices: FailureNotices, outcomes: list[PollOutcome], polled: int) -> str | None:
    for each in outcomes:
        notices.polled(each)
    notice = notices.notice(polled)
    if notice is None:
        return None
    assert notice.good == notice.text.startswith("Back online")
    return notice.text


def test_an_offline_start_is_one_line_and_the_retries_add_nothing() -> None:
    notices = FailureNotices()
    assert round_of(notices, [refused(n) for n in range(10)], 10) == (
        "10 sources unreachable: offline?"
    )
    assert notices.offline
    for _ in range(5):  # each source retried with backoff, round after round
        assert all(round_of(notices, [refused(n)], 10) is None for n in range(10))


def test_coming_back_is_one_line_and_names_a_source_still_down_only_after() -> None:
    notices = FailureNotices()
    round_of(notices, [refused(n) for n in range(4)], 4)
    assert round_of(notices, [ok(0), ok(1)], 4) == "Back online."
    assert not notices.offline
    assert round_of(notices, [ok(2), refused(3)], 4) is None  # named in the outage already


def test_going_offline_mid_session_waits_for_a_streak_without_answers() -> None:
    notices = FailureNotices()
    assert round_of(notices, [ok(n) for n in range(10)], 10) is None
    for n in range(OFFLINE_AFTER - 1):  # sources fall due one by one, minutes apart
        assert round_of(notices, [refused(n)], 10) is None
    assert round_of(notices, [refused(OFFLINE_AFTER - 1)], 10) == (
        f"{OFFLINE_AFTER} sources unreachable: offline?"
    )


def test_one_unreachable_host_is_named_once_another_source_answers() -> None:
    notices = FailureNotices()
    assert round_of(notices, [refused(1)], 5) is None  # the network, or the host? not yet known
    assert round_of(notices, [ok(2)], 5) == "1 source failing: Desk 1 (connection refused)."
    assert round_of(notices, [refused(1), ok(3)], 5) is None  # still down: not said again


def test_sources_failing_with_an_answer_are_named_together_once() -> None:
    notices = FailureNotices()
    failing = [outcome(n, "error", error=f"HTTP 40{n}") for n in range(NAMES_SHOWN + 2)]
    text = round_of(notices, [ok(9), *failing], 10)
    assert text == (
        f"{NAMES_SHOWN + 2} sources failing: Desk 0 (HTTP 400), Desk 1 (HTTP 401), "
        "Desk 2 (HTTP 402) and 2 more."
    )
    assert round_of(notices, failing, 10) is None
    # one recovers, then fails again: that is news
    assert round_of(notices, [ok(0)], 10) is None
    assert round_of(notices, [failing[0]], 10) == "1 source failing: Desk 0 (HTTP 400)."


def test_with_fewer_sources_than_the_streak_all_of_them_unanswered_is_offline() -> None:
    notices = FailureNotices()
    assert round_of(notices, [refused(0)], 1) == "1 source unreachable: offline?"


def test_a_gone_feed_is_a_failing_source() -> None:
    notices = FailureNotices()
    gone = outcome(4, "gone", error="HTTP 410 Gone")
    assert round_of(notices, [gone], 3) == "1 source failing: Desk 4 (HTTP 410 Gone)."
