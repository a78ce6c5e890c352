"""Tests say_duration: intervals as a config's `refresh` writes them, one word each."""

from __future__ import annotations

import pytest

from newstui.config.durations import say_duration
from newstui.config.schema import parse_duration


@pytest.mark.parametrize(
    ("seconds", "said"),
    [(30, "30s"), (90, "90s"), (60, "1m"), (300, "5m"), (5400, "90m"), (3600, "1h"),
     (108000, "30h"), (5430, "1.5h"), (86400, "1d"), (604800, "7d")],
)  # fmt: skip
def test_durations_are_said_as_the_config_writes_them(seconds: int, said: str) -> None:
    assert say_duration(seconds) == said
    assert " " not in said  # one word: a wrapped detail never starts a line with the unit
    if "." not in said:
        assert parse_duration(said) == seconds  # what the reader may write back in refresh
