"""Runs the installed `newstui` from an interactive shell in tmux and suspends it with ctrl+z:
its polling process is stopped with it (it went on fetching and storing while the ticker was
put away) and goes on after `fg`; ctrl+c then quits the ticker back to the shell."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tests.e2e.test_tmux import ENV, _newstui, tmux, wait_for
from tests.e2e.test_tmux_watching import Tmux, keys, serve, stories
from tests.server import FeedServer

__all__ = ["tmux"]  # the fixture, shared with test_tmux.py


def _pids_of(needle: str) -> list[int]:
    """Processes whose command line holds `needle`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            line = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if needle in line:
            found.append(int(entry.name))
    return found


def _state(pid: int) -> str:
    """The process's state letter (/proc/PID/stat: 'T' stopped), '' once it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[1].split()[0]


def _name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def _poll_child(ticker: int) -> int | None:
    for pid in _pids_of("newstui.feeds.poll_process"):
        stat = Path(f"/proc/{pid}/stat").read_text()
        if int(stat.rsplit(")", 1)[1].split()[1]) == ticker:
            return pid
    return None


def test_ctrl_z_stops_the_polling_process_and_fg_lets_it_go_on(
    tmp_path: Path, tmux: Tmux, feed_server: FeedServer
) -> None:
    url = serve(feed_server, stories(feed_server, datetime.now(UTC).replace(microsecond=0)))
    config = tmp_path / "config.toml"
    config.write_text(f'refresh = "1s"\njitter = 0\n[[sources]]\nurl = "{url}"\nname = "Wire"\n')
    db = tmp_path / "news.db"
    session = tmux.start("env PS1='$ ' bash --norc --noprofile -i", width=100, height=24)  # type: ignore[attr-defined]

    def screen() -> str:
        return tmux("capture-pane", "-p", "-t", session)

    wait_for(screen, lambda s: "$" in s, 30)
    keys(tmux, f"{ENV} TZ=UTC {_newstui()} --config {config} --db {db}", "Enter")
    wait_for(screen, lambda s: "Harbour authority" in s and "All headlines" in s, 30)
    (ticker,) = [pid for pid in _pids_of(str(db)) if _name(pid) != "bash"]
    child = _poll_child(ticker)
    assert child is not None, "no polling process under the ticker"
    keys(tmux, "C-z")
    wait_for(screen, lambda s: "Stopped" in s, 30)
    wait_for(lambda: _state(child), lambda state: state == "T", 30)
    assert _state(ticker) == "T"
    keys(tmux, "clear; fg", "Enter")
    wait_for(screen, lambda s: "All headlines" in s, 30)
    wait_for(lambda: _state(child), lambda state: state not in ("T", ""), 30)
    keys(tmux, "C-c")
    wait_for(screen, lambda s: s.rstrip().endswith("$"), 30)
    wait_for(lambda: _state(ticker) + _state(child), lambda states: states in ("", "Z", "ZZ"), 30)
