"""Tests the fitting of the sources table's columns into a narrow terminal: the error column (in
full below the table) goes first, then the tags, then names shrink; nothing scrolls sideways at 60
columns; at 40 the next poll and unread columns go too (said below the table), never the status."""

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
    forty = fit_columns(COLUMNS, widths, 38)  # 40 columns: next poll, then unread go
    assert forty[5] == forty[2] == 0 and forty[1] == 9 and forty[4] == 10  # (said below)
    assert sum(w + 2 for w in forty if w) <= 38 and forty[0] >= 12
    narrow = fit_columns(COLUMNS, widths, 20)  # too narrow even so: it scrolls, status there
    assert narrow[1] == 9 and narrow[0] == 12 and sum(narrow) == 12 + 9


def test_a_column_that_may_be_left_out_is_never_cut_to_nothing() -> None:
    widths = [30, 9, 6, 20, 10, 9, 60]
    for room in range(20, 120):
        fitted = fit_columns(COLUMNS, widths, room)
        for column, natural, width in zip(COLUMNS, widths, fitted, strict=True):
            assert width in (0, natural) or width >= column.least > 0, (room, column, width)
