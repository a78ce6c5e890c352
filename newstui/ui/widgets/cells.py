"""Provides cell-exact fitting of untrusted text into fixed-width terminal columns."""

from __future__ import annotations

import re

from rich.cells import cell_len, set_cell_size

from newstui.text.sanitize import clean_text

ELLIPSIS = "…"

# Controls, bidi and invisible characters: the sanitiser upstream already removes them, but text
# that reached the DB another way (an older version, another tool) must not corrupt, reorder or
# hide what a row shows, so the widget guards again.
_SUSPECT = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff\ufff9-\ufffb\ud800-\udfff\U000e0000-\U000e007f]"
)


def clean(text: str) -> str:
    """The text as one line without escape sequences (removed whole, parameters too), controls,
    bidi or invisible characters. Clean text, nearly all of it, is returned as it is."""
    if not _SUSPECT.search(text):
        return text
    return " ".join(clean_text(text).split())


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
