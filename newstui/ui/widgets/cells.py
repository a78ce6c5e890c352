"""Provides cell-exact fitting of untrusted text into fixed-width terminal columns."""

from __future__ import annotations

import re

from rich.cells import cell_len, set_cell_size

from newstui.text.characters import UNWANTED_CLASS, cells, cut, isolate, row_text
from newstui.text.sanitize import clean_text

ELLIPSIS = "…"

# What the character policy drops, and line breaks: the sanitiser upstream already removes them,
# but text that reached the DB another way (an older version, another tool) must not corrupt,
# reorder or hide what a row shows, so the widget guards again.
_SUSPECT = re.compile(f"[{UNWANTED_CLASS}\t\n\r\u2028\u2029]")


def clean(text: str) -> str:
    """The text as one line without escape sequences (removed whole, parameters too), controls,
    bidi or invisible characters. Clean text, nearly all of it, is returned as it is."""
    if not _SUSPECT.search(text):
        return text
    return " ".join(clean_text(text).split())


def fit(text: str, width: int) -> str:
    """Cut or pad the text to exactly `width` terminal cells, ending with "…" when cut.

    Wide (CJK, emoji) characters count as two cells; one that would straddle the edge is
    replaced by padding, so the result never overflows. Sequences terminals draw at different
    widths are reduced and right-to-left text is isolated (newstui.text.characters), so the
    row holds its columns in every terminal. Spacing marks (Indic vowel signs) take a cell
    each, as wcwidth terminals draw them (`characters.cells`): Rich counts such a result
    short by one cell a mark, which `row_cells` makes up for when the row is padded.
    """
    if width <= 0:
        return ""
    text = row_text(text)
    length = cells(text)
    if length <= width:
        return isolate(text) + " " * (width - length)
    if length == cell_len(text):  # no spacing marks: Rich's cut is the terminal's
        return isolate(set_cell_size(text, width - 1) + ELLIPSIS)
    short = cut(text, width)
    return isolate(short) + " " * (width - cells(short))


def row_cells(text: str) -> int:
    """Terminal cells of a piece of a row (`characters.cells`: Rich's count, and a cell for each
    spacing mark, as tmux 3.3a, xterm and VTE draw them)."""
    return cell_len(text) if text.isascii() else cells(text)
