"""Provides syrupy's unused-snapshot check for a suite run on pytest-xdist workers.

Run in one process, syrupy fails a whole run that leaves a snapshot file unused (a renamed or
removed snapshot test). Under xdist it skips that check (syrupy 4.8.0, `SnapshotSession.finish`:
"running syrupy with pytest-xdist is only partially functional"), since each worker sees only
its share of the tests. Here each worker sends what its syrupy report discovered, used and
skipped; the controller joins them and fails the run as syrupy would have.

syrupy touches (checked with syrupy 4.8.0; tests/e2e/test_snapshot_check.py guards them):
`config._syrupy` (the session syrupy keeps on the config), its `report` after `finish`, and the
report's `selected_all_collected_items`, `discovered`, `used` and `skipped_items`, and
`syrupy.location.PyTestLocation` (`basename`, `snapshot_name`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

_KEY = "syrupy_snapshots"
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_reports: list[dict[str, Any]] = []
_stale: list[str] = []


def _stem(name: str) -> str:
    """The name syrupy matches a snapshot to a test by: the identifier parts before any
    parameters ("test_x[a-1]" and "test_x.1" both give "test_x"; "Class.test_y[2]"
    gives "Class.test_y"), as syrupy's `PyTestLocation.matches_snapshot_name`."""
    parts = []
    for part in name.split("."):
        found = _IDENTIFIER.match(part)
        if found:
            parts.append(found.group())
        if not found or found.group() != part:
            break
    return ".".join(parts)


def worker_summary(config: pytest.Config) -> dict[str, Any] | None:
    """What one process's syrupy report says, in plain data a worker can send, or None when
    syrupy made no report."""
    from syrupy.location import PyTestLocation

    session = getattr(config, "_syrupy", None)
    report = getattr(session, "report", None)
    if report is None:
        return None

    def pairs(collections: Any) -> list[list[str]]:
        return sorted([c.location, s.name] for c in collections for s in c)

    skipped = []
    for item in report.skipped_items:
        location = PyTestLocation(item)
        skipped.append([location.basename, location.snapshot_name])
    return {
        "whole": bool(report.selected_all_collected_items)
        and not any("::" in arg for arg in config.args),
        "discovered": pairs(report.discovered),
        "used": pairs(report.used),
        "skipped": skipped,
    }


def unused(reports: list[dict[str, Any]]) -> list[str]:
    """The snapshot files no worker used, of those the workers' tests could use, except those
    of skipped tests; empty unless every worker ran every collected test (syrupy's rule for
    a run that may judge a file unused)."""
    if not reports or not all(r["whole"] for r in reports):
        return []
    used = {tuple(pair) for r in reports for pair in r["used"]}
    skipped = {(base, _stem(name)) for r in reports for base, name in r["skipped"]}
    found = set()
    for location, name in {tuple(pair) for r in reports for pair in r["discovered"]} - used:
        path = Path(location)
        if not any((b in (path.stem, path.parent.name)) and s == _stem(name) for b, s in skipped):
            found.add(location)
    return sorted(found)


@pytest.hookimpl(trylast=True)  # after syrupy's own sessionfinish has made its report
def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    workeroutput = getattr(config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: send the report to the controller
        summary = worker_summary(config)
        if summary is not None:
            workeroutput[_KEY] = summary
        return
    if not _reports:  # one process: syrupy checked for itself
        return
    _stale[:] = unused(_reports)
    warn_only = getattr(config.option, "warn_unused_snapshots", False)
    if _stale and not warn_only and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if not _stale:
        return
    terminalreporter.write_sep("-", "snapshots unused", red=True)
    terminalreporter.write_line(
        f"{len(_stale)} snapshot file(s) unused (syrupy's check, joined across xdist workers): "
        "delete them, or run `pytest -n0 --snapshot-update` to let syrupy do it:"
    )
    for location in _stale:
        terminalreporter.write_line(f"  {Path(location).relative_to(config.rootpath)}")


@pytest.hookimpl(optionalhook=True)  # an xdist hook: defined only where xdist is installed
def pytest_testnodedown(node: Any, error: object) -> None:
    summary = getattr(node, "workeroutput", {}).get(_KEY)
    if summary is not None:
        _reports.append(summary)
