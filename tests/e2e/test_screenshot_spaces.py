"""Tests that scripts/screenshot.py hands rsvg-convert an SVG that keeps its spaces: without
`xml:space="preserve"`, librsvg drops the &#160; that open a run of text after a change of
style (the README's picture showed "Null Route·" and "qClose"), and the SVG itself is kept as
Textual wrote it otherwise."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "screenshot.py"


def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("screenshot_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_svg_for_rsvg_preserves_its_spaces() -> None:
    svg = (
        '<svg class="rich-terminal" viewBox="0 0 10 10" xmlns="http://www.w3.org/2000/svg">'
        '<text x="0">Null&#160;Route</text><text x="122">&#160;&#160;·&#160;&#160;22:38</text>'
        "<svg x='1'></svg></svg>"
    )
    converted = script().for_rsvg(svg)
    assert converted.startswith('<svg xml:space="preserve" class="rich-terminal"')
    assert converted.count("xml:space") == 1  # the root only
    assert converted.replace(' xml:space="preserve"', "") == svg
