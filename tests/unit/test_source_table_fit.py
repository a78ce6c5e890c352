"""Tests the fitting of the sources table's columns into a narrow terminal: the error column (in
full below the table) goes first, then the tags, then names shrink; nothing scrolls sideways at 60
columns."""

from __future__ import annotations

from newstui.ui.screens.sources import COLUMNS
from newstui.ui.widgets.source_table import fit_columns


def test_the_sources_table_fits_60_columns_leaving_out_the_error_then_the_tags() -> None:
    widths = [30, 9, 6, 20, 10, 9, 60]  # Source, Status, Unread, Tags, Last fetch, Next, Error
    assert fit_columns(COLUMNS, widths, 200) == widths  # room for all: as they are
    fitted = fit_columns(COLUMNS, widths, 120)
    assert fitted[:6] == widths[:6] and 5 <= fitted[6] < 60  # the error cut (shown below)
    fitted = fit_columns(COLUMNS, widths, 58)  # 60 columns less the scrollbar
    assert fitted[6] == 0 and fitted[3] == 0  # the error and tags left out
    assert fitted[1:3] + fitted[4:6] == [9, 6, 10, 9] and 12 <= fitted[0] < 30
    assert sum(w + 2 for w in fitted if w) <= 58
    narrow = fit_columns(COLUMNS, widths, 30)  # too narrow even so: it scrolls, all there
    assert narrow[1:3] + narrow[4:6] == [9, 6, 10, 9] and narrow[0] == 12
