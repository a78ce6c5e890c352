"""Tests the command's entry point (newstui.launch): the modules load with the garbage collector
off, every command but the ticker turns it on as it starts, and the entry point leaves it on."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from newstui import cli, launch
from newstui.storage.store import Store


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "news.db"
    Store(path).close()
    return path


@pytest.fixture
def collector_restored() -> Iterator[None]:
    was = gc.isenabled()
    yield None
    if was:
        gc.enable()
    else:
        gc.disable()


def test_the_installed_command_starts_at_the_launcher() -> None:
    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "newstui"]
    assert script.value == "newstui.launch:main"


def test_the_modules_load_with_the_collector_off() -> None:
    # In a fresh interpreter: here newstui.cli is imported already. What the import of the
    # command line saw is kept by a module of the command's own that cli imports first.
    code = (
        "import gc, sys, newstui.launch as launch\n"
        "seen = []\n"
        "class Watch:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'newstui.cli': seen.append(gc.isenabled())\n"
        "sys.meta_path.insert(0, Watch())\n"
        "sys.argv = ['newstui', '--version']\n"
        "try:\n"
        "    launch.main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(seen, gc.isenabled())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1] == "[False] True"


def test_a_command_turns_the_collector_on(db: Path, collector_restored: None) -> None:
    gc.disable()  # as the launcher leaves it while the modules load
    assert cli.main(["--db", str(db), "headlines"]) == 0
    assert gc.isenabled()


def test_the_launcher_leaves_the_collector_on(
    monkeypatch: pytest.MonkeyPatch, db: Path, collector_restored: None
) -> None:
    gc.disable()
    monkeypatch.setattr(sys, "argv", ["newstui", "--db", str(db), "headlines"])
    assert launch.main() == 0
    assert gc.isenabled()
