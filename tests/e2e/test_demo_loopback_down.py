"""Tests `newstui demo` where the loopback interface is down (`unshare -n` leaves it so, and the
README's offline tries use it): every desk failed in the ticker as "offline?" and nothing said
why; the demo now stops at once and says so."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def _no_network_here() -> bool:
    found = shutil.which("unshare")
    if found is None:
        return False
    try:
        done = subprocess.run([found, "-n", "true"], capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


@pytest.mark.skipif(not _no_network_here(), reason="needs `unshare -n` (a network namespace)")
def test_the_demo_says_the_loopback_is_down(tmp_path: Path) -> None:
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    done = subprocess.run(
        ["unshare", "-n", sys.executable, "-m", "newstui", "demo"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 1, done.stderr
    assert "the demo's newsroom on 127.0.0.1 cannot be reached" in done.stderr
    assert "loopback interface down" in done.stderr and "Traceback" not in done.stderr
