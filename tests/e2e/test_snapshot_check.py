"""Tests that a suite run on xdist workers still fails on a snapshot file no test uses, as
syrupy makes a run in one process fail (tests/syrupy_xdist.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from syrupy.location import PyTestLocation
from syrupy.report import SnapshotReport

ROOT = Path(__file__).resolve().parents[2]
# Plugins these tests do not use: each of the three processes would import them (seconds).
UNUSED_PLUGINS = ("cacheprovider", "hypothesispytest", "asyncio", "anyio", "textual-snapshot")
QUICK = [arg for name in UNUSED_PLUGINS for arg in ("-p", f"no:{name}")]

SNAPSHOT_TESTS = """
import pytest
from syrupy.extensions.single_file import SingleFileSnapshotExtension


@pytest.fixture
def raw(snapshot):
    return snapshot.use_extension(SingleFileSnapshotExtension)


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_kept(raw, n):
    assert raw == str(n).encode()


@pytest.mark.skip(reason="its snapshot stays while it is skipped")
def test_skipped(raw):
    assert raw == b"skipped"
"""


def test_the_syrupy_parts_the_check_reads_are_there() -> None:
    for name in ("selected_all_collected_items", "discovered", "used", "skipped_items"):
        assert hasattr(SnapshotReport, name) or name in SnapshotReport.__dataclass_fields__
    for name in ("basename", "snapshot_name"):
        assert isinstance(getattr(PyTestLocation, name), property)


@pytest.mark.timeout(120)
def test_an_unused_snapshot_fails_a_run_on_workers(tmp_path: Path) -> None:
    (tmp_path / "test_snap.py").write_text(SNAPSHOT_TESTS)
    folder = tmp_path / "__snapshots__" / "test_snap"
    folder.mkdir(parents=True)
    for name, data in [*((f"test_kept[{n}]", str(n)) for n in range(1, 5)), ("test_skipped", "")]:
        (folder / f"{name}.raw").write_text(data or "skipped")
    (folder / "test_removed.raw").write_text("left behind")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "-p", "tests.syrupy_xdist", *QUICK],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=110,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-3000:]
    assert "4 passed, 1 skipped" in done.stdout
    assert "1 snapshot file(s) unused" in done.stdout
    assert "__snapshots__/test_snap/test_removed.raw" in done.stdout
    assert "test_skipped.raw" not in done.stdout and "test_kept" not in done.stdout
