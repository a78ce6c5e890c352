"""Provides the compact layout's source column: as wide as the names shown need, within a cap."""

from __future__ import annotations

from functools import lru_cache

from newstui.text.characters import cells, row_text
from newstui.ui.widgets.cells import clean
from newstui.ui.widgets.timeline import Timeline

NARROW = 16
"""The column's cells under WIDE_FROM (less where the list is narrower than 6 times this)."""
WIDE_FROM = 110
"""From this width of the list (a 120-column terminal's, less its scrollbar) the column follows
the names shown; at 100 columns a wider one takes what the titles need, and from here on the
titles keep ~80 cells or more."""
WIDE_CAP = (24, 40)
"""The widest the column gets at WIDE_FROM and more: width // WIDE_SHARE between these bounds
(24 at 110-129 cells, 33 at 168, 39 at a 200-column terminal's 198): a name longer than that is
cut with "…", as before. A fifth, not less: names of news sources run to 30-40 characters ("The
Guardian International Edition World"), and at 200 columns the titles still keep ~140 cells."""
WIDE_SHARE = 5


@lru_cache(maxsize=4096)
def name_cells(name: str) -> int:
    """Terminal cells of a source's name as a row shows it (cleaned, then measured as `fit`
    measures: wide CJK and emoji characters count two)."""
    return cells(row_text(clean(name)))


def column_cells(width: int, need: int, narrow: int = NARROW) -> int:
    """The source column's cells in a compact list `width` cells wide whose longest name
    needs `need`: under WIDE_FROM, min(narrow, width // 6) (at least 4); from there as wide
    as `need` within width // WIDE_SHARE and WIDE_CAP, never narrower than under WIDE_FROM."""
    base = max(4, min(narrow, width // 6))
    if width < WIDE_FROM:
        return base
    low, high = WIDE_CAP
    return max(base, min(need, max(low, min(high, width // WIDE_SHARE))))


class SourceColumn:
    """The column's cells for the names a timeline holds now, recounted only when that set of
    names changes (`Timeline.names_version`) or the width does: never per row drawn."""

    def __init__(self, narrow: int = NARROW) -> None:
        self.narrow = narrow
        self._version = -1
        self._need = 0
        self._key = (-1, -1)
        self._cells = narrow

    def cells(self, timeline: Timeline, width: int) -> int:
        """The column's cells at `width` for the names `timeline` holds."""
        version = timeline.names_version
        if version != self._version:
            self._version = version
            self._need = max(map(name_cells, timeline.source_names), default=0)
        if (version, width) != self._key:
            self._key = (version, width)
            self._cells = column_cells(width, self._need, self.narrow)
        return self._cells
