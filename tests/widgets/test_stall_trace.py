"""Tests the ticker's stall trace (NEWSTUI_TRACE): a blocked loop is logged with what blocked it."""

from __future__ import annotations

import time
from pathlib import Path
from typing import ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.widgets import Static

from newstui.ui.stall_trace import TRACE_ENV, StallTrace


class Blocking(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [("x", "block", "Block")]

    def compose(self) -> ComposeResult:
        yield Static("waiting")

    def action_block(self) -> None:
        hold_the_loop()


def hold_the_loop() -> None:
    time.sleep(0.4)  # what a synchronous read or a long repaint does to the keys behind it


async def test_a_blocked_loop_is_logged_with_its_stack_and_nothing_without_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(TRACE_ENV, raising=False)
    assert StallTrace.from_env(Blocking()) is None
    log = tmp_path / "trace.log"
    monkeypatch.setenv(TRACE_ENV, str(log))
    app = Blocking()
    async with app.run_test() as pilot:
        trace = StallTrace.from_env(app)
        assert trace is not None
        await pilot.pause(0.1)
        await pilot.press("x")
        await pilot.pause(0.1)  # the ping that waited has come back and written its record
        trace.stop()
    text = log.read_text()
    assert text.startswith("START ")
    stalls = [line.split() for line in text.splitlines() if line.startswith("STALL ")]
    assert stalls, text
    assert max(float(stall[2]) for stall in stalls) >= 0.1
    assert "hold_the_loop" in text  # the sampled stack names the function that held the loop
