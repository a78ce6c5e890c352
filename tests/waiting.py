"""Provides `until`: the bounded wait of the asyncio tests for a state, never for a time."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

DEADLINE = 30.0
"""Seconds a state may take to come about: far more than it takes on a quiet machine (most come
within a second), so that a loaded CI machine, where a thread hop or a worker's start can take
seconds, waits instead of failing. Only a state that never comes costs this much."""


async def until(condition: Callable[[], object], timeout: float = DEADLINE) -> None:
    """Returns once `condition()` is true, checking every 20 ms; AssertionError after
    `timeout` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"not reached in {timeout:.0f} s: {condition}")
        await asyncio.sleep(0.02)
