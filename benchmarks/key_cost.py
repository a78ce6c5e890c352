"""Provides the per-key CPU measurement the headless benchmarks share (Pilot, process CPU time)."""

from __future__ import annotations

import time

from textual.pilot import Pilot


async def key_cpu(pilot: Pilot[None], key: str, times: int) -> list[float]:
    """CPU seconds each of `times` presses of `key` cost, measured one by one (pressing an
    unbound key such as f12 gives the harness's own cost, included in every figure)."""
    costs = []
    for _ in range(times):
        cpu = time.process_time()
        await pilot.press(key)
        costs.append(time.process_time() - cpu)
    return costs
