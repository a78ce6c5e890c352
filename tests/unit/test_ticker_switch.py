"""Tests the ticker's start-up switch interval (commands.ticker): the GIL is handed over every
millisecond while it starts, so that Textual's output thread writes the first frame soon, and
the interpreter's own interval comes back afterwards."""

from __future__ import annotations

import sys

from newstui.commands import ticker


def test_the_start_hands_over_often_and_sets_the_interval_back() -> None:
    previous = sys.getswitchinterval()
    switch_back = ticker._hand_over_often()
    try:
        assert sys.getswitchinterval() == ticker.START_SWITCH_INTERVAL < previous
    finally:
        switch_back()
    assert sys.getswitchinterval() == previous
