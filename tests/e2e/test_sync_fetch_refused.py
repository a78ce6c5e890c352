"""Tests `newstui fetch` in sync mode when the sync fails before any subscription is read (a
wrong password, a server that is down): nothing on stdout, the server and the fix on stderr."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.server import FeedServer

LOGIN = "/api/greader.php/accounts/ClientLogin"


def _fetch(tmp_path: Path, api: str) -> subprocess.CompletedProcess[str]:
    config = tmp_path / "config.toml"
    config.write_text(f'[sync]\nurl = "{api}"\nuser = "me"\n', encoding="utf-8")
    env = {**os.environ, "NEWSTUI_SYNC_PASSWORD": "not-the-password-7f3a"}
    db = tmp_path / "n.db"
    argv = [sys.executable, "-m", "newstui", "--config", str(config), "--db", str(db)]
    return subprocess.run(
        [*argv, "fetch"],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        env=env,
    )


@pytest.mark.parametrize("status", [401, 403])
def test_a_refused_sign_in_prints_nothing_on_stdout_and_names_server_and_fix(
    feed_server: FeedServer, tmp_path: Path, status: int
) -> None:
    feed_server.route(LOGIN, "Unauthorized", status=status)
    api = feed_server.url("/api/greader.php")
    done = _fetch(tmp_path, api)
    assert done.returncode == 1, done.stderr
    assert done.stdout == ""
    assert f"newstui: {api}: sync: wrong user or password (HTTP {status})" in done.stderr
    assert f"{tmp_path / 'config.toml'}: check [sync] user = 'me'" in done.stderr
    assert "NEWSTUI_SYNC_PASSWORD" in done.stderr
    assert "not-the-password" not in done.stderr


def test_a_server_down_at_sign_in_prints_nothing_on_stdout(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    feed_server.route(LOGIN, "down", status=503)
    api = feed_server.url("/api/greader.php")
    done = _fetch(tmp_path, api)
    assert done.returncode == 1, done.stderr
    assert done.stdout == ""
    assert f"newstui: {api}: sync:" in done.stderr
