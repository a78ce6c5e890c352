"""Tests alert commands as real processes: the headline as JSON on stdin, no shell, and every
failure (missing, non-zero, killed, too slow) a line rather than an exception."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newstui.alerts import command
from newstui.alerts.command import CommandRunner, payload, run_command
from newstui.alerts.watchlist import Alert
from newstui.models import AlertRule, Headline
from tests.waiting import until

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX process groups")

HEADLINE = Headline(
    7,
    1,
    "BBC World",
    "guid-7",
    "Erdbeben in Chile; “Stärke” 7",
    "https://bbc.example/7",
    datetime(2026, 5, 1, 12, tzinfo=UTC),
    summary="$(touch pwned) `id` ; rm -rf /",
)


def alert(argv: list[str], timeout: float = 10.0, term: str = "Erdbeben") -> Alert:
    return Alert(HEADLINE, AlertRule(match=(term,), command=tuple(argv), timeout=timeout), term)


def py(code: str) -> list[str]:
    return [sys.executable, "-c", code]


async def test_the_command_reads_the_headline_as_one_json_object(tmp_path: Path) -> None:
    out = tmp_path / "got.json"
    argv = py(f"import sys; open({str(out)!r}, 'wb').write(sys.stdin.buffer.read())")
    assert await run_command(argv, payload(alert(argv)), 10) is None
    raw = out.read_bytes()
    assert raw.endswith(b"\n") and raw.count(b"\n") == 1  # one line: a stream of them splits
    record = json.loads(raw)
    assert record == {
        "id": "guid-7",
        "source": "BBC World",
        "title": "Erdbeben in Chile; “Stärke” 7",
        "link": "https://bbc.example/7",
        "published": HEADLINE.published.astimezone().isoformat(),
        "summary": "$(touch pwned) `id` ; rm -rf /",
        "key": 7,
        "read": False,
        "starred": False,
        "story": 7,  # a lone headline's story is its own key
        "match": "Erdbeben",
    }
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()  # no shell


async def test_arguments_reach_the_program_as_they_are(tmp_path: Path) -> None:
    out = tmp_path / "argv.json"
    argv = [*py(f"import sys, json; open({str(out)!r}, 'w').write(json.dumps(sys.argv[1:]))")]
    argv += ["a b", "$HOME", "*", ";ls"]
    assert await run_command(argv, b"{}\n", 10) is None
    assert json.loads(out.read_text()) == ["a b", "$HOME", "*", ";ls"]


async def test_a_missing_program_is_a_line() -> None:
    why = await run_command(["/nonexistent/notify-me"], b"{}", 5)
    assert why == "/nonexistent/notify-me: not found"


async def test_a_program_that_may_not_run_is_a_line(tmp_path: Path) -> None:
    script = tmp_path / "notify.sh"
    script.write_text("#!/bin/sh\nexit 0\n")
    script.chmod(0o644)
    if os.geteuid() == 0:
        pytest.skip("root may run any file")
    why = await run_command([str(script)], b"{}", 5)
    assert why is not None and "permission denied" in why


async def test_a_failing_program_says_its_status_and_the_start_of_its_stderr() -> None:
    code = (
        "import sys; sys.stderr.write('cannot reach \\x1b[31mdbus\\n' + 'x' * 100000); sys.exit(3)"
    )
    why = await run_command(py(code), b"{}", 10)
    assert why is not None
    assert why.startswith(f"{os.path.basename(sys.executable)}: exit status 3: cannot reach")
    assert "\x1b" not in why and len(why) < 300  # cleaned and cut


async def test_a_program_that_does_not_read_stdin_is_fine() -> None:
    assert await run_command(["true"], b"x" * 1_000_000, 10) is None


async def test_a_slow_program_is_stopped_with_its_children(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    code = (
        "import os, subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        f"open({str(pids)!r}, 'w').write(f'{{os.getpid()}} {{child.pid}}')\n"
        "time.sleep(60)\n"
    )
    started = time.monotonic()
    why = await run_command(py(code), b"{}", 1.0)
    assert why is not None and why.endswith("timed out after 1 s and was stopped")
    assert time.monotonic() - started < 30
    for pid in map(int, pids.read_text().split()):
        await _gone(pid)


async def _gone(pid: int) -> None:
    def gone() -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        # A zombie still answers until its parent reaps it; /proc says which it is.
        state = Path(f"/proc/{pid}/stat")
        with contextlib.suppress(OSError):
            return state.read_text().split(")")[-1].split()[0] == "Z"
        return True  # gone between the two looks

    await until(gone)


async def test_a_program_killed_by_a_signal_says_so() -> None:
    why = await run_command(py("import os, signal; os.kill(os.getpid(), signal.SIGKILL)"), b"", 10)
    assert why is not None and why.endswith("killed by signal SIGKILL")


async def test_the_runner_reports_failures_and_drains(tmp_path: Path) -> None:
    failures: list[tuple[int, str]] = []
    runner = CommandRunner(lambda a, why: failures.append((a.headline.id, why)))
    out = tmp_path / "count"
    ok = py(f"import sys; open({str(out)!r}, 'a').write(sys.stdin.read())")
    runner.fired([alert(ok), alert(["/nonexistent/x"]), Alert(HEADLINE, AlertRule(("x",)), "x")])
    await runner.drain()
    assert runner.running == 0
    assert len(out.read_text().splitlines()) == 1
    assert failures == [(7, "/nonexistent/x: not found")]


async def test_the_runner_runs_a_few_at_once_and_skips_beyond_its_queue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(command, "MAX_WAITING", 6)
    marks = tmp_path / "marks"
    marks.mkdir()
    code = (
        "import os, sys, time\n"
        f"folder = {str(marks)!r}\n"
        "open(os.path.join(folder, str(os.getpid())), 'w').close()\n"
        "time.sleep(0.3)\n"
        "print(len(os.listdir(folder)), file=sys.stderr)\n"
        "os.remove(os.path.join(folder, str(os.getpid())))\n"
        "sys.exit(1)\n"
    )
    seen: list[str] = []
    runner = CommandRunner(lambda a, why: seen.append(why))
    runner.fired([alert(py(code)) for _ in range(8)])
    await runner.drain()
    skipped = [w for w in seen if "skipped" in w]
    assert len(skipped) == 1  # said once, not per alert
    running_at_once = [int(w.rsplit(":", 1)[1]) for w in seen if "exit status 1" in w]
    assert len(running_at_once) == 6
    assert max(running_at_once) <= command.MAX_RUNNING


async def test_cancelling_stops_the_running_commands(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    code = f"import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); time.sleep(60)"
    runner = CommandRunner(lambda a, why: None)
    runner.fired([alert(py(code))])
    await until(lambda: pid_file.exists() and pid_file.read_text())  # a Python started
    runner.cancel()
    await runner.drain()
    await _gone(int(pid_file.read_text()))
