"""Tests the project's packaging metadata and the suite itself without the shared corpus."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.licenses import canonicalize_license_expression
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]


def test_license_is_an_spdx_expression() -> None:
    # setuptools deprecates the `license = { text = ... }` table (removal announced for
    # 2027-02-18) and reads a string as an SPDX expression (PEP 639) from version 77 on.
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    license = pyproject["project"]["license"]
    assert isinstance(license, str)
    assert canonicalize_license_expression(license) == license
    (setuptools,) = [
        Requirement(r) for r in pyproject["build-system"]["requires"] if r.startswith("setuptools")
    ]
    assert not setuptools.specifier.contains(Version("76.9"))
    assert setuptools.specifier.contains(Version("77.0"))


def pytest_without_corpus(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        # -n0: in this process, not on xdist's workers (their start-up would cost seconds).
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n0", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NEWSTUI_TEST_CORPUS": str(ROOT / "no-corpus-here")},
    )


@pytest.mark.slow
def test_without_the_corpus_no_test_has_an_empty_parameter_set() -> None:
    done = pytest_without_corpus("--collect-only", "-q", "tests")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "[NOTSET]" not in done.stdout  # pytest's id for an empty parameter set


@pytest.mark.slow
def test_without_the_corpus_each_skip_names_it() -> None:
    files = [
        "tests/unit/test_corpus_parse.py",
        "tests/unit/test_fastpath_differential.py",
        "tests/unit/test_subscriptions.py",
        "tests/e2e/test_corpus_poll.py",
    ]
    done = pytest_without_corpus("-q", "-rs", *files)
    assert done.returncode == 0, done.stdout[-2000:]
    skips = [line for line in done.stdout.splitlines() if line.startswith("SKIPPED")]
    assert skips and "empty parameter set" not in done.stdout
    assert all("the shared corpus is absent" in line for line in skips)
