"""Tests that scripts/screenshot.py writes the format its `--out` extension names: SVG text into
`.svg` (it wrote PNG bytes there), and a usage error for an extension it cannot write."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "screenshot.py"


def run(out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(out), "--size", "60x20", "--view", "list"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_an_svg_out_gets_svg_text(tmp_path: Path) -> None:
    out = tmp_path / "shot.svg"
    done = run(out)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().lstrip().startswith(b"<svg"), out.read_bytes()[:20]


def test_an_extension_it_cannot_write_is_a_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "shot.jpg"
    done = run(out)
    assert done.returncode == 2
    assert ".png or .svg" in done.stderr
    assert not out.exists()
