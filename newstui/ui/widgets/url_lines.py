"""Provides url_lines: a long web address broken into lines at its own seams, not mid-word."""

from __future__ import annotations

import re

from rich.cells import cell_len

# Seams of an address, from the best place to break to the last resort: after a path's "/" or
# before its query and fragment ("?", "#", "&"); then after the "-", "_", ".", "=" and "+" that
# join the words of a slug or a name. A part longer than a line even so is folded by cells.
_PARTS = re.compile(r"(?<=/)(?!/)|(?=[?#&])")
_WORDS = re.compile(r"(?<=[-_.=+])")


def url_lines(url: str, width: int) -> list[str]:
    """`url` in lines of at most `width` cells (at least 1), read left to right as one address:
    joined, the lines are `url` again. Breaks fall after a path's "/" or before "?", "#" and
    "&" where the parts fit, else between the words of a part (after "-", "_", ".", "=", "+"),
    and a part or word longer than a line is folded at the line's end.
    """
    width = max(1, width)
    lines: list[str] = []
    line = ""
    for part in _PARTS.split(url):
        if not part:
            continue
        if cell_len(line + part) <= width:
            line += part
            continue
        pieces = [part] if cell_len(part) <= width else _WORDS.split(part)
        for piece in pieces:
            if cell_len(line + piece) <= width:
                line += piece
                continue
            if line:
                lines.append(line)
            while cell_len(piece) > width:  # one word longer than a line: folded
                cut = _fits(piece, width)
                lines.append(piece[:cut])
                piece = piece[cut:]
            line = piece
    if line or not lines:
        lines.append(line)
    return lines


def _fits(text: str, width: int) -> int:
    """How many characters of `text` fit in `width` cells (at least one: a character wider
    than the line still moves on)."""
    cells = 0
    for count, char in enumerate(text):
        cells += cell_len(char)
        if cells > width:
            return max(1, count)
    return len(text)
