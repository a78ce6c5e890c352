"""Tests `newstui demo --config` against the ticker's own reading of it: a file named there that
does not exist is the same mistake for both (exit 2, one line naming it, nothing created).
Only the default file may be missing (then the defaults apply): load_config, shared by both."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config")}
    return subprocess.run(
        [sys.executable, "-m", "newstui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        env=env,
    )


def test_a_missing_config_file_is_the_same_mistake_for_the_demo_and_the_ticker(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "nowhere.toml"
    ticker = run("--config", str(missing), "--db", str(tmp_path / "t.db"), home=tmp_path)
    demo = run("demo", "--config", str(missing), home=tmp_path)
    assert ticker.returncode == demo.returncode == 2
    assert (
        ticker.stderr
        == demo.stderr
        == (f"newstui: {missing}: no such file; expected an existing config file\n")
    )
    assert not (tmp_path / "t.db").exists()
