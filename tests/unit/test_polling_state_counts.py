"""Tests PollingState's failing count, kept at each poll rather than counted over every source:
stored failing sources count, a poll that fails or recovers moves the count, a paused one never
counts, and new sources replace the count."""

from __future__ import annotations

from dataclasses import replace

from newstui.feeds.poller import PollOutcome
from newstui.models import Source, SourceStatus
from newstui.ui.polling_state import PollingState


def source(n: int, status: SourceStatus = SourceStatus.OK, paused: bool = False) -> Source:
    return Source(n, f"http://127.0.0.1/{n}", None, None, 300.0, last_status=status, paused=paused)


def test_the_failing_count_follows_each_poll() -> None:
    state = PollingState()
    state.replace_sources(
        [source(1), source(2, SourceStatus.ERROR), source(3, SourceStatus.ERROR, paused=True)]
    )
    assert state.failing == 1
    state.finished(PollOutcome(source=source(1, SourceStatus.ERROR)))
    assert state.failing == 2
    state.finished(PollOutcome(source=source(2, SourceStatus.UNCHANGED)))
    state.finished(PollOutcome(source=source(2, SourceStatus.UNCHANGED)))
    assert state.failing == 1
    state.finished(PollOutcome(source=replace(source(1, SourceStatus.GONE), paused=True)))
    assert state.failing == 0
    assert state.failing == sum(s.failing for s in state.sources.values())
    state.replace_sources([source(4, SourceStatus.GONE), source(5, SourceStatus.ERROR)])
    assert state.failing == 2
