"""Provides cell-exact fitting of untrusted text into fixed-width terminal columns."""

from __future__ import annotations

import re

from rich.cells import cell_len, set_cell_size

ELLIPSIS = "…"

# C0, DEL and C1 controls: the sanitiser upstream already removes them, but a row that
# reached the terminal with one would corrupt the screen, so the widget guards again.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """The text with any control character replaced by a space."""
    return _CONTROLS.sub(" ", text)


def fit(text: str, width: int) -> str:
    """Cut or pad the text to exactly `width` cells, ending with "…" when cut.

    Wide (CJK, emoji) characters count as two cells; one that would straddle the edge is
    replaced by padding, so the result never overflows.
    """
    if width <= 0:
        return ""
    length = cell_len(text)
    if length == width:
        return text
    if length < width:
        return text + " " * (width - length)
    return set_cell_size(text, width - 1) + ELLIPSIS
