"""Tests that errors from the offline time are stale once back online: not counted as failing
(the header agrees with "Back online."), each until its source is polled again; a source
failing before the outage, or after it, stays failing."""

from __future__ import annotations

from newstui.ui.failure_notices import FailureNotices
from newstui.ui.polling_state import PollingState
from tests.unit.test_failure_notices import ok, outcome, refused, round_of


def test_errors_of_the_offline_time_are_stale_until_polled_again() -> None:
    notices = FailureNotices()
    assert round_of(notices, [refused(n) for n in range(4)], 4) == "4 sources unreachable: offline?"
    assert not notices.stale
    assert round_of(notices, [refused(2)], 4) is None  # retried while still offline
    assert round_of(notices, [ok(0)], 4) == "Back online."
    assert notices.stale == {1, 2, 3}  # not 0: it answered
    round_of(notices, [ok(1)], 4)
    assert notices.stale == {2, 3}
    round_of(notices, [outcome(2, "error", error="HTTP 500")], 4)  # its own error now
    assert notices.stale == {3}


def test_the_header_counts_no_stale_error_as_failing() -> None:
    polling = PollingState()
    for n in range(3):
        polling.started(refused(n).source)
        polling.finished(refused(n))
    polling.round_notice()
    assert polling.failing == 3  # offline: each failing
    polling.started(ok(0).source)
    polling.finished(ok(0))
    assert polling.round_notice() is not None and polling.failing == 0  # "Back online."
    polling.finished(refused(1))  # polled again, still refused: its own failure now
    assert polling.failing == 1
