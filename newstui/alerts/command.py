"""Provides alert commands: a rule's argv run without a shell for each alert, the headline as one
JSON object on stdin, with a timeout; a command that fails is a line for the user, never an
exception, and nobody waits for it but `drain`."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
from collections.abc import Callable, Sequence
from typing import Protocol

from newstui.alerts.watchlist import Alert
from newstui.models import headline_record

MAX_RUNNING = 4
"""Commands running at once per process; the others wait their turn (a burst of alerts must not
start dozens of notifiers together)."""
MAX_WAITING = 64
"""Commands queued at most; alerts beyond it skip their command, and that is said once."""
STDERR_KEPT = 4096
"""Bytes of a failing command's stderr read for its message (the rest is read and dropped)."""
STOP_GRACE = 2.0
"""Seconds a timed-out command has between SIGTERM and SIGKILL."""


class AlertSink(Protocol):
    """Where a poller hands the alerts of the headlines it stored."""

    def fired(self, alerts: Sequence[Alert]) -> None:
        """Alerts of one poll, in the order stored; must not block (it runs on the loop)."""
        ...

    async def drain(self) -> None:
        """Returns once everything started for the alerts so far has ended."""
        ...


def payload(alert: Alert) -> bytes:
    """What the command reads on stdin: the headline as `headlines --json` prints it, plus
    `match` (the rule's term that matched), on one line, UTF-8."""
    record = {**headline_record(alert.headline), "match": alert.term}
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")


async def run_command(argv: Sequence[str], data: bytes, timeout: float) -> str | None:
    """Runs `argv` (no shell) with `data` on stdin, stdout to the null device; None when it
    exits 0 within `timeout` seconds, else one line saying why (not found, exit status and the
    start of its stderr, killed by a signal, timed out: then its process group is stopped)."""
    name = os.path.basename(argv[0]) or argv[0]
    try:
        process = await asyncio.create_subprocess_exec(
            *argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
            start_new_session=True,  # its own group: a timeout stops its children too
        )
    except FileNotFoundError:
        return f"{argv[0]}: not found"
    except PermissionError:
        return f"{argv[0]}: not allowed to run (permission denied)"
    except OSError as exc:
        return f"{argv[0]}: cannot start ({exc.strerror or exc})"
    try:
        async with asyncio.timeout(timeout):
            stderr = await _talk(process, data)
            code = await process.wait()
    except TimeoutError:
        await _stop(process)
        return f"{name}: timed out after {timeout:g} s and was stopped"
    except BaseException:  # cancelled (the ticker quits, Ctrl-C): nothing is left running
        await asyncio.shield(_stop(process))
        raise
    if code == 0:
        return None
    if code < 0:
        why = f"killed by signal {signal.Signals(-code).name if -code in _SIGNALS else -code}"
    else:
        why = f"exit status {code}"
    from newstui.text.sanitize import plain_line  # only a failed command needs it

    said = plain_line(stderr.decode("utf-8", "replace"), 200)
    return f"{name}: {why}" + (f": {said}" if said else "")


_SIGNALS = {s.value for s in signal.Signals}


async def _talk(process: asyncio.subprocess.Process, data: bytes) -> bytes:
    """Writes `data` to stdin and closes it (a command that does not read it is fine), and
    reads stderr to its end, keeping the first STDERR_KEPT bytes."""
    assert process.stdin is not None and process.stderr is not None
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
        process.stdin.write(data)
        await process.stdin.drain()
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
        process.stdin.close()
    kept = b""
    while chunk := await process.stderr.read(65536):
        if len(kept) < STDERR_KEPT:
            kept += chunk[: STDERR_KEPT - len(kept)]
    return kept


async def _stop(process: asyncio.subprocess.Process) -> None:
    """SIGTERM to the command's process group, SIGKILL after STOP_GRACE; waits for it."""
    if process.returncode is not None:
        return
    _signal_group(process.pid, signal.SIGTERM)
    try:
        async with asyncio.timeout(STOP_GRACE):
            await process.wait()
    except TimeoutError:
        _signal_group(process.pid, signal.SIGKILL)
        await process.wait()


def _signal_group(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if hasattr(os, "killpg"):
            os.killpg(pid, sig)
        else:  # pragma: no cover - Windows has no process groups to signal
            os.kill(pid, sig)


class CommandRunner:
    """Runs the commands of alerts as they fire, at most MAX_RUNNING at once, on the running
    loop; `failed(alert, why)` hears of each one that failed (called on the loop)."""

    def __init__(self, failed: Callable[[Alert, str], None]) -> None:
        self.failed = failed
        self._tasks: set[asyncio.Task[None]] = set()
        self._slots: asyncio.Semaphore | None = None
        self.skipped = 0

    def fired(self, alerts: Sequence[Alert]) -> None:
        for alert in alerts:
            if not alert.rule.command:
                continue
            if len(self._tasks) >= MAX_WAITING:
                self.skipped += 1
                if self.skipped == 1:
                    self.failed(alert, f"more than {MAX_WAITING} alert commands waiting: skipped")
                continue
            task = asyncio.get_running_loop().create_task(self._run(alert))
            self._tasks.add(task)
            task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not self._tasks:
            self.skipped = 0  # a later burst is said again

    async def _run(self, alert: Alert) -> None:
        if self._slots is None:
            self._slots = asyncio.Semaphore(MAX_RUNNING)
        async with self._slots:
            why = await run_command(alert.rule.command, payload(alert), alert.rule.timeout)
        if why is not None:
            self.failed(alert, why)

    async def drain(self) -> None:
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    def cancel(self) -> None:
        """Stops every command (each one's process group) and drops those waiting."""
        for task in self._tasks:
            task.cancel()

    @property
    def running(self) -> int:
        """Commands started or waiting for a slot."""
        return len(self._tasks)
