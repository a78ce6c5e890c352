"""Tests the calm-failure rules of sync mode (SyncStatus): one notice per sync at most, a failure
said once until it changes kind or a sync works, "works again" once, a sync asked for answered,
queued marks in the header only; and the PollingState that holds it."""

from __future__ import annotations

from newstui.feeds.poller import PollOutcome
from newstui.models import Source
from newstui.sync.round import SyncReport
from newstui.sync.syncer import SyncResult
from newstui.ui.polling_state import PollingState
from newstui.ui.sync_status import SyncStatus

DOWN = "server unreachable (connection refused)"
WRONG = "wrong user or password (HTTP 401)"


def ok() -> SyncResult:
    return SyncResult(SyncReport(new_items=3), next_at=100.0)


def down(failures: int = 1) -> SyncResult:
    return SyncResult(SyncReport(), DOWN, failures, next_at=100.0)


def wrong() -> SyncResult:
    return SyncResult(SyncReport(), WRONG, 1, next_at=None)


def texts(status: SyncStatus, results: list[SyncResult]) -> list[str | None]:
    said = []
    for result in results:
        status.started()
        notice = status.finished(result)
        said.append(None if notice is None else notice.text)
    return said


def test_a_server_down_is_said_once_however_many_syncs_fail() -> None:
    status = SyncStatus()
    said = texts(status, [ok(), down(1), down(2), down(3), down(4)])
    assert said[0] is None
    assert said[1] is not None and DOWN in said[1] and "trying again later" in said[1]
    assert said[2:] == [None, None, None]
    assert status.note == f"sync: {DOWN}"


def test_back_after_a_failure_said_once_then_nothing() -> None:
    status = SyncStatus()
    said = texts(status, [down(1), down(2), ok(), ok()])
    assert said[1:] == [None, "Sync works again.", None]
    assert status.note == ""


def test_a_working_sync_with_no_failure_before_says_nothing() -> None:
    assert texts(SyncStatus(), [ok(), ok()]) == [None, None]


def test_a_failure_of_another_kind_is_news() -> None:
    status = SyncStatus()
    said = texts(status, [down(1), wrong(), wrong()])
    assert said[1] is not None and WRONG in said[1] and "stopped" in said[1]
    assert said[2] is None
    assert status.note == f"sync: {WRONG} (r: try again)"


def test_a_sync_the_reader_asked_for_says_why_it_failed_again() -> None:
    status = SyncStatus()
    texts(status, [wrong()])
    status.asked()
    (again,) = texts(status, [wrong()])
    assert again is not None and WRONG in again
    assert texts(status, [wrong()]) == [None]  # the next one unasked: quiet again


def test_marks_left_queued_show_in_the_header_until_sent() -> None:
    status = SyncStatus()
    texts(status, [ok()])
    status.marks_sent(DOWN)
    assert status.note == f"sync: marks queued ({DOWN})"
    status.marks_sent(None)
    assert status.note == ""
    status.marks_sent(DOWN)
    texts(status, [ok()])  # the sync sent them
    assert status.note == ""


def test_the_empty_list_waits_for_the_first_sync_then_says_why_it_failed() -> None:
    polling = PollingState()
    polling.sync = SyncStatus()
    assert polling.situation() == "Syncing with the server…"
    texts(polling.sync, [wrong()])
    assert WRONG in polling.situation() and "fix [sync]" in polling.situation()
    texts(polling.sync, [ok()])
    assert polling.situation().startswith("No sources yet")  # the server has none


def test_in_sync_mode_a_sync_is_one_fetch_and_arrivals_say_nothing_of_failures() -> None:
    polling = PollingState()
    polling.sync = SyncStatus()
    polling.sync.started()
    assert polling.fetching == 1
    failing = Source(
        id=1,
        url="http://127.0.0.1:9/1",
        name="Desk",
        feed_title=None,
        refresh=300,
        last_status="error",
        last_error="sync: " + DOWN,
    )
    for _ in range(5):  # an earlier sync's error still on the subscription
        polling.finished(PollOutcome(source=failing, answered=False))
    assert polling.round_notice() is None
