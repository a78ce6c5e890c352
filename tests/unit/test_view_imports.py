"""Tests that the sources view's module leaves sync mode's modules unimported (their HTTP
client's imports cost its first open ~20 ms); sync mode imports them where it makes its editor."""

from __future__ import annotations

import subprocess
import sys


def test_the_sources_view_does_not_import_sync_mode() -> None:
    code = (
        "import sys, newstui.ui.screens.sources; "
        "print(sorted(m for m in sys.modules if m.startswith('newstui.sync')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
